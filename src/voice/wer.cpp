#include "voice/wer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

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

std::vector<std::string> ScoringWords(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kSpecial = {{
      {"can't", "can not"},
      {"cannot", "can not"},
      {"won't", "will not"},
      {"shan't", "shall not"},
      {"i'm", "i am"},
      {"ain't", "is not"},
  }};
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSuffixes = {{
      {"n't", "not"},
      {"'re", "are"},
      {"'ll", "will"},
      {"'ve", "have"},
  }};
  std::vector<std::string> out;
  for (std::string& word : WerWords(text)) {
    const auto special = std::find_if(kSpecial.begin(), kSpecial.end(),
                                      [&](const auto& s) { return s.first == word; });
    if (special != kSpecial.end()) {
      const std::string_view both = special->second;
      const std::size_t space = both.find(' ');
      out.emplace_back(both.substr(0, space));
      out.emplace_back(both.substr(space + 1));
      continue;
    }
    const auto suffix = std::find_if(kSuffixes.begin(), kSuffixes.end(), [&](const auto& s) {
      return word.size() > s.first.size() + 1 && word.ends_with(s.first);
    });
    if (suffix != kSuffixes.end()) {
      out.push_back(word.substr(0, word.size() - suffix->first.size()));
      out.emplace_back(suffix->second);
      continue;
    }
    if (word == "m" && !out.empty() && (out.back() == "a" || out.back() == "p")) {
      out.back() += 'm';
      continue;
    }
    out.push_back(std::move(word));
  }
  return out;
}

WerCount WordErrors(std::string_view reference, std::string_view hypothesis) {
  const std::vector<std::string> r = ScoringWords(reference);
  const std::vector<std::string> h = ScoringWords(hypothesis);
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
