#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/store_contract.hpp"

namespace carevoice::store {
namespace {

namespace fs = std::filesystem;

// The contract suite on SQLite: each test gets a file in a fresh folder whose parent does not
// exist yet.
const StoreBackend kSqliteBackend{"Sqlite",
                                  []() -> Result<std::string> {
                                    return (fs::temp_directory_path() /
                                            ("cv_store_test_" + core::RandomHex(8)) / "nested" /
                                            "carevoice.db")
                                        .string();
                                  },
                                  [](const std::string& path) {
                                    SqliteOptions options;
                                    options.path = path;
                                    return OpenSqliteStore(options);
                                  },
                                  [](const std::string& path) {
                                    std::error_code ec;
                                    fs::remove_all(fs::path(path).parent_path().parent_path(), ec);
                                  }};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(&kSqliteBackend),
                         BackendName);

// Executes `sql` directly on the database file, bypassing the store.
void RawExec(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_store_test_" + core::RandomHex(8));
    path_ = dir_ / "nested" / "carevoice.db";  // The parent folder does not exist yet.
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> Open() {
    SqliteOptions options;
    options.path = path_.string();
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  // Creates a user and returns its id.
  std::string NewUser(const std::string& email) {
    core::User u = MakeUser(email);
    EXPECT_TRUE(store_->CreateUser(u));
    return u.id;
  }

  fs::path dir_;
  fs::path path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, OpensCreatingFoldersAndPings) {
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(fs::exists(path_));
  Result<std::string> ping = store_->Ping();
  ASSERT_TRUE(ping);
  EXPECT_EQ(*ping, "connected");
}

// --- Users ---

TEST_F(SqliteStoreTest, CorruptJsonColumnIsInternalErrorNotCrash) {
  const std::string alice = NewUser("alice@example.com");
  core::Agent a = MakeAgent(alice);
  ASSERT_TRUE(store_->CreateAgent(a));
  RawExec(path_, "UPDATE agents SET prompts = '{not json' WHERE id = '" + a.id + "'");
  Result<core::Agent> got = store_->GetAgent(a.id, alice);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, core::ErrorKind::kInternal);
  RawExec(path_, "UPDATE agents SET prompts = '[1]' WHERE id = '" + a.id + "'");
  EXPECT_EQ(store_->ListAgents(alice).error().kind, core::ErrorKind::kInternal);
}

// --- Conversations ---

TEST_F(SqliteStoreTest, AcknowledgedMessageSurvivesProcessCrash) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  store_.reset();
  const std::string path = path_.string();
  const std::string conversation_id = c.id;
  // The child appends, then dies without running any destructor (no close, no checkpoint).
  EXPECT_EXIT(
      {
        SqliteOptions options;
        options.path = path;
        Result<std::unique_ptr<Store>> child = OpenSqliteStore(options);
        if (!child) std::_Exit(2);
        if (!(*child)->AppendMessage(MakeMessage(conversation_id, "acked"), alice)) std::_Exit(3);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  Result<std::vector<core::Message>> list = store_->ListMessages(c.id, alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].content, "acked");
  EXPECT_EQ(store_->GetConversation(c.id, alice)->analytics.message_count, 1);
}

TEST_F(SqliteStoreTest, DatabaseFromNewerBuildIsRefused) {
  store_.reset();
  RawExec(path_, "PRAGMA user_version = " + std::to_string(sqlite::SchemaVersion() + 1));
  SqliteOptions options;
  options.path = path_.string();
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, NonDatabaseFileIsUnavailable) {
  const fs::path junk = dir_ / "junk.db";
  std::ofstream(junk, std::ios::binary) << std::string(4096, 'x');
  ASSERT_EQ(fs::file_size(junk), 4096u);
  SqliteOptions options;
  options.path = junk.string();
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
}

TEST(SqliteStoreMemoryTest, InMemoryStoreWorksAndIsPrivate) {
  SqliteOptions options;
  options.path = ":memory:";
  Result<std::unique_ptr<Store>> a = OpenSqliteStore(options);
  Result<std::unique_ptr<Store>> b = OpenSqliteStore(options);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  core::User u = MakeUser("mem@example.com");
  ASSERT_TRUE((*a)->CreateUser(u));
  EXPECT_TRUE((*a)->GetUserByEmail("mem@example.com"));
  EXPECT_EQ((*b)->GetUserByEmail("mem@example.com").error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(*(*a)->Ping(), "connected");
}

TEST(SqliteStoreOpenTest, EmptyPathIsUnavailable) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace carevoice::store
