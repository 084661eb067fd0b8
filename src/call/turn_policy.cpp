#include "call/turn_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "core/number_words.hpp"

namespace carevoice::call {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '\'') {
      word.push_back(static_cast<char>(std::tolower(u)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

template <std::size_t N>
bool OneOf(std::string_view word, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

constexpr std::array<std::string_view, 14> kContinuers = {
    "and", "or", "but", "um", "uh", "so", "because", "the", "a", "my", "is", "to", "number", "of"};
// Words of a number being read out besides core's number words ("oh" for zero, "double" five).
constexpr std::array<std::string_view, 4> kMoreNumberWords = {"oh", "hundred", "thousand",
                                                              "double"};
// PocketSphinx's spellings of backchannels included ("mm" "hm" "uh" "huh" "mhm").
constexpr std::array<std::string_view, 27> kBackchannels = {
    "mm", "hm",   "hmm",  "mhm", "mmhm", "mm-hm", "uh",    "huh",  "uhhuh",
    "ok", "okay", "yeah", "yes", "yep",  "yup",   "right", "sure", "alright",
    "i",  "see",  "got",  "it",  "aha",  "ah",    "um",    "mmm",  "oh"};

}  // namespace

bool ExpectsMore(std::string_view partial) {
  const std::vector<std::string> words = Words(partial);
  if (words.empty()) return false;
  const std::string& last = words.back();
  if (std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  return OneOf(last, kContinuers) || core::NumberWordValue(last).has_value() ||
         OneOf(last, kMoreNumberWords);
}

std::chrono::milliseconds HangoverFor(std::string_view partial, const TurnConfig& config) {
  return ExpectsMore(partial) ? std::max(config.long_hangover, config.hangover) : config.hangover;
}

bool IsBackchannel(std::string_view transcript) {
  const std::vector<std::string> words = Words(transcript);
  // The recogniser renders a hum ("mmm hmm") as letters: "m m m h m m".
  const auto hum = [](const std::string& w) { return w == "m" || w == "h" || w == "n"; };
  if (std::count_if(words.begin(), words.end(), [&](const std::string& w) { return !hum(w); }) >
      3) {
    return false;
  }
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& w) { return hum(w) || OneOf(w, kBackchannels); });
}

}  // namespace carevoice::call
