#pragma once

// Registration, login, token issue/verify/refresh/logout and profile updates. Blocking (bcrypt,
// store): run on the worker pool, except VerifyAccessToken and IssueAccessToken. Thread-safe.
//
// Errors are core::Error values: kBadRequest with code "VALIDATION_ERROR" and `details` = {field:
// message} for invalid input (the old backend's messages, see docs/legacy-contract.md §2),
// kBadRequest "USER_EXISTS" for a taken email, kUnauthorized for bad credentials or tokens,
// kTooManyRequests with retry_after_seconds, and the store's own errors (kUnavailable, ...)
// passed through unchanged.
//
// Passwords are bcrypt-hashed (see password.hpp): only their first 72 bytes are significant.
//
// Sessions: a login (or registration) starts a session, whose id ("sid") is its refresh-token
// family. Access tokens are HS256 JWTs that carry the sid. Logout, a password change (every
// other session of the user) and the reuse of a retired refresh token (its family) end sessions:
// the store marks the family revoked and the SessionRevocations port (session_revocations.hpp)
// refuses the session's access tokens at once, with no database read per request. Revocations
// are loaded from the store when the service starts, so they survive a restart.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/rate_limiter.hpp"
#include "auth/token_verifier.hpp"
#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace carevoice::auth {

struct AuthConfig {
  std::string jwt_secret;                                     // REQUIRES non-empty.
  std::int64_t access_ttl_seconds = std::int64_t{7} * 86400;  // JWT_EXPIRES_IN
  std::int64_t refresh_ttl_seconds = std::int64_t{30} * 86400;
  int bcrypt_cost = 10;        // >= 10 in production; tests may use 4. Clamped to 4..31.
  int max_failed_logins = 10;  // per IP and per email, in the window
  std::int64_t failed_login_window_seconds = std::int64_t{15} * 60;
  std::int64_t visitor_ttl_seconds = std::int64_t{30} * 86400;
  int max_registrations_per_ip = 10;  // successful registrations per IP, in the window
  std::int64_t registration_window_seconds = 3600;
  // A rotated refresh token presented again within this many seconds gets the same new pair
  // (concurrent refreshes from two tabs or a retry); later it revokes the family. 0 = never.
  int refresh_grace_seconds = 5;  // REFRESH_GRACE_SECONDS
  int max_logins_per_ip = 30;     // successful logins per IP, in login_window_seconds
  std::int64_t login_window_seconds = std::int64_t{15} * 60;
  // Once an email has max_failed_logins failures in the window, an IP that failed on it waits
  // this long after its last failure before its next attempt on that email.
  std::int64_t email_pair_backoff_seconds = 30;
  // Optional: the login and registration counts shared by several processes (Redis); must
  // outlive the service.
  SharedCounters* shared_counters = nullptr;
};

struct AuthTokens {
  std::string token;          // The JWT access token.
  std::string refresh_token;  // Opaque; shown to the client once, stored only as a hash.
  core::User user;
};

struct RegisterInput {
  std::string name;
  std::string email;
  std::string password;
  std::string ip{};  // The client's address; "" = no per-IP registration limit.
};

struct ProfilePatch {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> avatar;
  std::optional<std::string> password;          // New password.
  std::optional<std::string> current_password;  // REQUIRED to change email or password.
  std::string session_id{};  // The caller's session: a password change ends every other one.
};

class AuthService {
 public:
  virtual ~AuthService() = default;

