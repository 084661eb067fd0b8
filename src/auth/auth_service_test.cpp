#include "auth/auth_service.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "auth/password.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

using core::ErrorKind;

// An in-memory Store with just the user and refresh-token behaviour of the port contract.
class FakeStore final : public store::Store {
 public:
  core::Result<std::string> Ping() override { return std::string("connected"); }

  core::Result<void> CreateUser(const core::User& user) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, existing] : users_) {
      if (existing.email == user.email) return core::Error::Conflict("email exists");
    }
    users_[user.id] = user;
    return {};
  }
  core::Result<core::User> GetUserById(const std::string& id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = users_.find(id);
    if (it == users_.end()) return core::Error::NotFound();
    return it->second;
  }
  core::Result<core::User> GetUserByEmail(const std::string& email) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, user] : users_) {
      if (user.email == email) return user;
    }
    return core::Error::NotFound();
  }
  core::Result<void> UpdateUser(const core::User& user) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = users_.find(user.id);
    if (it == users_.end()) return core::Error::NotFound();
    for (const auto& [id, other] : users_) {
      if (id != user.id && other.email == user.email) return core::Error::Conflict("email");
    }
    it->second = user;
    return {};
  }

  core::Result<void> InsertRefreshToken(const store::RefreshToken& token) override {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_[token.token_hash] = token;
    return {};
  }
  core::Result<store::RefreshToken> GetRefreshToken(const std::string& token_hash) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(token_hash);
    if (it == tokens_.end()) return core::Error::NotFound();
    return it->second;
  }
  core::Result<void> RotateRefreshToken(const std::string& old_hash,
                                        const store::RefreshToken& next) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(old_hash);
    if (it == tokens_.end() || it->second.used || it->second.revoked) {
      return core::Error::Unauthorized("lost race");
    }
    it->second.used = true;
    tokens_[next.token_hash] = next;
    return {};
  }
  core::Result<core::Agent> PublishAgent(const std::string&, const std::string&,
                                         const std::string&) override {
    return core::Error::NotFound();
  }
  core::Result<core::Agent> UnpublishAgent(const std::string&, const std::string&) override {
    return core::Error::NotFound();
  }
  core::Result<core::Agent> RotateAgentWidgetKey(const std::string&, const std::string&,
                                                 const std::string&) override {
    return core::Error::NotFound();
  }
  core::Result<core::Agent> GetAgentByWidgetKey(const std::string&) override {
    return core::Error::NotFound();
  }
  core::Result<void> RevokeRefreshFamily(const std::string& family_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [hash, token] : tokens_) {
      if (token.family_id == family_id) token.revoked = true;
    }
    return {};
  }
  core::Result<std::vector<std::string>> RevokeUserRefreshFamilies(
      const std::string& user_id, const std::string& keep_family_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::set<std::string> families;
    for (auto& [hash, token] : tokens_) {
      if (token.user_id == user_id && token.family_id != keep_family_id && !token.revoked) {
        token.revoked = true;
        families.insert(token.family_id);
      }
    }
    return std::vector<std::string>(families.begin(), families.end());
  }
  core::Result<std::vector<store::RevokedFamily>> ListRevokedFamilies(
      core::TimeMs created_after) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, store::RevokedFamily> families;
    for (const auto& [hash, token] : tokens_) {
      if (!token.revoked || token.created_at <= created_after) continue;
      store::RevokedFamily& f = families[token.family_id];
      f.family_id = token.family_id;
      f.user_id = token.user_id;
      f.last_created_at = std::max(f.last_created_at, token.created_at);
    }
    std::vector<store::RevokedFamily> out;
    for (auto& [id, f] : families) out.push_back(f);
    return out;
  }
  core::Result<std::int64_t> PurgeRefreshTokens(core::TimeMs expired_before,
                                                core::TimeMs created_before) override {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<std::int64_t>(std::erase_if(tokens_, [&](const auto& entry) {
      return entry.second.expires_at < expired_before && entry.second.created_at < created_before;
    }));
  }
  std::size_t TokenCount() {
    std::lock_guard<std::mutex> lock(mu_);
    return tokens_.size();
  }

  // Not used by auth.
  core::Result<void> CreateAgent(const core::Agent&) override { return Unused(); }
  core::Result<core::Agent> GetAgent(const std::string&, const std::string&) override {
    return Unused();
  }
  core::Result<std::vector<core::Agent>> ListAgents(const std::string&) override {
    return Unused();
  }
  core::Result<std::vector<core::Agent>> ListDemoAgents() override { return Unused(); }
  core::Result<void> UpdateAgent(const core::Agent&) override { return Unused(); }
  core::Result<void> DeleteAgent(const std::string&, const std::string&) override {
    return Unused();
  }
  core::Result<void> CreateConversation(const core::Conversation&) override { return Unused(); }
  core::Result<core::Conversation> GetConversation(const std::string&,
                                                   const std::string&) override {
    return Unused();
  }
  core::Result<std::vector<core::Conversation>> ListConversations(
      const std::string&, const store::ListOptions&) override {
    return Unused();
  }
  core::Result<core::Conversation> UpdateConversation(const std::string&, const std::string&,
                                                      const store::ConversationPatch&,
                                                      core::TimeMs) override {
    return Unused();
  }
  core::Result<void> DeleteConversation(const std::string&, const std::string&) override {
    return Unused();
  }
  core::Result<void> AppendMessage(const core::Message&, const std::string&) override {
    return Unused();
  }
  core::Result<std::vector<core::Message>> ListMessages(const std::string&,
                                                        const std::string&) override {
    return Unused();
  }
  core::Result<core::UserStats> GetUserStats(const std::string&,
                                             const store::StatsFilter&) override {
    return Unused();
  }

  // Test access.
  std::size_t RefreshTokenCount() {
    std::lock_guard<std::mutex> lock(mu_);
    return tokens_.size();
  }
  bool AnyTokenStoredAs(const std::string& value) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [hash, token] : tokens_) {
      if (hash == value || token.token_hash == value) return true;
    }
    return false;
  }

 private:
  static core::Error Unused() { return core::Error::Internal("not implemented in FakeStore"); }

  std::mutex mu_;
  std::map<std::string, core::User> users_;
  std::map<std::string, store::RefreshToken> tokens_;
};

