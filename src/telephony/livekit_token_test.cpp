#include "telephony/livekit_token.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>

#include <array>
#include <string>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::telephony {
namespace {

constexpr core::TimeMs kNow = 1'700'000'000'123;

struct DecodedJwt {
  boost::json::object header;
  boost::json::object payload;
  std::string signing_input;
  std::string signature;  // Raw bytes.
};

DecodedJwt Decode(const std::string& token) {
  const std::vector<std::string_view> parts = core::Split(token, '.');
  EXPECT_EQ(parts.size(), 3u);
  DecodedJwt out;
  if (parts.size() != 3) return out;
  out.header = boost::json::parse(core::Base64UrlDecode(parts[0]).value()).as_object();
  out.payload = boost::json::parse(core::Base64UrlDecode(parts[1]).value()).as_object();
  out.signing_input = std::string(parts[0]) + "." + std::string(parts[1]);
  out.signature = core::Base64UrlDecode(parts[2]).value();
  return out;
}

// An HMAC-SHA256 computed here, independently of the code under test.
std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &len);
  return std::string(reinterpret_cast<const char*>(mac.data()), len);
}

LiveKitTokenOptions JoinOptions() {
  LiveKitTokenOptions o;
  o.identity = "user-42";
  o.name = "Ada";
  o.grant.room = "support-room";
  o.grant.room_join = true;
  o.grant.can_publish = true;
  o.grant.can_subscribe = true;
  o.grant.can_publish_data = true;
  return o;
}

TEST(LiveKitTokenTest, HeaderIsHs256Jwt) {
  const DecodedJwt jwt = Decode(CreateLiveKitToken("APIkey", "s3cret", JoinOptions(), kNow));
  EXPECT_EQ(jwt.header.at("alg").as_string(), "HS256");
  EXPECT_EQ(jwt.header.at("typ").as_string(), "JWT");
}

TEST(LiveKitTokenTest, SignatureVerifiesWithTheSecretOnly) {
  const DecodedJwt jwt = Decode(CreateLiveKitToken("APIkey", "s3cret", JoinOptions(), kNow));
  EXPECT_EQ(jwt.signature, HmacSha256("s3cret", jwt.signing_input));
  EXPECT_NE(jwt.signature, HmacSha256("other", jwt.signing_input));
}

TEST(LiveKitTokenTest, StandardClaimsUseLiveKitNames) {
  const DecodedJwt jwt = Decode(CreateLiveKitToken("APIkey", "s3cret", JoinOptions(), kNow));
  EXPECT_EQ(jwt.payload.at("iss").as_string(), "APIkey");
  EXPECT_EQ(jwt.payload.at("sub").as_string(), "user-42");
  EXPECT_EQ(jwt.payload.at("jti").as_string(), "user-42");
  EXPECT_EQ(jwt.payload.at("name").as_string(), "Ada");
  EXPECT_EQ(jwt.payload.at("nbf").as_int64(), kNow / 1000);
  EXPECT_EQ(jwt.payload.at("exp").as_int64(), kNow / 1000 + kDefaultLiveKitTokenTtlSeconds);
  EXPECT_FALSE(jwt.payload.contains("metadata"));
}

TEST(LiveKitTokenTest, JoinGrantHasRoomAndPermissions) {
  const DecodedJwt jwt = Decode(CreateLiveKitToken("APIkey", "s3cret", JoinOptions(), kNow));
  const boost::json::object& video = jwt.payload.at("video").as_object();
  EXPECT_EQ(video.at("room").as_string(), "support-room");
  EXPECT_TRUE(video.at("roomJoin").as_bool());
  EXPECT_TRUE(video.at("canPublish").as_bool());
  EXPECT_TRUE(video.at("canSubscribe").as_bool());
  EXPECT_TRUE(video.at("canPublishData").as_bool());
  EXPECT_FALSE(video.contains("roomCreate"));
  EXPECT_FALSE(video.contains("roomList"));
  EXPECT_FALSE(video.contains("roomAdmin"));
}

TEST(LiveKitTokenTest, AdminGrantsAndCustomTtl) {
  LiveKitTokenOptions o = JoinOptions();
  o.grant.room_create = true;
  o.grant.room_list = true;
  o.grant.can_publish = false;
  o.ttl_seconds = 60;
  o.metadata = R"({"k":1})";
  const DecodedJwt jwt = Decode(CreateLiveKitToken("APIkey", "s3cret", o, kNow));
  const boost::json::object& video = jwt.payload.at("video").as_object();
  EXPECT_TRUE(video.at("roomCreate").as_bool());
  EXPECT_TRUE(video.at("roomList").as_bool());
  EXPECT_FALSE(video.at("canPublish").as_bool());
  EXPECT_EQ(jwt.payload.at("exp").as_int64(), kNow / 1000 + 60);
  EXPECT_EQ(jwt.payload.at("metadata").as_string(), R"({"k":1})");
}

TEST(LiveKitTokenTest, NameOmittedWhenEmpty) {
  LiveKitTokenOptions o = JoinOptions();
  o.name.clear();
  const DecodedJwt jwt = Decode(CreateLiveKitToken("k", "s", o, kNow));
  EXPECT_FALSE(jwt.payload.contains("name"));
}

TEST(LiveKitWsUrlTest, MapsSchemes) {
  EXPECT_EQ(LiveKitWsUrl("https://x.livekit.cloud"), "wss://x.livekit.cloud");
  EXPECT_EQ(LiveKitWsUrl("HTTP://localhost:7880/"), "ws://localhost:7880");
  EXPECT_EQ(LiveKitWsUrl("wss://a.b"), "wss://a.b");
  EXPECT_EQ(LiveKitWsUrl("ws://a.b:7880"), "ws://a.b:7880");
  EXPECT_EQ(LiveKitWsUrl("customercare.livekit.cloud"), "wss://customercare.livekit.cloud");
  EXPECT_EQ(LiveKitWsUrl("  "), "");
  EXPECT_EQ(LiveKitWsUrl(""), "");
}

TEST(RoomNameTest, AcceptsSafeNamesOnly) {
  EXPECT_TRUE(IsValidRoomName("test-room"));
  EXPECT_TRUE(IsValidRoomName("Room_1.a:b=c@d"));
  EXPECT_FALSE(IsValidRoomName(""));
  EXPECT_FALSE(IsValidRoomName("a b"));
  EXPECT_FALSE(IsValidRoomName("../etc"));
  EXPECT_FALSE(IsValidRoomName(std::string(kMaxRoomNameLength + 1, 'a')));
  EXPECT_TRUE(IsValidRoomName(std::string(kMaxRoomNameLength, 'a')));
}

}  // namespace
}  // namespace carevoice::telephony
