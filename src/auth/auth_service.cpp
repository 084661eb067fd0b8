#include "auth/auth_service.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "auth/jwt.hpp"
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
std::string PairKey(std::string_view email, std::string_view ip) {
  return std::string(email) + "|" + std::string(ip);
}

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

// A rotation: the pair a refresh token was rotated into, and its session.
struct Rotated {
  AuthTokens tokens;
  std::string session_id;
};

// Rotated refresh tokens of the last few seconds and the pair each was rotated into, so that a
// concurrent or retried refresh of the same token gets the same answer. Thread-safe.
class RecentRotations {
 public:
  explicit RecentRotations(core::TimeMs grace_ms) : grace_ms_(grace_ms) {}

  // Returns the pair `old_hash` was rotated into, if that was less than grace_ms ago.
  std::optional<Rotated> Find(const std::string& old_hash, core::TimeMs now) {
    std::lock_guard lock(mu_);
    Expire(now);
    const auto it = by_hash_.find(old_hash);
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
  }
  void Add(const std::string& old_hash, Rotated rotated, core::TimeMs now) {
    if (grace_ms_ <= 0) return;
    std::lock_guard lock(mu_);
    Expire(now);
    if (by_hash_.emplace(old_hash, std::move(rotated)).second) order_.emplace_back(now, old_hash);
  }

 private:
  void Expire(core::TimeMs now) {
    while (!order_.empty() && order_.front().first + grace_ms_ <= now) {
      by_hash_.erase(order_.front().second);
      order_.pop_front();
    }
  }

  const core::TimeMs grace_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Rotated> by_hash_;        // Guarded by mu_.
  std::deque<std::pair<core::TimeMs, std::string>> order_;  // Guarded by mu_. Oldest first.
};

class AuthServiceImpl final : public AuthService {
 public:
  AuthServiceImpl(store::Store& store, const core::Clock& clock, AuthConfig config,
                  SessionRevocations* revocations)
      : store_(store),
        clock_(clock),
        config_(std::move(config)),
        owned_revocations_(revocations == nullptr ? MakeInMemorySessionRevocations() : nullptr),
        revocations_(revocations != nullptr ? *revocations : *owned_revocations_),
        tokens_(clock,
                TokenConfig{config_.jwt_secret, config_.access_ttl_seconds,
                            config_.visitor_ttl_seconds},
                &revocations_),
        recent_rotations_(std::int64_t{std::max(0, config_.refresh_grace_seconds)} * 1000),
        limiter_(clock, std::max(1, config_.max_failed_logins),
                 std::max<std::int64_t>(1, config_.failed_login_window_seconds)),
        registrations_(clock, std::max(1, config_.max_registrations_per_ip),
                       std::max<std::int64_t>(1, config_.registration_window_seconds)),
        logins_(clock, std::max(1, config_.max_logins_per_ip),
                std::max<std::int64_t>(1, config_.login_window_seconds)),
        pair_failures_(clock, 1, std::max<std::int64_t>(1, config_.email_pair_backoff_seconds)) {
    assert(!config_.jwt_secret.empty());
    config_.bcrypt_cost = std::clamp(config_.bcrypt_cost, kMinBcryptCost, kMaxBcryptCost);
    limiter_.Share(config_.shared_counters, "login_failures");
    registrations_.Share(config_.shared_counters, "registrations");
    logins_.Share(config_.shared_counters, "logins");
    pair_failures_.Share(config_.shared_counters, "login_pairs");
    // Unknown emails are checked against this hash so that they cost as much as wrong passwords.
    core::Result<std::string> dummy = HashPassword(core::RandomHex(16), config_.bcrypt_cost);
    if (dummy) dummy_hash_ = *dummy;
    LoadRevocations();
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
    user.role = core::UserRole::kUser;
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
    const std::string pair_key = PairKey(email, ip);
    std::int64_t retry_after = 0;
    if (!ip.empty()) {
      retry_after = std::max(limiter_.RetryAfterSeconds(ip_key), logins_.RetryAfterSeconds(ip));
    }
    // An email with max_failed_logins recent failures is under attack: it slows down, it does not
    // lock out. An address that failed on it in the last email_pair_backoff_seconds waits; an
    // address that did not (its owner, elsewhere) is answered at once.
    if (retry_after == 0 && limiter_.RetryAfterSeconds(email_key) > 0) {
      retry_after = pair_failures_.RetryAfterSeconds(pair_key);
    }
    if (retry_after > 0) return TooManyAttempts(retry_after);

    core::Result<core::User> user = store_.GetUserByEmail(email);
    if (!user && user.error().kind != core::ErrorKind::kNotFound) return user.error();
    // Unknown emails pay the same bcrypt cost as known ones.
    const bool password_ok = VerifyPassword(password, user ? user->password_hash : dummy_hash_);
    if (!user || !password_ok) {
      limiter_.RecordFailure(email_key);
      pair_failures_.RecordFailure(pair_key);
      if (!ip.empty()) limiter_.RecordFailure(ip_key);
      return core::Error::Unauthorized(std::string(kInvalidCredentials));
    }
    limiter_.Clear(email_key);
    if (!ip.empty()) logins_.RecordFailure(ip);
    return IssueTokens(std::move(*user), core::RandomHex(16));
  }

