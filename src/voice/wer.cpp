#include "voice/wer.hpp"

#include <algorithm>
#include <cctype>

namespace carevoice::voice {

std::vector<std::string> WerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  bool in_paren = false;
  auto flush = [&] {
    if (!current.empty()) words.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '(') in_paren = true;
    if (in_paren) {
      if (c == ')') in_paren = false;
      continue;
    }
    if (c == '<') {  // <s>, </s>, <sil>
      const auto close = text.find('>', i);
      if (close != std::string_view::npos) {
        flush();
        i = close;
        continue;
      }
    }
    if (std::isalnum(c) != 0 || c == '\'') {
      current += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

WerCount WordErrors(std::string_view reference, std::string_view hypothesis) {
  const std::vector<std::string> r = WerWords(reference);
  const std::vector<std::string> h = WerWords(hypothesis);
  std::vector<std::size_t> prev(h.size() + 1), cur(h.size() + 1);
  for (std::size_t j = 0; j <= h.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= r.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= h.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return WerCount{prev[h.size()], r.size()};
}

}  // namespace carevoice::voice
