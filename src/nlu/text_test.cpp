#include "nlu/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlu/features.hpp"

namespace carevoice::nlu {
namespace {

std::vector<std::string> Words(std::string_view text) {
  const std::string normalized = Normalize(text);
  std::vector<std::string> out;
  for (const auto token : Tokenize(normalized)) out.emplace_back(token);
  return out;
}

TEST(NormalizeTest, LowerCasesAndFoldsPunctuation) {
  EXPECT_EQ(Normalize("Don\xE2\x80\x99t STOP"), "don't stop");
  EXPECT_EQ(Normalize("\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 ok\xE2\x80\xA6"), "\"hi\" - ok...");
  EXPECT_EQ(Normalize("CAF\xC3\x89"), "caf\xC3\xA9");
  EXPECT_EQ(Normalize("a\xC2\xA0"
                      "b\tc"),
            "a b c");
  // Emoji bytes are kept.
  EXPECT_EQ(Normalize("OK \xF0\x9F\x98\xA1"), "ok \xF0\x9F\x98\xA1");
}

TEST(TokenizeTest, KeepsContractionsNumbersAndIds) {
  EXPECT_EQ(Words("I don't know!"), (std::vector<std::string>{"i", "don't", "know"}));
  EXPECT_EQ(Words("It costs $12.50, order #A1234-XY."),
            (std::vector<std::string>{"it", "costs", "12.50", "order", "a1234-xy"}));
  EXPECT_EQ(Words("e-mail me at 10:30"), (std::vector<std::string>{"e-mail", "me", "at", "10:30"}));
  EXPECT_EQ(Words("'quoted' -- end"), (std::vector<std::string>{"quoted", "end"}));
}

TEST(TokenizeTest, EmojiAreTokensOfTheirOwn) {
  const auto words = Words("thanks\xF0\x9F\x98\x8A\xF0\x9F\x91\x8D great");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "thanks");
  EXPECT_EQ(words[1], "\xF0\x9F\x98\x8A");
  EXPECT_EQ(words[2], "\xF0\x9F\x91\x8D");
  EXPECT_EQ(words[3], "great");
}

TEST(TokenizeTest, HandlesTruncatedUtf8) {
  const auto words = Words("abc\xF0\x9F");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0], "abc");
}

TEST(CharNgramTest, CountsCodePoints) {
  std::vector<std::string> grams;
  ForEachCharNgram("<\xC3\xA9t>", 2, 3, [&](std::string_view g) { grams.emplace_back(g); });
  EXPECT_EQ(grams,
            (std::vector<std::string>{"<\xC3\xA9", "\xC3\xA9t", "t>", "<\xC3\xA9t", "\xC3\xA9t>"}));
}

TEST(FeatureExtractorTest, SortedUniqueAndNormalised) {
  FeatureExtractor extractor(FeatureConfig{.num_buckets = 1u << 12});
  const SparseVector v = extractor.Extract("Where is my package? Where is it?");
  ASSERT_FALSE(v.empty());
  double norm2 = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_LT(v[i].index, 1u << 12);
    if (i > 0) {
      EXPECT_LT(v[i - 1].index, v[i].index);
    }
    norm2 += v[i].value * v[i].value;
  }
  // Two blocks of norm 1, collisions aside.
  EXPECT_NEAR(norm2, 2.0, 0.2);
  EXPECT_TRUE(extractor.Extract("  ...  ").empty());
  // Deterministic and case-insensitive.
  const SparseVector w = extractor.Extract("WHERE is my package? where IS it?");
  ASSERT_EQ(v.size(), w.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].index, w[i].index);
}

}  // namespace
}  // namespace carevoice::nlu
