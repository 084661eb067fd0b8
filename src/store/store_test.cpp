#include "store/store.hpp"
#include "store/open_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/ids.hpp"

namespace carevoice::store {
namespace {

namespace fs = std::filesystem;

class OpenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_open_store_test_" + core::RandomHex(8));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(OpenStoreTest, SqliteSchemeWithRelativeOrAbsolutePath) {
  const fs::path file = dir_ / "a.db";
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite:" + file.string());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(*(*store)->Ping(), "connected");
  EXPECT_TRUE(fs::exists(file));

  const fs::path other = dir_ / "b.db";  // sqlite:///abs/path names /abs/path.
  ASSERT_TRUE(other.is_absolute());
  Result<std::unique_ptr<Store>> triple = OpenStore("sqlite://" + other.string());
  ASSERT_TRUE(triple) << triple.error().message;
  EXPECT_TRUE(fs::exists(other));
}

TEST_F(OpenStoreTest, BarePathAndSurroundingSpaces) {
  const fs::path file = dir_ / "bare.db";
  Result<std::unique_ptr<Store>> store = OpenStore("  " + file.string() + "\n");
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(fs::exists(file));
}

TEST_F(OpenStoreTest, InMemory) {
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(*(*store)->Ping(), "connected");
  EXPECT_FALSE(fs::exists(":memory:"));
}

TEST_F(OpenStoreTest, UnsupportedUrlsExplainThemselves) {
  struct Case {
    std::string url;
    std::string mentions;
  };
  for (const Case& c : {Case{"mongodb://localhost:27017/customercare-voiceai", "MongoDB"},
                        Case{"mongodb+srv://u:p@cluster0.example.net/db", "MongoDB"},
                        Case{"postgres://u:s3cret@127.0.0.1:1/carevoice", "PostgreSQL"},
                        Case{"postgresql://u@127.0.0.1:1/carevoice", "PostgreSQL"},
                        Case{"mysql://u@localhost/x", "Unsupported"}, Case{"", "empty"},
                        Case{"sqlite:", "names no file"}}) {
    Result<std::unique_ptr<Store>> store = OpenStore(c.url);
    ASSERT_FALSE(store) << c.url;
    EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable) << c.url;
    EXPECT_NE(store.error().message.find(c.mentions), std::string::npos)
        << c.url << " -> " << store.error().message;
    EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
  }
}

TEST_F(OpenStoreTest, UnwritableLocationIsUnavailable) {
  fs::create_directories(dir_);
  const fs::path blocker = dir_ / "file";
  std::ofstream(blocker) << "not a folder";
  ASSERT_TRUE(fs::is_regular_file(blocker));
  // A regular file where a parent folder should be.
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite:" + (blocker / "x.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace carevoice::store
