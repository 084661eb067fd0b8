// Agent publishing in the SQLite store: PublishAgent, UnpublishAgent, RotateAgentWidgetKey and
// GetAgentByWidgetKey (migration 2).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "core/ids.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace carevoice::store {
namespace {

namespace fs = std::filesystem;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

class AgentPublishingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_publish_test_" + core::RandomHex(8));
    SqliteOptions options;
    options.path = (dir_ / "carevoice.db").string();
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    owner_ = core::NewObjectId();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Creates an agent owned by `user_id` ("" = a demo agent) and returns it.
  core::Agent NewAgent(const std::string& user_id, bool demo = false) {
    core::Agent a;
    a.id = core::NewObjectId();
    a.user_id = user_id;
    a.name = "Sam";
    a.is_demo = demo;
    a.created_at = a.updated_at = kT0;
    EXPECT_TRUE(store_->CreateAgent(a));
    return a;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::string owner_;
};

TEST_F(AgentPublishingTest, NewAgentsAreUnpublishedWithoutKey) {
  const core::Agent agent = NewAgent(owner_);
  Result<core::Agent> read = store_->GetAgent(agent.id, owner_);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->published);
  EXPECT_EQ(read->widget_key, "");
  EXPECT_FALSE(store_->GetAgentByWidgetKey(""));
}

TEST_F(AgentPublishingTest, PublishIsIdempotentAndTheKeyFindsThePublishedAgent) {
  const core::Agent agent = NewAgent(owner_);
  Result<core::Agent> published = store_->PublishAgent(agent.id, owner_, "wk_first");
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_TRUE(published->published);
  EXPECT_EQ(published->widget_key, "wk_first");
  EXPECT_EQ(published->name, "Sam");

  // Publishing again keeps the existing key.
  Result<core::Agent> again = store_->PublishAgent(agent.id, owner_, "wk_second");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->widget_key, "wk_first");

  Result<core::Agent> found = store_->GetAgentByWidgetKey("wk_first");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, agent.id);
  EXPECT_EQ(found->user_id, owner_);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_second"));
  // GetAgent and ListAgents see the publishing columns too.
  EXPECT_TRUE(store_->GetAgent(agent.id, owner_)->published);
  EXPECT_EQ(store_->ListAgents(owner_)->front().widget_key, "wk_first");
}

TEST_F(AgentPublishingTest, UnpublishStopsTheKeyAtOnceAndRepublishRestoresIt) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_k1"));
  Result<core::Agent> unpublished = store_->UnpublishAgent(agent.id, owner_);
  ASSERT_TRUE(unpublished);
  EXPECT_FALSE(unpublished->published);
  Result<core::Agent> gone = store_->GetAgentByWidgetKey("wk_k1");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, core::ErrorKind::kNotFound);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_k2"));
  EXPECT_TRUE(store_->GetAgentByWidgetKey("wk_k1"));
}

TEST_F(AgentPublishingTest, RotateReplacesTheKeyAtOnce) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_old"));
  Result<core::Agent> rotated = store_->RotateAgentWidgetKey(agent.id, owner_, "wk_new");
  ASSERT_TRUE(rotated);
  EXPECT_EQ(rotated->widget_key, "wk_new");
  EXPECT_TRUE(rotated->published);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_old"));
  EXPECT_EQ(store_->GetAgentByWidgetKey("wk_new")->id, agent.id);
}

TEST_F(AgentPublishingTest, OtherOwnersDemoAgentsAndUnknownIdsAreNotFound) {
  const core::Agent agent = NewAgent(owner_);
  const core::Agent demo = NewAgent("", /*demo=*/true);
  const std::string stranger = core::NewObjectId();
  for (const Result<core::Agent>& r :
       {store_->PublishAgent(agent.id, stranger, "wk_x"),
        store_->UnpublishAgent(agent.id, stranger),
        store_->RotateAgentWidgetKey(agent.id, stranger, "wk_x"),
        store_->PublishAgent(demo.id, "", "wk_demo"), store_->PublishAgent(demo.id, owner_, "wk_d"),
        store_->PublishAgent(core::NewObjectId(), owner_, "wk_y")}) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, core::ErrorKind::kNotFound);
  }
  EXPECT_FALSE(store_->GetAgent(agent.id, owner_)->published);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_x"));
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_demo"));
}

TEST_F(AgentPublishingTest, WidgetKeysAreUnique) {
  const core::Agent a = NewAgent(owner_);
  const core::Agent b = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(a.id, owner_, "wk_same"));
  Result<core::Agent> clash = store_->PublishAgent(b.id, owner_, "wk_same");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, core::ErrorKind::kConflict);
  EXPECT_FALSE(store_->GetAgent(b.id, owner_)->published);  // All or nothing.
}

TEST_F(AgentPublishingTest, DeletingAnAgentRetiresItsKey) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_del"));
  ASSERT_TRUE(store_->DeleteAgent(agent.id, owner_));
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_del"));
}

}  // namespace
}  // namespace carevoice::store
