#include "auth/auth_service.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cassert>
#include <utility>

#include "auth/password.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/validation.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

constexpr std::size_t kRefreshTokenBytes = 32;
// Longer presented refresh tokens cannot be ours (ours are 43 characters).
constexpr std::size_t kMaxRefreshTokenLength = 256;
constexpr std::string_view kUserExists = "User already exists with this email";
constexpr std::string_view kInvalidCredentials = "Invalid credentials";

core::Error UserExists() {
  return core::Error::BadRequest(std::string(kUserExists), "USER_EXISTS");
}

core::Error InvalidRefreshToken(std::string message = "Invalid refresh token") {
  core::Error e = core::Error::Unauthorized(std::move(message));
  e.code = "INVALID_REFRESH_TOKEN";
  return e;
}

core::Error TooManyRequests(std::string message, std::int64_t retry_after_seconds) {
  core::Error e{core::ErrorKind::kTooManyRequests, std::move(message), "TOO_MANY_REQUESTS", nullptr,
                0};
  e.retry_after_seconds = static_cast<int>(std::min<std::int64_t>(retry_after_seconds, 86400));
  return e;
}

core::Error TooManyAttempts(std::int64_t retry_after_seconds) {
  return TooManyRequests("Too many failed login attempts. Please try again later.",
                         retry_after_seconds);
}

std::string IpKey(std::string_view ip) { return "ip:" + std::string(ip); }
std::string EmailKey(std::string_view email) { return "email:" + std::string(email); }

// Collects per-field messages; the error message is the first failing rule in legacy order.
class FieldErrors {
 public:
  void Add(std::string_view field, const std::string& message) {
    if (details_.contains(field)) return;
    if (first_message_.empty()) first_message_ = message;
    details_[field] = message;
  }
  bool Empty() const { return details_.empty(); }
  core::Error ToError() const { return core::Error::Validation(first_message_, details_); }

 private:
  std::string first_message_;
  boost::json::object details_;
};

// Adds to `errors` the message for `field`: `required_message` if `value` is empty, else what
// `validate` reports.
void CheckField(FieldErrors& errors, std::string_view field, std::string_view value,
                std::string_view required_message,
                std::optional<std::string> (*validate)(std::string_view)) {
  if (value.empty()) {
    errors.Add(field, std::string(required_message));
  } else if (std::optional<std::string> message = validate(value)) {
    errors.Add(field, *message);
  }
}

class AuthServiceImpl final : public AuthService {
 public:
  AuthServiceImpl(store::Store& store, const core::Clock& clock, AuthConfig config)
      : store_(store),
        clock_(clock),
        config_(std::move(config)),
        tokens_(clock, TokenConfig{config_.jwt_secret, config_.access_ttl_seconds,
                                   config_.visitor_ttl_seconds}),
        limiter_(clock, std::max(1, config_.max_failed_logins),
                 std::max<std::int64_t>(1, config_.failed_login_window_seconds)),
        registrations_(clock, std::max(1, config_.max_registrations_per_ip),
                       std::max<std::int64_t>(1, config_.registration_window_seconds)) {
    assert(!config_.jwt_secret.empty());
    config_.bcrypt_cost = std::clamp(config_.bcrypt_cost, kMinBcryptCost, kMaxBcryptCost);
    // Unknown emails are checked against this hash so that they cost as much as wrong passwords.
    core::Result<std::string> dummy = HashPassword(core::RandomHex(16), config_.bcrypt_cost);
    if (dummy) dummy_hash_ = *dummy;
  }

  core::Result<AuthTokens> Register(const RegisterInput& input) override {
    if (!input.ip.empty()) {
      if (std::int64_t retry_after = registrations_.RetryAfterSeconds(input.ip); retry_after > 0) {
        return TooManyRequests(
            "Too many accounts created from this address. Please try again later.", retry_after);
      }
    }
    const std::string name = NormalizeName(input.name);
    const std::string email = NormalizeEmail(input.email);
    const std::string& password = input.password;
    if (name.empty() || email.empty() || password.empty()) {
      boost::json::object details;
      if (name.empty()) details["name"] = "Name is required";
      if (email.empty()) details["email"] = "Email is required";
      if (password.empty()) details["password"] = "Password is required";
      return core::Error::Validation("All fields are required", std::move(details));
    }
    FieldErrors errors;
    if (auto message = ValidateName(name)) errors.Add("name", *message);
    if (auto message = ValidateEmail(email)) errors.Add("email", *message);
    if (auto message = ValidatePassword(password)) errors.Add("password", *message);
    if (!errors.Empty()) return errors.ToError();

    core::Result<core::User> existing = store_.GetUserByEmail(email);
    if (existing) return UserExists();
    if (existing.error().kind != core::ErrorKind::kNotFound) return existing.error();

    core::Result<std::string> hash = HashPassword(password, config_.bcrypt_cost);
    if (!hash) return hash.error();
    core::User user;
    user.id = core::NewObjectId();
    user.name = name;
    user.email = email;
    user.password_hash = std::move(*hash);
    user.role = "user";
    user.created_at = clock_.NowMs();
    user.updated_at = user.created_at;
    if (core::Result<void> created = store_.CreateUser(user); !created) {
      if (created.error().kind == core::ErrorKind::kConflict) return UserExists();
      return created.error();
    }
    if (!input.ip.empty()) registrations_.RecordFailure(input.ip);
    return IssueTokens(std::move(user), core::RandomHex(16));
  }

