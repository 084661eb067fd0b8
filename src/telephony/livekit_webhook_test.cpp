#include "telephony/livekit_webhook.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <boost/json/object.hpp>

#include <array>
#include <string>

#include "auth/jwt.hpp"
#include "core/strings.hpp"

namespace carevoice::telephony {
namespace {

constexpr std::string_view kKey = "APIkey123";
constexpr std::string_view kSecret = "a-livekit-secret-of-enough-length-123456";
constexpr core::TimeMs kNow = 1'800'000'000'000;

std::string Digest(std::string_view body) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> d{};
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), d.data());
  return core::Base64Encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

// Signs like LiveKit: {iss, nbf, exp, sha256} with HS256 under the API secret.
std::string Sign(std::string_view body, std::string_view key = kKey,
                 std::string_view secret = kSecret, std::int64_t exp_offset = 300) {
  boost::json::object claims{{"iss", key},
                             {"nbf", kNow / 1000 - 5},
                             {"exp", kNow / 1000 + exp_offset},
                             {"sha256", Digest(body)}};
  return auth::SignHs256(claims, secret);
}

const std::string kBody = R"({"event":"room_finished","id":"EV_1","createdAt":"1800000000",)"
                          R"("room":{"name":"conv-0123456789abcdef01234567","sid":"RM_x"}})";

TEST(LiveKitWebhookTest, AcceptsASignedEventAndParsesIt) {
  auto e = VerifyWebhook(kBody, Sign(kBody), kKey, kSecret, kNow);
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_EQ(e->event, "room_finished");
  EXPECT_EQ(e->id, "EV_1");
  EXPECT_EQ(e->room_name, "conv-0123456789abcdef01234567");
  EXPECT_EQ(e->room_sid, "RM_x");
  EXPECT_EQ(e->created_at, 1'800'000'000);
  // A "Bearer " prefix is accepted too.
  EXPECT_TRUE(VerifyWebhook(kBody, "Bearer " + Sign(kBody), kKey, kSecret, kNow).has_value());
}

TEST(LiveKitWebhookTest, RefusesTamperingForeignKeysAndExpiry) {
  const std::string token = Sign(kBody);
  auto expect_refused = [](const core::Result<WebhookEvent>& r, const char* what) {
    ASSERT_FALSE(r.has_value()) << what;
    EXPECT_EQ(r.error().kind, core::ErrorKind::kUnauthorized) << what;
    EXPECT_EQ(r.error().code, "INVALID_WEBHOOK_SIGNATURE") << what;
  };
  std::string tampered = kBody;
  tampered.replace(tampered.find("room_finished"), 13, "room_started_");
  expect_refused(VerifyWebhook(tampered, token, kKey, kSecret, kNow), "tampered body");
  expect_refused(VerifyWebhook(kBody, "", kKey, kSecret, kNow), "no header");
  expect_refused(VerifyWebhook(kBody, "Bearer ", kKey, kSecret, kNow), "empty bearer");
  expect_refused(VerifyWebhook(kBody, Sign(kBody, "OtherKey"), kKey, kSecret, kNow),
                 "another API key");
  expect_refused(VerifyWebhook(kBody, Sign(kBody, kKey, "another-secret-of-enough-length-0000000"),
                               kKey, kSecret, kNow),
                 "another secret");
  expect_refused(VerifyWebhook(kBody, Sign(kBody, kKey, kSecret, -3600), kKey, kSecret, kNow),
                 "expired");
  expect_refused(VerifyWebhook(kBody, "not.a.jwt", kKey, kSecret, kNow), "garbage");
}

TEST(LiveKitWebhookTest, ASignedBodyThatIsNotAnEventIsABadRequest) {
  for (const std::string& body : {std::string("[1,2]"), std::string("{\"id\":\"x\"}"),
                                  std::string("{\"event\":7}"), std::string("not json")}) {
    auto r = VerifyWebhook(body, Sign(body), kKey, kSecret, kNow);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().code, "INVALID_WEBHOOK") << body;
  }
}

}  // namespace
}  // namespace carevoice::telephony
