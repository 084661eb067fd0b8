#pragma once

// English number words, both ways, for the modules that read or write numbers as speech has them:
// speech normalisation (voice: 25 -> "twenty-five"), end-of-turn detection (call: a number being
// read out waits for more) and the responder's age reader (llm/local: "twelve" -> 12).

#include <array>
#include <optional>
#include <string_view>

namespace carevoice::core {

// "zero" ... "nineteen", indexed by value.
inline constexpr std::array<std::string_view, 20> kNumberOnes{
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};

// "twenty" ... "ninety", indexed by value / 10 (the first two are empty).
inline constexpr std::array<std::string_view, 10> kNumberTens{
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

// The value of a lower-case number word below 100 ("seven" -> 7, "forty" -> 40), or nullopt.
constexpr std::optional<int> NumberWordValue(std::string_view word) {
  if (word.empty()) return std::nullopt;
  for (std::size_t i = 0; i < kNumberOnes.size(); ++i) {
    if (kNumberOnes[i] == word) return static_cast<int>(i);
  }
  for (std::size_t i = 2; i < kNumberTens.size(); ++i) {
    if (kNumberTens[i] == word) return static_cast<int>(i * 10);
  }
  return std::nullopt;
}

}  // namespace carevoice::core
