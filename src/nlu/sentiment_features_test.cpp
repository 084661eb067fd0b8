#include "nlu/sentiment_features.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace carevoice::nlu {
namespace {

std::vector<std::string> Tokens(std::string_view text) {
  const TweetFeatureExtractor extractor(TweetFeatureConfig{}, nullptr);
  return extractor.Tokens(text);
}

TEST(SentimentFeaturesTest, NormalisesTweetTokens) {
  EXPECT_EQ(Tokens("@united sooooo late!! http://t.co/x"),
            (std::vector<std::string>{"<url>", "<user>", "soo", "late", "!!"}));
  EXPECT_EQ(Tokens("#CustomerService fail :("),
            (std::vector<std::string>{"#customerservice", "customer", "service", "fail", ":("}));
  EXPECT_EQ(Tokens("flight 1234 is LATE"),
            (std::vector<std::string>{"flight", "<num>", "is", "<caps>", "late"}));
}

TEST(SentimentFeaturesTest, MarksNegationUpToPunctuation) {
  EXPECT_EQ(Tokens("not happy at all, thanks"),
            (std::vector<std::string>{"not", "happy_neg", "at_neg", "all_neg", "thanks"}));
  EXPECT_EQ(Tokens("don't like it! great"),
            (std::vector<std::string>{"don't", "like_neg", "it_neg", "!", "great"}));
  TweetFeatureConfig config;
  config.mark_negation = false;
  const TweetFeatureExtractor plain(config, nullptr);
  EXPECT_EQ(plain.Tokens("not happy"), (std::vector<std::string>{"not", "happy"}));
}

TEST(SentimentFeaturesTest, FeaturesAreSortedUniqueAndInRange) {
  const SentimentAnalyzer lexicon;
  const TweetFeatureExtractor extractor(TweetFeatureConfig{}, &lexicon);
  const SparseVector v = extractor.Extract("@united worst service ever, not happy :( #fail");
  ASSERT_FALSE(v.empty());
  bool has_lexicon = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_LT(v[i].index, extractor.num_features());
    if (i > 0) {
      EXPECT_LT(v[i - 1].index, v[i].index);
    }
    if (v[i].index >= extractor.num_features() - kTweetLexiconFeatures) has_lexicon = true;
  }
  EXPECT_TRUE(has_lexicon);
  const TweetFeatureExtractor no_lexicon(TweetFeatureConfig{}, nullptr);
  for (const SparseEntry& e : no_lexicon.Extract("worst service ever")) {
    EXPECT_LT(e.index, no_lexicon.num_features() - kTweetLexiconFeatures);
  }
  // No text: only the lexicon block (the analyser's neutral flag) can be set.
  for (const SparseEntry& e : extractor.Extract("")) {
    EXPECT_GE(e.index, extractor.num_features() - kTweetLexiconFeatures);
  }
}

}  // namespace
}  // namespace carevoice::nlu
