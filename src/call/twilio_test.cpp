#include "call/twilio.hpp"

#include <gtest/gtest.h>

namespace carevoice::call {
namespace {

// Twilio's documented example (https://www.twilio.com/docs/usage/security#validating-requests).
TEST(TwilioTest, SignatureMatchesTwilioExample) {
  const std::map<std::string, std::string> params{{"CallSid", "CA1234567890ABCDE"},
                                                  {"Caller", "+12349013030"},
                                                  {"Digits", "1234"},
                                                  {"From", "+12349013030"},
                                                  {"To", "+18005551212"}};
  const std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  EXPECT_EQ(TwilioSignature("12345", url, params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  EXPECT_TRUE(ValidTwilioSignature("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
  EXPECT_FALSE(ValidTwilioSignature("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgR="));
  EXPECT_FALSE(ValidTwilioSignature("other", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
  EXPECT_FALSE(ValidTwilioSignature("12345", url, params, ""));
}

TEST(TwilioTest, ParsesMediaStreamsMessages) {
  std::string error;
  auto start = ParseTwilioMessage(
      R"({"event":"start","streamSid":"MZ1","start":{"callSid":"CA1","mediaFormat":)"
      R"({"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},)"
      R"("customParameters":{"widgetKey":"wk_1","n":3}}})",
      error);
  ASSERT_TRUE(start) << error;
  EXPECT_EQ(start->kind, TwilioMessage::Kind::kStart);
  EXPECT_EQ(start->stream_sid, "MZ1");
  EXPECT_EQ(start->call_sid, "CA1");
  EXPECT_EQ(start->encoding, "audio/x-mulaw");
  EXPECT_EQ(start->sample_rate, 8000);
  EXPECT_EQ(start->custom.at("widgetKey"), "wk_1");
  EXPECT_EQ(start->custom.count("n"), 0u);

  auto media = ParseTwilioMessage(
      R"({"event":"media","streamSid":"MZ1","media":{"track":"inbound","payload":"/38A"}})", error);
  ASSERT_TRUE(media) << error;
  EXPECT_EQ(media->audio, std::string("\xff\x7f\x00", 3));
  EXPECT_EQ(media->track, "inbound");

  auto dtmf = ParseTwilioMessage(R"({"event":"dtmf","dtmf":{"digit":"0"}})", error);
  ASSERT_TRUE(dtmf);
  EXPECT_EQ(dtmf->digit, "0");
  EXPECT_TRUE(ParseTwilioMessage(R"({"event":"stop"})", error));
  EXPECT_TRUE(ParseTwilioMessage(R"({"event":"mark","mark":{"name":"x"}})", error));
}

TEST(TwilioTest, RefusesMalformedMessages) {
  std::string error;
  for (const char* bad :
       {"", "[]", "{", R"({"event":"nope"})", R"({"event":"start"})",
        R"({"event":"media","media":{"payload":"***"}})", R"({"event":"media"})",
        R"({"event":"dtmf","dtmf":{"digit":""}})", R"({"event":"dtmf","dtmf":{"digit":"12"}})"}) {
    error.clear();
    EXPECT_FALSE(ParseTwilioMessage(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  const std::string huge = R"({"event":"media","media":{"payload":")" +
                           std::string(kMaxTwilioMediaBytes * 2, 'A') + "\"}}";
  EXPECT_FALSE(ParseTwilioMessage(huge, error));
}

TEST(TwilioTest, OutgoingMessagesAndTwiml) {
  EXPECT_EQ(TwilioClearMessage("MZ1"), R"({"event":"clear","streamSid":"MZ1"})");
  std::string error;
  auto media = ParseTwilioMessage(TwilioMediaMessage("MZ1", std::string("\x01\x02\x03", 3)), error);
  ASSERT_TRUE(media);
  EXPECT_EQ(media->audio, std::string("\x01\x02\x03", 3));
  const std::string twiml = ConnectStreamTwiml("wss://h/twilio/media", {{"a", "x\"<y"}});
  EXPECT_NE(twiml.find(R"(<Connect><Stream url="wss://h/twilio/media">)"), std::string::npos);
  EXPECT_NE(twiml.find(R"(<Parameter name="a" value="x&quot;&lt;y"/>)"), std::string::npos);
  EXPECT_NE(SayAndHangupTwiml("a & b").find("<Say>a &amp; b</Say><Hangup/>"), std::string::npos);
}

TEST(TwilioTest, ParsesForms) {
  auto form = ParseForm("To=%2B15551230001&CallSid=CA1&Body=a+b");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->at("To"), "+15551230001");
  EXPECT_EQ(form->at("Body"), "a b");
  EXPECT_FALSE(ParseForm("a=%zz"));
}

}  // namespace
}  // namespace carevoice::call
