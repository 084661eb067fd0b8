#include "wire/validation.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace carevoice::wire {
namespace {

namespace json = boost::json;

TEST(ValidationTest, ReadersAcceptTheirTypeAndRejectOthers) {
  const json::object o = json::parse(R"({"s":"x","b":true,"i":3,"d":2.0,"f":2.5,"u":
      18446744073709551615,"a":[],"o":{},"n":null})")
                             .as_object();
  FieldErrors errors;
  EXPECT_EQ(ReadString(o, "s", errors), "x");
  EXPECT_EQ(ReadBool(o, "b", errors), true);
  EXPECT_EQ(ReadInteger(o, "i", errors), 3);
  EXPECT_EQ(ReadInteger(o, "d", errors), 2);
  EXPECT_EQ(ReadNumber(o, "f", errors), 2.5);
  EXPECT_NE(ReadArray(o, "a", errors), nullptr);
  EXPECT_NE(ReadObject(o, "o", errors), nullptr);
  EXPECT_FALSE(ReadString(o, "n", errors).has_value());
  EXPECT_FALSE(ReadString(o, "missing", errors).has_value());
  EXPECT_TRUE(errors.Empty());

  EXPECT_FALSE(ReadInteger(o, "f", errors).has_value());
  EXPECT_FALSE(ReadInteger(o, "u", errors).has_value());
  EXPECT_FALSE(ReadString(o, "b", errors, "body.b").has_value());
  EXPECT_FALSE(ReadBool(o, "s", errors).has_value());
  EXPECT_FALSE(ReadNumber(o, "s", errors).has_value());
  EXPECT_EQ(ReadArray(o, "o", errors), nullptr);
  EXPECT_EQ(ReadObject(o, "a", errors), nullptr);
  const json::object& d = errors.Details();
  EXPECT_EQ(d.at("f").as_string(), "f must be an integer");
  EXPECT_EQ(d.at("u").as_string(), "u must be an integer");
  EXPECT_EQ(d.at("body.b").as_string(), "body.b must be a string");
  EXPECT_EQ(d.at("s").as_string(), "s must be a boolean");  // First problem wins.
  EXPECT_EQ(d.at("o").as_string(), "o must be an array");
  EXPECT_EQ(d.at("a").as_string(), "a must be an object");
}

TEST(ValidationTest, CheckLengthCountsCodePoints) {
  FieldErrors errors;
  EXPECT_TRUE(CheckLength("\xC3\xA9\xC3\xA9", "x", 1, 2, errors));
  EXPECT_FALSE(CheckLength("abc", "y", 1, 2, errors));
  EXPECT_FALSE(CheckLength("", "z", 1, 2, errors));
  EXPECT_FALSE(CheckLength("a", "w", 2, 5, errors));
  EXPECT_FALSE(CheckLength("\xFF", "v", 0, 5, errors));
  EXPECT_EQ(errors.Details().at("y").as_string(), "y must be at most 2 characters");
  EXPECT_EQ(errors.Details().at("z").as_string(), "z is required");
  EXPECT_EQ(errors.Details().at("w").as_string(), "w must be at least 2 characters");
  EXPECT_EQ(errors.Details().at("v").as_string(), "v must be valid UTF-8");
}

TEST(ValidationTest, ToErrorIsValidation400) {
  FieldErrors errors;
  errors.Add("a", "a is bad");
  core::Error one = errors.ToError("Summary");
  EXPECT_EQ(one.HttpStatus(), 400);
  EXPECT_EQ(one.code, "VALIDATION_ERROR");
  EXPECT_EQ(one.message, "a is bad");
  errors.Add("b", "b is bad");
  EXPECT_EQ(errors.ToError("Summary").message, "Summary");
}

TEST(ValidationTest, FieldPaths) {
  EXPECT_EQ(JoinField("settings", "maxTokens"), "settings.maxTokens");
  EXPECT_EQ(IndexField("prompts", 3), "prompts[3]");
}

}  // namespace
}  // namespace carevoice::wire
