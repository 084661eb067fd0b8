#include "nlu/title.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace carevoice::nlu {
namespace {

int CountWords(const std::string& s) {
  int words = 0;
  bool in_word = false;
  for (const char c : s) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

// Every word capitalised except the short function words of names ("Bank of America").
bool IsTitleCase(const std::string& s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != ' ') continue;
    const std::string word = s.substr(start, i - start);
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z' && word != "of" && word != "and" &&
        word != "the") {
      return false;
    }
    start = i + 1;
  }
  return true;
}

std::string Title(std::vector<std::string_view> texts, std::string company = {},
                  std::string sentiment = "neutral") {
  return MakeConversationTitle(
      TitleInput{std::move(texts), std::move(company), std::move(sentiment)});
}

TEST(TitleTest, ExamplesFromTheContract) {
  EXPECT_EQ(Title({"I want a refund for last month"}, "netflix"), "Netflix Refund Request");
  EXPECT_EQ(Title({"my pizza is an hour late and cold"}, "", "negative"),
            "Late Pizza Delivery Complaint");
  EXPECT_EQ(Title({"I forgot my password"}), "Password Reset Help");
  EXPECT_EQ(Title({"my pizza is late"}, "pizza hut", "negative"),
            "Pizza Hut Late Delivery Complaint");
}

TEST(TitleTest, MainIssueWins) {
  EXPECT_EQ(Title({"hi", "someone hacked my account"}, "", "urgent"), "Hacked Account Report");
  EXPECT_EQ(Title({"what are your hours on Sunday?"}), "Store Hours Inquiry");
  EXPECT_EQ(Title({"please cancel my subscription"}, "spotify"),
            "Spotify Subscription Cancellation Request");
  EXPECT_EQ(Title({"where is my package?"}, "ups"), "UPS Package Tracking Inquiry");
}

TEST(TitleTest, FallbackAndShape) {
  EXPECT_EQ(Title({}), kFallbackTitle);
  EXPECT_EQ(Title({"", "   "}), kFallbackTitle);
  EXPECT_EQ(Title({"hmm"}), kFallbackTitle);
  EXPECT_EQ(Title({"hmm"}, "at&t"), "AT&T Customer Support Conversation");
  for (const std::vector<std::string_view>& texts :
       std::vector<std::vector<std::string_view>>{{"I was charged twice \"again\""},
                                                  {"my bank of america card was declined"},
                                                  {"the app keeps crashing"},
                                                  {"thanks, you're awesome"},
                                                  {"I'd like to order two large pizzas"},
                                                  {"can I talk to a human"}}) {
    for (const std::string company : {"", "bank of america", "Contoso Dental Group"}) {
      const std::string t = Title(texts, company, "negative");
      EXPECT_GE(CountWords(t), 3) << t;
      EXPECT_LE(CountWords(t), 6) << t;
      EXPECT_TRUE(IsTitleCase(t)) << t;
      EXPECT_EQ(t.find('"'), std::string::npos) << t;
      EXPECT_EQ(t.find('\''), std::string::npos) << t;
      EXPECT_EQ(t, Title(texts, company, "negative")) << "not deterministic";
    }
  }
}

}  // namespace
}  // namespace carevoice::nlu
