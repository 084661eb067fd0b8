#include "auth/token_verifier.hpp"

#include <boost/json/object.hpp>

#include <cassert>
#include <utility>

#include "auth/jwt.hpp"
#include "core/ids.hpp"

namespace carevoice::auth {
namespace {

constexpr std::string_view kVisitorTyp = "visitor";
constexpr std::string_view kVisitorKeyLabel = "carevoice-visitor";

core::Error InvalidToken(const char* message, const char* code) {
  core::Error e = core::Error::Unauthorized(message);
  e.code = code;
  return e;
}

core::Error InvalidAccessToken() { return InvalidToken("Invalid token", "INVALID_TOKEN"); }

core::Error InvalidVisitorToken() {
  return InvalidToken("Invalid visitor token", "INVALID_VISITOR_TOKEN");
}

// Returns the 24-hex string claim `name`, or nullptr.
const boost::json::string* IdClaim(const boost::json::object& payload, std::string_view name) {
  const boost::json::value* v = payload.if_contains(name);
  if (v == nullptr || !v->is_string() || !core::IsObjectId(v->get_string())) return nullptr;
  return &v->get_string();
}

// Returns a numeric claim as whole seconds. REQUIRES: `v` is a number.
std::int64_t NumericClaim(const boost::json::value& v) {
  return v.is_int64()    ? v.get_int64()
         : v.is_uint64() ? static_cast<std::int64_t>(v.get_uint64())
                         : static_cast<std::int64_t>(v.get_double());
}

}  // namespace

TokenVerifier::TokenVerifier(const core::Clock& clock, TokenConfig config,
                             const SessionRevocations* revocations)
    : clock_(clock),
      config_(std::move(config)),
      revocations_(revocations),
      visitor_key_(DeriveHs256Key(config_.jwt_secret, kVisitorKeyLabel)) {
  assert(!config_.jwt_secret.empty());
}

core::Result<Principal> TokenVerifier::VerifyAccessToken(std::string_view token) const {
  core::Result<boost::json::object> payload =
      VerifyHs256(token, config_.jwt_secret, clock_.NowMs());
  if (!payload) return payload.error();
  // "sub" is ours; legacy tokens carry only "userId". If both are present they must agree.
  const boost::json::value* sub = payload->if_contains("sub");
  const boost::json::value* legacy_id = payload->if_contains("userId");
  if (sub != nullptr && !sub->is_string()) return InvalidAccessToken();
  if (legacy_id != nullptr && !legacy_id->is_string()) return InvalidAccessToken();
  if (sub != nullptr && legacy_id != nullptr && sub->get_string() != legacy_id->get_string()) {
    return InvalidAccessToken();
  }
  const boost::json::value* id = sub != nullptr ? sub : legacy_id;
  if (id == nullptr || !core::IsObjectId(id->get_string())) return InvalidAccessToken();
  Principal principal;
  principal.user_id = std::string(id->get_string());
  principal.role = core::UserRole::kUser;
  if (const boost::json::value* role = payload->if_contains("role"); role != nullptr) {
    const std::optional<core::UserRole> parsed =
        role->is_string() ? core::ParseUserRole(role->get_string()) : std::nullopt;
    if (!parsed) return InvalidAccessToken();
    principal.role = *parsed;
  }
  // VerifyHs256 guarantees a numeric exp, and a numeric iat if present.
  principal.expires_at = NumericClaim(payload->at("exp"));
  if (const boost::json::value* iat = payload->if_contains("iat"); iat != nullptr) {
    principal.issued_at = NumericClaim(*iat);
  }
  if (const boost::json::value* sid = payload->if_contains("sid"); sid != nullptr) {
    if (!sid->is_string() || sid->get_string().empty() || sid->get_string().size() > 64) {
      return InvalidAccessToken();
    }
    principal.session_id = std::string(sid->get_string());
  }
  if (IsRevoked(principal)) {
    return InvalidToken("Session has ended", "SESSION_REVOKED");
  }
  return principal;
}

bool TokenVerifier::IsRevoked(const Principal& principal) const {
  return revocations_ != nullptr &&
         revocations_->IsRevoked(principal.user_id, principal.session_id, principal.issued_at);
}

std::string TokenVerifier::IssueAccessToken(const core::User& user,
                                            std::string_view session_id) const {
  const std::int64_t now = clock_.NowMs() / 1000;
  boost::json::object payload;
  payload["sub"] = user.id;
  payload["userId"] = user.id;
  payload["role"] = core::Name(user.role);
  payload["iat"] = now;
  payload["exp"] = now + config_.access_ttl_seconds;
  payload["jti"] = core::RandomHex(16);
  if (!session_id.empty()) payload["sid"] = session_id;
  return SignHs256(payload, config_.jwt_secret);
}

VisitorToken TokenVerifier::IssueVisitorToken(std::string_view agent_id) const {
  VisitorToken out;
  out.visitor_id = core::NewObjectId();
  out.token = IssueVisitorTokenFor(agent_id, out.visitor_id);
  return out;
}

std::string TokenVerifier::IssueVisitorTokenFor(std::string_view agent_id,
                                                std::string_view visitor_id) const {
  assert(core::IsObjectId(agent_id) && core::IsObjectId(visitor_id));
  const std::int64_t now = clock_.NowMs() / 1000;
  boost::json::object payload;
  payload["sub"] = visitor_id;
  payload["aid"] = agent_id;
  payload["iat"] = now;
  payload["exp"] = now + config_.visitor_ttl_seconds;
  return SignHs256(payload, visitor_key_, kVisitorTyp);
}

core::Result<std::string> TokenVerifier::VerifyVisitorToken(
    std::string_view token, std::string_view expected_agent_id) const {
  core::Result<boost::json::object> payload =
      VerifyHs256(token, visitor_key_, clock_.NowMs(), kJwtLeewaySeconds, kVisitorTyp);
  if (!payload) {
    if (payload.error().code == "TOKEN_EXPIRED") return payload.error();
    return InvalidVisitorToken();
  }
  const boost::json::string* visitor_id = IdClaim(*payload, "sub");
  const boost::json::string* agent_id = IdClaim(*payload, "aid");
  if (visitor_id == nullptr || agent_id == nullptr || *agent_id != expected_agent_id) {
    return InvalidVisitorToken();
  }
  return std::string(*visitor_id);
}

}  // namespace carevoice::auth
