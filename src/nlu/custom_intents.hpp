#pragma once

// Per-agent custom intents learned from the agent's examples (Rasa-style): a small softmax
// model over the agent's intents plus a background "none" class, trained on first use and
// re-trained when the agent changes (updated_at or the intents themselves).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "nlu/linear_model.hpp"

namespace carevoice::nlu {

struct CustomIntentMatch {
  std::string name;
  float confidence = 0;
};

struct CustomIntentOptions {
  FeatureConfig features{.num_buckets = 1u << 17};
  TrainOptions train{
      .epochs = 8, .learning_rate = 0.4f, .l2 = 1e-6f, .seed = 42, .class_balance = 1.0f};
  // A match needs at least this probability (rejection threshold).
  float min_confidence = 0.45f;
  // Built-in background lines are added as the "none" class unless false.
  bool use_background = true;
};

// One agent's trained custom-intent model. Immutable; thread-safe.
class CustomIntentModel {
 public:
  // An empty model that matches nothing.
  CustomIntentModel() = default;

  // Trains on `intents` (intents without examples or name are ignored). Returns a model that
  // matches nothing when no usable intent is given.
  static std::unique_ptr<CustomIntentModel> Train(const std::vector<core::CustomIntent>& intents,
                                                  const CustomIntentOptions& options = {});

  // Returns the best intent when its probability is >= min_confidence and it is not the
  // background class; nullopt otherwise.
  std::optional<CustomIntentMatch> Match(std::string_view text) const;

  // Returns the best intent (may be the background class, named ""), ignoring the threshold.
  CustomIntentMatch Best(std::string_view text) const;

  bool empty() const { return !trained_; }

 private:
  bool trained_ = false;
  float min_confidence_ = 0;
  int none_index_ = -1;
  TextClassifier classifier_;
};

// Caches one CustomIntentModel per agent id. Thread-safe: concurrent Match calls for the same
// or different agents are fine; a model is (re)trained when first needed or when the agent's
// updated_at or intents changed since it was trained. Holds at most `max_agents` models
// (least recently used ones are dropped).
class CustomIntentRegistry {
 public:
  explicit CustomIntentRegistry(CustomIntentOptions options = {}, std::size_t max_agents = 1024);

  // Returns the agent's custom intent matching `text`, or nullopt (also when the agent has
  // no custom intents).
  std::optional<CustomIntentMatch> Match(const core::Agent& agent, std::string_view text) const;

  // Returns how many models have been trained so far (for tests and metrics).
  std::uint64_t trainings() const;

 private:
  struct Entry {
    core::TimeMs updated_at = 0;
    std::uint64_t fingerprint = 0;
    std::uint64_t last_use = 0;
    std::shared_ptr<const CustomIntentModel> model;
  };

  std::shared_ptr<const CustomIntentModel> ModelFor(const core::Agent& agent) const;

  CustomIntentOptions options_;
  std::size_t max_agents_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Entry, std::less<>> entries_;  // Guarded by mu_.
  mutable std::uint64_t clock_ = 0;                            // Guarded by mu_.
  mutable std::uint64_t trainings_ = 0;                        // Guarded by mu_.
};

}  // namespace carevoice::nlu
