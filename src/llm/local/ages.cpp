#include "llm/local/ages.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "core/number_words.hpp"

namespace carevoice::llm::local {
namespace {

constexpr double kNoEnd = std::numeric_limits<double>::infinity();
constexpr double kOldestYears = 120;

bool In(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Months in one `unit` of age ("years", "wk"), or nullopt if the word is none.
std::optional<double> AgeUnit(std::string_view unit) {
  if (In(unit, {"year", "years", "yr", "yrs", "yo"})) return 12.0;
  if (In(unit, {"month", "months", "mo", "mos"})) return 1.0;
  if (In(unit, {"week", "weeks", "wk", "wks"})) return 12.0 / 52;
  if (In(unit, {"day", "days"})) return 12.0 / 365;
  return std::nullopt;
}

// Writes numbers spelled in words as digits, as a transcript of speech has them: "twelve" ->
// 12, "twenty one" (or "twenty-one") -> 21. "one" (and "a") only before an age unit ("one year
// old", "a month old"): "he is one of our regulars" gives no age.
void SpellNumbers(std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const bool unit_next = i + 1 < words.size() && AgeUnit(words[i + 1]).has_value();
    std::optional<int> value = core::NumberWordValue(w);
    if (value && *value >= 20 && i + 1 < words.size()) {
      // "twenty one": a ten and a unit make one number.
      const std::optional<int> unit = core::NumberWordValue(words[i + 1]);
      if (unit && *unit >= 1 && *unit <= 9) {
        *value += *unit;
        ++i;
      }
    }
    if (value && (w != "one" || unit_next)) {
      out.push_back(std::to_string(*value));
    } else if (w == "a" && unit_next) {
      out.emplace_back("1");
    } else {
      out.push_back(w);
    }
  }
  words = std::move(out);
}

// Lower-case words and numbers; "-" and punctuation separate, "'s" reads as "is" ("she's 15"),
// "+" stays on a number ("18+"), bytes >= 0x80 are word bytes (so "£50" is no number).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out(1);
  auto flush = [&] {
    if (!out.back().empty()) out.emplace_back();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\'' && i + 1 < text.size() && (text[i + 1] == 's' || text[i + 1] == 'S') &&
        (i + 2 == text.size() || std::isalnum(static_cast<unsigned char>(text[i + 2])) == 0)) {
      flush();
      out.back() = "is";
      flush();
      ++i;
      continue;
    }
    if (std::isalnum(c) != 0 || c >= 0x80 || (c == '+' && !out.back().empty())) {
      out.back() += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  if (out.back().empty()) out.pop_back();
  SpellNumbers(out);
  // "hes" and "shes", typed without the apostrophe, are "he is" and "she is".
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == "hes" || out[i] == "shes") {
      out[i].resize(out[i].size() - 1);
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(i) + 1, "is");
    }
  }
  return out;
}

// The number a word is ("16", "16s", "18+"), if it is one; `plus` is set for "18+".
std::optional<double> Number(std::string_view word, bool* plus = nullptr) {
  if (plus != nullptr) *plus = false;
  if (word.ends_with('+')) {
    if (plus != nullptr) *plus = true;
    word.remove_suffix(1);
  } else if (word.ends_with('s')) {
    word.remove_suffix(1);
  }
  if (word.empty() || word.size() > 3) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// A word after a number that makes it no age ("12 pounds", "2 kg", "3 items").
bool OtherUnit(std::string_view word) {
  return In(
      word,
      {"pounds",  "pound",  "quid",   "dollars", "dollar", "euros",   "euro",   "p",       "pence",
       "cents",   "kg",     "kilos",  "kilo",    "lb",     "lbs",     "g",      "grams",   "cm",
       "mm",      "m",      "inches", "inch",    "feet",   "ft",      "miles",  "mile",    "km",
       "minutes", "mins",   "hours",  "hrs",     "items",  "orders",  "times",  "percent", "pm",
       "am",      "people", "guests", "nights",  "rooms",  "tickets", "pieces", "pairs"});
}

// A word for someone whose age a customer gives.
bool Someone(std::string_view word) {
  return In(
      word,
      {"son",        "daughter",   "kid",         "child",      "boy",          "girl",
       "baby",       "toddler",    "teen",        "teenager",   "grandson",     "granddaughter",
       "nephew",     "niece",      "he",          "she",        "mum",          "mom",
       "dad",        "father",     "mother",      "grandad",    "grandpa",      "grandma",
       "granny",     "gran",       "nan",         "husband",    "wife",         "partner",
       "brother",    "sister",     "friend",      "pup",        "puppy",        "cousin",
       "dog",        "cat",        "kitten",      "one",        "youngest",     "eldest",
       "oldest",     "lad",        "lass",        "stepson",    "stepdaughter", "hubby",
       "missus",     "girlfriend", "boyfriend",   "sis",        "bro",          "sibling",
       "grandchild", "granddad",   "grandmother", "grandfather"});
}

// A word for those whose age a knowledge passage may bound ("puppies under 6 months").
bool Beings(std::string_view word) {
  return Someone(word) ||
         In(word, {"children", "kids", "babies", "infants", "toddlers", "teens", "teenagers",
                   "juniors", "adults", "seniors", "pensioners", "students", "puppies", "dogs",
                   "cats", "kittens", "pets", "people", "patients", "guests", "members",
                   // Those who take part ("players under 16 must be with an adult").
                   "players", "riders", "swimmers", "climbers", "visitors", "participants",
                   "passengers", "campers", "skaters", "bowlers", "golfers", "drivers"});
}

}  // namespace