constexpr core::TimeMs kStart = 1'700'000'000'000;
constexpr char kPassword[] = "Passw0rd!";

AuthConfig TestConfig() {
  AuthConfig config;
  config.jwt_secret = "unit-test-secret";
  config.bcrypt_cost = 4;
  return config;
}

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() : clock_(kStart), service_(MakeAuthService(store_, clock_, TestConfig())) {}

  AuthTokens MustRegister(std::string name = "Ada Lovelace", std::string email = "ada@example.com",
                          std::string password = kPassword) {
    core::Result<AuthTokens> r =
        service_->Register({std::move(name), std::move(email), std::move(password)});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : AuthTokens{};
  }

  FakeStore store_;
  core::ManualClock clock_;
  std::unique_ptr<AuthService> service_;
};

void ExpectError(const core::Result<AuthTokens>& r, ErrorKind kind, std::string_view message) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, kind);
  EXPECT_EQ(r.error().message, message);
}

TEST_F(AuthServiceTest, RegisterNormalizesHashesAndIssuesTokens) {
  AuthTokens tokens = MustRegister("  Ada Lovelace ", "  Ada@Example.COM ");
  EXPECT_TRUE(core::IsObjectId(tokens.user.id));
  EXPECT_EQ(tokens.user.name, "Ada Lovelace");
  EXPECT_EQ(tokens.user.email, "ada@example.com");
  EXPECT_EQ(tokens.user.role, core::UserRole::kUser);
  EXPECT_EQ(tokens.user.created_at, kStart);
  EXPECT_EQ(tokens.user.updated_at, kStart);

  core::Result<core::User> stored = store_.GetUserById(tokens.user.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->password_hash.substr(0, 7), "$2b$04$");
  EXPECT_TRUE(VerifyPassword(kPassword, stored->password_hash));

  core::Result<AccessClaims> claims = service_->VerifyAccessToken(tokens.token);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->user_id, tokens.user.id);
  EXPECT_EQ(claims->role, core::UserRole::kUser);
  EXPECT_EQ(claims->expires_at, kStart / 1000 + std::int64_t{7} * 86400);

  // The refresh token is 32 random bytes, stored only as its SHA-256.
  EXPECT_EQ(tokens.refresh_token.size(), 43u);
  EXPECT_EQ(core::Base64UrlDecode(tokens.refresh_token)->size(), 32u);
  EXPECT_FALSE(store_.AnyTokenStoredAs(tokens.refresh_token));
  EXPECT_TRUE(store_.AnyTokenStoredAs(core::Sha256Hex(tokens.refresh_token)));
}

TEST_F(AuthServiceTest, AccessTokenCarriesSubAndLegacyUserId) {
  AuthTokens tokens = MustRegister();
  const std::size_t first = tokens.token.find('.');
  const std::size_t second = tokens.token.rfind('.');
  std::optional<std::string> payload =
      core::Base64UrlDecode(tokens.token.substr(first + 1, second - first - 1));
  ASSERT_TRUE(payload);
  const std::string id = tokens.user.id;
  EXPECT_NE(payload->find(R"("sub":")" + id + "\""), std::string::npos) << *payload;
  EXPECT_NE(payload->find(R"("userId":")" + id + "\""), std::string::npos) << *payload;
  EXPECT_NE(payload->find(R"("role":"user")"), std::string::npos) << *payload;
  EXPECT_NE(payload->find(R"("jti":")"), std::string::npos) << *payload;
  EXPECT_NE(payload->find(R"("iat":)" + std::to_string(kStart / 1000)), std::string::npos);
}

