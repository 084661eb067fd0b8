#pragma once

// Compact JWS (RFC 7515/7519) with HS256 only. Pure functions: no I/O, thread-safe, cheap enough
// for an I/O thread.

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace carevoice::auth {

// Clock skew tolerated on exp, nbf and iat.
inline constexpr std::int64_t kJwtLeewaySeconds = 30;
// Longer tokens are rejected before any decoding.
inline constexpr std::size_t kMaxJwtLength = 8192;

// The header "typ" of access tokens.
inline constexpr std::string_view kJwtTyp = "JWT";

// Returns "<header>.<payload>.<signature>" with the header {"alg":"HS256","typ":`typ`}, `payload`
// serialised as given, and an HMAC-SHA256 signature under `secret`. REQUIRES: !secret.empty(),
// `typ` is plain ASCII without quotes or backslashes.
std::string SignHs256(const boost::json::object& payload, std::string_view secret,
                      std::string_view typ = kJwtTyp);

// Returns base64url(HMAC-SHA256(secret, label)): a key for one purpose derived from `secret`, so
// that tokens signed for one purpose never verify for another. REQUIRES: !secret.empty().
std::string DeriveHs256Key(std::string_view secret, std::string_view label);

// Verifies `token` and returns its payload. Accepts only: three base64url segments; a header that
// is a JSON object with "alg" exactly "HS256", "typ" absent or "JWT", and no "crit"; a payload
// that is a JSON object; a signature equal (constant-time) to HMAC-SHA256 under `secret`; a
// numeric "exp" with now < exp + leeway; if present, numeric "nbf" <= now + leeway and numeric
// "iat" <= now + leeway. Every other input, including any other algorithm ("none", "HS512",
// "RS256", ...), fails with kUnauthorized: code "TOKEN_EXPIRED" for an expired but otherwise
// valid token, "INVALID_TOKEN" for everything else. Never throws on untrusted input.
core::Result<boost::json::object> VerifyHs256(std::string_view token, std::string_view secret,
                                              core::TimeMs now_ms,
                                              std::int64_t leeway_seconds = kJwtLeewaySeconds,
                                              std::string_view typ = kJwtTyp);

}  // namespace carevoice::auth
