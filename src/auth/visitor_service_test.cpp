#include "auth/visitor_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/ids.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace carevoice::auth {
namespace {

namespace fs = std::filesystem;

constexpr core::TimeMs kStart = 1'700'000'000'000;
constexpr std::int64_t kDay = 86400;

TEST(WidgetKeyTest, ShapeAndRandomness) {
  std::set<std::string> keys;
  for (int i = 0; i < 100; ++i) {
    const std::string key = NewWidgetKey();
    EXPECT_TRUE(IsWidgetKey(key)) << key;
    EXPECT_EQ(key.size(), 35u);  // "wk_" + 32 base64url characters = 192 random bits.
    EXPECT_EQ(key.substr(0, 3), "wk_");
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), 100u);
  EXPECT_FALSE(IsWidgetKey(""));
  EXPECT_FALSE(IsWidgetKey("wk_"));
  EXPECT_FALSE(IsWidgetKey("xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  EXPECT_FALSE(IsWidgetKey("wk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
  EXPECT_FALSE(IsWidgetKey("wk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

class VisitorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_visitor_test_" + core::RandomHex(8));
    store::SqliteOptions options;
    options.path = (dir_ / "carevoice.db").string();
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    owner_ = core::NewObjectId();
    agent_ = NewAgent();
    widget_key_ = Publish(agent_.id);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  core::Agent NewAgent() {
    core::Agent a;
    a.id = core::NewObjectId();
    a.user_id = owner_;
    a.name = "Sam";
    a.created_at = a.updated_at = kStart;
    EXPECT_TRUE(store_->CreateAgent(a));
    return a;
  }
  std::string Publish(const std::string& agent_id) {
    auto published = store_->PublishAgent(agent_id, owner_, NewWidgetKey());
    EXPECT_TRUE(published);
    return published ? published->widget_key : std::string();
  }

  core::ManualClock clock_{kStart};
  TokenVerifier tokens_{clock_, TokenConfig{"visitor-test-secret", 7 * kDay, 30 * kDay}};
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::string owner_;
  core::Agent agent_;
  std::string widget_key_;
};

TEST_F(VisitorServiceTest, ANewVisitorGetsAnIdAndATokenForThePublishedAgent) {
  const VisitorService visitors(*store_, tokens_);
  auto session = visitors.ResolveVisitor(widget_key_, std::nullopt);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->agent.id, agent_.id);
  EXPECT_EQ(session->agent.user_id, owner_);
  EXPECT_TRUE(session->agent.published);
  EXPECT_TRUE(session->new_visitor);
  EXPECT_TRUE(core::IsObjectId(session->visitor_id));
  auto verified = tokens_.VerifyVisitorToken(session->visitor_token, agent_.id);
  ASSERT_TRUE(verified);
  EXPECT_EQ(*verified, session->visitor_id);
}

TEST_F(VisitorServiceTest, AValidTokenResumesTheSameVisitor) {
  const VisitorService visitors(*store_, tokens_);
  auto first = visitors.ResolveVisitor(widget_key_, std::nullopt);
  ASSERT_TRUE(first);
  clock_.Advance(10 * kDay * 1000);
  const std::string token = first->visitor_token;
  auto again = visitors.ResolveVisitor(widget_key_, token);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->new_visitor);
  EXPECT_EQ(again->visitor_id, first->visitor_id);
  EXPECT_EQ(again->visitor_token, token);
}

TEST_F(VisitorServiceTest, BadExpiredOrOtherAgentsTokensStartANewVisitor) {
  const VisitorService visitors(*store_, tokens_);
  const core::Agent other = NewAgent();
  const std::string other_key = Publish(other.id);
  auto at_other = visitors.ResolveVisitor(other_key, std::nullopt);
  ASSERT_TRUE(at_other);
  // The other agent's visitor token does not carry over to this agent.
  const std::string other_token = at_other->visitor_token;
  auto here = visitors.ResolveVisitor(widget_key_, other_token);
  ASSERT_TRUE(here);
  EXPECT_TRUE(here->new_visitor);
  EXPECT_NE(here->visitor_id, at_other->visitor_id);
  EXPECT_NE(here->visitor_token, other_token);
  // Garbage and an access token.
  core::User user;
  user.id = owner_;
  user.role = core::UserRole::kUser;
  const std::string access = tokens_.IssueAccessToken(user);
  for (const std::string& token : {std::string("garbage"), std::string(), access}) {
    auto fresh = visitors.ResolveVisitor(widget_key_, token);
    ASSERT_TRUE(fresh);
    EXPECT_TRUE(fresh->new_visitor);
  }
  // Expired.
  const std::string token = here->visitor_token;
  clock_.Advance(31 * kDay * 1000);
  auto expired = visitors.ResolveVisitor(widget_key_, token);
  ASSERT_TRUE(expired);
  EXPECT_TRUE(expired->new_visitor);
  EXPECT_NE(expired->visitor_id, here->visitor_id);
}

TEST_F(VisitorServiceTest, UnknownMalformedUnpublishedAndRotatedKeysAreNotFound) {
  const VisitorService visitors(*store_, tokens_);
  auto first = visitors.ResolveVisitor(widget_key_, std::nullopt);
  ASSERT_TRUE(first);
  for (const std::string& key : {NewWidgetKey(), std::string("nope"), std::string()}) {
    auto r = visitors.ResolveVisitor(key, std::nullopt);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().HttpStatus(), 404);
    EXPECT_EQ(r.error().code, "WIDGET_NOT_FOUND");
  }
  // Rotation: the old key stops at once, the new one works, and the visitor (bound to the agent,
  // not to the key) is still recognised.
  auto rotated = store_->RotateAgentWidgetKey(agent_.id, owner_, NewWidgetKey());
  ASSERT_TRUE(rotated);
  EXPECT_FALSE(visitors.ResolveVisitor(widget_key_, std::nullopt));
  const std::string token = first->visitor_token;
  auto after_rotation = visitors.ResolveVisitor(rotated->widget_key, token);
  ASSERT_TRUE(after_rotation);
  EXPECT_EQ(after_rotation->visitor_id, first->visitor_id);
  // Unpublishing stops the key at once.
  ASSERT_TRUE(store_->UnpublishAgent(agent_.id, owner_));
  auto unpublished = visitors.ResolveVisitor(rotated->widget_key, token);
  ASSERT_FALSE(unpublished);
  EXPECT_EQ(unpublished.error().code, "WIDGET_NOT_FOUND");
}

}  // namespace
}  // namespace carevoice::auth
