#pragma once

// Ages and age brackets, for the built-in responder (issue 12: "my son is 12, does he have to
// pay?" is answered by "free for under-16s"; "a 10 week old pup" by "puppies under 6 months").
// A customer says how old someone is; the knowledge gives a bracket. Neither shares a word with
// the other, so retrieval alone cannot join them. Pure functions, thread-safe.

#include <optional>
#include <string_view>
#include <vector>

namespace carevoice::llm::local {

// An age in months (a year is 12, a week 12/52).
struct Age {
  double months = 0;
};

// An age bracket: from `low` (inclusive) to `high` (exclusive), in months.
struct AgeBracket {
  double low = 0;
  double high = 0;
  bool Contains(Age age) const { return age.months >= low && age.months < high; }
};

// Returns the age a message gives of a person or an animal, if any:
//   "a 10 week old pup", "my 7-year-old", "aged 70", "my son is 12", "she's 15", "he turns 16".
// A number after "is" counts only when its subject is a person, a pet or "he"/"she", and not
// when a unit other than an age follows ("my order is 12 days late").
std::optional<Age> AgeInMessage(std::string_view text);

// Returns the age brackets that `text` (a knowledge passage) states:
//   "under-16s", "under 6 months", "over 60", "over-60s", "12 and under", "65 and over",
//   "18+", "aged 5 to 11", "ages 5-11".
// A number followed by a unit that is not an age ("over 150 pounds", "under 2 kg") is none, and
// so is a bare "under/over N" in a passage that names no one it could bound ("spread the cost
// over 6 months" is a duration; "puppies under 6 months" and "under-16s" are ages).
std::vector<AgeBracket> AgeBrackets(std::string_view text);

}  // namespace carevoice::llm::local
