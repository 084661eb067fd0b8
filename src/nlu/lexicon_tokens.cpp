#include "nlu/lexicon_tokens.hpp"

#include <array>

namespace carevoice::nlu {
namespace {

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(unsigned char c) { return IsUpper(c) || IsLower(c) || IsDigit(c); }
bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Returns the byte length of the UTF-8 sequence led by `lead` (1 for an invalid lead).
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

// Returns the code point of the sequence at text[i] (length `len`), or 0 if truncated.
std::uint32_t DecodeAt(std::string_view text, std::size_t i, std::size_t len) {
  if (i + len > text.size()) return 0;
  const auto b = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + k]));
  };
  switch (len) {
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
      return b(0);
  }
}

bool IsEmojiCodePoint(std::uint32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
         (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x2764 || cp == 0x2639 || cp == 0x263A;
}

bool IsIgnorableCodePoint(std::uint32_t cp) {
  return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

// Curly apostrophes U+2018/U+2019 and the acute accent used as one.
bool IsApostropheAt(std::string_view text, std::size_t i, std::size_t* len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == '\'') {
    *len = 1;
    return true;
  }
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[i + 2]) == 0x98 ||
       static_cast<unsigned char>(text[i + 2]) == 0x99)) {
    *len = 3;
    return true;
  }
  return false;
}

// Letters outside ASCII (2-byte sequences, e.g. Latin-1 accents) count as word characters.
bool IsWordByteAt(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return IsAlnum(c);
  return c >= 0xC2 && c < 0xE0;
}

constexpr std::array<std::string_view, 31> kEmoticons = {
    ">:-(", ">:(", ":'-(", ":'(", ":-((", ":((", ":-))", ":))", ":-)", ":-(", ":-D",
    ":-P",  ":-p", ":-/",  ":-|", ":)",   ":(",  ":D",   ":P",  ":p",  ":/",  ":|",
    ";-)",  ";)",  "=)",   "=(",  "<3",   "</3", "xD",   "XD",  ":o"};

bool IsBoundary(std::string_view text, std::size_t i) {
  if (i >= text.size()) return true;
  const auto c = static_cast<unsigned char>(text[i]);
  return IsSpace(c) || c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ')' ||
         c == '(' || c == '"';
}

// Returns the length of an emoticon starting at text[i], or 0.
std::size_t EmoticonAt(std::string_view text, std::size_t i) {
  if (i > 0 && !IsSpace(static_cast<unsigned char>(text[i - 1])) &&
      IsAlnum(static_cast<unsigned char>(text[i - 1]))) {
    return 0;
  }
  for (const std::string_view e : kEmoticons) {
    if (text.substr(i, e.size()) == e && IsBoundary(text, i + e.size())) return e.size();
  }
  return 0;
}

// Returns the length of a URL starting at text[i], or 0.
std::size_t UrlAt(std::string_view text, std::size_t i) {
  const std::string_view rest = text.substr(i);
  if (!(rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www."))) {
    return 0;
  }
  std::size_t j = i;
  while (j < text.size() && !IsSpace(static_cast<unsigned char>(text[j]))) ++j;
  return j - i;
}

void FillCase(ScanToken& tok) {
  int letters = 0;
  int upper = 0;
  bool first_seen = false;
  for (const char ch : tok.raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUpper(c) || IsLower(c)) {
      ++letters;
      if (IsUpper(c)) ++upper;
      if (!first_seen) {
        tok.capitalized = IsUpper(c);
        first_seen = true;
      }
    }
  }
  tok.all_caps = letters >= 2 && upper == letters;
}

}  // namespace