  core::Result<AuthTokens> Login(std::string_view email_in, std::string_view password,
                                 std::string_view ip) override {
    const std::string email = NormalizeEmail(email_in);
    if (email.empty() || password.empty()) {
      boost::json::object details;
      if (email.empty()) details["email"] = "Email is required";
      if (password.empty()) details["password"] = "Password is required";
      return core::Error::Validation("Email and password are required", std::move(details));
    }
    if (auto message = ValidateEmail(email)) {
      boost::json::object details;
      details["email"] = *message;
      return core::Error::Validation(*message, std::move(details));
    }
    const std::string email_key = EmailKey(email);
    const std::string ip_key = IpKey(ip);
    std::int64_t retry_after = limiter_.RetryAfterSeconds(email_key);
    if (!ip.empty()) retry_after = std::max(retry_after, limiter_.RetryAfterSeconds(ip_key));
    if (retry_after > 0) return TooManyAttempts(retry_after);

    core::Result<core::User> user = store_.GetUserByEmail(email);
    if (!user && user.error().kind != core::ErrorKind::kNotFound) return user.error();
    // Unknown emails pay the same bcrypt cost as known ones.
    const bool password_ok = VerifyPassword(password, user ? user->password_hash : dummy_hash_);
    if (!user || !password_ok) {
      limiter_.RecordFailure(email_key);
      if (!ip.empty()) limiter_.RecordFailure(ip_key);
      return core::Error::Unauthorized(std::string(kInvalidCredentials));
    }
    limiter_.Clear(email_key);
    return IssueTokens(std::move(*user), core::RandomHex(16));
  }

  core::Result<AuthTokens> Refresh(std::string_view refresh_token) override {
    if (refresh_token.empty()) {
      return core::Error::BadRequest("Refresh token is required");
    }
    if (refresh_token.size() > kMaxRefreshTokenLength) return InvalidRefreshToken();
    const std::string hash = core::Sha256Hex(refresh_token);
    core::Result<store::RefreshToken> stored = store_.GetRefreshToken(hash);
    if (!stored) {
      if (stored.error().kind == core::ErrorKind::kNotFound) return InvalidRefreshToken();
      return stored.error();
    }
    if (stored->revoked) return InvalidRefreshToken();
    if (stored->used) {
      // A retired token came back: it was stolen or replayed. Retire every token of the login.
      if (core::Result<void> revoked = store_.RevokeRefreshFamily(stored->family_id); !revoked) {
        return revoked.error();
      }
      return InvalidRefreshToken();
    }
    const core::TimeMs now = clock_.NowMs();
    if (stored->expires_at <= now) return InvalidRefreshToken("Refresh token expired");

    core::Result<core::User> user = store_.GetUserById(stored->user_id);
    if (!user) {
      if (user.error().kind != core::ErrorKind::kNotFound) return user.error();
      (void)store_.RevokeRefreshFamily(stored->family_id);
      return InvalidRefreshToken();
    }
    std::string next_token = core::RandomBase64Url(kRefreshTokenBytes);
    store::RefreshToken next = MakeRefreshRecord(next_token, user->id, stored->family_id, now);
    if (core::Result<void> rotated = store_.RotateRefreshToken(hash, next); !rotated) {
      if (rotated.error().kind != core::ErrorKind::kUnauthorized) return rotated.error();
      // Another request rotated it first: treat as reuse.
      (void)store_.RevokeRefreshFamily(stored->family_id);
      return InvalidRefreshToken();
    }
    AuthTokens tokens;
    tokens.token = IssueAccessToken(*user);
    tokens.refresh_token = std::move(next_token);
    tokens.user = std::move(*user);
    return tokens;
  }

  core::Result<void> Logout(std::string_view refresh_token) override {
    if (refresh_token.empty() || refresh_token.size() > kMaxRefreshTokenLength) return {};
    core::Result<store::RefreshToken> stored =
        store_.GetRefreshToken(core::Sha256Hex(refresh_token));
    if (!stored) {
      if (stored.error().kind == core::ErrorKind::kNotFound) return {};
      return stored.error();
    }
    return store_.RevokeRefreshFamily(stored->family_id);
  }

