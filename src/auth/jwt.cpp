#include "auth/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>

#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

constexpr std::int64_t kMaxLeewaySeconds = 86400;

core::Error InvalidToken() {
  core::Error e = core::Error::Unauthorized("Invalid token");
  e.code = "INVALID_TOKEN";
  return e;
}

core::Error ExpiredToken() {
  core::Error e = core::Error::Unauthorized("Token expired");
  e.code = "TOKEN_EXPIRED";
  return e;
}

// Returns base64url(HMAC-SHA256(secret, signing_input)), or nullopt if OpenSSL fails.
std::optional<std::string> Hs256Signature(std::string_view signing_input, std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
           mac.data(), &mac_len) == nullptr) {
    return std::nullopt;
  }
  return core::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(mac.data()), mac_len));
}

// Returns the JSON object encoded in base64url `segment`, or nullopt.
std::optional<boost::json::object> DecodeJsonObject(std::string_view segment) {
  if (segment.empty()) return std::nullopt;
  std::optional<std::string> bytes = core::Base64UrlDecode(segment);
  if (!bytes || !core::IsValidUtf8(*bytes)) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

// A NumericDate claim: absent, present and valid (whole seconds), or present but malformed.
struct NumericDate {
  bool present = false;
  bool valid = false;
  std::int64_t seconds = 0;
};

NumericDate ReadNumericDate(const boost::json::object& payload, std::string_view name) {
  NumericDate out;
  const boost::json::value* v = payload.if_contains(name);
  if (v == nullptr) return out;
  out.present = true;
  // Bound to ±2^53 so that later arithmetic with the leeway cannot overflow.
  constexpr std::int64_t kLimit = std::int64_t{1} << 53;
  if (v->is_int64()) {
    out.seconds = v->get_int64();
  } else if (v->is_uint64()) {
    if (v->get_uint64() > static_cast<std::uint64_t>(kLimit)) return out;
    out.seconds = static_cast<std::int64_t>(v->get_uint64());
  } else if (v->is_double()) {
    const double d = v->get_double();
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(kLimit)) return out;
    out.seconds = static_cast<std::int64_t>(std::floor(d));
  } else {
    return out;
  }
  if (out.seconds > kLimit || out.seconds < -kLimit) return out;
  out.valid = true;
  return out;
}

}  // namespace

std::string SignHs256(const boost::json::object& payload, std::string_view secret,
                      std::string_view typ) {
  assert(!secret.empty());
  const std::string header = R"({"alg":"HS256","typ":")" + std::string(typ) + R"("})";
  std::string input = core::Base64UrlEncode(header);
  input += '.';
  input += core::Base64UrlEncode(boost::json::serialize(payload));
  std::optional<std::string> signature = Hs256Signature(input, secret);
  assert(signature.has_value());
  input += '.';
  if (signature) input += *signature;
  return input;
}

std::string DeriveHs256Key(std::string_view secret, std::string_view label) {
  assert(!secret.empty());
  std::optional<std::string> key = Hs256Signature(label, secret);
  assert(key.has_value());
  return key.value_or(std::string());
}

core::Result<boost::json::object> VerifyHs256(std::string_view token, std::string_view secret,
                                              core::TimeMs now_ms, std::int64_t leeway_seconds,
                                              std::string_view typ) {
  if (secret.empty() || token.empty() || token.size() > kMaxJwtLength) return InvalidToken();
  const std::size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return InvalidToken();
  const std::size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return InvalidToken();
  if (token.find('.', second_dot + 1) != std::string_view::npos) return InvalidToken();
  const std::string_view header_b64 = token.substr(0, first_dot);
  const std::string_view payload_b64 = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_b64 = token.substr(second_dot + 1);
  if (header_b64.empty() || payload_b64.empty() || signature_b64.empty()) return InvalidToken();

  std::optional<boost::json::object> header = DecodeJsonObject(header_b64);
  if (!header) return InvalidToken();
  const boost::json::value* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") return InvalidToken();
  const boost::json::value* header_typ = header->if_contains("typ");
  if (header_typ == nullptr ? typ != kJwtTyp
                            : (!header_typ->is_string() || header_typ->get_string() != typ)) {
    return InvalidToken();
  }
  if (header->contains("crit")) return InvalidToken();

  // Comparing the canonical encoding also rejects padded or non-canonical base64 signatures.
  std::optional<std::string> expected = Hs256Signature(token.substr(0, second_dot), secret);
  if (!expected || !core::ConstantTimeEquals(*expected, signature_b64)) return InvalidToken();

  std::optional<boost::json::object> payload = DecodeJsonObject(payload_b64);
  if (!payload) return InvalidToken();

  const std::int64_t now = now_ms >= 0 ? now_ms / 1000 : (now_ms - 999) / 1000;
  const std::int64_t leeway = std::clamp<std::int64_t>(leeway_seconds, 0, kMaxLeewaySeconds);
  const NumericDate exp = ReadNumericDate(*payload, "exp");
  const NumericDate nbf = ReadNumericDate(*payload, "nbf");
  const NumericDate iat = ReadNumericDate(*payload, "iat");
  if (!exp.valid) return InvalidToken();
  if ((nbf.present && !nbf.valid) || (iat.present && !iat.valid)) return InvalidToken();
  if (nbf.present && nbf.seconds > now + leeway) return InvalidToken();
  if (iat.present && iat.seconds > now + leeway) return InvalidToken();
  if (now >= exp.seconds + leeway) return ExpiredToken();
  return std::move(*payload);
}

}  // namespace carevoice::auth
