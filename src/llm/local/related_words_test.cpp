#include "llm/local/related_words.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace carevoice::llm::local {
namespace {

bool Related(const std::vector<RelatedWordEntry>& table, const std::string& a,
             const std::string& b) {
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const RelatedWordEntry& e) { return e.term == a; });
  return it != table.end() && std::any_of(it->related.begin(), it->related.end(),
                                          [&](const RelatedTerm& r) { return r.term == b; });
}

TEST(RelatedWordsTest, WordsUsedForTheSameRequestsAreRelated) {
  // Two wordings of "give my money back" and of "where is my parcel", each spread over several
  // requests, so that the words share intents with each other and not with the other topic.
  std::vector<LabelledText> texts;
  for (int i = 0; i < 6; ++i) {
    texts.push_back({"claim", "I want compensation for order " + std::to_string(i)});
    texts.push_back({"claim", "please give me restitution"});
    texts.push_back({"claim_status", "has my compensation been processed"});
    texts.push_back({"claim_status", "when will restitution be paid"});
    texts.push_back({"where", "where is my parcel"});
    texts.push_back({"where", "my consignment has not come"});
    texts.push_back({"late", "the parcel is late"});
    texts.push_back({"late", "consignment still not here"});
  }
  RelatedWordsOptions options;
  options.min_count = 3;
  const auto table = LearnRelatedWords(texts, options);
  EXPECT_TRUE(Related(table, "compens", "restitution"));
  EXPECT_TRUE(Related(table, "restitution", "compens"));
  EXPECT_TRUE(Related(table, "parcel", "consign"));
  EXPECT_FALSE(Related(table, "compens", "parcel"));
  EXPECT_FALSE(Related(table, "restitution", "consign"));
  // Deterministic: the same texts give the same source.
  EXPECT_EQ(RelatedWordsSource(table), RelatedWordsSource(LearnRelatedWords(texts, options)));
  EXPECT_NE(RelatedWordsSource(table).find("\"compens\\trestitution:"), std::string::npos);
}

TEST(RelatedWordsTest, TheShippedTableIsLearnedAndRead) {
  // The embedded table (carevoice train-related) holds customer-care paraphrases.
  ASSERT_GT(kRelatedWordsLineCount, 300U);
  const auto& speak = LearnedRelatedTerms("speak");
  EXPECT_TRUE(std::any_of(speak.begin(), speak.end(),
                          [](const RelatedTerm& r) { return r.term == "talk"; }));
  for (const RelatedTerm& r : speak) {
    EXPECT_GT(r.similarity, 0.0F);
    EXPECT_LE(r.similarity, 1.0F);
  }
  EXPECT_TRUE(LearnedRelatedTerms("no-such-term").empty());
}

}  // namespace
}  // namespace carevoice::llm::local