  core::Result<AccessClaims> VerifyAccessToken(std::string_view token) const override {
    return tokens_.VerifyAccessToken(token);
  }

  std::string IssueAccessToken(const core::User& user) const override {
    return tokens_.IssueAccessToken(user);
  }

  const TokenVerifier& Tokens() const override { return tokens_; }

  core::Result<core::User> GetUser(const std::string& user_id) override {
    core::Result<core::User> user = store_.GetUserById(user_id);
    if (!user && user.error().kind == core::ErrorKind::kNotFound) {
      return core::Error::NotFound("User not found");
    }
    return user;
  }

  core::Result<core::User> UpdateProfile(const std::string& user_id,
                                         const ProfilePatch& patch) override {
    core::Result<core::User> current = GetUser(user_id);
    if (!current) return current.error();
    core::User user = std::move(*current);

    FieldErrors errors;
    std::optional<std::string> name;
    std::optional<std::string> email;
    if (patch.name) {
      name = NormalizeName(*patch.name);
      CheckField(errors, "name", *name, "Name is required", ValidateName);
    }
    if (patch.email) {
      email = NormalizeEmail(*patch.email);
      CheckField(errors, "email", *email, "Email is required", ValidateEmail);
      if (*email == user.email) email.reset();  // Not a change: needs no password.
    }
    if (patch.password) {
      CheckField(errors, "password", *patch.password, "Password is required", ValidatePassword);
    }
    if (patch.avatar) {
      if (auto message = ValidateAvatar(*patch.avatar)) errors.Add("avatar", *message);
    }
    if (!errors.Empty()) return errors.ToError();

    if (email || patch.password) {
      if (!patch.current_password || patch.current_password->empty()) {
        boost::json::object details;
        details["currentPassword"] = "Current password is required";
        return core::Error::Validation("Current password is required to change email or password",
                                       std::move(details));
      }
      // Guessing the password through this route counts like failed logins.
      const std::string email_key = EmailKey(user.email);
      if (std::int64_t retry_after = limiter_.RetryAfterSeconds(email_key); retry_after > 0) {
        return TooManyAttempts(retry_after);
      }
      if (!VerifyPassword(*patch.current_password, user.password_hash)) {
        limiter_.RecordFailure(email_key);
        return core::Error::Unauthorized("Current password is incorrect");
      }
    }
    if (email) {
      core::Result<core::User> owner = store_.GetUserByEmail(*email);
      if (owner && owner->id != user.id) return UserExists();
      if (!owner && owner.error().kind != core::ErrorKind::kNotFound) return owner.error();
      user.email = std::move(*email);
    }
    if (patch.password) {
      core::Result<std::string> hash = HashPassword(*patch.password, config_.bcrypt_cost);
      if (!hash) return hash.error();
      user.password_hash = std::move(*hash);
    }
    if (name) user.name = std::move(*name);
    if (patch.avatar) user.avatar = *patch.avatar;
    user.updated_at = clock_.NowMs();
    if (core::Result<void> updated = store_.UpdateUser(user); !updated) {
      if (updated.error().kind == core::ErrorKind::kConflict) return UserExists();
      return updated.error();
    }
    return user;
  }

 private:
  store::RefreshToken MakeRefreshRecord(std::string_view token, const std::string& user_id,
                                        const std::string& family_id, core::TimeMs now) const {
    store::RefreshToken record;
    record.token_hash = core::Sha256Hex(token);
    record.user_id = user_id;
    record.family_id = family_id;
    record.created_at = now;
    record.expires_at = now + config_.refresh_ttl_seconds * 1000;
    return record;
  }

  // Starts refresh-token family `family_id` for `user` and returns both tokens.
  core::Result<AuthTokens> IssueTokens(core::User user, const std::string& family_id) {
    AuthTokens tokens;
    tokens.refresh_token = core::RandomBase64Url(kRefreshTokenBytes);
    store::RefreshToken record =
        MakeRefreshRecord(tokens.refresh_token, user.id, family_id, clock_.NowMs());
    if (core::Result<void> inserted = store_.InsertRefreshToken(record); !inserted) {
      return inserted.error();
    }
    tokens.token = IssueAccessToken(user);
    tokens.user = std::move(user);
    return tokens;
  }

  store::Store& store_;
  const core::Clock& clock_;
  AuthConfig config_;
  TokenVerifier tokens_;
  RateLimiter limiter_;
  RateLimiter registrations_;  // Successful registrations per IP.
  std::string dummy_hash_;
};

}  // namespace

std::unique_ptr<AuthService> MakeAuthService(store::Store& store, const core::Clock& clock,
                                             AuthConfig config) {
  return std::make_unique<AuthServiceImpl>(store, clock, std::move(config));
}

}  // namespace carevoice::auth
