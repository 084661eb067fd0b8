#include "voice/audio_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::voice {
namespace {

namespace fs = std::filesystem;

class AudioStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cv_audio_store_" + core::RandomHex(6));
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(AudioStoreTest, SavesAtomicallyIntoTheOwnersFolder) {
  AudioStore store({root_.string(), 0, "/public/audio/"});
  const std::string owner = core::NewObjectId();
  auto url = store.Save(owner, "RIFFdata", "wav");
  ASSERT_TRUE(url) << url.error().message;
  ASSERT_TRUE(core::StartsWith(*url, "/public/audio/" + owner + "/")) << *url;
  const std::string file = url->substr(url->rfind('/') + 1);
  EXPECT_EQ(file.size(), 24u + 4u);
  EXPECT_EQ(fs::file_size(root_ / owner / file), 8u);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(root_ / owner)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
  EXPECT_EQ(store.UsedBytes(owner), 8u);
  EXPECT_EQ(store.UrlFor(owner, "abc", "mp3"), "/public/audio/" + owner + "/abc.mp3");
  auto named = store.Save(owner, "x", "mp3", "abc");
  ASSERT_TRUE(named);
  EXPECT_EQ(*named, "/public/audio/" + owner + "/abc.mp3");
}

TEST_F(AudioStoreTest, QuotaIsPerUserAndFreedByRemove) {
  AudioStore store({root_.string(), 10, "/public/audio/"});
  const std::string alice = core::NewObjectId();
  const std::string bob = core::NewObjectId();
  auto first = store.Save(alice, "123456", "wav");
  ASSERT_TRUE(first);
  auto over = store.Save(alice, "12345", "wav");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().HttpStatus(), 413u);
  EXPECT_EQ(over.error().code, "STORAGE_QUOTA_EXCEEDED");
  EXPECT_TRUE(store.Save(bob, "12345", "wav"));  // Another user's quota.
  store.Remove(*first);
  EXPECT_EQ(store.UsedBytes(alice), 0u);
  EXPECT_TRUE(store.Save(alice, "12345", "wav"));
  // A restarted store counts what is on disk.
  AudioStore again({root_.string(), 10, "/public/audio/"});
  EXPECT_EQ(again.UsedBytes(alice), 5u);
}

TEST_F(AudioStoreTest, RemoveIgnoresForeignAndHostileUrls) {
  AudioStore store({root_.string(), 0, "/public/audio/"});
  const std::string owner = core::NewObjectId();
  auto url = store.Save(owner, "abc", "wav");
  ASSERT_TRUE(url);
  fs::create_directories(root_);
  { std::ofstream(root_.parent_path() / "cv_audio_victim") << "x"; }
  for (const std::string& bad : std::vector<std::string>{
           "/public/audio/../cv_audio_victim", "/elsewhere/" + owner + "/x.wav",
           "/public/audio/" + owner + "/../../cv_audio_victim", "/public/audio/not-an-id/x.wav",
           std::string("/public/audio/")}) {
    store.Remove(bad);
  }
  EXPECT_TRUE(fs::exists(root_.parent_path() / "cv_audio_victim"));
  fs::remove(root_.parent_path() / "cv_audio_victim");
  EXPECT_EQ(store.UsedBytes(owner), 3u);
  EXPECT_FALSE(store.Save("../x", "abc", "wav"));
}

}  // namespace
}  // namespace carevoice::voice
