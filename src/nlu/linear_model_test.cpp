#include "nlu/linear_model.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace carevoice::nlu {
namespace {

std::vector<std::pair<std::string, std::string>> ToyData() {
  return {{"I want to cancel my order", "cancel"},
          {"please cancel the subscription", "cancel"},
          {"cancel it now", "cancel"},
          {"how do I cancel", "cancel"},
          {"I would like to buy a pizza", "buy"},
          {"can I order two pizzas", "buy"},
          {"I want to purchase a ticket", "buy"},
          {"buy the premium plan", "buy"},
          {"hello there", "greet"},
          {"hi", "greet"},
          {"good morning", "greet"},
          {"hey how are you", "greet"}};
}

FeatureConfig SmallConfig() { return FeatureConfig{.num_buckets = 1u << 14}; }

TEST(TextClassifierTest, LearnsToyData) {
  const auto clf = TextClassifier::Train(ToyData(), SmallConfig(), TrainOptions{.epochs = 20});
  EXPECT_EQ(clf.model().num_classes(), 3);
  EXPECT_EQ(clf.PredictLabel("cancel my subscription please").first, "cancel");
  EXPECT_EQ(clf.PredictLabel("I'd like to buy pizzas").first, "buy");
  EXPECT_EQ(clf.PredictLabel("hello!").first, "greet");
  const auto [label, prob] = clf.PredictLabel("cancel the order");
  EXPECT_EQ(label, "cancel");
  EXPECT_GT(prob, 0.5f);
}

TEST(TextClassifierTest, TrainingIsDeterministicAndRoundTrips) {
  const auto a = TextClassifier::Train(ToyData(), SmallConfig(), TrainOptions{});
  const auto b = TextClassifier::Train(ToyData(), SmallConfig(), TrainOptions{});
  const std::string bytes = a.Serialize();
  EXPECT_EQ(bytes, b.Serialize());
  auto parsed = TextClassifier::Parse(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->Serialize(), bytes);
  EXPECT_EQ(parsed->model().labels(), a.model().labels());
  const auto p1 = a.PredictLabel("buy a plan");
  const auto p2 = parsed->PredictLabel("buy a plan");
  EXPECT_EQ(p1, p2);
  // A different seed shuffles differently.
  const auto c = TextClassifier::Train(ToyData(), SmallConfig(), TrainOptions{.seed = 7});
  EXPECT_NE(c.Serialize(), bytes);
}

TEST(TextClassifierTest, RejectsCorruptBytes) {
  const auto a = TextClassifier::Train(ToyData(), SmallConfig(), TrainOptions{});
  std::string bytes = a.Serialize();
  EXPECT_FALSE(TextClassifier::Parse(bytes.substr(0, bytes.size() / 2)).has_value());
  bytes[bytes.size() / 2] ^= 0x5A;
  EXPECT_FALSE(TextClassifier::Parse(bytes).has_value());
  EXPECT_FALSE(TextClassifier::Parse("").has_value());
  EXPECT_FALSE(TextClassifier::Load("/nonexistent/model.bin").has_value());
}

TEST(LinearModelTest, ClassWeightsShiftTheDecision) {
  // Ambiguous input between two classes; weighting one class raises its probability.
  std::vector<SparseVector> x = {{{1, 1.0f}}, {{1, 1.0f}}, {{2, 1.0f}}};
  std::vector<int> y = {0, 1, 1};
  const auto plain = LinearModel::Train(x, y, {}, {"a", "b"}, 8, TrainOptions{});
  const auto weighted = LinearModel::Train(x, y, {5.0f, 1.0f, 1.0f}, {"a", "b"}, 8, TrainOptions{});
  const SparseVector probe = {{1, 1.0f}};
  EXPECT_GT(weighted.Predict(probe)[0], plain.Predict(probe)[0]);
  EXPECT_EQ(plain.LabelIndex("b"), 1);
  EXPECT_EQ(plain.LabelIndex("zzz"), -1);
}

}  // namespace
}  // namespace carevoice::nlu