  // Validates (design.md rules; per-field details), hashes and stores the user with role "user",
  // and issues tokens (a new refresh-token family). Name is trimmed, email trimmed and
  // lower-cased. kBadRequest "All fields are required" if a field is empty, a rule's message
  // otherwise; kBadRequest "User already exists with this email" (code "USER_EXISTS") on a
  // duplicate email. kTooManyRequests (code "TOO_MANY_REQUESTS", retry_after_seconds) once
  // `input.ip` has max_registrations_per_ip successful registrations in the window, checked
  // before any validation or hashing.
  virtual core::Result<AuthTokens> Register(const RegisterInput& input) = 0;
  // Returns tokens (a new refresh-token family) for valid credentials. kBadRequest "Email and
  // password are required" if either is empty, "Please provide a valid email address" if the
  // email is malformed; kUnauthorized "Invalid credentials" on an unknown
  // email or a wrong password (both take one bcrypt verification); kTooManyRequests with
  // retry_after_seconds, even for the right password, once `ip` has max_failed_logins failures
  // or max_logins_per_ip successes in the window (an empty `ip` disables both). Per email,
  // failures slow down rather than lock out, so that nobody can lock a victim out: once the email
  // has max_failed_logins failures in the window, an `ip` that failed on it in the last
  // email_pair_backoff_seconds is refused until then, while an `ip` that did not (the owner,
  // elsewhere) is answered at once. Success clears the email's failures, not the IP's.
  virtual core::Result<AuthTokens> Login(std::string_view email, std::string_view password,
                                         std::string_view ip) = 0;
  // Rotates `refresh_token`: returns new tokens (same family, a fresh refresh_ttl_seconds) and
  // retires the old one. A retired token presented again within refresh_grace_seconds of its
  // rotation gets the very same new pair (so concurrent refreshes all succeed); later, it
  // revokes its whole family (session) and fails with kUnauthorized; so do unknown, revoked and
  // expired tokens. kBadRequest if empty.
  virtual core::Result<AuthTokens> Refresh(std::string_view refresh_token) = 0;
  // Ends the session of `refresh_token` (unknown tokens are ignored) and session `session_id`
  // ("" = none; the caller's own access token).
  virtual core::Result<void> Logout(std::string_view refresh_token,
                                    std::string_view session_id) = 0;
  // Ends every session of `user_id` (an admin action, or a compromised account).
  virtual core::Result<void> RevokeAllSessions(const std::string& user_id) = 0;
  // Deletes refresh tokens that expired (and whose access tokens can no longer be live) and
  // forgets revocations past their tokens' lifetime. Returns the number of tokens deleted.
  // Blocking: run on the worker pool, e.g. hourly.
  virtual core::Result<std::int64_t> PurgeExpired() = 0;
  // Tokens().VerifyAccessToken(token) (token_verifier.hpp): safe to call on an I/O thread.
  virtual core::Result<AccessClaims> VerifyAccessToken(std::string_view token) const = 0;
  // Tokens().IssueAccessToken(user) with no session (tests and tools).
  virtual std::string IssueAccessToken(const core::User& user) const = 0;
  // The token issuer/verifier of this service (access and visitor tokens), for the HTTP
  // authenticator and the realtime server. Lives as long as the service.
  virtual const TokenVerifier& Tokens() const = 0;
  // Returns the user, or kNotFound "User not found".
  virtual core::Result<core::User> GetUser(const std::string& user_id) = 0;
  // Applies `patch` and returns the updated user. Name and avatar (empty = none; a path or an
  // http(s) URL) need no password. Changing the email or the password requires
  // current_password: kBadRequest if absent, kUnauthorized if wrong (counted like a failed login
  // for the user's email, so kTooManyRequests applies). Fields are validated like Register; a
  // taken email is kBadRequest "User already exists with this email". A password change ends
  // every session of the user except patch.session_id (tokens without a sid included).
  virtual core::Result<core::User> UpdateProfile(const std::string& user_id,
                                                 const ProfilePatch& patch) = 0;
};

// `revocations`: the SessionRevocations adapter (null = an in-memory one owned by the service);
// it must outlive the service. Loads the revoked sessions from `store`.
std::unique_ptr<AuthService> MakeAuthService(store::Store& store, const core::Clock& clock,
                                             AuthConfig config,
                                             SessionRevocations* revocations = nullptr);

}  // namespace carevoice::auth
