#include "nlu/intent.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace carevoice::nlu {
namespace {

std::string ModelDir() {
  const char* source = std::getenv("CAREVOICE_SOURCE_DIR");
  if (source == nullptr) {
    ADD_FAILURE() << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
    return "models";
  }
  return std::string(source) + "/models";
}

class ShippedIntentModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = IntentClassifier::Load(ModelDir());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    classifier_ = std::move(*loaded);
  }
  static void TearDownTestSuite() { classifier_.reset(); }
  static inline std::unique_ptr<IntentClassifier> classifier_;
};

TEST_F(ShippedIntentModelTest, RealisticLines) {
  ASSERT_NE(classifier_, nullptr);
  EXPECT_EQ(classifier_->Classify("I want my money back").intent, "cancellation");
  EXPECT_EQ(classifier_->Classify("please cancel my subscription").intent, "cancellation");
  EXPECT_EQ(classifier_->Classify("I'd like to buy two large pizzas").intent, "purchase");
  const auto where = classifier_->Classify("where is my package");
  EXPECT_TRUE(where.intent == "support" || where.intent == "question") << where.intent;
  EXPECT_EQ(classifier_->Classify("what time do you open on saturdays?").intent, "question");
  EXPECT_EQ(classifier_->Classify("my card was charged twice, please fix this").intent, "support");
}

TEST_F(ShippedIntentModelTest, GreetingsAreGeneralWithLowConfidence) {
  ASSERT_NE(classifier_, nullptr);
  for (const char* text : {"hi there", "thanks a lot!", "bye", "what's the capital of peru"}) {
    const IntentResult r = classifier_->Classify(text);
    EXPECT_EQ(r.intent, "general") << text;
    EXPECT_LT(r.confidence, 0.5f) << text;
  }
  EXPECT_EQ(classifier_->Classify("hello").fine_intent, "greeting");
  EXPECT_EQ(classifier_->Classify("thank you so much").fine_intent, "thanks");
}

TEST_F(ShippedIntentModelTest, ResultIsConsistent) {
  ASSERT_NE(classifier_, nullptr);
  IntentScratch scratch;
  const IntentResult r = classifier_->Classify("how do I cancel my order 12345?", scratch);
  EXPECT_EQ(r.intent, "cancellation");
  EXPECT_EQ(r.fine_intent, "cancel_order");
  ASSERT_GE(r.num_intents, 1);
  EXPECT_EQ(r.intents[0], r.intent);
  EXPECT_EQ(r.IntentList().front(), std::string(r.intent));
  float sum = 0;
  for (const float p : r.coarse_probs) sum += p;
  EXPECT_NEAR(sum, 1.0f, 1e-3f);
  EXPECT_GT(r.confidence, 0.5f);
  // Same input, same output; empty input is general.
  const IntentResult again = classifier_->Classify("how do I cancel my order 12345?", scratch);
  EXPECT_EQ(again.confidence, r.confidence);
  EXPECT_EQ(classifier_->Classify("").intent, "general");
  EXPECT_EQ(classifier_->Classify("?!").confidence, 0.0f);
}

TEST(IntentClassifierTest, LoadFailsClearlyOnMissingDir) {
  auto loaded = IntentClassifier::Load("/nonexistent-model-dir");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(loaded.error().message.find("intent_coarse.bin"), std::string::npos);
}

TEST(IntentClassifierTest, CreateRejectsWrongLabels) {
  const FeatureConfig config{.num_buckets = 1u << 10};
  const auto toy =
      TextClassifier::Train({{"a b", "x"}, {"c d", "y"}}, config, TrainOptions{.epochs = 1});
  EXPECT_FALSE(IntentClassifier::Create(toy, toy).has_value());
}

}  // namespace
}  // namespace carevoice::nlu