struct RegisterCase {
  RegisterInput input;
  std::string message;
  std::vector<std::string> fields;  // Keys of `details`.
};

TEST_F(AuthServiceTest, RegisterValidationMatrix) {
  const std::string complexity =
      "Password must contain at least one uppercase letter, one lowercase letter, and one number";
  const std::string bad_email = "Please provide a valid email address";
  const RegisterCase cases[] = {
      {{"", "", ""}, "All fields are required", {"name", "email", "password"}},
      {{"   ", "a@b.co", kPassword}, "All fields are required", {"name"}},
      {{"Ada", " ", kPassword}, "All fields are required", {"email"}},
      {{"Ada", "a@b.co", ""}, "All fields are required", {"password"}},
      {{"A", "a@b.co", kPassword}, "Name must be at least 2 characters long", {"name"}},
      {{std::string(51, 'a'), "a@b.co", kPassword}, "Name cannot exceed 50 characters", {"name"}},
      {{"Ada", "not-an-email", kPassword}, bad_email, {"email"}},
      {{"Ada", "a@b.c", kPassword}, bad_email, {"email"}},
      {{"Ada", "a@b.co", "Ab1"}, "Password must be at least 6 characters long", {"password"}},
      {{"Ada", "a@b.co", "Ab1" + std::string(126, 'x')}, "Password is too long", {"password"}},
      {{"Ada", "a@b.co", "abcdef1"}, complexity, {"password"}},
      {{"Ada", "a@b.co", "ABCDEF1"}, complexity, {"password"}},
      {{"Ada", "a@b.co", "Abcdefg"}, complexity, {"password"}},
      // Several failures: the first in legacy order names the error, details list them all.
      {{"A", "bad", "weak"},
       "Name must be at least 2 characters long",
       {"name", "email", "password"}},
      {{"Ada", "bad", "weak"}, bad_email, {"email", "password"}},
  };
  for (const RegisterCase& c : cases) {
    SCOPED_TRACE(c.input.name + " | " + c.input.email + " | " + c.input.password);
    core::Result<AuthTokens> r = service_->Register(c.input);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest);
    EXPECT_EQ(r.error().code, "VALIDATION_ERROR");
    EXPECT_EQ(r.error().message, c.message);
    ASSERT_TRUE(r.error().details.is_object());
    const core::Error error = r.error();  // result::error() returns a copy.
    const boost::json::object& details = error.details.as_object();
    EXPECT_EQ(details.size(), c.fields.size());
    for (const std::string& field : c.fields) {
      ASSERT_TRUE(details.contains(field)) << field;
      EXPECT_TRUE(details.at(field).is_string());
    }
  }
  EXPECT_EQ(store_.RefreshTokenCount(), 0u);  // Nothing was issued.
  // The messages of the missing-fields case are the legacy ones.
  core::Result<AuthTokens> r = service_->Register({"", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.at("name").as_string(), "Name is required");
  EXPECT_EQ(r.error().details.at("email").as_string(), "Email is required");
  EXPECT_EQ(r.error().details.at("password").as_string(), "Password is required");
}

TEST_F(AuthServiceTest, RegisterAcceptsLongTopLevelDomainsAndUnicodeNames) {
  MustRegister("Zoë", "zoe@example.info");
  MustRegister("李雷", "li@startup.tech");
}

TEST_F(AuthServiceTest, DuplicateEmailIsRejected) {
  MustRegister("Ada Lovelace", "ada@example.com");
  core::Result<AuthTokens> r = service_->Register({"Other", "  ADA@example.com ", "Secret123"});
  ExpectError(r, ErrorKind::kBadRequest, "User already exists with this email");
  EXPECT_EQ(r.error().code, "USER_EXISTS");
}

