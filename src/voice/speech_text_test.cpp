#include "voice/speech_text.hpp"

#include <gtest/gtest.h>

namespace carevoice::voice {
namespace {

TEST(NumberToWordsTest, Numbers) {
  EXPECT_EQ(NumberToWords(0), "zero");
  EXPECT_EQ(NumberToWords(25), "twenty-five");
  EXPECT_EQ(NumberToWords(100), "one hundred");
  EXPECT_EQ(NumberToWords(1250), "one thousand two hundred fifty");
  EXPECT_EQ(NumberToWords(3'000'017), "three million seventeen");
  EXPECT_EQ(OrdinalToWords(1), "first");
  EXPECT_EQ(OrdinalToWords(22), "twenty-second");
  EXPECT_EQ(OrdinalToWords(20), "twentieth");
  EXPECT_EQ(OrdinalToWords(12), "twelfth");
}

TEST(NormalizeForSpeechTest, Prices) {
  EXPECT_EQ(NormalizeForSpeech("$25"), "twenty-five dollars");
  EXPECT_EQ(NormalizeForSpeech("It costs $4.99."), "It costs four dollars and ninety-nine cents.");
  EXPECT_EQ(NormalizeForSpeech("$1"), "one dollar");
  EXPECT_EQ(NormalizeForSpeech("$0.50"), "fifty cents");
  EXPECT_EQ(NormalizeForSpeech("$1,200"), "one thousand two hundred dollars");
  EXPECT_EQ(NormalizeForSpeech("\xE2\x82\xAC"
                               "10"),
            "ten euros");
  EXPECT_EQ(NormalizeForSpeech("\xC2\xA3"
                               "3.50"),
            "three pounds and fifty pence");
  EXPECT_EQ(NormalizeForSpeech("15% off"), "fifteen percent off");
}

TEST(NormalizeForSpeechTest, OrderNumbersAreSpelledOut) {
  EXPECT_EQ(NormalizeForSpeech("Order HB-20417 shipped."),
            "Order H B two zero four one seven shipped.");
  EXPECT_EQ(NormalizeForSpeech("ticket #4521"), "ticket number four five two one");
  EXPECT_EQ(NormalizeForSpeech("code a1b2"), "code A one B two");
  EXPECT_EQ(NormalizeForSpeech("call 5551234567"),
            "call five five five one two three four five six seven");
}

TEST(NormalizeForSpeechTest, EmailsAndUrls) {
  EXPECT_EQ(NormalizeForSpeech("Write to jo.doe@shop.com, please."),
            "Write to jo dot doe at shop dot com, please.");
  EXPECT_EQ(NormalizeForSpeech("https://help.acme.io/"), "help dot acme dot io");
}

TEST(NormalizeForSpeechTest, DatesAndTimes) {
  EXPECT_EQ(NormalizeForSpeech("on 2024-05-01"), "on May first, twenty twenty-four");
  EXPECT_EQ(NormalizeForSpeech("by 12/25/2023"), "by December twenty-fifth, twenty twenty-three");
  EXPECT_EQ(NormalizeForSpeech("at 3:30 pm today"), "at three thirty p m today");
  EXPECT_EQ(NormalizeForSpeech("at 9am"), "at nine a m");
  EXPECT_EQ(NormalizeForSpeech("at 14:05"), "at fourteen oh five");
  EXPECT_EQ(NormalizeForSpeech("at 5:00 p.m."), "at five p m");
  EXPECT_EQ(NormalizeForSpeech("since 1999"), "since nineteen ninety-nine");
  EXPECT_EQ(NormalizeForSpeech("on the 3rd"), "on the third");
}

TEST(NormalizeForSpeechTest, Abbreviations) {
  EXPECT_EQ(NormalizeForSpeech("Dr. Smith & Mr. Jones"), "Doctor Smith and Mister Jones");
  EXPECT_EQ(NormalizeForSpeech("open 24/7"), "open twenty-four seven");
  EXPECT_EQ(NormalizeForSpeech("reply ASAP"), "reply as soon as possible");
  EXPECT_EQ(NormalizeForSpeech("No. 5"), "number five");
  EXPECT_EQ(NormalizeForSpeech("It was a No."), "It was a No.");
  EXPECT_EQ(NormalizeForSpeech("2.5 hrs"), "two point five hours");
}

TEST(NormalizeForSpeechTest, PlainTextIsUnchanged) {
  const std::string text = "Hello! How can I help you today?";
  EXPECT_EQ(NormalizeForSpeech(text), text);
  EXPECT_EQ(NormalizeForSpeech(""), "");
  EXPECT_EQ(NormalizeForSpeech("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(SplitSentencesTest, SplitsAtSentenceEnds) {
  const auto s = SplitSentences("Hi Mr. Smith. Your order costs $4.99! Is that ok? Thanks");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], "Hi Mr. Smith.");
  EXPECT_EQ(s[1], "Your order costs $4.99!");
  EXPECT_EQ(s[2], "Is that ok?");
  EXPECT_EQ(s[3], "Thanks");
  EXPECT_EQ(SplitSentences("Email jo@x.com today.\nBye.").size(), 2u);
  EXPECT_TRUE(SplitSentences("  \n ").empty());
}

}  // namespace
}  // namespace carevoice::voice