  core::Result<AuthTokens> Refresh(std::string_view refresh_token) override {
    if (refresh_token.empty()) {
      return core::Error::BadRequest("Refresh token is required");
    }
    if (refresh_token.size() > kMaxRefreshTokenLength) return InvalidRefreshToken();
    const std::string hash = core::Sha256Hex(refresh_token);
    // Refreshes of one token run one at a time, so that the losers of a race find the winner's
    // pair in recent_rotations_ instead of treating the race as reuse.
    std::lock_guard lock(refresh_mu_[std::hash<std::string>{}(hash) % refresh_mu_.size()]);
    if (std::optional<Rotated> again = recent_rotations_.Find(hash, clock_.NowMs())) {
      if (revocations_.IsRevoked(again->tokens.user.id, again->session_id, 0)) {
        return InvalidRefreshToken();
      }
      return std::move(again->tokens);
    }
    core::Result<store::RefreshToken> stored = store_.GetRefreshToken(hash);
    if (!stored) {
      if (stored.error().kind == core::ErrorKind::kNotFound) return InvalidRefreshToken();
      return stored.error();
    }
    if (stored->revoked) return InvalidRefreshToken();
    if (stored->used) {
      // A retired token came back after the grace window: it was stolen or replayed. End the
      // session: every token of the login.
      if (core::Result<void> revoked = RevokeSession(stored->family_id); !revoked) {
        return revoked.error();
      }
      return InvalidRefreshToken();
    }
    const core::TimeMs now = clock_.NowMs();
    if (stored->expires_at <= now) return InvalidRefreshToken("Refresh token expired");

    core::Result<core::User> user = store_.GetUserById(stored->user_id);
    if (!user) {
      if (user.error().kind != core::ErrorKind::kNotFound) return user.error();
      (void)RevokeSession(stored->family_id);
      return InvalidRefreshToken();
    }
    std::string next_token = core::RandomBase64Url(kRefreshTokenBytes);
    store::RefreshToken next = MakeRefreshRecord(next_token, user->id, stored->family_id, now);
    if (core::Result<void> rotated = store_.RotateRefreshToken(hash, next); !rotated) {
      if (rotated.error().kind != core::ErrorKind::kUnauthorized) return rotated.error();
      // Another process rotated it first: treat as reuse.
      (void)RevokeSession(stored->family_id);
      return InvalidRefreshToken();
    }
    AuthTokens tokens;
    tokens.token = tokens_.IssueAccessToken(*user, stored->family_id);
    tokens.refresh_token = std::move(next_token);
    tokens.user = std::move(*user);
    recent_rotations_.Add(hash, Rotated{tokens, stored->family_id}, now);
    return tokens;
  }

  core::Result<void> Logout(std::string_view refresh_token, std::string_view session_id) override {
    if (!session_id.empty()) {
      if (core::Result<void> ended = RevokeSession(std::string(session_id)); !ended) return ended;
    }
    if (refresh_token.empty() || refresh_token.size() > kMaxRefreshTokenLength) return {};
    core::Result<store::RefreshToken> stored =
        store_.GetRefreshToken(core::Sha256Hex(refresh_token));
    if (!stored) {
      if (stored.error().kind == core::ErrorKind::kNotFound) return {};
      return stored.error();
    }
    if (stored->family_id == session_id) return {};
    return RevokeSession(stored->family_id);
  }