TEST_F(AuthServiceTest, RegistrationsPerIpAreLimitedPerHour) {
  AuthConfig config = TestConfig();
  config.max_registrations_per_ip = 3;
  std::unique_ptr<AuthService> service = MakeAuthService(store_, clock_, config);
  const auto reg = [&](int i, const char* ip) {
    return service->Register(
        {"User Name", "user" + std::to_string(i) + "@example.com", kPassword, ip});
  };
  // Failed registrations do not count: only accounts created.
  ASSERT_FALSE(service->Register({"User Name", "bad-email", kPassword, "10.0.0.1"}));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reg(i, "10.0.0.1")) << i;
  clock_.Advance(600'000);
  const core::Result<AuthTokens> limited = reg(3, "10.0.0.1");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_EQ(limited.error().code, "TOO_MANY_REQUESTS");
  EXPECT_EQ(limited.error().retry_after_seconds, 3000);
  EXPECT_FALSE(store_.GetUserByEmail("user3@example.com"));  // Refused before anything is stored.
  EXPECT_TRUE(reg(4, "10.0.0.2"));                           // Another IP.
  EXPECT_TRUE(reg(5, ""));                                   // No IP: no limit.
  clock_.Advance(3'000'000);
  EXPECT_TRUE(reg(6, "10.0.0.1"));  // The window slid past the first three.
}

TEST_F(AuthServiceTest, TokensIsTheServicesOwnVerifier) {
  AuthTokens tokens = MustRegister();
  const core::Result<Principal> principal = service_->Tokens().VerifyAccessToken(tokens.token);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->user_id, tokens.user.id);
  EXPECT_EQ(service_->Tokens().IssueAccessToken(tokens.user).substr(0, 20),
            tokens.token.substr(0, 20));  // Same header.
}

