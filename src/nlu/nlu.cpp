#include "nlu/nlu.hpp"

#include "nlu/company.hpp"
#include "nlu/custom_intents.hpp"
#include "nlu/intent.hpp"
#include "nlu/lexicon_tokens.hpp"
#include "nlu/sentiment.hpp"
#include "nlu/title.hpp"

namespace carevoice::nlu {
namespace {

class NluImpl final : public Nlu {
 public:
  explicit NluImpl(std::unique_ptr<IntentClassifier> intents) : intents_(std::move(intents)) {}

  core::MessageMetadata Analyze(std::string_view text, const core::Agent* agent) const override {
    core::MessageMetadata out;
    const std::vector<ScanToken> tokens = ScanTokens(text);

    const SentimentResult sentiment = sentiment_.Analyze(tokens);
    out.sentiment = std::string(sentiment.label);
    out.sentiment_score = sentiment.score;

    IntentScratch scratch;
    const IntentResult intent = intents_->Classify(text, scratch);
    out.intent = std::string(intent.intent);
    out.intents = intent.IntentList();
    out.fine_intent = std::string(intent.fine_intent);
    out.confidence = intent.confidence;

    const std::string_view agent_company =
        agent != nullptr ? std::string_view(agent->company) : std::string_view();
    const CompanyMatch company = companies_.Detect(tokens, agent_company);
    if (company.confidence >= kCompanyConfidenceThreshold) out.company = company.company;

    if (agent != nullptr && !agent->intents.empty()) {
      if (const auto custom = custom_.Match(*agent, text)) out.custom_intent = custom->name;
    }
    return out;
  }

  std::string ConversationSentiment(const std::vector<core::Message>& messages) const override {
    return std::string(AggregateSentiment(Trajectory(messages)));
  }

  double EstimateSatisfaction(const std::vector<core::Message>& messages) const override {
    return SatisfactionFromTrajectory(Trajectory(messages));
  }

  std::string MakeTitle(const std::vector<core::Message>& messages) const override {
    TitleInput input;
    for (const core::Message& m : messages) {
      if (m.role != "user") continue;
      input.user_texts.push_back(m.content);
      if (input.company.empty()) {
        if (m.metadata && !m.metadata->company.empty()) {
          input.company = m.metadata->company;
        } else {
          const CompanyMatch c = companies_.Detect(m.content);
          if (c.confidence >= kCompanyConfidenceThreshold) input.company = c.company;
        }
      }
    }
    input.sentiment = ConversationSentiment(messages);
    return MakeConversationTitle(input);
  }

 private:
  // The user messages' sentiment, oldest first; analysed here when metadata is missing.
  std::vector<ScoredMessage> Trajectory(const std::vector<core::Message>& messages) const {
    std::vector<ScoredMessage> out;
    for (const core::Message& m : messages) {
      if (m.role != "user") continue;
      if (m.metadata && !m.metadata->sentiment.empty()) {
        const std::string& label = m.metadata->sentiment;
        // Keep the view on static strings: metadata may hold any text.
        const std::string_view known = label == "positive"   ? "positive"
                                       : label == "negative" ? "negative"
                                       : label == "urgent"   ? "urgent"
                                                             : "neutral";
        out.push_back({known, m.metadata->sentiment_score});
      } else {
        const SentimentResult r = sentiment_.Analyze(m.content);
        out.push_back({r.label, r.score});
      }
    }
    return out;
  }

  std::unique_ptr<IntentClassifier> intents_;
  CustomIntentRegistry custom_;
  CompanyDetector companies_;
  SentimentAnalyzer sentiment_;
};

}  // namespace

core::Result<std::unique_ptr<Nlu>> LoadNlu(const std::string& model_dir) {
  auto intents = IntentClassifier::Load(model_dir);
  if (!intents) return intents.error();
  return std::unique_ptr<Nlu>(std::make_unique<NluImpl>(std::move(*intents)));
}

}  // namespace carevoice::nlu
