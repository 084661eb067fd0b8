#pragma once

// Multinomial logistic regression (softmax) over sparse features, and a text classifier that
// pairs it with a FeatureExtractor. Training is deterministic: the same data, options and seed
// give bit-identical models. Trained weights are stored int8-quantised per feature row (one
// float scale per row), feature-major, so that inference touches one contiguous row per
// feature.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "nlu/features.hpp"

namespace carevoice::nlu {

struct TrainOptions {
  int epochs = 12;
  float learning_rate = 0.5f;  // AdaGrad base step.
  float l2 = 1e-6f;            // L2 penalty on touched weights.
  std::uint64_t seed = 42;     // Shuffling seed.
  // Per-example weights are given by the caller (see Train); class_balance additionally
  // reweights classes towards equal total weight when > 0 (0 = off, 1 = fully balanced).
  float class_balance = 0;
};

// Immutable after training/loading; thread-safe for concurrent Predict calls.
class LinearModel {
 public:
  LinearModel() = default;

  // Trains on examples `x[i]` with class `y[i]` in [0, labels.size()) and optional weight
  // `weights[i]` (empty = all 1). Feature indices must be < num_features.
  // REQUIRES: x.size() == y.size(); weights empty or of the same size; labels non-empty.
  static LinearModel Train(const std::vector<SparseVector>& x, const std::vector<int>& y,
                           const std::vector<float>& weights, std::vector<std::string> labels,
                           std::uint32_t num_features, const TrainOptions& options);

  // Writes the class probabilities of `x` into `probs`. Returns the argmax.
  // REQUIRES: probs.size() == num_classes().
  int Predict(const SparseVector& x, std::span<float> probs) const;

  // Writes the raw scores (logits) of classes [begin, end) into `scores`; cheaper than Predict
  // when only a contiguous range of classes matters.
  // REQUIRES: 0 <= begin <= end <= num_classes(); scores.size() >= end - begin.
  void Scores(const SparseVector& x, int begin, int end, std::span<float> scores) const;

  // Returns the class probabilities of `x` (allocates).
  std::vector<float> Predict(const SparseVector& x) const;

  int num_classes() const { return static_cast<int>(labels_.size()); }
  std::uint32_t num_features() const { return num_features_; }
  const std::vector<std::string>& labels() const { return labels_; }
  // Returns the index of `label`, or -1.
  int LabelIndex(std::string_view label) const;

  // Appends the binary form to `out`.
  void SerializeTo(std::string& out) const;
  // Parses SerializeTo's output from the front of `*in` and advances it past the model.
  // kUnavailable on truncated or corrupt input.
  static core::Result<LinearModel> Parse(std::string_view* in);

 private:
  void BuildRowIndex();

  std::uint32_t num_features_ = 0;
  std::vector<std::string> labels_;
  std::vector<float> bias_;                 // [num_classes]
  std::vector<std::uint32_t> row_feature_;  // Feature index of each stored row, ascending.
  std::vector<float> row_scale_;            // [rows]
  std::vector<std::int8_t> weights_;        // [rows][num_classes]
  std::vector<std::int32_t> row_of_;        // [num_features] -> row or -1 (derived).
};

// A text classifier: FeatureExtractor + LinearModel. Immutable; thread-safe.
class TextClassifier {
 public:
  TextClassifier() = default;
  TextClassifier(FeatureConfig config, LinearModel model)
      : extractor_(config), model_(std::move(model)) {}

  // Trains on (text, label) pairs; labels are collected in order of first appearance.
  // REQUIRES: examples non-empty; weights empty or of the same size as examples.
  static TextClassifier Train(const std::vector<std::pair<std::string, std::string>>& examples,
                              const FeatureConfig& config, const TrainOptions& options,
                              const std::vector<float>& weights = {});

  // Writes class probabilities into `probs` and returns the argmax.
  // REQUIRES: probs.size() == model().num_classes().
  int Predict(std::string_view text, std::span<float> probs, FeatureScratch& scratch,
              SparseVector& features) const;
  // Returns (label, probability) of the most likely class (allocates).
  std::pair<std::string, float> PredictLabel(std::string_view text) const;

  const FeatureExtractor& extractor() const { return extractor_; }
  const LinearModel& model() const { return model_; }

  // Returns the binary form (feature config + model).
  std::string Serialize() const;
  static core::Result<TextClassifier> Parse(std::string_view bytes);
  // Writes Serialize() to `path` (atomically: temp file + rename).
  core::Result<void> Save(const std::string& path) const;
  static core::Result<TextClassifier> Load(const std::string& path);

 private:
  FeatureExtractor extractor_;
  LinearModel model_;
};

}  // namespace carevoice::nlu