TEST_F(AuthServiceTest, LoginSucceedsWithAnyEmailCase) {
  AuthTokens registered = MustRegister();
  core::Result<AuthTokens> r = service_->Login(" ADA@example.com", kPassword, "10.0.0.1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->user.id, registered.user.id);
  EXPECT_NE(r->refresh_token, registered.refresh_token);
  core::Result<AccessClaims> claims = service_->VerifyAccessToken(r->token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, registered.user.id);
}

TEST_F(AuthServiceTest, LoginFailuresLookTheSame) {
  MustRegister();
  core::Result<AuthTokens> wrong = service_->Login("ada@example.com", "Passw0rd?", "10.0.0.1");
  core::Result<AuthTokens> unknown = service_->Login("bob@example.com", kPassword, "10.0.0.1");
  ExpectError(wrong, ErrorKind::kUnauthorized, "Invalid credentials");
  ExpectError(unknown, ErrorKind::kUnauthorized, "Invalid credentials");
  EXPECT_EQ(wrong.error().code, unknown.error().code);

  core::Result<AuthTokens> missing = service_->Login("", "", "10.0.0.1");
  ExpectError(missing, ErrorKind::kBadRequest, "Email and password are required");
  EXPECT_EQ(missing.error().details.at("email").as_string(), "Email is required");
  EXPECT_EQ(missing.error().details.at("password").as_string(), "Password is required");
  ExpectError(service_->Login("ada@example.com", "", "10.0.0.1"), ErrorKind::kBadRequest,
              "Email and password are required");
  ExpectError(service_->Login("nope", kPassword, "10.0.0.1"), ErrorKind::kBadRequest,
              "Please provide a valid email address");
}

TEST_F(AuthServiceTest, TooManyFailuresFromOneIpAre429UntilTheWindowPasses) {
  MustRegister();
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(1000);
    ExpectError(service_->Login("user" + std::to_string(i) + "@example.com", kPassword, "6.6.6.6"),
                ErrorKind::kUnauthorized, "Invalid credentials");
  }
  // Even the right password is refused from that IP now.
  core::Result<AuthTokens> blocked = service_->Login("ada@example.com", kPassword, "6.6.6.6");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_EQ(blocked.error().HttpStatus(), 429);
  // The first failure was at +1 s and leaves the 900 s window at +901 s; now is +10 s.
  EXPECT_EQ(blocked.error().retry_after_seconds, 891);
  // Another IP is not affected.
  EXPECT_TRUE(service_->Login("ada@example.com", kPassword, "7.7.7.7"));

  clock_.Advance(891'000);
  EXPECT_TRUE(service_->Login("ada@example.com", kPassword, "6.6.6.6"));
}

TEST_F(AuthServiceTest, AnEmailUnderAttackSlowsTheAttackersButNotItsOwner) {
  MustRegister();
  for (int i = 0; i < 10; ++i) {
    ExpectError(service_->Login("ada@example.com", "Wrong1pass", "10.0.0." + std::to_string(i)),
                ErrorKind::kUnauthorized, "Invalid credentials");
  }
  // Each attacking address now waits 30 s after its last failure, even with the right password.
  core::Result<AuthTokens> slowed = service_->Login("ADA@example.com", kPassword, "10.0.0.3");
  ASSERT_FALSE(slowed);
  EXPECT_EQ(slowed.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_EQ(slowed.error().retry_after_seconds, 30);
  // The owner, from an address that did not fail, is not locked out.
  EXPECT_TRUE(service_->Login("ada@example.com", kPassword, "10.9.9.9"));
  // Success cleared the email's failures; a new attack starts from zero, and after the backoff
  // an attacking address may try again (once per 30 s while the email stays under attack).
  for (int i = 0; i < 10; ++i) (void)service_->Login("ada@example.com", "Wrong1pass", "10.0.1.1");
  // 10.0.1.1 reached the per-IP limit too; another address tries once per 30 s.
  (void)service_->Login("ada@example.com", "Wrong1pass", "10.0.2.1");
  EXPECT_EQ(service_->Login("ada@example.com", "Wrong2pass", "10.0.2.1").error().kind,
            ErrorKind::kTooManyRequests);
  clock_.Advance(30'000);
  EXPECT_EQ(service_->Login("ada@example.com", "Wrong2pass", "10.0.2.1").error().kind,
            ErrorKind::kUnauthorized);
  // Unknown emails are counted the same way.
  for (int i = 0; i < 10; ++i) (void)service_->Login("ghost@example.com", "x", "");
  EXPECT_EQ(service_->Login("ghost@example.com", "x", "").error().kind,
            ErrorKind::kTooManyRequests);
}

TEST_F(AuthServiceTest, SuccessfulLoginsPerIpAreLimited) {
  MustRegister();
  for (int i = 0; i < 30; ++i)
    ASSERT_TRUE(service_->Login("ada@example.com", kPassword, "5.5.5.5"));
  core::Result<AuthTokens> blocked = service_->Login("ada@example.com", kPassword, "5.5.5.5");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_TRUE(service_->Login("ada@example.com", kPassword, "5.5.5.6"));
}

TEST_F(AuthServiceTest, SuccessfulLoginClearsTheEmailCounter) {
  MustRegister();
  int ip = 0;
  auto fail = [&] {
    ExpectError(service_->Login("ada@example.com", "Wrong1pass", "10.0.1." + std::to_string(ip++)),
                ErrorKind::kUnauthorized, "Invalid credentials");
  };
  for (int i = 0; i < 9; ++i) fail();
  ASSERT_TRUE(service_->Login("ada@example.com", kPassword, "10.0.2.1"));
  for (int i = 0; i < 9; ++i) fail();  // 18 failures in the window, but only 9 since success.
  EXPECT_TRUE(service_->Login("ada@example.com", kPassword, "10.0.2.2"));
}

TEST_F(AuthServiceTest, RefreshRotatesAndReuseRevokesTheFamily) {
  AuthTokens first = MustRegister();
  clock_.Advance(5000);
  core::Result<AuthTokens> second = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_NE(second->token, first.token);
  EXPECT_EQ(second->user.id, first.user.id);
  EXPECT_TRUE(service_->VerifyAccessToken(second->token));

  core::Result<AuthTokens> third = service_->Refresh(second->refresh_token);
  ASSERT_TRUE(third);

  // Replaying a rotated token after the grace window fails and kills the whole family,
  // including the newest token.
  clock_.Advance(5001);
  core::Result<AuthTokens> replay = service_->Refresh(first.refresh_token);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().kind, ErrorKind::kUnauthorized);
  core::Result<AuthTokens> newest = service_->Refresh(third->refresh_token);
  ASSERT_FALSE(newest);
  EXPECT_EQ(newest.error().kind, ErrorKind::kUnauthorized);
}

TEST_F(AuthServiceTest, ReuseDoesNotRevokeOtherLogins) {
  AuthTokens registered = MustRegister();
  core::Result<AuthTokens> other_device = service_->Login("ada@example.com", kPassword, "1.1.1.1");
  ASSERT_TRUE(other_device);
  ASSERT_TRUE(service_->Refresh(registered.refresh_token));
  clock_.Advance(6000);
  EXPECT_FALSE(service_->Refresh(registered.refresh_token));
  EXPECT_TRUE(service_->Refresh(other_device->refresh_token));
}

TEST_F(AuthServiceTest, RefreshFailsWhenExpiredUnknownOrEmpty) {
  AuthTokens tokens = MustRegister();
  clock_.Advance(30LL * 86400 * 1000 - 1000);
  core::Result<AuthTokens> still_valid = service_->Refresh(tokens.refresh_token);
  ASSERT_TRUE(still_valid);  // A rotated token gets a fresh 30 days.
  clock_.Advance(30LL * 86400 * 1000);
  core::Result<AuthTokens> expired = service_->Refresh(still_valid->refresh_token);
  ExpectError(expired, ErrorKind::kUnauthorized, "Refresh token expired");

  ExpectError(service_->Refresh(core::RandomBase64Url(32)), ErrorKind::kUnauthorized,
              "Invalid refresh token");
  ExpectError(service_->Refresh(std::string(1000, 'a')), ErrorKind::kUnauthorized,
              "Invalid refresh token");
  ExpectError(service_->Refresh(""), ErrorKind::kBadRequest, "Refresh token is required");
}

TEST_F(AuthServiceTest, LogoutRevokesTheFamily) {
  AuthTokens tokens = MustRegister();
  core::Result<AuthTokens> rotated = service_->Refresh(tokens.refresh_token);
  ASSERT_TRUE(rotated);
  ASSERT_TRUE(service_->Logout(rotated->refresh_token, ""));
  ExpectError(service_->Refresh(rotated->refresh_token), ErrorKind::kUnauthorized,
              "Invalid refresh token");
  // Logging out with an unknown, empty or already-revoked token is not an error.
  EXPECT_TRUE(service_->Logout(core::RandomBase64Url(32), ""));
  EXPECT_TRUE(service_->Logout("", ""));
  EXPECT_TRUE(service_->Logout(rotated->refresh_token, ""));
}

// The session id of an access token.
std::string SessionOf(AuthService& service, const std::string& token) {
  core::Result<AccessClaims> claims = service.VerifyAccessToken(token);
  return claims ? claims->session_id : "";
}

void ExpectRevoked(AuthService& service, const std::string& token) {
  core::Result<AccessClaims> claims = service.VerifyAccessToken(token);
  ASSERT_FALSE(claims);
  EXPECT_EQ(claims.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(claims.error().code, "SESSION_REVOKED");
}

TEST_F(AuthServiceTest, AccessTokensCarryTheirSessionWhichRefreshKeeps) {
  AuthTokens first = MustRegister();
  const std::string sid = SessionOf(*service_, first.token);
  EXPECT_EQ(sid.size(), 32u);
  core::Result<AuthTokens> second = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(second);
  EXPECT_EQ(SessionOf(*service_, second->token), sid);
  core::Result<AuthTokens> other = service_->Login("ada@example.com", kPassword, "1.2.3.4");
  ASSERT_TRUE(other);
  EXPECT_NE(SessionOf(*service_, other->token), sid);
}

TEST_F(AuthServiceTest, LogoutEndsTheSessionsAccessTokensAtOnce) {
  AuthTokens tokens = MustRegister();
  core::Result<AuthTokens> other = service_->Login("ada@example.com", kPassword, "1.2.3.4");
  ASSERT_TRUE(other);
  ASSERT_TRUE(service_->Logout(tokens.refresh_token, SessionOf(*service_, tokens.token)));
  ExpectRevoked(*service_, tokens.token);
  EXPECT_TRUE(service_->VerifyAccessToken(other->token));  // Another session is untouched.
  EXPECT_TRUE(service_->Refresh(other->refresh_token));
}

TEST_F(AuthServiceTest, ReuseAfterTheGraceWindowEndsTheSession) {
  AuthTokens first = MustRegister();
  core::Result<AuthTokens> second = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(second);
  clock_.Advance(5001);
  ASSERT_FALSE(service_->Refresh(first.refresh_token));
  ExpectRevoked(*service_, second->token);
  ExpectRevoked(*service_, first.token);
}

TEST_F(AuthServiceTest, RefreshWithinTheGraceWindowReturnsTheSamePair) {
  AuthTokens first = MustRegister();
  core::Result<AuthTokens> a = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(a);
  clock_.Advance(4000);
  core::Result<AuthTokens> b = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->token, a->token);
  EXPECT_EQ(b->refresh_token, a->refresh_token);
  EXPECT_TRUE(service_->Refresh(a->refresh_token));  // The client stays logged in.
}

TEST_F(AuthServiceTest, ConcurrentRefreshesAllGetOnePair) {
  AuthTokens first = MustRegister();
  std::vector<core::Result<AuthTokens>> results(6, core::Error::Internal());
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&] { r = service_->Refresh(first.refresh_token); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->refresh_token, results[0]->refresh_token);
  }
  EXPECT_TRUE(service_->VerifyAccessToken(results[0]->token));
  EXPECT_TRUE(service_->Refresh(results[0]->refresh_token));
}

