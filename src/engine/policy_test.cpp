#include "engine/policy.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "nlu/sentiment.hpp"

namespace carevoice::engine {
namespace {

core::Message UserMsg(std::string text, std::string sentiment, core::TimeMs ts = 0) {
  core::Message m;
  m.role = "user";
  m.content = std::move(text);
  m.timestamp = ts;
  core::MessageMetadata md;
  md.sentiment = std::move(sentiment);
  m.metadata = md;
  return m;
}

TEST(PolicyTest, DetectsExplicitRequestsForAPerson) {
  for (const char* text :
       {"let me talk to a human", "I want to speak to a manager", "Can I talk to a real person?",
        "human please", "AGENT", "transfer me to a representative", "get me a live agent now",
        "I need a human being to look at this"}) {
    EXPECT_TRUE(AsksForHuman(text)) << text;
  }
  for (const char* text :
       {"the agent who delivered my parcel was rude about the box", "what are your opening hours?",
        "I'm a human resources manager asking about invoices for our company account",
        "my order number is 12345", "thanks, that helps"}) {
    EXPECT_FALSE(AsksForHuman(text)) << text;
  }
}

TEST(PolicyTest, EscalatesOnUrgencyHumanRequestOrTwoNegativesInARow) {
  const std::vector<core::Message> none;
  EXPECT_EQ(DecideEscalation(none, UserMsg("my card was stolen", "urgent")),
            EscalationReason::kUrgent);
  EXPECT_EQ(DecideEscalation(none, UserMsg("let me talk to a human", "neutral")),
            EscalationReason::kHumanRequested);
  EXPECT_EQ(DecideEscalation(none, UserMsg("this is bad", "negative")), EscalationReason::kNone);

  std::vector<core::Message> history{UserMsg("still broken", "negative")};
  core::Message assistant;
  assistant.role = "assistant";
  history.push_back(assistant);
  EXPECT_EQ(DecideEscalation(history, UserMsg("worst service ever", "negative")),
            EscalationReason::kRepeatedNegative);
  EXPECT_EQ(DecideEscalation(history, UserMsg("ok thanks", "positive")), EscalationReason::kNone);

  std::vector<core::Message> mixed{UserMsg("bad", "negative"), UserMsg("fine", "neutral")};
  EXPECT_EQ(DecideEscalation(mixed, UserMsg("awful", "negative")), EscalationReason::kNone);
}

TEST(PolicyTest, FineIntentContactHumanEscalates) {
  core::Message m = UserMsg("could somebody from your team call me", "neutral");
  m.metadata->fine_intent = "contact_human_agent";
  EXPECT_EQ(DecideEscalation({}, m), EscalationReason::kHumanRequested);
}

TEST(PolicyTest, YesToTheAssistantsOfferOfAPersonEscalates) {
  core::Message offer;
  offer.role = "assistant";
  offer.content =
      "I don't have that in my notes. Would you like me to connect you with a member "
      "of our team?";
  core::Message answer;
  answer.role = "assistant";
  answer.content = "Returns are free within 30 days. Is there anything else I can help you with?";
  const std::vector<core::Message> offered{UserMsg("do you sell handbags?", "neutral"), offer};
  const std::vector<core::Message> answered{UserMsg("returns?", "neutral"), answer};
  EXPECT_EQ(DecideEscalation(offered, UserMsg("yes please", "neutral")),
            EscalationReason::kHumanRequested);
  EXPECT_EQ(DecideEscalation(offered, UserMsg("no thanks", "neutral")), EscalationReason::kNone);
  EXPECT_EQ(DecideEscalation(offered, UserMsg("is it free?", "neutral")), EscalationReason::kNone);
  EXPECT_EQ(DecideEscalation(answered, UserMsg("yes please", "neutral")), EscalationReason::kNone);
}

TEST(PolicyTest, DurationIsLastMessageMinusFirstUserMessage) {
  std::vector<core::Message> msgs;
  core::Message welcome;
  welcome.role = "assistant";
  welcome.timestamp = 0;
  msgs.push_back(welcome);
  EXPECT_EQ(ConversationDurationSeconds(msgs), 0);
  msgs.push_back(UserMsg("hi", "neutral", 10'000));
  core::Message reply;
  reply.role = "assistant";
  reply.timestamp = 72'600;
  msgs.push_back(reply);
  EXPECT_EQ(ConversationDurationSeconds(msgs), 63);  // 62.6 s rounds to 63.
}

TEST(PolicyTest, FirstConfidentCompanySkipsWeakDetections) {
  std::vector<core::Message> msgs{UserMsg("a", "neutral"), UserMsg("b", "neutral")};
  msgs[0].metadata->company = "target";
  msgs[0].metadata->company_confidence = 0.3;
  msgs[1].metadata->company = "netflix";
  msgs[1].metadata->company_confidence = 0.9;
  EXPECT_EQ(FirstConfidentCompany(msgs, 0.5), "netflix");
  EXPECT_EQ(FirstConfidentCompany(msgs, 0.95), "");
}

// Over a long random conversation, the running analytics equal the full recomputation after
// every message, and survive a JSON round trip.
TEST(RunningAnalyticsTest, EqualsTheFullRecomputationOverALongRandomConversation) {
  std::mt19937 rng(20261201);
  const std::vector<std::string> labels = {"positive", "negative", "neutral",
                                           "urgent",   "",         "weird"};
  const std::vector<std::string> roles = {"user", "user", "assistant", "human", "system"};
  std::vector<core::Message> messages;
  RunningAnalytics running;
  core::TimeMs t = 1'700'000'000'000;
  for (int i = 0; i < 2000; ++i) {
    core::Message m;
    m.role = roles[std::uniform_int_distribution<std::size_t>(0, roles.size() - 1)(rng)];
    t += std::uniform_int_distribution<int>(0, 120'000)(rng);
    m.timestamp = t;
    if (std::uniform_int_distribution<int>(0, 9)(rng) != 0) {  // Sometimes no metadata.
      core::MessageMetadata md;
      md.sentiment = labels[std::uniform_int_distribution<std::size_t>(0, labels.size() - 1)(rng)];
      md.sentiment_score = std::uniform_real_distribution<double>(-1, 1)(rng);
      m.metadata = md;
    }
    messages.push_back(m);
    running.Add(m);
    if (i % 97 == 0) {  // Persisted and reloaded now and then.
      auto reloaded = RunningAnalytics::FromJson(running.ToJson());
      ASSERT_TRUE(reloaded);
      running = *reloaded;
    }

    std::vector<nlu::ScoredMessage> trajectory;
    for (const auto& x : messages) {
      if (x.role != "user") continue;
      const std::string label = x.metadata ? x.metadata->sentiment : "";
      const std::string_view known = label == "positive"   ? "positive"
                                     : label == "negative" ? "negative"
                                     : label == "urgent"   ? "urgent"
                                                           : "neutral";
      trajectory.push_back({known, x.metadata ? x.metadata->sentiment_score : 0.0});
    }
    ASSERT_EQ(running.messages(), static_cast<int>(messages.size()));
    ASSERT_EQ(running.user_messages(), static_cast<int>(trajectory.size()));
    ASSERT_EQ(running.Sentiment(), nlu::AggregateSentiment(trajectory)) << "after " << i;
    ASSERT_DOUBLE_EQ(running.Satisfaction(), nlu::SatisfactionFromTrajectory(trajectory))
        << "after " << i;
    ASSERT_EQ(running.DurationSeconds(), ConversationDurationSeconds(messages)) << "after " << i;
  }
}

TEST(RunningAnalyticsTest, MalformedJsonIsRejected) {
  EXPECT_FALSE(RunningAnalytics::FromJson(""));
  EXPECT_FALSE(RunningAnalytics::FromJson("[]"));
  EXPECT_FALSE(RunningAnalytics::FromJson(R"({"n":1})"));
  EXPECT_TRUE(RunningAnalytics::FromJson(RunningAnalytics().ToJson()));
}

}  // namespace
}  // namespace carevoice::engine
