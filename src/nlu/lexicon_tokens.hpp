#pragma once

// A case-preserving scanner shared by company detection, sentiment and titles. Unlike
// nlu/text.hpp (which lower-cases first), it keeps what those components need from the raw text:
// capitalisation, @handles, emoticons, emoji and runs of '!' / '?'. Byte-oriented, no regex,
// no locale, deterministic.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::nlu {

enum class TokenKind : std::uint8_t {
  kWord,      // letters/digits, with inner ' & - and '.' ("don't", "at&t", "amazon.com")
  kHandle,    // "@name": lower = "name"
  kHashtag,   // "#name": lower = "name"
  kEmoticon,  // ":)", ":-(", "<3", ... : lower = the emoticon as written
  kEmoji,     // one emoji code point: lower = its UTF-8 bytes (variation selectors dropped)
  kBang,      // a run of '!' and '?' : counts in bangs / questions
  kBreak,     // a clause or sentence break: . , ; : ( ) or a newline
};

struct ScanToken {
  TokenKind kind = TokenKind::kWord;
  std::string lower;            // ASCII lower-cased; curly apostrophes folded to '\''.
  std::string_view raw;         // The bytes in the scanned text.
  bool all_caps = false;        // >= 2 letters, all of them upper case ("UPS", "THIS").
  bool capitalized = false;     // First letter upper case ("Target", "UPS").
  bool sentence_start = false;  // First word of the text or of a sentence.
  std::uint8_t bangs = 0;       // kBang: number of '!' (saturates at 255).
  std::uint8_t questions = 0;   // kBang: number of '?' (saturates at 255).
  bool sentence_end = false;    // kBreak/kBang that ends a sentence ('.', '!', '?', newline).
};

// Returns the tokens of `text`. URLs are skipped. REQUIRES: `text` outlives the `raw` views.
std::vector<ScanToken> ScanTokens(std::string_view text);

// Returns true iff `tok` is a word token (kWord, kHandle or kHashtag).
inline bool IsWordLike(const ScanToken& tok) {
  return tok.kind == TokenKind::kWord || tok.kind == TokenKind::kHandle ||
         tok.kind == TokenKind::kHashtag;
}

// Returns true iff every letter of `text` is upper case and it has at least `min_letters`
// ASCII letters (a shouted message).
bool IsShouted(std::string_view text, int min_letters);

}  // namespace carevoice::nlu
