#pragma once

// Word error rate, for the recogniser's tests and benchmarks.

#include <string>
#include <string_view>
#include <vector>

namespace carevoice::voice {

// Lower-cases `text` and splits it into words of letters, digits and apostrophes (hyphens and
// other punctuation separate words; "<s>", "</s>" and "(id)" annotations are dropped).
std::vector<std::string> WerWords(std::string_view text);

struct WerCount {
  std::size_t errors = 0;  // Substitutions + deletions + insertions.
  std::size_t words = 0;   // Reference words.
  double Rate() const {
    return words == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(words);
  }
  WerCount& operator+=(const WerCount& o) {
    errors += o.errors;
    words += o.words;
    return *this;
  }
};

// WerWords, in the form both sides are scored in (as the usual WER normalisers do), so that a
// spelling variant of the same words is no error: contractions are expanded ("i'm" -> i am,
// "can't" -> can not, "we'll" -> we will; "'s" and "'d" stay, being ambiguous) and a spoken
// "a m" / "p m" is written "am" / "pm" ("9 a.m.", "nine a m" and "nine am" are one time).
std::vector<std::string> ScoringWords(std::string_view text);

// The word-level edit distance between `reference` and `hypothesis` (their ScoringWords).
WerCount WordErrors(std::string_view reference, std::string_view hypothesis);

}  // namespace carevoice::voice
