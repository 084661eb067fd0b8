#pragma once

// Tweet-style text features for learned sentiment models: a normalised token stream (handles
// and URLs as placeholder tokens, hashtags split, elongations collapsed, emoticons/emoji and
// '!'/'?' as tokens, negation scope marked with a "_neg" suffix up to the next punctuation),
// hashed word 1..n-grams and character n-grams in separate index spaces, and optionally the
// lexicon analyser's scores as dense features. Used by the in-domain cross-validation in
// sentiment_eval.cpp; nothing shipped is trained on the evaluation data.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nlu/features.hpp"
#include "nlu/sentiment.hpp"

namespace carevoice::nlu {

struct TweetFeatureConfig {
  std::uint32_t word_buckets = 1u << 18;  // REQUIRES: a power of two.
  std::uint32_t char_buckets = 1u << 18;  // REQUIRES: a power of two.
  int word_max_n = 3;                     // Word n-grams 1..word_max_n (>= 1).
  int char_min_n = 2;                     // 0 disables character n-grams.
  int char_max_n = 5;
  bool mark_negation = true;
  float word_weight = 1.0f;     // L2 norm of the word block.
  float char_weight = 0.5f;     // L2 norm of the character block.
  float lexicon_weight = 1.0f;  // Scale of the lexicon features (0 = none).
};

// Number of lexicon features appended after the hashed blocks.
inline constexpr std::uint32_t kTweetLexiconFeatures = 8;

// Appends the lexicon analyser's outputs `r` (sums, score, label and cue flags), times `scale`,
// as features base .. base + kTweetLexiconFeatures - 1 (zeros omitted).
void AppendLexiconFeatures(const SentimentResult& r, std::uint32_t base, float scale,
                           SparseVector& out);

// Immutable and thread-safe. Holds a pointer to `lexicon` (may be null: no lexicon features),
// which must outlive it.
class TweetFeatureExtractor {
 public:
  TweetFeatureExtractor(const TweetFeatureConfig& config, const SentimentAnalyzer* lexicon);

  // word_buckets + char_buckets + kTweetLexiconFeatures: every index is below it.
  std::uint32_t num_features() const;

  // Returns the normalised tokens of `text` (what the word n-grams are built from).
  std::vector<std::string> Tokens(std::string_view text) const;

  // Returns the sorted, unique-index features of `text`.
  SparseVector Extract(std::string_view text) const;

 private:
  TweetFeatureConfig config_;
  const SentimentAnalyzer* lexicon_;
};

}  // namespace carevoice::nlu
