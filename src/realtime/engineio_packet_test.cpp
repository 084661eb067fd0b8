#include "realtime/engineio_packet.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::realtime::eio {
namespace {

using namespace std::string_literals;

TEST(EngineIoPacketTest, DecodesEveryTextType) {
  const std::pair<char, PacketType> kTypes[] = {
      {'0', PacketType::kOpen}, {'1', PacketType::kClose},   {'2', PacketType::kPing},
      {'3', PacketType::kPong}, {'4', PacketType::kMessage}, {'5', PacketType::kUpgrade},
      {'6', PacketType::kNoop},
  };
  for (const auto& [c, type] : kTypes) {
    std::optional<Packet> p = DecodeTextFrame(std::string(1, c) + "data");
    ASSERT_TRUE(p) << c;
    EXPECT_EQ(p->type, type);
    EXPECT_EQ(p->data, "data");
    EXPECT_FALSE(p->binary);
  }
  std::optional<Packet> probe = DecodeTextFrame("2probe");
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->type, PacketType::kPing);
  EXPECT_EQ(probe->data, "probe");
}

TEST(EngineIoPacketTest, TextFrameKeepsArbitraryBytesAfterTheType) {
  std::optional<Packet> p = DecodeTextFrame("4\x1e\0\xff"s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->data, "\x1e\0\xff"s);
  std::optional<Packet> empty_message = DecodeTextFrame("4");
  ASSERT_TRUE(empty_message);
  EXPECT_EQ(empty_message->data, "");
}

TEST(EngineIoPacketTest, RejectsEmptyAndUnknownTextFrames) {
  EXPECT_FALSE(DecodeTextFrame(""));
  EXPECT_FALSE(DecodeTextFrame("7"));
  EXPECT_FALSE(DecodeTextFrame("/"));  // '0' - 1.
  EXPECT_FALSE(DecodeTextFrame("abc"));
  EXPECT_FALSE(DecodeTextFrame("b4AQID"));  // Base64 only exists in polling payloads.
  EXPECT_FALSE(DecodeTextFrame("\x00"s));
}

TEST(EngineIoPacketTest, DecodesAPayloadOfSeveralPackets) {
  std::optional<std::vector<Packet>> packets = DecodePayload(
      "4hello\x1e"
      "2\x1e"
      "bAQID\x1e"
      "6");
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 4U);
  EXPECT_EQ((*packets)[0].type, PacketType::kMessage);
  EXPECT_EQ((*packets)[0].data, "hello");
  EXPECT_EQ((*packets)[1].type, PacketType::kPing);
  EXPECT_EQ((*packets)[1].data, "");
  EXPECT_EQ((*packets)[2].type, PacketType::kMessage);
  EXPECT_TRUE((*packets)[2].binary);
  EXPECT_EQ((*packets)[2].data, "\x01\x02\x03");
  EXPECT_EQ((*packets)[3].type, PacketType::kNoop);
}

TEST(EngineIoPacketTest, DecodesASinglePacketPayload) {
  std::optional<std::vector<Packet>> packets = DecodePayload("40{\"token\":\"x\"}");
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 1U);
  EXPECT_EQ((*packets)[0].data, "0{\"token\":\"x\"}");
  std::optional<std::vector<Packet>> empty_binary = DecodePayload("b");
  ASSERT_TRUE(empty_binary);
  ASSERT_EQ(empty_binary->size(), 1U);
  EXPECT_TRUE((*empty_binary)[0].binary);
  EXPECT_EQ((*empty_binary)[0].data, "");
}

TEST(EngineIoPacketTest, RejectsMalformedPayloads) {
  EXPECT_FALSE(DecodePayload(""));        // No packet at all.
  EXPECT_FALSE(DecodePayload("4a\x1e"));  // A trailing separator: an empty packet.
  EXPECT_FALSE(
      DecodePayload("\x1e"
                    "4a"));  // A leading one.
  EXPECT_FALSE(
      DecodePayload("4a\x1e\x1e"
                    "4b"));  // Two in a row.
  EXPECT_FALSE(
      DecodePayload("4a\x1e"
                    "9"));               // An unknown type after a good packet.
  EXPECT_FALSE(DecodePayload("b!!!!"));  // Not base64.
  EXPECT_FALSE(DecodePayload("bAQI"));   // Base64 of the wrong length.
  EXPECT_FALSE(
      DecodePayload("4ok\x1e"
                    "bA=QID"));  // Padding in the middle.
}

TEST(EngineIoPacketTest, AppendToPayloadRoundTripsThroughDecodePayload) {
  std::string body;
  AppendToPayload(body, PacketType::kOpen, "{\"sid\":\"s\"}", false);
  body.push_back(kSeparator);
  AppendToPayload(body, PacketType::kMessage, "\x00\xff\x1e"s, true);
  body.push_back(kSeparator);
  AppendToPayload(body, PacketType::kClose, "", false);
  EXPECT_EQ(body.substr(0, 12), "0{\"sid\":\"s\"}");
  std::optional<std::vector<Packet>> packets = DecodePayload(body);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 3U);
  EXPECT_EQ((*packets)[0].type, PacketType::kOpen);
  EXPECT_EQ((*packets)[0].data, "{\"sid\":\"s\"}");
  EXPECT_TRUE((*packets)[1].binary);
  EXPECT_EQ((*packets)[1].data, "\x00\xff\x1e"s);  // A binary separator byte is safe in base64.
  EXPECT_EQ((*packets)[2].type, PacketType::kClose);
}

TEST(EngineIoPacketTest, BinaryPacketIsBPlusStandardBase64) {
  std::string body;
  AppendToPayload(body, PacketType::kMessage, "\x01\x02\x03\x04"s, true);
  EXPECT_EQ(body, "bAQIDBA==");
}

}  // namespace
}  // namespace carevoice::realtime::eio
