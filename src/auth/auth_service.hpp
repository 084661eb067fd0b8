#pragma once

// Registration, login, token issue/verify/refresh/logout and profile updates. Blocking (bcrypt,
// store): run on the worker pool. Thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace carevoice::auth {

struct AuthConfig {
  std::string jwt_secret;                       // REQUIRES non-empty.
  std::int64_t access_ttl_seconds = 7 * 86400;  // JWT_EXPIRES_IN
  std::int64_t refresh_ttl_seconds = 30 * 86400;
  int bcrypt_cost = 10;        // >= 10 in production; tests may use 4.
  int max_failed_logins = 10;  // per IP and per email, in the window
  std::int64_t failed_login_window_seconds = 15 * 60;
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
};

struct ProfilePatch {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> avatar;
  std::optional<std::string> password;          // New password.
  std::optional<std::string> current_password;  // REQUIRED to change email or password.
};

struct AccessClaims {
  std::string user_id;
  std::string role;
  std::int64_t expires_at = 0;  // Seconds since epoch.
};

class AuthService {
 public:
  virtual ~AuthService() = default;

  // Validates (design.md rules; per-field details), hashes and stores the user, and issues
  // tokens. kBadRequest "User already exists with this email" on a duplicate email.
  virtual core::Result<AuthTokens> Register(const RegisterInput& input) = 0;
  // kUnauthorized "Invalid credentials" on unknown email or wrong password; kTooManyRequests with
  // retry_after_seconds after too many failures from `ip` or for `email`.
  virtual core::Result<AuthTokens> Login(std::string_view email, std::string_view password,
                                         std::string_view ip) = 0;
  // Rotates `refresh_token`: returns new tokens and retires the old one. Presenting a retired
  // token revokes its whole family and fails with kUnauthorized.
  virtual core::Result<AuthTokens> Refresh(std::string_view refresh_token) = 0;
  // Revokes the family of `refresh_token` (unknown tokens are ignored).
  virtual core::Result<void> Logout(std::string_view refresh_token) = 0;
  // Verifies an access token: HS256 only, signature in constant time, exp/nbf/iat. Cheap (no
  // store access, no bcrypt): safe to call on an I/O thread.
  virtual core::Result<AccessClaims> VerifyAccessToken(std::string_view token) const = 0;
  // Returns a signed access token for `user` (used by Register/Login/Refresh; exposed for tests).
  virtual std::string IssueAccessToken(const core::User& user) const = 0;
  virtual core::Result<core::User> GetUser(const std::string& user_id) = 0;
  virtual core::Result<core::User> UpdateProfile(const std::string& user_id,
                                                 const ProfilePatch& patch) = 0;
};

std::unique_ptr<AuthService> MakeAuthService(store::Store& store, const core::Clock& clock,
                                             AuthConfig config);

}  // namespace carevoice::auth