std::vector<ScanToken> ScanTokens(std::string_view text) {
  std::vector<ScanToken> out;
  out.reserve(text.size() / 4 + 2);
  bool at_sentence_start = true;
  std::size_t i = 0;
  const std::size_t n = text.size();
  const auto push_break = [&](std::size_t start, std::size_t len, bool ends_sentence) {
    ScanToken tok;
    tok.kind = TokenKind::kBreak;
    tok.raw = text.substr(start, len);
    tok.lower = std::string(tok.raw);
    tok.sentence_end = ends_sentence;
    if (ends_sentence) at_sentence_start = true;
    out.push_back(std::move(tok));
  };
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      push_break(i, 1, true);
      ++i;
      continue;
    }
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (const std::size_t url = UrlAt(text, i); url > 0) {
      i += url;
      continue;
    }
    if (const std::size_t emo = EmoticonAt(text, i); emo > 0) {
      ScanToken tok;
      tok.kind = TokenKind::kEmoticon;
      tok.raw = text.substr(i, emo);
      tok.lower = std::string(tok.raw);
      out.push_back(std::move(tok));
      i += emo;
      continue;
    }
    if (c == '!' || c == '?') {
      ScanToken tok;
      tok.kind = TokenKind::kBang;
      const std::size_t start = i;
      int bangs = 0;
      int questions = 0;
      while (i < n && (text[i] == '!' || text[i] == '?')) {
        if (text[i] == '?')
          ++questions;
        else
          ++bangs;
        ++i;
      }
      tok.raw = text.substr(start, i - start);
      tok.lower = std::string(tok.raw);
      tok.bangs = static_cast<std::uint8_t>(bangs > 255 ? 255 : bangs);
      tok.questions = static_cast<std::uint8_t>(questions > 255 ? 255 : questions);
      tok.sentence_end = true;
      at_sentence_start = true;
      out.push_back(std::move(tok));
      continue;
    }
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')') {
      const std::size_t start = i;
      while (i < n && text[i] == static_cast<char>(c)) ++i;
      push_break(start, i - start, c == '.');
      continue;
    }
    if ((c == '@' || c == '#') && i + 1 < n && IsWordByteAt(text, i + 1)) {
      ScanToken tok;
      tok.kind = c == '@' ? TokenKind::kHandle : TokenKind::kHashtag;
      const std::size_t start = ++i;
      while (i < n && (IsWordByteAt(text, i) || text[i] == '_'))
        i += SequenceLength(static_cast<unsigned char>(text[i]));
      if (i > n) i = n;
      tok.raw = text.substr(start, i - start);
      for (const char ch : tok.raw) {
        tok.lower.push_back(IsUpper(static_cast<unsigned char>(ch)) ? static_cast<char>(ch + 32)
                                                                    : ch);
      }
      FillCase(tok);
      tok.sentence_start = at_sentence_start;
      at_sentence_start = false;
      out.push_back(std::move(tok));
      continue;
    }
    if (IsWordByteAt(text, i)) {
      ScanToken tok;
      const std::size_t start = i;
      while (i < n) {
        if (IsWordByteAt(text, i)) {
          i += SequenceLength(static_cast<unsigned char>(text[i]));
          continue;
        }
        // Inner joiners: apostrophes, '&', '-', '.' between word characters.
        std::size_t joiner_len = 0;
        if (IsApostropheAt(text, i, &joiner_len) ||
            ((text[i] == '&' || text[i] == '-' || text[i] == '.') && (joiner_len = 1))) {
          if (i + joiner_len < n && IsWordByteAt(text, i + joiner_len)) {
            i += joiner_len;
            continue;
          }
        }
        break;
      }
      if (i > n) i = n;
      tok.raw = text.substr(start, i - start);
      // Lower-case and fold curly apostrophes.
      tok.lower.clear();
      for (std::size_t k = 0; k < tok.raw.size(); ++k) {
        std::size_t alen = 0;
        if (IsApostropheAt(tok.raw, k, &alen) && alen == 3) {
          tok.lower.push_back('\'');
          k += 2;
          continue;
        }
        const auto ch = static_cast<unsigned char>(tok.raw[k]);
        tok.lower.push_back(IsUpper(ch) ? static_cast<char>(ch + 32) : static_cast<char>(ch));
      }
      FillCase(tok);
      tok.sentence_start = at_sentence_start;
      at_sentence_start = false;
      out.push_back(std::move(tok));
      continue;
    }
    if (c == '&') {
      // A free-standing '&' stays a word so that "AT & T" and "Q & A" keep their shape.
      ScanToken tok;
      tok.raw = text.substr(i, 1);
      tok.lower = "&";
      tok.sentence_start = at_sentence_start;
      at_sentence_start = false;
      out.push_back(std::move(tok));
      ++i;
      continue;
    }
    const std::size_t len = SequenceLength(c);
    if (len >= 3) {
      const std::uint32_t cp = DecodeAt(text, i, len);
      if (IsEmojiCodePoint(cp)) {
        ScanToken tok;
        tok.kind = TokenKind::kEmoji;
        tok.raw = text.substr(i, len);
        tok.lower = std::string(tok.raw);
        out.push_back(std::move(tok));
      } else if (!IsIgnorableCodePoint(cp) && cp == 0x2026) {
        push_break(i, len, true);  // Ellipsis.
      }
    }
    i += len;
  }
  return out;
}

bool IsShouted(std::string_view text, int min_letters) {
  int letters = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsLower(c)) return false;
    if (IsUpper(c)) ++letters;
  }
  return letters >= min_letters;
}

}  // namespace carevoice::nlu