std::optional<Age> AgeInMessage(std::string_view text) {
  const std::vector<std::string> w = Words(text);
  auto at = [&](std::size_t i) -> std::string_view {
    return i < w.size() ? std::string_view{w[i]} : std::string_view();
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::optional<double> n = Number(w[i]);
    if (!n) continue;
    const std::optional<double> unit = AgeUnit(at(i + 1));
    // The words of roughly before the number ("he's about 4 months") are passed over.
    std::size_t verb = i;
    while (verb >= 1 && In(at(verb - 1), {"about", "around", "nearly", "almost", "roughly", "just",
                                          "only", "coming", "up", "to"})) {
      --verb;
    }
    // "10 week old", "7 year old", "70 years old"; no one is "667 years old". A thing's age is
    // none ("it might b time for a new one tbh its about 12 yrs old").
    if (unit && at(i + 2) == "old") {
      if ((verb >= 1 && at(verb - 1) == "its") || (verb >= 2 && In(at(verb - 1), {"is", "was"}) &&
                                                   In(at(verb - 2), {"it", "that", "this"}))) {
        continue;
      }
      if (*n * *unit <= kOldestYears * 12) return Age{*n * *unit};
      continue;
    }
    // (A unit of age may end the clause: "he's 4 months now".)
    if (*n > kOldestYears || OtherUnit(at(i + 1)) ||
        (unit && at(i + 2) != "" && at(i + 2) != "now")) {
      continue;
    }
    const double months = *n * unit.value_or(12.0);
    // "aged 70", "age 12".
    if (i >= 1 && In(at(i - 1), {"aged", "age"})) return Age{months};
    // "my son is 12", "she is 15", "he turns 16", "I am 70", "she will be 6", "they're 3 and 7"
    // (the first age given), "he's about 4 months" (a word of roughly before the number).
    if (verb >= 2 && In(at(verb - 1), {"is", "turns", "turned", "was", "am", "be", "are", "re"})) {
      // The subject is read from before the words of roughly.
      std::size_t subject = verb - 2;
      if (at(verb - 1) == "be" && subject >= 1 && In(at(subject), {"will", "ll"})) --subject;
      const bool plural = In(at(verb - 1), {"are", "re"});
      // (So is a name after one: "their big cousin harvey is 12", "my son jack is 7"; not a
      // thing of theirs that a number measures: "the kid price is 12", "my dog bed is 90".)
      const bool named =
          subject >= 1 && Someone(at(subject - 1)) && !OtherUnit(at(subject)) &&
          !In(at(subject), {"price", "prices", "cost", "fee", "bill", "ticket", "size", "weight",
                            "bed", "class", "group", "order", "number", "food", "meal", "party"});
      if ((!plural && (Someone(at(subject)) || named)) ||
          (at(verb - 1) == "am" && at(subject) == "i") ||
          (plural && In(at(subject), {"they", "kids", "children", "twins", "boys", "girls"}))) {
        return Age{months};
      }
    }
  }
  return std::nullopt;
}

std::vector<AgeBracket> AgeBrackets(std::string_view text) {
  const std::vector<std::string> w = Words(text);
  auto at = [&](std::size_t i) -> std::string_view {
    return i < w.size() ? std::string_view{w[i]} : std::string_view();
  };
  // A bare "over 6 months" is a duration ("spread the cost over 6 months") unless the passage
  // speaks of those it bounds ("puppies under 6 months") or the form is an age's own
  // ("under-16s", "18+", "aged 5 to 11", "12 and under", "10 years old").
  const bool beings = std::any_of(w.begin(), w.end(), Beings);
  std::vector<AgeBracket> out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    bool plus = false;
    const std::optional<double> n = Number(w[i], &plus);
    if (!n || OtherUnit(at(i + 1))) continue;
    const std::optional<double> unit_word = AgeUnit(at(i + 1));
    // The words after the number and its unit.
    const std::size_t next = unit_word ? i + 2 : i + 1;
    const bool plural = w[i].back() == 's';
    const bool own_form = plus || plural || at(next) == "old";
    const double unit = unit_word.value_or(12.0);
    if (unit == 12.0 && *n > kOldestYears) continue;
    const double months = *n * unit;
    const std::string_view before = i >= 1 ? at(i - 1) : std::string_view();
    if (In(before, {"under", "below"})) {
      if ((beings || own_form) && months > 0) out.push_back({0, months});
    } else if (In(before, {"over", "above"})) {
      if (beings || own_form) out.push_back({months, kNoEnd});
    } else if (plus ||
               (In(at(next), {"and", "or"}) &&
                In(at(next + 1), {"over", "older", "above", "up"})) ||
               (In(before, {"aged", "age"}) && i >= 2 && at(i - 2) == "from") ||
               (before == "of" && i >= 4 && at(i - 2) == "age" && at(i - 4) == "from")) {
      // "18+", "65 and over", "from age 3", "from the age of 3".
      out.push_back({months, kNoEnd});
    } else if (In(at(next), {"and", "or"}) && In(at(next + 1), {"under", "younger", "below"})) {
      out.push_back({0, months + unit});  // "12 and under".
    } else if (In(before, {"aged", "ages", "age"})) {
      // "aged 5 to 11", "ages 5-11"; "aged 5" alone is that year of age.
      std::size_t to = next;
      if (at(to) == "to") ++to;
      const std::optional<double> m = Number(at(to));
      const double last_unit = AgeUnit(at(to + 1)).value_or(unit);
      if (m && *m * last_unit + last_unit > months) {
        out.push_back({months, *m * last_unit + last_unit});
      } else {
        out.push_back({months, months + unit});
      }
    }
  }
  return out;
}

}  // namespace carevoice::llm::local
