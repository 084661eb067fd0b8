#pragma once

// A word trigram language model built from text, written as ARPA for the recogniser's domain
// biasing (issue 11): the customer-service model (`carevoice train`, from the shipped intent
// data) and each agent's own model (its company, products, knowledge and prompts). Pure, no I/O.
//
// Smoothing: interpolated absolute discounting (discount D_n = n1 / (n1 + 2 n2) per order, from
// the count-of-counts), written in ARPA's backoff form. The backoff weight of a history is
// recomputed over the n-grams actually kept, so a pruned model still sums to one.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace carevoice::voice {

// The sentences of `text` as the recogniser's words: sentences split, numbers, prices, codes and
// abbreviations spelled as spoken (NormalizeForSpeech), lower-cased, split at punctuation and
// hyphens (as WerWords); words with digits are dropped.
std::vector<std::vector<std::string>> LmSentences(std::string_view text);

class NgramLm {
 public:
  // Counts one sentence (without <s>/</s>) `times` times.
  void Add(const std::vector<std::string>& words, int times = 1);
  // Counts every sentence of `text` (LmSentences).
  void AddText(std::string_view text, int times = 1);

  // Computes the model; n-grams of order 2 and 3 seen fewer than `min_count` times are pruned.
  // Call after the last Add; Add afterwards needs another Build.
  void Build(int min_count = 1);

  // log10 P(word | history) with the built model; history is the previous words (only the last
  // two count; "<s>" starts a sentence). Words outside the vocabulary get -99.
  double Log10Prob(const std::string& word, const std::vector<std::string>& history) const;

  // The built model as an ARPA file ("<s>" has -99, as usual). The n-grams ending in a word of
  // `unscored` are written with probability zero (-99; their backoff weights are kept): in an
  // interpolation the model then adds nothing to those words, only to the others.
  std::string ToArpa(const std::unordered_set<std::string>& unscored = {}) const;

  // The words seen (without <s>, </s>).
  std::vector<std::string> Vocabulary() const;
  std::size_t Size(int order) const {
    return order >= 1 && order <= 3 ? probs_[order - 1].size() : 0;
  }

 private:
  using Key = std::vector<std::string>;
  struct Entry {
    double log10_prob = 0;
    double log10_bow = 0;
  };
  double Prob(const Key& ngram) const;  // Interpolated, from counts.

  std::map<Key, double> counts_[3];
  std::map<Key, double> history_total_[2];  // c(h ·) for histories of order 1 and 2.
  std::map<Key, double> history_types_[2];  // N1+(h ·).
  double discount_[3] = {0, 0.5, 0.5};
  double tokens_ = 0;
  std::map<Key, Entry> probs_[3];
};

}  // namespace carevoice::voice
