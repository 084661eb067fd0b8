#include "store/sqlite/checkpointer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "core/ids.hpp"

namespace carevoice::store::sqlite {
namespace {

namespace fs = std::filesystem;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_checkpointer_test_" + core::RandomHex(8));
    fs::create_directories(dir_);
    options_.path = (dir_ / "db.sqlite").string();
    Result<std::unique_ptr<Connection>> writer = Connection::Open(options_);
    ASSERT_TRUE(writer) << writer.error().message;
    writer_ = std::move(*writer);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
    // Checkpoint the table's creation so that the file's size is the starting point.
    ASSERT_EQ(sqlite3_wal_checkpoint_v2(writer_->Raw(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                        nullptr, nullptr),
              SQLITE_OK);
    initial_size_ = fs::file_size(options_.path);
  }
  void TearDown() override {
    writer_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Commits `n` rows, one transaction each (a few WAL frames per commit).
  void Commit(int n) {
    for (int i = 0; i < n; ++i) {
      Result<Statement> insert = writer_->Prepare("INSERT INTO t (body) VALUES (?)");
      ASSERT_TRUE(insert);
      insert->Bind(1, std::string(2000, static_cast<char>('a' + i % 26)));
      ASSERT_TRUE(insert->Run());
    }
  }

  ConnectionOptions options_;
  fs::path dir_;
  std::unique_ptr<Connection> writer_;
  std::uintmax_t initial_size_ = 0;
};

TEST_F(CheckpointerTest, CommitsNoLongerCheckpointThemselves) {
  // A threshold never reached: nothing may copy the WAL into the database file, although the
  // WAL grows far beyond SQLite's own 1,000-frame auto-checkpoint.
  Result<std::unique_ptr<Checkpointer>> checkpointer =
      Checkpointer::Start(*writer_, options_, 1'000'000);
  ASSERT_TRUE(checkpointer) << checkpointer.error().message;
  Commit(1500);
  EXPECT_EQ((*checkpointer)->Checkpoints(), 0u);
  EXPECT_EQ(fs::file_size(options_.path), initial_size_);
  EXPECT_GT(fs::file_size(options_.path + "-wal"), std::uintmax_t{1500} * 2000);
}

TEST_F(CheckpointerTest, ItsThreadCopiesTheWalIntoTheDatabase) {
  Result<std::unique_ptr<Checkpointer>> checkpointer = Checkpointer::Start(*writer_, options_, 50);
  ASSERT_TRUE(checkpointer) << checkpointer.error().message;
  Commit(300);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (fs::file_size(options_.path) < initial_size_ + std::uintmax_t{200} * 2000 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(fs::file_size(options_.path), initial_size_ + std::uintmax_t{200} * 2000);
  EXPECT_GT((*checkpointer)->Checkpoints(), 0u);
  // Every row is still there, read through another connection.
  Result<std::unique_ptr<Connection>> reader = Connection::Open(options_);
  ASSERT_TRUE(reader);
  Result<Statement> count = (*reader)->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count);
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Int(0), 300);
}

TEST_F(CheckpointerTest, StoppingGivesCheckpointsBackToTheWriter) {
  {
    Result<std::unique_ptr<Checkpointer>> checkpointer =
        Checkpointer::Start(*writer_, options_, 1'000'000);
    ASSERT_TRUE(checkpointer);
  }
  Commit(1500);  // SQLite's auto-checkpoint copies the WAL again (every 1,000 frames).
  EXPECT_GT(fs::file_size(options_.path), initial_size_ + std::uintmax_t{500} * 2000);
}

}  // namespace
}  // namespace carevoice::store::sqlite
