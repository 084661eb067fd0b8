#pragma once

// Hashed sparse text features: word unigrams + bigrams and character n-grams within word
// boundaries, sublinear TF, each block L2-normalised and weighted.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::nlu {

// One non-zero feature.
struct SparseEntry {
  std::uint32_t index = 0;
  float value = 0;
};

// Sorted by index, indices unique.
using SparseVector = std::vector<SparseEntry>;

// Appends one feature block to `out`: each distinct id of `ids` once, at index base + id, with
// sublinear TF (1 + log count), the block L2-normalised to `weight`. Sorts `ids`; appends nothing
// when `ids` is empty or `weight` <= 0. Indices come out ascending within the block.
void AppendTfBlock(std::vector<std::uint32_t>& ids, std::uint32_t base, float weight,
                   SparseVector& out);

struct FeatureConfig {
  std::uint32_t num_buckets = 1u << 18;  // REQUIRES: a power of two, >= 2.
  bool word_unigrams = true;
  bool word_bigrams = true;
  int char_min_n = 2;  // 0 disables character n-grams.
  int char_max_n = 5;
  float word_weight = 1.0f;  // L2 norm of the word block.
  float char_weight = 1.0f;  // L2 norm of the character block.
  std::uint32_t seed = 0;    // Hash seed; a model must use the seed it was trained with.

  friend bool operator==(const FeatureConfig&, const FeatureConfig&) = default;
};

// Reusable buffers, so that repeated extraction does not allocate. Not thread-safe: one per
// thread.
struct FeatureScratch {
  std::string normalized;
  std::string padded;
  std::vector<std::string_view> tokens;
  std::vector<std::uint32_t> word_ids;
  std::vector<std::uint32_t> char_ids;
};

// Immutable and thread-safe.
class FeatureExtractor {
 public:
  explicit FeatureExtractor(const FeatureConfig& config = {});

  const FeatureConfig& config() const { return config_; }

  // Replaces `out` with the features of `text`. Empty text (or text without a token) gives an
  // empty vector. Long texts are cut to their first 2,000 bytes.
  void Extract(std::string_view text, SparseVector& out, FeatureScratch& scratch) const;

  // Returns the features of `text` (allocates).
  SparseVector Extract(std::string_view text) const;

 private:
  FeatureConfig config_;
};

}  // namespace carevoice::nlu
