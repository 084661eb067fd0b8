#include "nlu/nlu.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "nlu/company.hpp"

namespace carevoice::nlu {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  return dir == nullptr ? std::string() : std::string(dir);
}

class NluTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = SourceDir();
    ASSERT_FALSE(dir.empty()) << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
    auto loaded = LoadNlu(dir + "/models");
    ASSERT_TRUE(loaded) << loaded.error().message;
    nlu_ = std::move(*loaded).release();
  }
  static void TearDownTestSuite() {
    delete nlu_;
    nlu_ = nullptr;
  }
  static core::Message User(std::string text) {
    core::Message m;
    m.role = core::MessageRole::kUser;
    m.content = std::move(text);
    m.metadata = nlu_->Analyze(m.content, nullptr);
    return m;
  }
  static core::Message Assistant(std::string text) {
    core::Message m;
    m.role = core::MessageRole::kAssistant;
    m.content = std::move(text);
    return m;
  }
  static Nlu* nlu_;
};
Nlu* NluTest::nlu_ = nullptr;

TEST(LoadNluTest, MissingModelIsUnavailable) {
  auto loaded = LoadNlu("/nonexistent/carevoice/models");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_FALSE(loaded.error().message.empty());
}

TEST_F(NluTest, AnalyzeFillsEveryField) {
  const core::MessageMetadata m =
      nlu_->Analyze("My Netflix account was charged twice this month, please refund me", nullptr);
  EXPECT_EQ(m.company, "netflix");
  EXPECT_EQ(m.sentiment, "negative");
  EXPECT_LT(m.sentiment_score, 0.0);
  EXPECT_FALSE(m.intent.empty());
  ASSERT_FALSE(m.intents.empty());
  EXPECT_EQ(m.intents.front(), m.intent);
  EXPECT_GT(m.confidence, 0.0);
  EXPECT_LE(m.confidence, 1.0);
  EXPECT_TRUE(m.custom_intent.empty());
}

TEST_F(NluTest, LateDeliveryStoryIsSupportNotOutOfScope) {
  for (const char* story : {"It was supposed to come on Tuesday, it's now Friday",
                            "the parcel was meant to arrive yesterday"}) {
    const core::MessageMetadata m = nlu_->Analyze(story, nullptr);
    EXPECT_EQ(m.intent, "support") << story;
    EXPECT_NE(m.sentiment, "positive") << story;
  }
  // Greetings and chit-chat stay general.
  EXPECT_EQ(nlu_->Analyze("hi there, how are you?", nullptr).intent, "general");
}

TEST_F(NluTest, AgentCompanyAndCustomIntents) {
  core::Agent agent;
  agent.id = "a1";
  agent.company = "Contoso Dental";
  agent.updated_at = 1;
  agent.intents = {{"book_cleaning",
                    {"I want to book a teeth cleaning", "can I schedule a cleaning",
                     "book me in for a dental cleaning", "I need a cleaning appointment"}},
                   {"whitening_price",
                    {"how much is teeth whitening", "price of whitening",
                     "what does whitening cost", "is whitening expensive"}}};
  const core::MessageMetadata m =
      nlu_->Analyze("Can I schedule a teeth cleaning at Contoso Dental next week?", &agent);
  EXPECT_EQ(m.company, "Contoso Dental");
  EXPECT_EQ(m.custom_intent, "book_cleaning");
  const core::MessageMetadata none = nlu_->Analyze("Can I schedule a cleaning?", nullptr);
  EXPECT_TRUE(none.custom_intent.empty());
  EXPECT_TRUE(none.company.empty());
}

TEST_F(NluTest, DeterministicAndThreadSafe) {
  const std::vector<std::string> texts = {
      "where is my UPS package???", "I want to cancel my Spotify Premium",
      "someone used my card, please block it immediately", "thanks, that was quick!",
      "what are your hours on Sunday?"};
  std::vector<core::MessageMetadata> expected;
  for (const std::string& t : texts) expected.push_back(nlu_->Analyze(t, nullptr));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          const core::MessageMetadata m = nlu_->Analyze(texts[i], nullptr);
          if (m.intent != expected[i].intent || m.sentiment != expected[i].sentiment ||
              m.company != expected[i].company || m.confidence != expected[i].confidence ||
              m.sentiment_score != expected[i].sentiment_score) {
            ++mismatches[static_cast<std::size_t>(k)];
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const int m : mismatches) EXPECT_EQ(m, 0);
}

