#include "realtime/socketio_packet.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace carevoice::realtime::sio {
namespace {

namespace json = boost::json;

TEST(SocketIoPacketTest, DecodesConnectWithAndWithoutAuth) {
  std::optional<Packet> plain = Decode("0");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->type, PacketType::kConnect);
  EXPECT_EQ(plain->nsp, "/");
  EXPECT_TRUE(plain->data.is_null());
  EXPECT_FALSE(plain->id);

  std::optional<Packet> with_auth = Decode("0/admin,{\"token\":\"123\"}");
  ASSERT_TRUE(with_auth);
  EXPECT_EQ(with_auth->nsp, "/admin");
  EXPECT_EQ(with_auth->data, json::parse(R"({"token":"123"})"));

  std::optional<Packet> nsp_only = Decode("0/admin,");
  ASSERT_TRUE(nsp_only);
  EXPECT_EQ(nsp_only->nsp, "/admin");
  EXPECT_TRUE(nsp_only->data.is_null());
}

TEST(SocketIoPacketTest, DecodesDisconnect) {
  std::optional<Packet> p = Decode("1/admin,");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::kDisconnect);
  EXPECT_EQ(p->nsp, "/admin");
  EXPECT_FALSE(Decode("1{}"));  // DISCONNECT carries nothing.
  EXPECT_FALSE(Decode("112"));  // Nor an ack id.
}

