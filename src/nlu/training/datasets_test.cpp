#include "nlu/training/datasets.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

namespace carevoice::nlu::training {
namespace {

std::string EnvDir(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) {
    ADD_FAILURE() << name << " is not set (run through CTest)";
    return "/nonexistent";
  }
  return value;
}

TEST(DatasetsTest, EverySharedSourceLoadsAndMapsOntoCoarseIntents) {
  const std::string shared = EnvDir("CAREVOICE_SHARED_DIR") + "/data";
  const std::string own = EnvDir("CAREVOICE_SOURCE_DIR") + "/src/nlu/data";
  auto bitext = LoadBitext(shared);
  ASSERT_TRUE(bitext.has_value()) << bitext.error().message;
  EXPECT_EQ(bitext->size(), 4514u);
  std::set<std::string> fine;
  for (const auto& e : *bitext) fine.insert(e.fine);
  EXPECT_EQ(fine.size(), 27u);

  auto banking = LoadBanking77(shared, own + "/banking77_map.json");
  ASSERT_TRUE(banking.has_value()) << banking.error().message;
  EXPECT_EQ(banking->size(), 10003u);  // Every category is mapped.

  auto oos = LoadClinc(shared, own + "/clinc150_map.json", "oos_test");
  ASSERT_TRUE(oos.has_value()) << oos.error().message;
  ASSERT_EQ(oos->size(), 1000u);
  EXPECT_EQ(oos->front().coarse, "general");
  EXPECT_EQ(oos->front().fine, "out_of_scope");
  auto clinc = LoadClinc(shared, own + "/clinc150_map.json", "val");
  ASSERT_TRUE(clinc.has_value()) << clinc.error().message;
  EXPECT_GT(clinc->size(), 2500u);

  auto mine = LoadExamplesTsv(own + "/own_examples.tsv", "own");
  ASSERT_TRUE(mine.has_value()) << mine.error().message;
  std::set<std::string> coarse;
  for (const auto& e : *mine) coarse.insert(e.coarse);
  EXPECT_EQ(coarse.size(), 5u);
  EXPECT_GE(mine->size(), 300u);
}

TEST(DatasetsTest, StratifiedSplitIsDeterministicAndStratified) {
  std::vector<Example> examples;
  for (int i = 0; i < 100; ++i) {
    examples.push_back({std::to_string(i), "support", i % 4 == 0 ? "a" : "b", "x"});
  }
  std::vector<Example> train1, test1, train2, test2;
  StratifiedSplit(examples, 0.2, 9, &train1, &test1);
  StratifiedSplit(examples, 0.2, 9, &train2, &test2);
  ASSERT_EQ(test1.size(), 20u);
  EXPECT_EQ(train1.size(), 80u);
  int a = 0;
  for (std::size_t i = 0; i < test1.size(); ++i) {
    EXPECT_EQ(test1[i].text, test2[i].text);
    a += test1[i].fine == "a" ? 1 : 0;
  }
  EXPECT_EQ(a, 5);  // 20% of the 25 "a" examples.
}

TEST(DatasetsTest, BadFilesAreErrors) {
  EXPECT_FALSE(LoadBitext("/nonexistent").has_value());
  EXPECT_FALSE(LoadExamplesTsv("/nonexistent.tsv", "own").has_value());
}

}  // namespace
}  // namespace carevoice::nlu::training
