#include "llm/local/wordnet_related.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace carevoice::llm::local {
namespace {

namespace fs = std::filesystem;

// The weight of `b` among the relations of `a` in `table`; 0 if unrelated.
float Weight(const std::vector<RelatedWordEntry>& table, const std::string& a,
             const std::string& b) {
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const RelatedWordEntry& e) { return e.term == a; });
  if (it == table.end()) return 0;
  const auto r = std::find_if(it->related.begin(), it->related.end(),
                              [&](const RelatedTerm& t) { return t.term == b; });
  return r == it->related.end() ? 0 : r->similarity;
}

// A miniature WordNet database in WordNet's own file format.
class WordNetFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cv_wordnet_test_" + core::RandomHex(6));
    fs::create_directories(dir_);
    Write("index.noun",
          "  1 This software and database is being provided to you, the LICENSEE\n"
          "specs n 1 0 1 0 00000100\n"
          "glasses n 1 0 1 1 00000100\n"
          "spectacles n 1 0 1 1 00000100\n"
          "talon n 1 1 @ 1 0 00000200\n"
          "spike n 2 0 2 1 00000300 00000400\n"
          "bank n 3 0 3 2 00000500 00000600 00000700\n"
          "camber n 1 0 1 0 00000700\n"
          "ship n 1 0 1 1 00000800\n"
          "vessel n 1 0 1 1 00000800\n"
          "education n 1 1 + 1 1 00001000\n"
          "tooth n 1 0 1 1 00001200\n"
          "pup n 1 0 1 1 00001300\n"
          "puppy n 1 0 1 1 00001400\n"
          "dog n 1 0 1 1 00001500\n"
          "beagle n 1 0 1 1 00001600\n"
          "poodle n 1 0 1 1 00001700\n"
          "collie n 1 0 1 1 00001800\n"
          "spaniel n 1 0 1 1 00001900\n"
          "sporting_dog n 1 0 1 0 00002000\n");
    Write("data.noun",
          "  1 This software and database is being provided to you, the LICENSEE\n"
          "00000100 06 n 04 spectacles 0 specs 0 eyeglasses 0 glasses 0 000 | lenses in a frame\n"
          "00000200 05 n 01 talon 0 001 @ 00000300 n 0000 | sharp curved horny process\n"
          "00000300 08 n 02 spike 0 fingernail 0 000 | a pointed growth\n"
          "00000400 06 n 01 spike 0 000 | a thin pointed metal pin\n"
          "00000500 06 n 02 bank 0 depository_financial_institution 0 000 | a financial firm\n"
          "00000600 17 n 01 bank 0 000 | sloping land beside water\n"
          "00000700 17 n 02 bank 1 camber 0 000 | a slope in the turn of a road\n"
          "00000800 06 n 02 ship 0 vessel 0 000 | a vessel that carries goods by sea\n"
          "00001000 04 n 01 education 0 001 + 00000900 v 0101 | teaching\n"
          "00001200 08 n 01 tooth 0 000 | hard bony growth in the jaw\n"
          "00001300 05 n 01 pup 0 001 ~ 00001400 n 0000 | young of a dog\n"
          "00001400 05 n 01 puppy 0 001 @ 00001300 n 0000 | a young dog\n"
          "00001500 05 n 01 dog 0 004 ~ 00001600 n 0000 ~ 00001700 n 0000 ~ 00001800 n 0000 "
          "~ 00001900 n 0000 | a domestic canine\n"
          "00001600 05 n 01 beagle 0 001 @ 00001500 n 0000 | a hound\n"
          "00001700 05 n 01 poodle 0 001 @ 00001500 n 0000 | a curly dog\n"
          "00001800 05 n 01 collie 0 001 @ 00001500 n 0000 | a sheepdog\n"
          "00001900 05 n 01 spaniel 0 001 @ 00002000 n 0000 | a gun dog\n"
          "00002000 05 n 01 sporting_dog 0 001 @ 00001500 n 0000 | a dog for hunting\n");
    Write("index.verb", "educate v 1 1 + 1 1 00000900\n");
    Write("data.verb", "00000900 29 v 01 educate 0 001 + 00001000 n 0101 01 + 08 00 | teach\n");
    Write("index.adj",
          "left a 1 0 1 1 00001100\n"
          "wooden a 1 0 1 1 00001110\n"
          "dog a 1 0 1 1 00001120\n"
          "umbral a 1 0 1 0 00001130\n"
          "ok a 1 0 1 1 00001140\n");
    Write("data.adj",
          "00001100 00 a 01 left 0 000 | being on the left side\n"
          "00001110 00 a 01 wooden 0 000 | made of wood\n"
          "00001120 00 a 01 dog 0 000 | (test) also a noun\n"
          "00001130 00 a 01 umbral 0 000 | (test) never seen in SemCor\n"
          "00001140 00 a 01 ok 0 000 | (test) too short\n");
    Write("index.adv", "");
    Write("data.adv", "");
    Write("noun.exc", "teeth tooth\n");
    Write("verb.exc", "left leave\n");
    Write("adj.exc", "");
    Write("adv.exc", "");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  fs::path dir_;
};

