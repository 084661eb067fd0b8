#include "nlu/custom_intents.hpp"

#include <array>

#include "nlu/text.hpp"

namespace carevoice::nlu {
namespace {

// Generic customer-chat lines that belong to no agent-specific intent: the "none" class.
constexpr std::array<std::string_view, 60> kBackground = {
    "hi",
    "hello there",
    "good morning",
    "thanks",
    "thank you very much",
    "bye",
    "ok",
    "yes",
    "no",
    "sure",
    "what's the weather like today",
    "tell me a joke",
    "are you a robot",
    "who am I talking to",
    "what is the capital of france",
    "play some music",
    "how old are you",
    "I need help",
    "can you help me",
    "that's all",
    "never mind",
    "what time is it",
    "hmm let me think",
    "sorry, wrong chat",
    "just testing",
    "lol",
    "great",
    "I have a question",
    "can I ask something",
    "please wait a moment",
    "one second",
    "what can you do",
    "how does this work",
    "nothing, forget it",
    "who made you",
    "what is your name",
    "where are you from",
    "good night",
    "see you later",
    "have a nice day",
    "what's 5 plus 7",
    "set a timer for ten minutes",
    "remind me to call mom",
    "translate thank you into german",
    "how far is the moon",
    "recommend a good book",
    "what's the news today",
    "I'm bored",
    "that's funny",
    "you're helpful",
    "could you repeat that",
    "I don't understand",
    "what do you mean",
    "is anyone there",
    "hello? anyone?",
    "ok thanks bye",
    "cool",
    "interesting",
    "why",
    "how are you",
};

constexpr std::string_view kNoneLabel = "";

std::uint64_t Fingerprint(const std::vector<core::CustomIntent>& intents) {
  std::uint64_t h = 0x5EED;
  for (const auto& intent : intents) {
    h = HashBytes(intent.name, h);
    for (const auto& example : intent.examples) h = HashBytes(example, h ^ 0x1);
    h = HashBytes("\x1e", h);
  }
  return h;
}

}  // namespace

std::unique_ptr<CustomIntentModel> CustomIntentModel::Train(
    const std::vector<core::CustomIntent>& intents, const CustomIntentOptions& options) {
  auto model = std::make_unique<CustomIntentModel>();
  model->min_confidence_ = options.min_confidence;
  std::vector<std::pair<std::string, std::string>> examples;
  for (const auto& intent : intents) {
    if (intent.name.empty()) continue;
    for (const auto& example : intent.examples) {
      if (!example.empty()) examples.emplace_back(example, intent.name);
    }
  }
  if (examples.empty()) return model;
  if (options.use_background) {
    for (const auto line : kBackground) examples.emplace_back(line, kNoneLabel);
  }
  model->classifier_ = TextClassifier::Train(examples, options.features, options.train);
  model->none_index_ = model->classifier_.model().LabelIndex(kNoneLabel);
  model->trained_ = true;
  return model;
}

CustomIntentMatch CustomIntentModel::Best(std::string_view text) const {
  if (!trained_) return {};
  std::vector<float> probs(static_cast<std::size_t>(classifier_.model().num_classes()));
  FeatureScratch scratch;
  SparseVector features;
  const int best = classifier_.Predict(text, probs, scratch, features);
  if (features.empty()) return {};
  return {classifier_.model().labels()[static_cast<std::size_t>(best)],
          probs[static_cast<std::size_t>(best)]};
}

std::optional<CustomIntentMatch> CustomIntentModel::Match(std::string_view text) const {
  CustomIntentMatch best = Best(text);
  if (best.name.empty() || best.confidence < min_confidence_) return std::nullopt;
  return best;
}

CustomIntentRegistry::CustomIntentRegistry(CustomIntentOptions options, std::size_t max_agents)
    : options_(std::move(options)), max_agents_(max_agents == 0 ? 1 : max_agents) {}

std::shared_ptr<const CustomIntentModel> CustomIntentRegistry::ModelFor(
    const core::Agent& agent) const {
  const std::uint64_t fingerprint = Fingerprint(agent.intents);
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(agent.id);
    if (it != entries_.end() && it->second.updated_at == agent.updated_at &&
        it->second.fingerprint == fingerprint) {
      it->second.last_use = ++clock_;
      return it->second.model;
    }
  }
  // Train outside the lock so other agents are not blocked.
  std::shared_ptr<const CustomIntentModel> model =
      CustomIntentModel::Train(agent.intents, options_);
  std::lock_guard lock(mu_);
  ++trainings_;
  if (entries_.size() >= max_agents_ && entries_.find(agent.id) == entries_.end()) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.last_use < oldest->second.last_use) oldest = it;
    }
    entries_.erase(oldest);
  }
  entries_[agent.id] = Entry{agent.updated_at, fingerprint, ++clock_, model};
  return model;
}

std::optional<CustomIntentMatch> CustomIntentRegistry::Match(const core::Agent& agent,
                                                             std::string_view text) const {
  if (agent.intents.empty()) return std::nullopt;
  return ModelFor(agent)->Match(text);
}

std::uint64_t CustomIntentRegistry::trainings() const {
  std::lock_guard lock(mu_);
  return trainings_;
}

}  // namespace carevoice::nlu
