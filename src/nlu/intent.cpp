#include "nlu/intent.hpp"

#include <algorithm>

namespace carevoice::nlu {
namespace {

int CoarseIndex(std::string_view name) {
  for (int i = 0; i < kNumCoarseIntents; ++i) {
    if (kCoarseIntentNames[static_cast<std::size_t>(i)] == name) return i;
  }
  return -1;
}

constexpr int kGeneral = 4;

bool ValidLabels(const TextClassifier& coarse, const TextClassifier& fine) {
  const auto& labels = coarse.model().labels();
  if (labels.size() != kCoarseIntentNames.size()) return false;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != kCoarseIntentNames[i]) return false;
  }
  std::array<bool, kNumCoarseIntents> seen{};
  int previous = -1;
  for (const auto& label : fine.model().labels()) {
    const auto colon = label.find(':');
    const int c = colon == std::string::npos ? -1 : CoarseIndex(label.substr(0, colon));
    if (c < 0) return false;
    if (c != previous) {
      if (seen[static_cast<std::size_t>(c)]) return false;  // Not grouped.
      seen[static_cast<std::size_t>(c)] = true;
      previous = c;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> IntentResult::IntentList() const {
  std::vector<std::string> out;
  for (int i = 0; i < num_intents; ++i) out.emplace_back(intents[static_cast<std::size_t>(i)]);
  return out;
}

IntentClassifier::IntentClassifier(TextClassifier coarse, TextClassifier fine)
    : coarse_(std::move(coarse)), fine_(std::move(fine)) {
  shared_features_ = coarse_.extractor().config() == fine_.extractor().config();
  for (const auto& label : fine_.model().labels()) {
    const auto colon = label.find(':');
    fine_names_.push_back(label.substr(colon + 1));
    fine_coarse_.push_back(CoarseIndex(label.substr(0, colon)));
  }
  for (std::size_t f = 0; f < fine_coarse_.size(); ++f) {
    const int c = fine_coarse_[f];
    if (c < 0) continue;
    const auto ci = static_cast<std::size_t>(c);
    if (group_end_[ci] == group_begin_[ci]) group_begin_[ci] = static_cast<int>(f);
    group_end_[ci] = static_cast<int>(f) + 1;
  }
}

core::Result<std::unique_ptr<IntentClassifier>> IntentClassifier::Create(TextClassifier coarse,
                                                                         TextClassifier fine) {
  if (!ValidLabels(coarse, fine)) {
    return core::Error::Unavailable("intent models have unexpected labels");
  }
  return std::make_unique<IntentClassifier>(std::move(coarse), std::move(fine));
}

core::Result<std::unique_ptr<IntentClassifier>> IntentClassifier::Load(
    const std::string& model_dir) {
  auto coarse = TextClassifier::Load(model_dir + "/" + kCoarseModelFile);
  if (!coarse) return coarse.error();
  auto fine = TextClassifier::Load(model_dir + "/" + kFineModelFile);
  if (!fine) return fine.error();
  return Create(std::move(*coarse), std::move(*fine));
}

core::Result<void> IntentClassifier::Save(const std::string& model_dir) const {
  auto r = coarse_.Save(model_dir + "/" + kCoarseModelFile);
  if (!r) return r;
  return fine_.Save(model_dir + "/" + kFineModelFile);
}

IntentResult IntentClassifier::Classify(std::string_view text, IntentScratch& scratch) const {
  IntentResult result;
  auto& probs = result.coarse_probs;
  coarse_.Predict(text, probs, scratch.features, scratch.vector);
  if (scratch.vector.empty()) {
    // No token at all (empty, punctuation only): no intent.
    result.coarse_probs = {};
    result.coarse_probs[kGeneral] = 1.0f;
    result.intent = kCoarseIntentNames[kGeneral];
    result.intents[0] = result.intent;
    result.num_intents = 1;
    result.confidence = 0;
    return result;
  }
  if (!shared_features_) fine_.extractor().Extract(text, scratch.vector, scratch.features);
  // Coarse intents ordered by probability; ties keep model order.
  std::array<int, kNumCoarseIntents> order{};
  for (int i = 0; i < kNumCoarseIntents; ++i) order[static_cast<std::size_t>(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return probs[static_cast<std::size_t>(a)] > probs[static_cast<std::size_t>(b)];
  });
  const int primary = order[0];
  result.intent = kCoarseIntentNames[static_cast<std::size_t>(primary)];
  result.intents[0] = result.intent;
  result.num_intents = 1;
  for (std::size_t k = 1; k < order.size(); ++k) {
    const int c = order[k];
    if (c == kGeneral || probs[static_cast<std::size_t>(c)] < kSecondaryIntentThreshold) continue;
    result.intents[static_cast<std::size_t>(result.num_intents++)] =
        kCoarseIntentNames[static_cast<std::size_t>(c)];
  }
  const float p = probs[static_cast<std::size_t>(primary)];
  result.confidence = primary == kGeneral ? p * kGeneralConfidenceScale : p;

  // The most likely fine intent within the primary coarse intent (only its slice is scored).
  const int begin = group_begin_[static_cast<std::size_t>(primary)];
  const int end = group_end_[static_cast<std::size_t>(primary)];
  if (end > begin) {
    scratch.fine_probs.resize(static_cast<std::size_t>(end - begin));
    fine_.model().Scores(scratch.vector, begin, end, scratch.fine_probs);
    const auto best = std::max_element(scratch.fine_probs.begin(), scratch.fine_probs.end()) -
                      scratch.fine_probs.begin();
    result.fine_intent = fine_names_[static_cast<std::size_t>(begin + best)];
  }
  return result;
}

IntentResult IntentClassifier::Classify(std::string_view text) const {
  IntentScratch scratch;
  return Classify(text, scratch);
}

std::string_view IntentClassifier::RawFineIntent(std::string_view text,
                                                 IntentScratch& scratch) const {
  scratch.fine_probs.resize(static_cast<std::size_t>(fine_.model().num_classes()));
  const int best = fine_.Predict(text, scratch.fine_probs, scratch.features, scratch.vector);
  return fine_names_[static_cast<std::size_t>(best)];
}

}  // namespace carevoice::nlu
