#include "telephony/livekit_webhook.hpp"

#include <openssl/sha.h>

#include <boost/json/parse.hpp>

#include <array>

#include "auth/jwt.hpp"
#include "core/strings.hpp"

namespace carevoice::telephony {
namespace {

namespace json = boost::json;

core::Error BadSignature(std::string message) {
  core::Error e = core::Error::Unauthorized(std::move(message));
  e.code = "INVALID_WEBHOOK_SIGNATURE";
  return e;
}

std::string StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t IntAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_string()) {  // proto3 JSON encodes int64 as a string.
    std::int64_t n = 0;
    for (char c : v->get_string()) {
      if (c < '0' || c > '9' || n > (INT64_MAX - 9) / 10) return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return 0;
}

}  // namespace

core::Result<WebhookEvent> VerifyWebhook(std::string_view body, std::string_view authorization,
                                         std::string_view api_key, std::string_view api_secret,
                                         core::TimeMs now_ms) {
  std::string_view token = core::TrimAscii(authorization);
  if (token.size() > 7 && core::EqualsIgnoreCaseAscii(token.substr(0, 7), "bearer ")) {
    token = core::TrimAscii(token.substr(7));
  }
  if (token.empty()) return BadSignature("Missing webhook Authorization");
  auto claims = auth::VerifyHs256(token, api_secret, now_ms);
  if (!claims) return BadSignature("Invalid webhook signature");
  if (StringAt(*claims, "iss") != api_key) return BadSignature("Webhook signed with another key");
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data());
  const std::string expected = core::Base64Encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  if (!core::ConstantTimeEquals(StringAt(*claims, "sha256"), expected)) {
    return BadSignature("Webhook body does not match its signature");
  }
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return core::Error::BadRequest("Webhook body must be a JSON object", "INVALID_WEBHOOK");
  }
  WebhookEvent e;
  e.raw = std::move(v.get_object());
  e.event = StringAt(e.raw, "event");
  if (e.event.empty()) {
    return core::Error::BadRequest("Webhook event has no \"event\"", "INVALID_WEBHOOK");
  }
  e.id = StringAt(e.raw, "id");
  e.created_at = IntAt(e.raw, "createdAt");
  if (const auto* room = e.raw.if_contains("room"); room != nullptr && room->is_object()) {
    e.room_name = StringAt(room->get_object(), "name");
    e.room_sid = StringAt(room->get_object(), "sid");
  }
  if (const auto* p = e.raw.if_contains("participant"); p != nullptr && p->is_object()) {
    e.participant = StringAt(p->get_object(), "identity");
  }
  return e;
}

}  // namespace carevoice::telephony