TEST_F(WordNetFiles, SynonymsOfAFrequentSenseAreRelatedBothWays) {
  const auto table = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(table.has_value()) << table.error().message;
  EXPECT_FLOAT_EQ(Weight(*table, "spec", "glass"), 0.75F);
  EXPECT_FLOAT_EQ(Weight(*table, "glass", "spectacl"), 0.75F);
  EXPECT_FLOAT_EQ(Weight(*table, "spectacl", "glass"), 0.75F);
  // "specs" is no word of SemCor: a customer's word, not one a knowledge base would be written
  // in, so nothing is related to it.
  EXPECT_EQ(Weight(*table, "glass", "spec"), 0.0F);
}

TEST_F(WordNetFiles, AHypernymIsWeakerThanASynonym) {
  const auto table = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(table.has_value());
  const float talon_spike = Weight(*table, "talon", "spik");
  EXPECT_GT(talon_spike, 0.0F);
  EXPECT_LT(talon_spike, 0.5F);  // Alone it cannot reach the responder's coverage bar.
  // One step up only: a spike is not a talon.
  EXPECT_EQ(Weight(*table, "spik", "talon"), 0.0F);
}

TEST_F(WordNetFiles, AHypernymWithNoEverydayWordIsClimbedToTheKind) {
  // "sporting_dog" is no word a customer or a knowledge base writes: a spaniel is a dog, as
  // weak as one step up...
  WordNetOptions options;
  options.ancestor_depth = 0;
  const auto table = LearnWordNetRelations(dir_.string(), options);
  ASSERT_TRUE(table.has_value());
  EXPECT_FLOAT_EQ(Weight(*table, "spaniel", "dog"), 0.45F);
  EXPECT_EQ(Weight(*table, "dog", "spaniel"), 0.0F);
  // ... unless the kind is too general, near WordNet's root (here "dog" is the root).
  const auto near_root = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(near_root.has_value());
  EXPECT_EQ(Weight(*near_root, "spaniel", "dog"), 0.0F);
  EXPECT_FLOAT_EQ(Weight(*near_root, "beagl", "dog"), 0.45F);  // One step up is kept.
}

TEST_F(WordNetFiles, AWordWithFewKindsReachesThemAndOneWithManyDoesNot) {
  const auto table = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(table.has_value());
  // A pup has one kind, the puppy: a customer's "pup" is the knowledge's "puppy"...
  EXPECT_FLOAT_EQ(Weight(*table, "pup", "puppi"), 0.45F);
  EXPECT_FLOAT_EQ(Weight(*table, "puppi", "pup"), 0.45F);  // ... and one step up, as before.
  // ... but "dog" (four kinds here) is no beagle.
  EXPECT_EQ(Weight(*table, "dog", "beagl"), 0.0F);
  EXPECT_GT(Weight(*table, "beagl", "dog"), 0.0F);
}