TEST_F(NluTest, ConversationSentimentIsWeightedTowardsRecentMessages) {
  EXPECT_EQ(nlu_->ConversationSentiment({}), "neutral");
  EXPECT_EQ(nlu_->ConversationSentiment({User("this is terrible, my order is late again"),
                                         Assistant("Sorry! It arrives today."),
                                         User("ok it just arrived, thank you so much!")}),
            "positive");
  EXPECT_EQ(nlu_->ConversationSentiment(
                {User("hi, quick question"), User("I see an unauthorized charge on my card")}),
            "urgent");
  // Messages without metadata are analysed on the fly; assistant text is ignored.
  core::Message raw;
  raw.role = core::MessageRole::kUser;
  raw.content = "the app keeps crashing, so frustrating";
  EXPECT_EQ(nlu_->ConversationSentiment({Assistant("Great, awesome, thanks!"), raw}), "negative");
}

TEST_F(NluTest, SatisfactionFollowsTheTrajectory) {
  EXPECT_EQ(nlu_->EstimateSatisfaction({}), 3.0);
  EXPECT_EQ(nlu_->EstimateSatisfaction({Assistant("hello")}), 3.0);
  const double recovered = nlu_->EstimateSatisfaction(
      {User("my pizza is an hour late, this is ridiculous"), User("oh it's here, thanks a lot!")});
  const double urgent = nlu_->EstimateSatisfaction(
      {User("hello"), User("I smell gas after your technician left, help")});
  const double soured = nlu_->EstimateSatisfaction(
      {User("hi there!"), User("you charged me twice and nobody answers, awful")});
  EXPECT_GE(recovered, 4.0);
  EXPECT_LE(urgent, 1.5);
  EXPECT_LE(soured, 2.5);
  for (const double v : {recovered, urgent, soured}) {
    EXPECT_GE(v, 1.0);
    EXPECT_LE(v, 5.0);
  }
}

TEST_F(NluTest, TitleFromMessages) {
  EXPECT_EQ(nlu_->MakeTitle({}), "Customer Service Conversation");
  EXPECT_EQ(nlu_->MakeTitle({Assistant("Hi! How can I help?"),
                             User("I want a refund for my Netflix subscription")}),
            "Netflix Subscription Refund Request");
  EXPECT_EQ(nlu_->MakeTitle({User("I forgot my password")}), "Password Reset Help");
}

// Accuracy of the full analysis on the hand-labelled realistic set (357 lines, labelled before
// any model ran). Floors sit a few points under the measured figures so that a regression
// fails, not noise: sentiment 0.930 (4 labels), company 1.000, coarse intent (measured by
// NLU-A's model, which this facade only wraps) in the report.
TEST_F(NluTest, RealisticSetAccuracy) {
  std::ifstream in(SourceDir() + "/src/nlu/testdata/realistic.tsv");
  ASSERT_TRUE(in) << "missing src/nlu/testdata/realistic.tsv";
  std::string line;
  std::getline(in, line);  // Header.
  int rows = 0;
  int sentiment_ok = 0;
  int company_ok = 0;
  int intent_ok = 0;
  int urgent_gold = 0;
  int urgent_found = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        f.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    ASSERT_GE(f.size(), 3u) << line;
    f.resize(4);
    const core::MessageMetadata m = nlu_->Analyze(f[0], nullptr);
    ++rows;
    sentiment_ok += m.sentiment == f[2];
    company_ok += m.company == f[3];
    intent_ok += m.intent == f[1];
    if (f[2] == "urgent") {
      ++urgent_gold;
      urgent_found += m.sentiment == "urgent";
    }
  }
  ASSERT_GE(rows, 300);
  const double sentiment_accuracy = static_cast<double>(sentiment_ok) / rows;
  const double company_accuracy = static_cast<double>(company_ok) / rows;
  const double intent_accuracy = static_cast<double>(intent_ok) / rows;
  const double urgent_recall = static_cast<double>(urgent_found) / urgent_gold;
  std::printf("realistic: rows=%d sentiment=%.3f company=%.3f intent=%.3f urgent_recall=%.3f\n",
              rows, sentiment_accuracy, company_accuracy, intent_accuracy, urgent_recall);
  EXPECT_GE(sentiment_accuracy, 0.88);
  EXPECT_GE(company_accuracy, 0.97);
  EXPECT_GE(urgent_recall, 0.85);
  EXPECT_GE(intent_accuracy, 0.60);
}

}  // namespace
}  // namespace carevoice::nlu
