#include "nlu/text.hpp"

namespace carevoice::nlu {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Returns the byte length of the UTF-8 sequence that starts with `lead` (1 for invalid leads).
int SequenceLength(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

// Returns true iff the sequence at `s[i]` is an emoji or symbol that forms a token of its own.
bool IsSymbolSequence(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead >= 0xF0 && lead < 0xF8) return true;
  if (lead == 0xE2 && i + 1 < s.size()) {
    const auto second = static_cast<unsigned char>(s[i + 1]);
    return second >= 0x84 && second <= 0xAF;
  }
  return false;
}

// Returns true iff the byte at `s[i]` starts (or is part of) a word character.
bool IsWordStart(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiAlnum(c);
  return !IsSymbolSequence(s, i);
}

}  // namespace

void NormalizeInto(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c + 32));
      } else if (c < 0x20 || c == 0x7F) {
        out.push_back(' ');
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const unsigned char c1 = i + 1 < n ? static_cast<unsigned char>(text[i + 1]) : 0;
    const unsigned char c2 = i + 2 < n ? static_cast<unsigned char>(text[i + 2]) : 0;
    if (c == 0xC2) {
      if (c1 == 0xA0) {
        out.push_back(' ');
        i += 2;
        continue;
      }
      if (c1 == 0xAB || c1 == 0xBB) {
        out.push_back('"');
        i += 2;
        continue;
      }
      if (c1 == 0xB4) {
        out.push_back('\'');
        i += 2;
        continue;
      }
    } else if (c == 0xC3 && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) {
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(c1 + 0x20));
      i += 2;
      continue;
    } else if (c == 0xE2 && c1 == 0x80) {
      if (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) {
        out.push_back(' ');
        i += 3;
        continue;
      }
      if (c2 >= 0x8B && c2 <= 0x8F) {  // Zero-width characters.
        i += 3;
        continue;
      }
      if (c2 >= 0x90 && c2 <= 0x95) {
        out.push_back('-');
        i += 3;
        continue;
      }
      if ((c2 >= 0x98 && c2 <= 0x9B) || c2 == 0xB2) {
        out.push_back('\'');
        i += 3;
        continue;
      }
      if (c2 >= 0x9C && c2 <= 0x9F) {
        out.push_back('"');
        i += 3;
        continue;
      }
      if (c2 == 0xA6) {
        out.append("...");
        i += 3;
        continue;
      }
    } else if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {  // Ideographic space.
      out.push_back(' ');
      i += 3;
      continue;
    } else if (c == 0xEF && ((c1 == 0xBB && c2 == 0xBF) || (c1 == 0xB8 && c2 == 0x8F))) {
      i += 3;  // Byte-order mark, emoji variation selector.
      continue;
    }
    out.push_back(static_cast<char>(c));
    ++i;
  }
}

std::string Normalize(std::string_view text) {
  std::string out;
  NormalizeInto(text, out);
  return out;
}

void TokenizeInto(std::string_view s, std::vector<std::string_view>& out) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 && IsSymbolSequence(s, i)) {
      std::size_t len = static_cast<std::size_t>(SequenceLength(c));
      if (i + len > n) len = n - i;
      out.push_back(s.substr(i, len));
      i += len;
      continue;
    }
    if (!IsWordStart(s, i)) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < n) {
      const auto b = static_cast<unsigned char>(s[i]);
      if (b >= 0x80) {
        if (IsSymbolSequence(s, i)) break;
        std::size_t len = static_cast<std::size_t>(SequenceLength(b));
        i = i + len > n ? n : i + len;
        continue;
      }
      if (IsAsciiAlnum(b)) {
        ++i;
        continue;
      }
      if (i + 1 < n) {
        const auto prev = static_cast<unsigned char>(s[i - 1]);
        const auto next = static_cast<unsigned char>(s[i + 1]);
        if ((b == '\'' || b == '-') && IsWordStart(s, i + 1)) {
          ++i;
          continue;
        }
        if ((b == '.' || b == ',' || b == '/' || b == ':') && IsDigit(prev) && IsDigit(next)) {
          ++i;
          continue;
        }
      }
      break;
    }
    out.push_back(s.substr(start, i - start));
  }
}

std::vector<std::string_view> Tokenize(std::string_view normalized) {
  std::vector<std::string_view> out;
  TokenizeInto(normalized, out);
  return out;
}

bool IsNumberToken(std::string_view token) {
  if (token.empty()) return false;
  for (const char ch : token) {
    const auto c = static_cast<unsigned char>(ch);
    if (!IsDigit(c) && c != '.' && c != ',' && c != '/' && c != ':') return false;
  }
  return IsDigit(static_cast<unsigned char>(token.front()));
}

int CountDigits(std::string_view token) {
  int count = 0;
  for (const char ch : token) count += IsDigit(static_cast<unsigned char>(ch)) ? 1 : 0;
  return count;
}

}  // namespace carevoice::nlu
