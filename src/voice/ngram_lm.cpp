#include "voice/ngram_lm.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "voice/speech_text.hpp"
#include "voice/wer.hpp"

namespace carevoice::voice {
namespace {

constexpr double kLogZero = -99;

double Log10(double p) { return p > 0 ? std::log10(p) : kLogZero; }

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> LmSentences(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& sentence : SplitSentences(text)) {
    std::vector<std::string> words;
    for (std::string& w : WerWords(NormalizeForSpeech(sentence))) {
      const bool has_digit =
          std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
      if (!has_digit && w != "'") words.push_back(std::move(w));
    }
    if (!words.empty()) out.push_back(std::move(words));
  }
  return out;
}

void NgramLm::Add(const std::vector<std::string>& words, int times) {
  if (words.empty() || times <= 0) return;
  std::vector<std::string> s;
  s.reserve(words.size() + 2);
  s.emplace_back("<s>");
  s.insert(s.end(), words.begin(), words.end());
  s.emplace_back("</s>");
  for (std::size_t i = 1; i < s.size(); ++i) {
    counts_[0][{s[i]}] += times;
    counts_[1][{s[i - 1], s[i]}] += times;
    if (i >= 2) counts_[2][{s[i - 2], s[i - 1], s[i]}] += times;
  }
  tokens_ += static_cast<double>(times) * static_cast<double>(s.size() - 1);
}

void NgramLm::AddText(std::string_view text, int times) {
  for (const auto& sentence : LmSentences(text)) Add(sentence, times);
}

double NgramLm::Prob(const Key& ngram) const {
  const std::size_t n = ngram.size();
  auto count = [&](const Key& k) {
    auto it = counts_[k.size() - 1].find(k);
    return it == counts_[k.size() - 1].end() ? 0.0 : it->second;
  };
  if (n == 1) return tokens_ > 0 ? count(ngram) / tokens_ : 0;
  const Key history(ngram.begin(), ngram.end() - 1);
  const Key lower(ngram.begin() + 1, ngram.end());
  const double lower_p = Prob(lower);
  auto total = history_total_[n - 2].find(history);
  if (total == history_total_[n - 2].end() || total->second <= 0) return lower_p;
  const double d = discount_[n - 1];
  const double types = history_types_[n - 2].at(history);
  return std::max(count(ngram) - d, 0.0) / total->second + d * types / total->second * lower_p;
}

void NgramLm::Build(int min_count) {
  for (auto& m : history_total_) m.clear();
  for (auto& m : history_types_) m.clear();
  for (auto& m : probs_) m.clear();
  for (int order = 2; order <= 3; ++order) {
    double n1 = 0;
    double n2 = 0;
    for (const auto& [k, c] : counts_[order - 1]) {
      n1 += c == 1 ? 1 : 0;
      n2 += c == 2 ? 1 : 0;
      const Key h(k.begin(), k.end() - 1);
      history_total_[order - 2][h] += c;
      history_types_[order - 2][h] += 1;
    }
    discount_[order - 1] = n1 + n2 > 0 ? std::clamp(n1 / (n1 + 2 * n2), 0.1, 0.9) : 0.5;
  }
  // Probabilities of the kept n-grams, from the full interpolated model.
  for (const auto& [k, c] : counts_[0]) probs_[0][k].log10_prob = Log10(Prob(k));
  probs_[0][{"<s>"}].log10_prob = kLogZero;
  for (int order = 2; order <= 3; ++order) {
    for (const auto& [k, c] : counts_[order - 1]) {
      if (c >= min_count) probs_[order - 1][k].log10_prob = Log10(Prob(k));
    }
  }
  // Backoff weights, lowest order first (a history's denominator is evaluated with the pruned
  // lower-order model, whose weights are then known): bow(h) = (1 - Σ P(w|h)) / (1 - Σ P(w|h')),
  // both sums over the words kept after h.
  for (int order = 2; order <= 3; ++order) {
    std::map<Key, std::pair<double, double>> sums;  // history -> (Σ P(w|h), Σ P(w|h')).
    for (const auto& [k, e] : probs_[order - 1]) {
      const Key h(k.begin(), k.end() - 1);
      const Key lower_h(k.begin() + 1, k.end() - 1);
      auto& [p, lower] = sums[h];
      p += std::pow(10.0, e.log10_prob);
      lower += std::pow(10.0, Log10Prob(k.back(), lower_h));
    }
    for (auto& [h, e] : probs_[order - 2]) {
      auto it = sums.find(h);
      if (it == sums.end()) {
        e.log10_bow = 0;
        continue;
      }
      const double num = std::max(1.0 - it->second.first, 1e-12);
      const double den = std::max(1.0 - it->second.second, 1e-12);
      e.log10_bow = std::log10(num / den);
    }
  }
}

double NgramLm::Log10Prob(const std::string& word, const std::vector<std::string>& history) const {
  Key k;
  const std::size_t from = history.size() > 2 ? history.size() - 2 : 0;
  k.assign(history.begin() + static_cast<std::ptrdiff_t>(from), history.end());
  k.push_back(word);
  double bow = 0;
  while (!k.empty()) {
    auto it = probs_[k.size() - 1].find(k);
    if (it != probs_[k.size() - 1].end()) return bow + it->second.log10_prob;
    if (k.size() == 1) return kLogZero;
    const Key h(k.begin(), k.end() - 1);
    auto hit = probs_[h.size() - 1].find(h);
    if (hit != probs_[h.size() - 1].end()) bow += hit->second.log10_bow;
    k.erase(k.begin());
  }
  return kLogZero;
}

std::string NgramLm::ToArpa(const std::unordered_set<std::string>& unscored) const {
  std::string out = "\\data\\\n";
  int top = 1;
  for (int order = 1; order <= 3; ++order) {
    if (!probs_[order - 1].empty()) top = order;
  }
  for (int order = 1; order <= top; ++order) {
    out += "ngram " + std::to_string(order) + "=" + std::to_string(probs_[order - 1].size()) + "\n";
  }
  char buf[64];
  for (int order = 1; order <= top; ++order) {
    out += "\n\\" + std::to_string(order) + "-grams:\n";
    for (const auto& [k, e] : probs_[order - 1]) {
      const bool silent = unscored.contains(k.back());
      std::snprintf(buf, sizeof buf, "%.5f\t", silent ? kLogZero : e.log10_prob);
      out += buf;
      out += Join(k);
      if (order < top) {
        std::snprintf(buf, sizeof buf, "\t%.5f", e.log10_bow);
        out += buf;
      }
      out += '\n';
    }
  }
  out += "\n\\end\\\n";
  return out;
}

std::vector<std::string> NgramLm::Vocabulary() const {
  std::vector<std::string> out;
  for (const auto& [k, c] : counts_[0]) {
    if (k[0] != "</s>") out.push_back(k[0]);
  }
  return out;
}

}  // namespace carevoice::voice
