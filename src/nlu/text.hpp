#pragma once

// Text normalisation and tokenisation shared by every NLU component. Byte-oriented, no regex,
// no locale: the same input gives the same output on every machine.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::nlu {

// Appends the normalised form of `text` to `out`: ASCII and Latin-1 letters lower-cased; curly
// quotes/apostrophes, dashes, ellipsis, non-breaking and other Unicode spaces folded to their
// ASCII forms; control characters become spaces; every other byte (emoji, CJK, ...) is kept.
// Invalid UTF-8 bytes are kept as they are.
void NormalizeInto(std::string_view text, std::string& out);

// Returns NormalizeInto(text) as a new string.
std::string Normalize(std::string_view text);

// Appends to `out` the word tokens of `normalized` (the output of Normalize) as views into it.
// A word is a run of letters/digits (any byte >= 0x80 of a 2- or 3-byte UTF-8 letter counts as
// a letter); an apostrophe or hyphen between two word characters stays inside the word
// ("don't", "e-mail"), and so do '.', ',' and '/' between two digits ("12.50", "1,000").
// Each emoji / symbol (4-byte UTF-8 sequence or U+2100..U+2BFF) is a token of its own.
// Other punctuation separates words and is dropped.
// REQUIRES: `normalized` outlives the views.
void TokenizeInto(std::string_view normalized, std::vector<std::string_view>& out);

// Returns TokenizeInto(normalized) as a new vector.
std::vector<std::string_view> Tokenize(std::string_view normalized);

// Returns true iff `token` consists of ASCII digits (and '.', ',' or '/' between them) only.
bool IsNumberToken(std::string_view token);

// Returns the number of ASCII digits in `token`.
int CountDigits(std::string_view token);

// Calls `fn(std::string_view gram)` for every character n-gram of `padded` with byte length
// counted in UTF-8 code points, min_n <= n <= max_n. Callers usually pass a word padded with
// boundary markers, e.g. "<word>". n-grams never split a UTF-8 sequence.
// REQUIRES: 1 <= min_n <= max_n <= 16.
template <class Fn>
void ForEachCharNgram(std::string_view padded, int min_n, int max_n, Fn&& fn) {
  // Offsets of code point starts, plus the end offset.
  std::uint16_t starts[257];
  int count = 0;
  for (std::size_t i = 0; i < padded.size() && count < 256; ++i) {
    const auto byte = static_cast<unsigned char>(padded[i]);
    if ((byte & 0xC0) != 0x80) starts[count++] = static_cast<std::uint16_t>(i);
  }
  const std::size_t end = count < 256 ? padded.size() : starts[count - 1];
  if (count >= 256) --count;
  starts[count] = static_cast<std::uint16_t>(end);
  for (int n = min_n; n <= max_n; ++n) {
    for (int i = 0; i + n <= count; ++i) {
      fn(padded.substr(starts[i], starts[i + n] - starts[i]));
    }
  }
}

// Returns a 64-bit FNV-1a hash of `bytes` mixed with `seed` (stable across platforms).
inline std::uint64_t HashBytes(std::string_view bytes, std::uint64_t seed = 0) {
  std::uint64_t h = 14695981039346656037ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  // Final avalanche (splitmix64 finaliser) so low bits are well mixed.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

}  // namespace carevoice::nlu