  core::Result<void> RevokeAllSessions(const std::string& user_id) override {
    return EndSessionsOf(user_id, "");
  }

  core::Result<std::int64_t> PurgeExpired() override {
    const core::TimeMs now = clock_.NowMs();
    revocations_.Prune(now);
    // A token's access tokens live at most access_ttl after its creation.
    return store_.PurgeRefreshTokens(now, now - AccessLifetimeMs());
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
      // Guessing the password through this route is limited like logins, per account (only the
      // account's own sessions can reach it, so this cannot lock its owner out of logging in).
      const std::string account_key = "user:" + user.id;
      if (std::int64_t retry_after = limiter_.RetryAfterSeconds(account_key); retry_after > 0) {
        return TooManyAttempts(retry_after);
      }
      if (!VerifyPassword(*patch.current_password, user.password_hash)) {
        limiter_.RecordFailure(account_key);
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
      // Ends every other session before the new password is stored, so that no other session
      // outlives the change even if the update fails half way.
      if (core::Result<void> ended = EndSessionsOf(user.id, patch.session_id); !ended) {
        return ended.error();
      }
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
    tokens.token = tokens_.IssueAccessToken(user, family_id);
    tokens.user = std::move(user);
    return tokens;
  }

  // How long after its issue an access token can still be accepted (with clock-skew leeway).
  core::TimeMs AccessLifetimeMs() const {
    return (config_.access_ttl_seconds + kJwtLeewaySeconds) * 1000;
  }

  // Ends session `family_id`: in the store (its refresh tokens) and in revocations_ (its access
  // tokens).
  core::Result<void> RevokeSession(const std::string& family_id) {
    revocations_.RevokeSession(family_id, clock_.NowMs() + AccessLifetimeMs());
    return store_.RevokeRefreshFamily(family_id);
  }

  // Ends every session of `user_id` but `keep_session_id` ("" = none), and its tokens without a
  // session id.
  core::Result<void> EndSessionsOf(const std::string& user_id, const std::string& keep_session_id) {
    const core::TimeMs now = clock_.NowMs();
    const core::TimeMs until = now + AccessLifetimeMs();
    revocations_.RevokeUnboundTokens(user_id, now / 1000, until);
    core::Result<std::vector<std::string>> ended =
        store_.RevokeUserRefreshFamilies(user_id, keep_session_id);
    if (!ended) return ended.error();
    for (const std::string& family_id : *ended) revocations_.RevokeSession(family_id, until);
    return {};
  }

  // Loads the sessions revoked in the store whose access tokens may still be live.
  void LoadRevocations() {
    const core::TimeMs now = clock_.NowMs();
    core::Result<std::vector<store::RevokedFamily>> revoked =
        store_.ListRevokedFamilies(now - AccessLifetimeMs());
    if (!revoked) return;  // The first request to the store reports the problem.
    for (const store::RevokedFamily& family : *revoked) {
      revocations_.RevokeSession(family.family_id, family.last_created_at + AccessLifetimeMs());
    }
  }

  store::Store& store_;
  const core::Clock& clock_;
  AuthConfig config_;
  std::unique_ptr<SessionRevocations> owned_revocations_;  // Null when one was injected.
  SessionRevocations& revocations_;
  TokenVerifier tokens_;
  RecentRotations recent_rotations_;
  std::array<std::mutex, 64> refresh_mu_;  // Striped by refresh-token hash.
  RateLimiter limiter_;
  RateLimiter registrations_;  // Successful registrations per IP.
  RateLimiter logins_;         // Successful logins per IP.
  RateLimiter pair_failures_;  // The last failure of each (email, IP) pair.
  std::string dummy_hash_;
};

}  // namespace

std::unique_ptr<AuthService> MakeAuthService(store::Store& store, const core::Clock& clock,
                                             AuthConfig config, SessionRevocations* revocations) {
  return std::make_unique<AuthServiceImpl>(store, clock, std::move(config), revocations);
}

}  // namespace carevoice::auth
