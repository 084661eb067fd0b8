// The n-gram builder behind the recogniser's domain biasing: a proper distribution after every
// history (pruned or not), seen phrasing preferred, ARPA as PocketSphinx reads it.

#include "voice/ngram_lm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace carevoice::voice {
namespace {

constexpr const char* kCorpus =
    "I want a refund. I want a refund for my order. I want to cancel my order.\n"
    "Where is my order? My card was charged twice. I want a new card.\n"
    "Can I get a refund? The refund is on its way. Cancel my subscription please.";

double SumAfter(const NgramLm& lm, const std::vector<std::string>& history) {
  double sum = 0;
  for (const std::string& w : lm.Vocabulary()) sum += std::pow(10.0, lm.Log10Prob(w, history));
  return sum + std::pow(10.0, lm.Log10Prob("</s>", history));
}

TEST(NgramLm, EveryHistoryGivesAProperDistributionPrunedOrNot) {
  for (int min_count : {1, 2}) {
    NgramLm lm;
    lm.AddText(kCorpus);
    lm.Build(min_count);
    for (const std::vector<std::string>& h :
         std::vector<std::vector<std::string>>{{"<s>"},
                                               {"<s>", "i"},
                                               {"i", "want"},
                                               {"want", "a"},
                                               {"a", "refund"},
                                               {"my", "order"},
                                               {"the"},
                                               {"subscription", "please"},
                                               {"never", "seen"}}) {
      EXPECT_NEAR(SumAfter(lm, h), 1.0, 1e-3) << "min_count " << min_count << " after " << h[0];
    }
  }
}

TEST(NgramLm, SeenPhrasingIsPreferredAndUnknownWordsAreImpossible) {
  NgramLm lm;
  lm.AddText(kCorpus);
  lm.Build();
  // "refund" after "want a" beats "refund" in general and "card" after "want a" (seen less).
  EXPECT_GT(lm.Log10Prob("refund", {"want", "a"}), lm.Log10Prob("refund", {}));
  EXPECT_GT(lm.Log10Prob("refund", {"want", "a"}), lm.Log10Prob("card", {"want", "a"}));
  // A seen continuation beats an unseen one of a more frequent word.
  EXPECT_GT(lm.Log10Prob("charged", {"card", "was"}), lm.Log10Prob("my", {"card", "was"}));
  EXPECT_EQ(lm.Log10Prob("zebra", {"want", "a"}), -99);
  // Every trigram has its bigrams (the ARPA's invariant).
  EXPECT_GT(lm.Size(3), 0u);
  EXPECT_GT(lm.Size(2), lm.Size(1) / 2);
}

TEST(NgramLm, WordsAreWhatTheRecogniserHears) {
  const auto s = LmSentences("A $25 refund for order HB-20417, please! Call 3 times.");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0],
            (std::vector<std::string>{"a", "twenty", "five", "dollars", "refund", "for", "order",
                                      "h", "b", "two", "zero", "four", "one", "seven", "please"}));
  EXPECT_EQ(s[1], (std::vector<std::string>{"call", "three", "times"}));
  EXPECT_TRUE(LmSentences("  ... !!").empty());
}

TEST(NgramLm, ArpaHasTheCountsAndOneLinePerNgram) {
  NgramLm lm;
  lm.AddText("Order the Zorblax blender. Order the Zorblax.");
  lm.Build();
  const std::string arpa = lm.ToArpa();
  EXPECT_EQ(arpa.rfind("\\data\\\nngram 1=6\nngram 2=", 0), 0u) << arpa;
  EXPECT_NE(arpa.find("\n-99.00000\t<s>\t"), std::string::npos) << arpa;
  EXPECT_NE(arpa.find("\torder the zorblax\n"), std::string::npos) << arpa;
  EXPECT_NE(arpa.find("\\3-grams:\n"), std::string::npos);
  EXPECT_EQ(arpa.substr(arpa.size() - 6), "\\end\\\n");
  // An empty model writes a valid (empty) header and nothing crashes.
  NgramLm empty;
  empty.Build();
  EXPECT_TRUE(empty.Vocabulary().empty());
}

// The agent's model leaves common words to the stock model (SphinxConfig::agent_common_words):
// every n-gram ending in one of them is written with probability zero, the others as before, and
// the n-grams (and backoff weights) stay, so longer n-grams still have their histories.
TEST(NgramLm, UnscoredWordsAreWrittenWithProbabilityZero) {
  NgramLm lm;
  lm.AddText("Return the Zorblax blender. Return it within thirty days.");
  lm.Build();
  const std::string plain = lm.ToArpa();
  const std::string arpa = lm.ToArpa({"the", "it", "within"});
  auto line_of = [](const std::string& text, const std::string& ngram) {
    const std::size_t end = text.find("\t" + ngram + "\t") != std::string::npos
                                ? text.find("\t" + ngram + "\t")
                                : text.find("\t" + ngram + "\n");
    if (end == std::string::npos) return std::string();
    const std::size_t start = text.rfind('\n', end) + 1;
    return text.substr(start, text.find('\n', end) - start);
  };
  for (const std::string ngram : {"the", "return the", "<s> return the", "return it"}) {
    EXPECT_EQ(line_of(arpa, ngram).rfind("-99.00000\t", 0), 0u) << ngram << "\n" << arpa;
    EXPECT_NE(line_of(plain, ngram).rfind("-99.00000\t", 0), 0u) << ngram;
  }
  for (const std::string ngram : {"zorblax", "the zorblax", "return the zorblax", "days"}) {
    EXPECT_EQ(line_of(arpa, ngram), line_of(plain, ngram)) << ngram;
    EXPECT_FALSE(line_of(arpa, ngram).empty()) << ngram;
  }
  // The same n-grams, in the same order: only probabilities differ.
  EXPECT_EQ(std::count(arpa.begin(), arpa.end(), '\n'),
            std::count(plain.begin(), plain.end(), '\n'));
}

}  // namespace
}  // namespace carevoice::voice
