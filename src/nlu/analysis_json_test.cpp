#include "nlu/analysis_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace carevoice::nlu {
namespace {

TEST(AnalysisJsonTest, HasTheApiShape) {
  core::MessageMetadata m;
  m.intent = "cancellation";
  m.intents = {"cancellation", "support"};
  m.fine_intent = "cancel_order";
  m.confidence = 0.876543;
  m.sentiment = "negative";
  m.sentiment_score = -0.51234;
  m.company = "pizza hut";
  const std::string line = AnalysisJsonLine(m);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const boost::json::object o = boost::json::parse(line).as_object();
  EXPECT_EQ(o.at("intent").as_string(), "cancellation");
  ASSERT_EQ(o.at("intents").as_array().size(), 2u);
  EXPECT_EQ(o.at("intents").as_array()[1].as_string(), "support");
  EXPECT_EQ(o.at("fineIntent").as_string(), "cancel_order");
  EXPECT_DOUBLE_EQ(o.at("confidence").as_double(), 0.8765);
  EXPECT_EQ(o.at("sentiment").as_string(), "negative");
  EXPECT_DOUBLE_EQ(o.at("sentimentScore").as_double(), -0.5123);
  EXPECT_EQ(o.at("company").as_string(), "pizza hut");
  EXPECT_FALSE(o.contains("customIntent"));
}

TEST(AnalysisJsonTest, NoCompanyIsNullAndCustomIntentIsAdded) {
  core::MessageMetadata m;
  m.intent = "general";
  m.intents = {"general"};
  m.sentiment = "neutral";
  m.custom_intent = "book_cleaning";
  const boost::json::object o = AnalysisToJson(m);
  EXPECT_TRUE(o.at("company").is_null());
  EXPECT_EQ(o.at("customIntent").as_string(), "book_cleaning");
  EXPECT_EQ(o.at("fineIntent").as_string(), "");
}

}  // namespace
}  // namespace carevoice::nlu