TEST_F(AuthServiceTest, GraceWindowIsNotHonouredAfterLogout) {
  AuthTokens first = MustRegister();
  core::Result<AuthTokens> second = service_->Refresh(first.refresh_token);
  ASSERT_TRUE(second);
  ASSERT_TRUE(service_->Logout(second->refresh_token, ""));
  EXPECT_FALSE(service_->Refresh(first.refresh_token));
}

TEST_F(AuthServiceTest, PasswordChangeEndsEveryOtherSession) {
  AuthTokens mine = MustRegister();
  core::Result<AuthTokens> other = service_->Login("ada@example.com", kPassword, "1.2.3.4");
  ASSERT_TRUE(other);
  ProfilePatch patch;
  patch.password = "N3wPassword";
  patch.current_password = kPassword;
  patch.session_id = SessionOf(*service_, mine.token);
  ASSERT_TRUE(service_->UpdateProfile(mine.user.id, patch));
  ExpectRevoked(*service_, other->token);
  EXPECT_FALSE(service_->Refresh(other->refresh_token));
  EXPECT_TRUE(service_->VerifyAccessToken(mine.token));
  EXPECT_TRUE(service_->Refresh(mine.refresh_token));
  // A name change ends nothing.
  core::Result<AuthTokens> third = service_->Login("ada@example.com", "N3wPassword", "1.2.3.4");
  ASSERT_TRUE(third);
  ProfilePatch rename;
  rename.name = "Ada King";
  ASSERT_TRUE(service_->UpdateProfile(mine.user.id, rename));
  EXPECT_TRUE(service_->VerifyAccessToken(third->token));
}

