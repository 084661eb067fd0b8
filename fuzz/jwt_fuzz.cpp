// libFuzzer target for JWT verification (every Bearer header and visitor token is untrusted).
// The input is the token; it is verified under a fixed key, then re-signed payloads are checked to
// round-trip. Verification must never crash or throw, and must fail unless the signature is
// right: a fuzzer that finds an accepted token it did not sign has found a forgery.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "core/strings.hpp"

namespace auth = carevoice::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kSecret = "fuzz-secret-0123456789abcdef";
  constexpr carevoice::core::TimeMs kNow = 1'800'000'000'000;
  const std::string_view token(reinterpret_cast<const char*>(data), size);

  auto verified = auth::VerifyHs256(token, kSecret, kNow);
  if (verified) {
    // Only a token carrying our own HMAC can pass: re-signing its payload must verify too.
    const std::string again = auth::SignHs256(*verified, kSecret);
    if (!auth::VerifyHs256(again, kSecret, kNow)) std::abort();
  } else if (verified.error().HttpStatus() != 401) {
    std::abort();
  }
  // A token signed with another key never verifies.
  if (auth::VerifyHs256(token, "another-secret", kNow) && verified) std::abort();

  // The input as a payload string: signing then verifying round-trips it. (Claims are JSON text,
  // so only valid UTF-8 can round-trip; every claim CareVoice signs comes from validated input.)
  if (!carevoice::core::IsValidUtf8(token)) return 0;
  // A signed token longer than kMaxJwtLength is refused by design (a bound on what a request may
  // make the server parse): a subject of control characters, escaped six bytes each in JSON,
  // grows past it. Only a token within the bound must round-trip.
  boost::json::object payload{{"sub", token}, {"exp", 1'900'000'000}};
  const std::string signed_token = auth::SignHs256(payload, kSecret);
  if (signed_token.size() > auth::kMaxJwtLength) return 0;
  auto round = auth::VerifyHs256(signed_token, kSecret, kNow);
  if (!round || (*round)["sub"] != payload["sub"]) std::abort();
  return 0;
}