TEST(SocketIoPacketTest, DecodesEventsWithNamespaceAndAckId) {
  std::optional<Packet> p = Decode(R"(2["hello",1,{"a":[true]}])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::kEvent);
  EXPECT_EQ(p->nsp, "/");
  EXPECT_FALSE(p->id);
  EXPECT_EQ(p->data, json::parse(R"(["hello",1,{"a":[true]}])"));

  std::optional<Packet> acked = Decode(R"(2/chat,456["message-with-ack","x"])");
  ASSERT_TRUE(acked);
  EXPECT_EQ(acked->nsp, "/chat");
  ASSERT_TRUE(acked->id);
  EXPECT_EQ(*acked->id, 456U);
  EXPECT_EQ(acked->data.as_array().size(), 2U);

  std::optional<Packet> zero = Decode(R"(20["e"])");
  ASSERT_TRUE(zero);
  ASSERT_TRUE(zero->id);
  EXPECT_EQ(*zero->id, 0U);
}

TEST(SocketIoPacketTest, DecodesAcks) {
  std::optional<Packet> p = Decode(R"(3/admin,13["bar"])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::kAck);
  EXPECT_EQ(*p->id, 13U);
  EXPECT_EQ(p->data, json::parse(R"(["bar"])"));
  std::optional<Packet> empty_args = Decode("37[]");
  ASSERT_TRUE(empty_args);
  EXPECT_TRUE(empty_args->data.as_array().empty());
  EXPECT_FALSE(Decode(R"(3["bar"])"));  // An ACK without an id.
  EXPECT_FALSE(Decode("37{}"));         // An ACK whose payload is not an array.
}

TEST(SocketIoPacketTest, DecodesBinaryEventsAndAcksWithPlaceholders) {
  std::optional<Packet> p = Decode(R"(51-["hello",{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::kBinaryEvent);
  EXPECT_EQ(p->attachments, 1U);
  EXPECT_TRUE(IsPlaceholder(p->data.as_array()[1], 1));

  std::optional<Packet> ack =
      Decode(R"(62-/admin,15[{"_placeholder":true,"num":1},[{"_placeholder":true,"num":0}]])");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->type, PacketType::kBinaryAck);
  EXPECT_EQ(ack->nsp, "/admin");
  EXPECT_EQ(*ack->id, 15U);
  EXPECT_EQ(ack->attachments, 2U);
}

TEST(SocketIoPacketTest, RejectsAttachmentMismatches) {
  // Fewer placeholders than announced, more, a repeated one, one out of range.
  EXPECT_FALSE(Decode(R"(52-["e",{"_placeholder":true,"num":0}])"));
  EXPECT_FALSE(Decode(R"(51-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"));
  EXPECT_FALSE(Decode(R"(52-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])"));
  EXPECT_FALSE(Decode(R"(51-["e",{"_placeholder":true,"num":1}])"));
  EXPECT_FALSE(Decode(R"(51-["e",{"_placeholder":true,"num":-1}])"));
  EXPECT_FALSE(Decode(R"(51-["e",{"_placeholder":true,"num":"0"}])"));
  // No '-' after the count, no count, too many attachments.
  EXPECT_FALSE(Decode(R"(51["e",{"_placeholder":true,"num":0}])"));
  EXPECT_FALSE(Decode(R"(5-["e"])"));
  EXPECT_FALSE(Decode(R"(517-["e"])"));
  EXPECT_FALSE(Decode(R"(599999999999999999999999-["e"])"));
}

TEST(SocketIoPacketTest, RejectsWhatTheOfficialServerClosesOn) {
  EXPECT_FALSE(Decode(""));
  EXPECT_FALSE(Decode("abc"));  // "4abc" on the wire: an unknown packet type.
  EXPECT_FALSE(Decode("7[\"e\"]"));
  EXPECT_FALSE(Decode("2{}"));          // "42{}": an event payload must be an array.
  EXPECT_FALSE(Decode("2abc[\"e\"]"));  // "42abc[...]": junk before the payload.
  EXPECT_FALSE(Decode("2[]"));          // No event name.
  EXPECT_FALSE(Decode("2[1]"));         // A name that is not a string.
  EXPECT_FALSE(Decode("2\"e\""));
  EXPECT_FALSE(Decode("2[\"e\""));    // JSON that does not parse.
  EXPECT_FALSE(Decode("2[\"e\"]x"));  // Trailing junk.
  EXPECT_FALSE(Decode("0[]"));        // CONNECT takes an object.
  EXPECT_FALSE(Decode("0\"x\""));
  EXPECT_FALSE(Decode("01{}"));                  // CONNECT has no ack id.
  EXPECT_FALSE(Decode("4{\"message\":\"x\"}"));  // CONNECT_ERROR is server → client only.
}

TEST(SocketIoPacketTest, RejectsNumbersBeyondDoubleRange) {
  // Boost.JSON would parse them as infinity and encode `Infinity`, which is not JSON.
  EXPECT_FALSE(Decode(R"(2["e",1e400])"));
  EXPECT_FALSE(Decode(R"(2["e",{"a":[-14444444e435]}])"));
  EXPECT_FALSE(Decode(R"(0{"n":1e99999})"));
  std::optional<Packet> big = Decode(R"(2["e",1.7e308,-1e-400])");
  ASSERT_TRUE(big);
  EXPECT_EQ(Encode(*big).find("Infinity"), std::string::npos);
}

TEST(SocketIoPacketTest, EncodesNumbersAsJavaScriptDoes) {
  std::optional<Packet> event = Decode(R"(2["ai_response",{"score":0.0,"confidence":0.75,"n":3}])");
  ASSERT_TRUE(event);
  EXPECT_EQ(Encode(*event), R"(2["ai_response",{"score":0,"confidence":0.75,"n":3}])");
}

TEST(SocketIoPacketTest, RejectsHugeAckIds) {
  EXPECT_TRUE(Decode("29007199254740991[\"e\"]"));   // 2^53 - 1.
  EXPECT_FALSE(Decode("29007199254740992[\"e\"]"));  // 2^53.
  EXPECT_FALSE(Decode("218446744073709551616[\"e\"]"));
  EXPECT_FALSE(Decode("2" + std::string(400, '9') + "[\"e\"]"));
}

TEST(SocketIoPacketTest, EncodesEveryShape) {
  Packet connect;
  connect.type = PacketType::kConnect;
  connect.data = json::object{{"sid", "abc"}};
  EXPECT_EQ(Encode(connect), R"(0{"sid":"abc"})");

  Packet error;
  error.type = PacketType::kConnectError;
  error.nsp = "/random";
  error.data = json::object{{"message", "Invalid namespace"}};
  EXPECT_EQ(Encode(error), R"(4/random,{"message":"Invalid namespace"})");

  Packet ack;
  ack.type = PacketType::kAck;
  ack.nsp = "/custom";
  ack.id = 7;
  ack.data = json::array{"a", 1};
  EXPECT_EQ(Encode(ack), R"(3/custom,7["a",1])");

  Packet binary;
  binary.type = PacketType::kBinaryEvent;
  binary.attachments = 1;
  binary.data = json::array{"b", json::object{{"_placeholder", true}, {"num", 0}}};
  EXPECT_EQ(Encode(binary), R"(51-["b",{"_placeholder":true,"num":0}])");

  Packet disconnect;
  disconnect.type = PacketType::kDisconnect;
  EXPECT_EQ(Encode(disconnect), "1");
}

TEST(SocketIoPacketTest, DecodeOfEncodeIsIdentity) {
  const char* kInputs[] = {
      "0",
      "0/admin,{\"token\":\"x\"}",
      "1/admin,",
      R"(2["e",null,1.5,-0,"\u00e9"])",
      R"(2/a,0["e"])",
      R"(39007199254740991[])",
      R"(51-/x,3["e",{"_placeholder":true,"num":0}])",
      R"(60-1[])",
  };
  for (const char* input : kInputs) {
    std::optional<Packet> first = Decode(input);
    ASSERT_TRUE(first) << input;
    std::optional<Packet> second = Decode(Encode(*first));
    ASSERT_TRUE(second) << input << " → " << Encode(*first);
    EXPECT_EQ(second->type, first->type);
    EXPECT_EQ(second->nsp, first->nsp);
    EXPECT_EQ(second->id, first->id);
    EXPECT_EQ(second->data, first->data);
    EXPECT_EQ(second->attachments, first->attachments);
  }
}

TEST(SocketIoPacketTest, CountsPlaceholdersAndRefusesBadOnes) {
  const json::value v = json::parse(
      R"([{"_placeholder":true,"num":1},{"x":{"_placeholder":true,"num":0}},{"_placeholder":false,"num":5}])");
  EXPECT_EQ(CountPlaceholders(v, 2), std::optional<std::size_t>(2));
  EXPECT_FALSE(CountPlaceholders(v, 1));  // num 1 is out of range.
  EXPECT_EQ(CountPlaceholders(json::parse(R"({"a":1})"), 0), std::optional<std::size_t>(0));
  EXPECT_FALSE(IsPlaceholder(json::parse(R"({"_placeholder":true,"num":2})"), 2));
  EXPECT_FALSE(IsPlaceholder(json::parse(R"({"_placeholder":"true","num":0})"), 1));
  EXPECT_TRUE(IsPlaceholder(json::parse(R"({"_placeholder":true,"num":0})"), 1));
}

}  // namespace
}  // namespace carevoice::realtime::sio