TEST_F(AuthServiceTest, RevocationsSurviveARestartAndExpiredTokensArePurged) {
  AuthTokens tokens = MustRegister();
  core::Result<AuthTokens> other = service_->Login("ada@example.com", kPassword, "1.2.3.4");
  ASSERT_TRUE(other);
  ASSERT_TRUE(service_->RevokeAllSessions(tokens.user.id));
  ExpectRevoked(*service_, tokens.token);
  std::unique_ptr<AuthService> restarted = MakeAuthService(store_, clock_, TestConfig());
  ExpectRevoked(*restarted, tokens.token);
  ExpectRevoked(*restarted, other->token);

  AuthTokens live = *restarted->Login("ada@example.com", kPassword, "1.2.3.5");
  EXPECT_EQ(store_.TokenCount(), 3u);
  clock_.Advance(20LL * 86400 * 1000);
  ASSERT_TRUE(restarted->Refresh(live.refresh_token));
  clock_.Advance(20LL * 86400 * 1000);  // The first three expired 10 days ago.
  core::Result<std::int64_t> purged = restarted->PurgeExpired();
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 3);  // Both revoked ones and the rotated one; the newest stays.
  EXPECT_EQ(store_.TokenCount(), 1u);
}

TEST_F(AuthServiceTest, AccessTokensExpireAndAreBoundToTheSecret) {
  AuthTokens tokens = MustRegister();
  clock_.Advance((7 * 86400 - 60) * 1000LL);
  EXPECT_TRUE(service_->VerifyAccessToken(tokens.token));
  clock_.Advance(120'000);
  core::Result<AccessClaims> expired = service_->VerifyAccessToken(tokens.token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(expired.error().code, "TOKEN_EXPIRED");

  AuthConfig other_config = TestConfig();
  other_config.jwt_secret = "another-secret";
  std::unique_ptr<AuthService> other = MakeAuthService(store_, clock_, other_config);
  core::User user = tokens.user;
  EXPECT_FALSE(service_->VerifyAccessToken(other->IssueAccessToken(user)));
  EXPECT_TRUE(other->VerifyAccessToken(other->IssueAccessToken(user)));
  EXPECT_FALSE(service_->VerifyAccessToken("not.a.token"));
}

TEST_F(AuthServiceTest, OldBackendTokensAreAccepted) {
  // jsonwebtoken.sign({userId}, 'your-secret-key', {expiresIn: '24h'}) with iat 1795559389.
  const std::string legacy =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiI2NWYxYTJiM2M0ZDVlNmY3MDgxOTJhM2IiLCJp"
      "YXQiOjE3OTU1NTkzODksImV4cCI6MTc5NTY0NTc4OX0.NuVADmY0HLWfPS0q39lboRga8nU4Sdd8GfrmXTw_MgY";
  AuthConfig config = TestConfig();
  config.jwt_secret = "your-secret-key";
  core::ManualClock clock(1'795'559'389'000 + 1000);
  std::unique_ptr<AuthService> service = MakeAuthService(store_, clock, config);
  core::Result<AccessClaims> claims = service->VerifyAccessToken(legacy);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->user_id, "65f1a2b3c4d5e6f708192a3b");
  EXPECT_EQ(claims->role, core::UserRole::kUser);
  EXPECT_EQ(claims->expires_at, 1795645789);
}

TEST_F(AuthServiceTest, GetUser) {
  AuthTokens tokens = MustRegister();
  core::Result<core::User> user = service_->GetUser(tokens.user.id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->email, "ada@example.com");
  core::Result<core::User> missing = service_->GetUser(core::NewObjectId());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_F(AuthServiceTest, UpdateProfileNameAndAvatarNeedNoPassword) {
  AuthTokens tokens = MustRegister();
  clock_.Advance(1000);
  ProfilePatch patch;
  patch.name = "  Countess Ada ";
  patch.avatar = "/public/avatars/ada.png";
  patch.email = "ADA@example.com";  // Same address: not a change.
  core::Result<core::User> updated = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->name, "Countess Ada");
  EXPECT_EQ(updated->avatar, "/public/avatars/ada.png");
  EXPECT_EQ(updated->updated_at, kStart + 1000);
  EXPECT_EQ(store_.GetUserById(tokens.user.id)->name, "Countess Ada");

  ProfilePatch bad;
  bad.name = "A";
  bad.avatar = "javascript:alert(1)";
  core::Result<core::User> rejected = service_->UpdateProfile(tokens.user.id, bad);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, "VALIDATION_ERROR");
  EXPECT_EQ(rejected.error().message, "Name must be at least 2 characters long");
  EXPECT_TRUE(rejected.error().details.as_object().contains("avatar"));
  EXPECT_EQ(store_.GetUserById(tokens.user.id)->name, "Countess Ada");
}

