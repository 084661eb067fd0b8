#include "call/turn_policy.hpp"

#include <gtest/gtest.h>

namespace carevoice::call {
namespace {

using std::chrono::milliseconds;

TEST(TurnPolicyTest, TrailingConjunctionOrNumberWaitsLonger) {
  TurnConfig config;
  EXPECT_EQ(HangoverFor("i want a refund", config), config.hangover);
  EXPECT_EQ(HangoverFor("i want a refund and", config), config.long_hangover);
  EXPECT_EQ(HangoverFor("my order number is four two", config), config.long_hangover);
  EXPECT_EQ(HangoverFor("order 20417", config), config.long_hangover);
  EXPECT_EQ(HangoverFor("", config), config.hangover);
  EXPECT_TRUE(ExpectsMore("Cancel it, but"));
  EXPECT_FALSE(ExpectsMore("cancel my subscription"));
}

TEST(TurnPolicyTest, LongHangoverIsNeverShorter) {
  TurnConfig config;
  config.hangover = milliseconds(900);
  config.long_hangover = milliseconds(500);
  EXPECT_EQ(HangoverFor("and", config), milliseconds(900));
}

TEST(TurnPolicyTest, Backchannels) {
  for (const char* text : {"mm-hm", "mhm", "ok", "okay", "yeah", "uh huh", "i see", "Right.", "",
                           "yes sure", "got it", "m m m h m m"}) {
    EXPECT_TRUE(IsBackchannel(text)) << text;
  }
  for (const char* text : {"stop", "wait", "no", "i want a refund", "yeah but my order is late",
                           "okay cancel it", "hello", "n m h and m"}) {
    EXPECT_FALSE(IsBackchannel(text)) << text;
  }
}

}  // namespace
}  // namespace carevoice::call
