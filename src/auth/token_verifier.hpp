#pragma once

// Signed tokens of CareVoice: staff access tokens (JWT → principal) and visitor tokens (JWT →
// visitor id of one published agent). Both are HS256 JWTs (algorithm pinned, jwt.hpp), but they
// are signed with different keys: access tokens with JWT_SECRET itself, visitor tokens with
// HMAC-SHA256(JWT_SECRET, "carevoice-visitor"), and a visitor token also carries typ "visitor".
// So an access token never verifies as a visitor token and a visitor token never verifies as an
// access token. Pure computation (HMAC, no store, no bcrypt): safe to call on an I/O thread.
// Thread-safe (immutable after construction).

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/session_revocations.hpp"
#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace carevoice::auth {

// The authenticated staff user of a request or a socket.
struct Principal {
  std::string user_id;
  core::UserRole role = core::UserRole::kUser;
  std::int64_t expires_at = 0;  // Seconds since epoch.
  std::int64_t issued_at = 0;   // Seconds since epoch ("iat"; 0 if absent).
  std::string session_id{};     // "sid": the refresh-token family of the login; "" if absent.
};
// The old name of Principal.
using AccessClaims = Principal;

struct TokenConfig {
  std::string jwt_secret;                                     // REQUIRES non-empty.
  std::int64_t access_ttl_seconds = std::int64_t{7} * 86400;  // JWT_EXPIRES_IN
  std::int64_t visitor_ttl_seconds = std::int64_t{30} * 86400;
};

// A visitor token and the visitor id it names.
struct VisitorToken {
  std::string token;
  std::string visitor_id;  // 24-hex (core::NewObjectId).
};

class TokenVerifier {
 public:
  // `clock` and `revocations` (optional: null = no session can be revoked) must outlive this.
  TokenVerifier(const core::Clock& clock, TokenConfig config,
                const SessionRevocations* revocations = nullptr);

  // Verifies a staff access token: HS256 only, signature in constant time, exp/nbf/iat
  // (jwt.hpp). The user id is "sub", or "userId" for the old backend's tokens (both must agree if
  // both are present, and be 24-hex); role is "user" (default) or "admin". A token with typ
  // "visitor" in its header is rejected. kUnauthorized with code "TOKEN_EXPIRED" or
  // "INVALID_TOKEN". A token whose session was revoked (session_revocations.hpp; an optional
  // string "sid" names the session) fails with kUnauthorized "SESSION_REVOKED". Does not check
  // that the user still exists. No I/O.
  core::Result<Principal> VerifyAccessToken(std::string_view token) const;
  // Returns true if `principal`'s session has been revoked since it was verified (a live
  // Socket.IO connection re-checks its principal with this). O(1), no I/O.
  bool IsRevoked(const Principal& principal) const;
  // Returns a signed access token for `user` with claims sub and userId (both user.id), role,
  // iat, exp (iat + access_ttl_seconds), a random jti and, if not empty, sid = `session_id`.
  std::string IssueAccessToken(const core::User& user, std::string_view session_id = {}) const;

  // Returns a new visitor id and its token for `agent_id`: header typ "visitor", claims sub (the
  // visitor id), aid (`agent_id`), iat, exp (iat + visitor_ttl_seconds), signed with the visitor
  // key. REQUIRES: `agent_id` is a 24-hex id.
  VisitorToken IssueVisitorToken(std::string_view agent_id) const;
  // Returns a token for an existing `visitor_id` of `agent_id` (a renewal), like
  // IssueVisitorToken. REQUIRES: both are 24-hex ids.
  std::string IssueVisitorTokenFor(std::string_view agent_id, std::string_view visitor_id) const;
  // Verifies a visitor token and returns its visitor id. kUnauthorized "TOKEN_EXPIRED" for an
  // expired token; kUnauthorized "INVALID_VISITOR_TOKEN" for anything else: a bad signature
  // (an access token included), a header typ other than "visitor", a sub or aid that is not
  // 24-hex, or an aid other than `expected_agent_id`.
  core::Result<std::string> VerifyVisitorToken(std::string_view token,
                                               std::string_view expected_agent_id) const;

 private:
  const core::Clock& clock_;
  TokenConfig config_;
  const SessionRevocations* revocations_;
  std::string visitor_key_;  // HMAC-SHA256(jwt_secret, "carevoice-visitor"), raw bytes.
};

}  // namespace carevoice::auth