TEST_F(WordNetFiles, RareSensesAndHandTableWordsAreLeftOut) {
  const auto table = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(table.has_value());
  // "camber" is bank's third sense: not a frequent sense of "bank".
  EXPECT_EQ(Weight(*table, "camber", "bank"), 0.0F);
  EXPECT_EQ(Weight(*table, "bank", "camber"), 0.0F);
  // "ship" is delivery in the hand synonym table: the boat sense must not leak in.
  EXPECT_EQ(Weight(*table, "vessel", "deliv"), 0.0F);
  EXPECT_EQ(Weight(*table, "deliv", "vessel"), 0.0F);
}

TEST_F(WordNetFiles, DerivationsAndIrregularFormsAreRelated) {
  const auto table = LearnWordNetRelations(dir_.string());
  ASSERT_TRUE(table.has_value());
  EXPECT_FLOAT_EQ(Weight(*table, "educat", "educ"), 0.8F);
  EXPECT_FLOAT_EQ(Weight(*table, "teeth", "tooth"), 1.0F);
  EXPECT_FLOAT_EQ(Weight(*table, "tooth", "teeth"), 1.0F);
  // "left" is a word of its own (the side): it is not read as "leave".
  EXPECT_EQ(Weight(*table, "left", "leav"), 0.0F);
}

// Adjectives that are no noun or verb, seen in SemCor, of 3 letters or more ("left" is one in
// these files, which have no noun "left").
TEST_F(WordNetFiles, DescribingWordsAreAdjectivesOnly) {
  const auto words = LearnDescribingWords(dir_.string());
  ASSERT_TRUE(words.has_value());
  EXPECT_EQ(*words, (std::vector<std::string>{"left", "wooden"}));
  fs::remove(dir_ / "index.adj");
  EXPECT_FALSE(LearnDescribingWords(dir_.string()).has_value());
}

TEST_F(WordNetFiles, AMissingDatabaseIsAnError) {
  fs::remove(dir_ / "data.verb");
  EXPECT_FALSE(LearnWordNetRelations(dir_.string()).has_value());
  EXPECT_FALSE(LearnWordNetRelations((dir_ / "nowhere").string()).has_value());
}

TEST(WordNetRelatedTest, TheShippedTableRelatesEverydayWords) {
  ASSERT_GT(kWordNetTable.size(), 100000U);
  const auto& specs = WordNetRelatedTerms("spec");
  EXPECT_TRUE(std::any_of(specs.begin(), specs.end(),
                          [](const RelatedTerm& r) { return r.term == "glass"; }));
  for (const RelatedTerm& r : specs) {
    EXPECT_GT(r.similarity, 0.0F);
    EXPECT_LE(r.similarity, 1.0F);
  }
  const auto& pup = WordNetRelatedTerms("pup");
  EXPECT_TRUE(
      std::any_of(pup.begin(), pup.end(), [](const RelatedTerm& r) { return r.term == "puppi"; }));
  // A breed climbs to its kind; nothing climbs to a kind as general as "person".
  const auto& spaniel = WordNetRelatedTerms("spaniel");
  EXPECT_TRUE(std::any_of(spaniel.begin(), spaniel.end(),
                          [](const RelatedTerm& r) { return r.term == "dog"; }));
  const auto& abbot = WordNetRelatedTerms("abbot");
  EXPECT_TRUE(std::none_of(abbot.begin(), abbot.end(),
                           [](const RelatedTerm& r) { return r.term == "person"; }));
  // Words of the hand synonym table get no general-language relations.
  EXPECT_TRUE(WordNetRelatedTerms("deliv").empty());
  EXPECT_TRUE(WordNetRelatedTerms("no-such-term").empty());
  // Words that only describe: not one that also names or does ("flat", "ready", "house").
  EXPECT_TRUE(OnlyDescribes("wooden"));
  EXPECT_TRUE(OnlyDescribes("cheap"));
  EXPECT_FALSE(OnlyDescribes("flat"));
  EXPECT_FALSE(OnlyDescribes("ready"));
  EXPECT_FALSE(OnlyDescribes("house"));
  EXPECT_FALSE(OnlyDescribes(""));
}

}  // namespace
}  // namespace carevoice::llm::local
