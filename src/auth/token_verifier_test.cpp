#include "auth/token_verifier.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

#include "auth/jwt.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

constexpr core::TimeMs kStart = 1'700'000'000'000;
constexpr std::int64_t kDay = 86400;
const std::string kSecret = "a-test-secret-that-is-long-enough-0123456789";

core::User MakeUser() {
  core::User user;
  user.id = core::NewObjectId();
  user.role = core::UserRole::kUser;
  return user;
}

// Replaces the payload segment of `token` (keeping its header and signature).
std::string WithPayload(const std::string& token, const boost::json::object& payload) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  return token.substr(0, first + 1) + core::Base64UrlEncode(boost::json::serialize(payload)) +
         token.substr(second);
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  core::ManualClock clock_{kStart};
  TokenVerifier tokens_{clock_, TokenConfig{kSecret, 7 * kDay, 30 * kDay}};
  const std::string agent_id_ = core::NewObjectId();
};

TEST_F(TokenVerifierTest, AccessTokenRoundTripsToAPrincipal) {
  core::User user = MakeUser();
  user.role = core::UserRole::kAdmin;
  const auto principal = tokens_.VerifyAccessToken(tokens_.IssueAccessToken(user));
  ASSERT_TRUE(principal) << principal.error().message;
  EXPECT_EQ(principal->user_id, user.id);
  EXPECT_EQ(principal->role, core::UserRole::kAdmin);
  EXPECT_EQ(principal->expires_at, kStart / 1000 + 7 * kDay);
}

TEST_F(TokenVerifierTest, VisitorTokenRoundTripsForItsAgentOnly) {
  const VisitorToken issued = tokens_.IssueVisitorToken(agent_id_);
  EXPECT_TRUE(core::IsObjectId(issued.visitor_id));
  const auto visitor = tokens_.VerifyVisitorToken(issued.token, agent_id_);
  ASSERT_TRUE(visitor) << visitor.error().message;
  EXPECT_EQ(*visitor, issued.visitor_id);

  const auto other = tokens_.VerifyVisitorToken(issued.token, core::NewObjectId());
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().HttpStatus(), 401);
  EXPECT_EQ(other.error().code, "INVALID_VISITOR_TOKEN");

  // Two visitors of one agent get different ids.
  EXPECT_NE(tokens_.IssueVisitorToken(agent_id_).visitor_id, issued.visitor_id);
  // A renewal keeps the visitor id.
  const auto renewed = tokens_.VerifyVisitorToken(
      tokens_.IssueVisitorTokenFor(agent_id_, issued.visitor_id), agent_id_);
  ASSERT_TRUE(renewed);
  EXPECT_EQ(*renewed, issued.visitor_id);
}

TEST_F(TokenVerifierTest, VisitorTokenHeaderAndClaims) {
  const VisitorToken issued = tokens_.IssueVisitorToken(agent_id_);
  const std::size_t first = issued.token.find('.');
  const std::size_t second = issued.token.find('.', first + 1);
  const auto header = boost::json::parse(*core::Base64UrlDecode(issued.token.substr(0, first)));
  EXPECT_EQ(header.at("alg").as_string(), "HS256");
  EXPECT_EQ(header.at("typ").as_string(), "visitor");
  const auto payload = boost::json::parse(
      *core::Base64UrlDecode(issued.token.substr(first + 1, second - first - 1)));
  EXPECT_EQ(payload.at("sub").as_string(), issued.visitor_id);
  EXPECT_EQ(payload.at("aid").as_string(), agent_id_);
  EXPECT_EQ(payload.at("exp").as_int64() - payload.at("iat").as_int64(), 30 * kDay);
}

