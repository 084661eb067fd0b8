#include "core/time.hpp"

#include <gtest/gtest.h>

namespace carevoice::core {
namespace {

TEST(TimeTest, FormatsLikeJavaScriptToIsoString) {
  EXPECT_EQ(ToIso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(ToIso8601(1714564800123), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(ToIso8601(951782400000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(ToIso8601(1735689599999), "2024-12-31T23:59:59.999Z");
  EXPECT_EQ(ToIso8601(1000000000010), "2001-09-09T01:46:40.010Z");
  EXPECT_EQ(ToIso8601(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(ToIso8601(-30610224000000), "1000-01-01T00:00:00.000Z");
  EXPECT_EQ(ToIso8601(-62135596800000), "0001-01-01T00:00:00.000Z");
  EXPECT_EQ(ToIso8601(253402300799999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(ToIso8601(253402300800000), "10000-01-01T00:00:00.000Z");  // JS writes +010000.
}

TEST(TimeTest, ParsesWhatItFormats) {
  for (TimeMs t : {TimeMs{0}, TimeMs{1714564800123}, TimeMs{4102444799999}}) {
    const auto parsed = ParseIso8601(ToIso8601(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_EQ(ParseIso8601("2024-05-01T12:00:00Z"), TimeMs{1714564800000});
}

TEST(TimeTest, RejectsMalformedTimestamps) {
  EXPECT_FALSE(ParseIso8601("2024-05-01").has_value());
  EXPECT_FALSE(ParseIso8601("2024-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2024-05-01T00:00:00+02:00").has_value());
  EXPECT_FALSE(ParseIso8601("2024-05-01T00:00:00.Z").has_value());
}

TEST(TimeTest, ParsesJwtExpiresInDurations) {
  EXPECT_EQ(ParseDurationSeconds("7d"), 604800);
  EXPECT_EQ(ParseDurationSeconds("12h"), 43200);
  EXPECT_EQ(ParseDurationSeconds("15m"), 900);
  EXPECT_EQ(ParseDurationSeconds("3600"), 3600);
  EXPECT_EQ(ParseDurationSeconds("2 days"), 172800);
  EXPECT_FALSE(ParseDurationSeconds("").has_value());
  EXPECT_FALSE(ParseDurationSeconds("seven days").has_value());
  EXPECT_FALSE(ParseDurationSeconds("0").has_value());
  EXPECT_FALSE(ParseDurationSeconds("5 fortnights").has_value());
}

TEST(TimeTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.NowMs(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowMs(), 1500);
}

}  // namespace
}  // namespace carevoice::core