TEST_F(AuthServiceTest, UpdateProfileEmailNeedsTheCurrentPassword) {
  AuthTokens tokens = MustRegister();
  MustRegister("Bob", "bob@example.com");
  ProfilePatch patch;
  patch.email = "ada@newmail.tech";
  core::Result<core::User> no_password = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_FALSE(no_password);
  EXPECT_EQ(no_password.error().kind, ErrorKind::kBadRequest);
  EXPECT_TRUE(no_password.error().details.as_object().contains("currentPassword"));

  patch.current_password = "Wrong1pass";
  core::Result<core::User> wrong = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kUnauthorized);

  patch.current_password = kPassword;
  patch.email = "Bob@Example.com";
  core::Result<core::User> taken = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::kBadRequest);
  EXPECT_EQ(taken.error().message, "User already exists with this email");
  EXPECT_EQ(taken.error().code, "USER_EXISTS");

  patch.email = "not an email";
  EXPECT_EQ(service_->UpdateProfile(tokens.user.id, patch).error().message,
            "Please provide a valid email address");

  patch.email = " Ada@NewMail.tech ";
  core::Result<core::User> changed = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->email, "ada@newmail.tech");
  EXPECT_TRUE(service_->Login("ada@newmail.tech", kPassword, "1.2.3.4"));
  EXPECT_FALSE(service_->Login("ada@example.com", kPassword, "1.2.3.4"));
}

TEST_F(AuthServiceTest, UpdateProfilePasswordChange) {
  AuthTokens tokens = MustRegister();
  ProfilePatch patch;
  patch.password = "weak";
  patch.current_password = kPassword;
  core::Result<core::User> weak = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().message, "Password must be at least 6 characters long");

  patch.password = "N3wSecret";
  patch.current_password = "Wrong1pass";
  EXPECT_EQ(service_->UpdateProfile(tokens.user.id, patch).error().kind, ErrorKind::kUnauthorized);

  patch.current_password = kPassword;
  ASSERT_TRUE(service_->UpdateProfile(tokens.user.id, patch));
  EXPECT_FALSE(service_->Login("ada@example.com", kPassword, "1.2.3.4"));
  EXPECT_TRUE(service_->Login("ada@example.com", "N3wSecret", "1.2.3.4"));
}

TEST_F(AuthServiceTest, GuessingTheCurrentPasswordIsRateLimited) {
  AuthTokens tokens = MustRegister();
  ProfilePatch patch;
  patch.password = "N3wSecret";
  patch.current_password = "Wrong1pass";
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(service_->UpdateProfile(tokens.user.id, patch).error().kind,
              ErrorKind::kUnauthorized);
  }
  patch.current_password = kPassword;
  core::Result<core::User> blocked = service_->UpdateProfile(tokens.user.id, patch);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_GT(blocked.error().retry_after_seconds, 0);
}

TEST(AuthServiceDefaultCostTest, RegisteredHashesUseCostTenByDefault) {
  FakeStore store;
  core::ManualClock clock(kStart);
  AuthConfig config;
  config.jwt_secret = "secret";
  ASSERT_GE(config.bcrypt_cost, 10);
  std::unique_ptr<AuthService> service = MakeAuthService(store, clock, config);
  core::Result<AuthTokens> r = service->Register({"Ada", "ada@example.com", kPassword});
  ASSERT_TRUE(r) << r.error().message;
  core::Result<core::User> stored = store.GetUserById(r->user.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->password_hash.substr(0, 7), "$2b$10$");
  EXPECT_TRUE(service->Login("ada@example.com", kPassword, "1.1.1.1"));
}

}  // namespace
}  // namespace carevoice::auth
