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
// Access tokens are stateless HS256 JWTs: Logout revokes refresh tokens only, so an access token
// stays valid until it expires.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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
  // retry_after_seconds once `email` or `ip` has max_failed_logins failures in the window, even
  // for the right password. Success clears the email's failures, not the IP's. An empty `ip`
  // disables the per-IP limit.
  virtual core::Result<AuthTokens> Login(std::string_view email, std::string_view password,
                                         std::string_view ip) = 0;
  // Rotates `refresh_token`: returns new tokens (same family, a fresh refresh_ttl_seconds) and
  // retires the old one. Presenting a retired token revokes its whole family and fails with
  // kUnauthorized; so do unknown, revoked and expired tokens. kBadRequest if empty.
  virtual core::Result<AuthTokens> Refresh(std::string_view refresh_token) = 0;
  // Revokes the family of `refresh_token` (unknown tokens are ignored).
  virtual core::Result<void> Logout(std::string_view refresh_token) = 0;
  // Tokens().VerifyAccessToken(token) (token_verifier.hpp): safe to call on an I/O thread.
  virtual core::Result<AccessClaims> VerifyAccessToken(std::string_view token) const = 0;
  // Tokens().IssueAccessToken(user). Used by Register/Login/Refresh.
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
  // taken email is kBadRequest "User already exists with this email". Existing refresh tokens
  // are not revoked by a password change (the Store port has no per-user revocation yet).
  virtual core::Result<core::User> UpdateProfile(const std::string& user_id,
                                                 const ProfilePatch& patch) = 0;
};

std::unique_ptr<AuthService> MakeAuthService(store::Store& store, const core::Clock& clock,
                                             AuthConfig config);

}  // namespace carevoice::auth
