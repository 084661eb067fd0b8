#pragma once

// The built-in intent classifier: coarse API intents (question, support, purchase,
// cancellation, general) and fine intents (the 27 Bitext intents plus greeting, thanks,
// goodbye, chitchat, out_of_scope and a few more from hand-written examples).

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "nlu/features.hpp"
#include "nlu/linear_model.hpp"

namespace carevoice::nlu {

inline constexpr int kNumCoarseIntents = 5;
// The coarse intents in model order.
inline constexpr std::array<std::string_view, kNumCoarseIntents> kCoarseIntentNames = {
    "question", "support", "purchase", "cancellation", "general"};
// A secondary coarse intent joins `intents` when its probability is at least this.
inline constexpr float kSecondaryIntentThreshold = 0.25f;
// "general" means no actionable intent was found; its confidence is p(general) times this, so
// it is always low.
inline constexpr float kGeneralConfidenceScale = 0.4f;

// File names inside the model directory.
inline constexpr const char* kCoarseModelFile = "intent_coarse.bin";
inline constexpr const char* kFineModelFile = "intent_fine.bin";

// The result of one classification. The string_views point into the IntentClassifier and live
// as long as it does.
struct IntentResult {
  std::string_view intent;       // Primary coarse intent.
  std::string_view fine_intent;  // Fine intent consistent with `intent`; may be empty.
  std::array<std::string_view, kNumCoarseIntents> intents{};  // Primary first.
  int num_intents = 0;
  float confidence = 0;  // In [0, 1]; < kGeneralConfidenceScale when intent == "general".
  std::array<float, kNumCoarseIntents> coarse_probs{};  // In kCoarseIntentNames order.

  // Returns intents[0, num_intents) as strings.
  std::vector<std::string> IntentList() const;
};

// Reusable buffers for Classify; one per thread.
struct IntentScratch {
  FeatureScratch features;
  SparseVector vector;
  std::vector<float> fine_probs;
};

// Immutable and thread-safe.
class IntentClassifier {
 public:
  // REQUIRES: coarse's labels are kCoarseIntentNames in order; fine's labels are
  // "<coarse>:<fine>" with a known coarse, grouped by coarse (each coarse intent's fine labels
  // contiguous). Use Create to validate untrusted models.
  IntentClassifier(TextClassifier coarse, TextClassifier fine);

  // Returns a classifier from two trained models; kUnavailable if their labels do not have the
  // required form.
  static core::Result<std::unique_ptr<IntentClassifier>> Create(TextClassifier coarse,
                                                                TextClassifier fine);

  // Loads kCoarseModelFile and kFineModelFile from `model_dir`. kUnavailable with a readable
  // message when a file is missing or corrupt.
  static core::Result<std::unique_ptr<IntentClassifier>> Load(const std::string& model_dir);

  // Writes both models into `model_dir` (which must exist).
  core::Result<void> Save(const std::string& model_dir) const;

  // Classifies one message. Does not allocate once `scratch` has grown.
  IntentResult Classify(std::string_view text, IntentScratch& scratch) const;
  // Convenience overload (allocates its scratch).
  IntentResult Classify(std::string_view text) const;

  // Returns the fine model's argmax fine label (without the coarse prefix), ignoring the coarse
  // model. For evaluation.
  std::string_view RawFineIntent(std::string_view text, IntentScratch& scratch) const;

  const TextClassifier& coarse_model() const { return coarse_; }
  const TextClassifier& fine_model() const { return fine_; }

 private:
  TextClassifier coarse_;
  TextClassifier fine_;
  bool shared_features_ = false;         // Both models use the same FeatureConfig.
  std::vector<std::string> fine_names_;  // Without the coarse prefix.
  std::vector<int> fine_coarse_;         // Coarse index of each fine label.
  // Fine labels of coarse intent c are [group_begin_[c], group_end_[c]).
  std::array<int, kNumCoarseIntents> group_begin_{};
  std::array<int, kNumCoarseIntents> group_end_{};
};

}  // namespace carevoice::nlu