TEST_F(TokenVerifierTest, AnAccessTokenIsNeverAVisitorTokenAndViceVersa) {
  const core::User user = MakeUser();
  const std::string access = tokens_.IssueAccessToken(user);
  const auto as_visitor = tokens_.VerifyVisitorToken(access, agent_id_);
  ASSERT_FALSE(as_visitor);
  EXPECT_EQ(as_visitor.error().code, "INVALID_VISITOR_TOKEN");

  const std::string visitor = tokens_.IssueVisitorToken(agent_id_).token;
  const auto as_access = tokens_.VerifyAccessToken(visitor);
  ASSERT_FALSE(as_access);
  EXPECT_EQ(as_access.error().code, "INVALID_TOKEN");

  // Same claims, but signed with the JWT secret (typ visitor) or with the visitor key (typ JWT):
  // neither key nor header alone makes a valid token of the other kind.
  boost::json::object claims{{"sub", user.id},
                             {"aid", agent_id_},
                             {"userId", user.id},
                             {"iat", kStart / 1000},
                             {"exp", kStart / 1000 + kDay}};
  EXPECT_FALSE(tokens_.VerifyVisitorToken(SignHs256(claims, kSecret, "visitor"), agent_id_));
  EXPECT_FALSE(tokens_.VerifyAccessToken(SignHs256(claims, kSecret, "visitor")));
  const std::string visitor_key = DeriveHs256Key(kSecret, "carevoice-visitor");
  EXPECT_FALSE(tokens_.VerifyVisitorToken(SignHs256(claims, visitor_key), agent_id_));
  EXPECT_FALSE(tokens_.VerifyAccessToken(SignHs256(claims, visitor_key)));
  // The controls: the right key and typ do verify.
  EXPECT_TRUE(tokens_.VerifyVisitorToken(SignHs256(claims, visitor_key, "visitor"), agent_id_));
  EXPECT_TRUE(tokens_.VerifyAccessToken(SignHs256(claims, kSecret)));
}

TEST_F(TokenVerifierTest, VisitorTokensExpireAfterThirtyDays) {
  const VisitorToken issued = tokens_.IssueVisitorToken(agent_id_);
  clock_.Advance((30 * kDay - 1) * 1000);
  EXPECT_TRUE(tokens_.VerifyVisitorToken(issued.token, agent_id_));
  clock_.Advance((1 + kJwtLeewaySeconds) * 1000);
  const auto expired = tokens_.VerifyVisitorToken(issued.token, agent_id_);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, "TOKEN_EXPIRED");
}

TEST_F(TokenVerifierTest, AccessTokensStillExpireWithTokenExpired) {
  const std::string access = tokens_.IssueAccessToken(MakeUser());
  clock_.Advance((7 * kDay + kJwtLeewaySeconds) * 1000);
  const auto expired = tokens_.VerifyAccessToken(access);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, "TOKEN_EXPIRED");
  EXPECT_EQ(expired.error().HttpStatus(), 401);
}

TEST_F(TokenVerifierTest, TamperedVisitorTokensAreRejected) {
  const VisitorToken issued = tokens_.IssueVisitorToken(agent_id_);
  const std::string other_agent = core::NewObjectId();
  // Moving the token to another agent or visitor breaks the signature.
  boost::json::object moved{{"sub", issued.visitor_id},
                            {"aid", other_agent},
                            {"iat", kStart / 1000},
                            {"exp", kStart / 1000 + 30 * kDay}};
  EXPECT_FALSE(tokens_.VerifyVisitorToken(WithPayload(issued.token, moved), other_agent));
  boost::json::object stolen{{"sub", core::NewObjectId()},
                             {"aid", agent_id_},
                             {"iat", kStart / 1000},
                             {"exp", kStart / 1000 + 30 * kDay}};
  EXPECT_FALSE(tokens_.VerifyVisitorToken(WithPayload(issued.token, stolen), agent_id_));
  // A flipped signature character, a truncated token, garbage.
  std::string flipped = issued.token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens_.VerifyVisitorToken(flipped, agent_id_));
  EXPECT_FALSE(
      tokens_.VerifyVisitorToken(issued.token.substr(0, issued.token.size() - 2), agent_id_));
  EXPECT_FALSE(tokens_.VerifyVisitorToken("", agent_id_));
  EXPECT_FALSE(tokens_.VerifyVisitorToken("a.b.c", agent_id_));
  // Signed by another deployment (another JWT secret).
  const TokenVerifier elsewhere(clock_, TokenConfig{"another-secret", 7 * kDay, 30 * kDay});
  EXPECT_FALSE(tokens_.VerifyVisitorToken(elsewhere.IssueVisitorToken(agent_id_).token, agent_id_));
  // A non-hex visitor id, even correctly signed, is refused.
  const std::string visitor_key = DeriveHs256Key(kSecret, "carevoice-visitor");
  boost::json::object bad_sub{
      {"sub", "visitor-1"}, {"aid", agent_id_}, {"exp", kStart / 1000 + kDay}};
  EXPECT_FALSE(tokens_.VerifyVisitorToken(SignHs256(bad_sub, visitor_key, "visitor"), agent_id_));
}

}  // namespace
}  // namespace carevoice::auth
