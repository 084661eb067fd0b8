#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <limits>

namespace carevoice::core {
namespace {

namespace json = boost::json;

TEST(JsonTextTest, WritesDoublesLikeJavaScript) {
  EXPECT_EQ(ToJsonText(json::value(0.75)), "0.75");
  EXPECT_EQ(ToJsonText(json::value(3.0)), "3");
  EXPECT_EQ(ToJsonText(json::value(-0.0125)), "-0.0125");
  EXPECT_EQ(ToJsonText(json::value(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(ToJsonText(json::value(std::numeric_limits<double>::quiet_NaN())), "null");
}

TEST(JsonTextTest, RoundTripsEveryKindThroughTheParser) {
  const json::value v = json::parse(
      R"({"a":[1,-2,18446744073709551615,0.1,true,false,null],"s":"q\"\\\n\u00e9 \ud83d\ude00",)"
      R"("o":{"x":{}},"e":[]})");
  const std::string text = ToJsonText(v);
  EXPECT_EQ(json::parse(text), v);
  EXPECT_NE(text.find("0.1"), std::string::npos);
  EXPECT_EQ(text.find("E-"), std::string::npos);
}

TEST(JsonTextTest, EscapesControlCharactersInKeysAndValues) {
  json::object o;
  o["k\x01"] = "line\nbreak";
  const std::string text = ToJsonText(o);
  EXPECT_EQ(text, R"({"k\u0001":"line\nbreak"})");
}

}  // namespace
}  // namespace carevoice::core
