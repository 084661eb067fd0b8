#include "llm/local/ages.hpp"

#include <gtest/gtest.h>

namespace carevoice::llm::local {
namespace {

double Years(std::string_view text) {
  const std::optional<Age> age = AgeInMessage(text);
  return age ? age->months / 12 : -1;
}

TEST(AgesTest, AgesCustomersGive) {
  EXPECT_DOUBLE_EQ(Years("my son is 12, does he have to pay?"), 12);
  EXPECT_DOUBLE_EQ(Years("she's 15"), 15);
  EXPECT_DOUBLE_EQ(Years("my dad turns 65 next week"), 65);
  EXPECT_DOUBLE_EQ(Years("I am 70, is there a discount"), 70);
  EXPECT_DOUBLE_EQ(Years("my 7-year-old wants to come"), 7);
  EXPECT_DOUBLE_EQ(Years("tickets for a child aged 4"), 4);
  EXPECT_DOUBLE_EQ(Years("she will be 6 in May"), 6);
  EXPECT_NEAR(AgeInMessage("we've just got a 10 week old pup")->months, 2.31, 0.01);
  EXPECT_NEAR(AgeInMessage("our puppy is 5 months")->months, 5, 1e-9);
  // A name after the one named: "their big cousin harvey is 12".
  EXPECT_DOUBLE_EQ(Years("oh and their big cousin harvey is 12 and reckons magic is for babies"),
                   12);
  EXPECT_DOUBLE_EQ(Years("my son jack is 7"), 7);
  EXPECT_DOUBLE_EQ(Years("my lad is 14 and plays academy football"), 14);
  EXPECT_DOUBLE_EQ(Years("so my girlfriend turns 30 next month"), 30);
}

TEST(AgesTest, NumbersInWordsAsSpeechTranscriptsHaveThem) {
  EXPECT_DOUBLE_EQ(Years("my son is twelve does he have to pay"), 12);
  EXPECT_DOUBLE_EQ(Years("my dad is seventy two"), 72);
  EXPECT_DOUBLE_EQ(Years("a twenty-one year old"), 21);
  EXPECT_NEAR(AgeInMessage("we have a ten week old pup")->months, 2.31, 0.01);
  EXPECT_DOUBLE_EQ(Years("she is one year old"), 1);
  EXPECT_NEAR(AgeInMessage("he is a month old")->months, 1, 1e-9);
  EXPECT_FALSE(AgeInMessage("he is one of our regulars"));
  // Several at once: the first age given.
  EXPECT_NEAR(AgeInMessage("they're 3 and 7")->months, 36, 1e-9);
  EXPECT_NEAR(AgeInMessage("the kids are 9 and 11")->months, 108, 1e-9);
  EXPECT_FALSE(AgeInMessage("they are 3 days late"));
  EXPECT_FALSE(AgeInMessage("prices are 3 for 10"));
  EXPECT_FALSE(AgeInMessage("my order is twelve days late"));
  // Typed without the apostrophe, with a word of roughly, and with "now" after the unit.
  EXPECT_NEAR(AgeInMessage("just got a cockapoo, hes about 4 months now")->months, 4, 1e-9);
  EXPECT_NEAR(AgeInMessage("shes nearly 3")->months, 36, 1e-9);
  EXPECT_FALSE(AgeInMessage("my parcel is about 4 days late now"));
  EXPECT_FALSE(AgeInMessage("it is about 4 months since I ordered"));
  const std::vector<AgeBracket> free = AgeBrackets("Children under twelve go free.");
  ASSERT_EQ(free.size(), 1u);
  EXPECT_TRUE(free.front().Contains(Age{11 * 12}));
  EXPECT_FALSE(free.front().Contains(Age{12 * 12}));
  // "from age 3" has no end: a 5-year-old is in it.
  for (const char* text : {"We test children from age 3.", "We see children from the age of 3."}) {
    const std::vector<AgeBracket> from = AgeBrackets(text);
    ASSERT_EQ(from.size(), 1u) << text;
    EXPECT_TRUE(from.front().Contains(Age{5 * 12})) << text;
    EXPECT_FALSE(from.front().Contains(Age{2 * 12})) << text;
  }
}

TEST(AgesTest, NumbersThatAreNoAge) {
  for (const char* text :
       {"my order is 12 days late", "the parcel is 3 kg", "my order number is 12345",
        "it is 12 pounds", "the price is 40", "table for 4 people", "he is 2 weeks late",
        "I have 2 dogs", "it costs £12", "my son is 250", "a 667 year old castle",
        "my order ref is 12", "the kid price is 12", "my dog bed is 90",
        // A thing's age.
        "it might b time for a new one tbh its about 12 yrs old", "it's 6 years old now"}) {
    EXPECT_FALSE(AgeInMessage(text)) << text;
  }
  // A person's still is one.
  EXPECT_TRUE(AgeInMessage("he's about 12 years old"));
}

TEST(AgesTest, BracketsKnowledgeStates) {
  auto one = [](std::string_view text) {
    const std::vector<AgeBracket> b = AgeBrackets(text);
    EXPECT_EQ(b.size(), 1u) << text;
    return b.empty() ? AgeBracket{} : b.front();
  };
  const auto years = [](double y) { return Age{y * 12}; };
  const AgeBracket under16 = one("An eye test is free for under-16s.");
  EXPECT_TRUE(under16.Contains(years(12)));
  EXPECT_FALSE(under16.Contains(years(16)));
  const AgeBracket puppies = one("Puppies under 6 months can have an introduction session.");
  EXPECT_TRUE(puppies.Contains(Age{2.3}));
  EXPECT_FALSE(puppies.Contains(Age{7}));
  EXPECT_TRUE(one("Seniors over 60 pay half.").Contains(years(60)));
  EXPECT_TRUE(one("Children 12 and under go free.").Contains(years(12)));
  EXPECT_FALSE(one("Children 12 and under go free.").Contains(years(13)));
  EXPECT_TRUE(one("Guests 65 and over get 10% off.").Contains(years(70)));
  EXPECT_TRUE(one("This class is 18+ only.").Contains(years(18)));
  const AgeBracket kids = one("Junior sessions for ages 5-11.");
  EXPECT_TRUE(kids.Contains(years(11)));
  EXPECT_FALSE(kids.Contains(years(12)));
  EXPECT_FALSE(kids.Contains(years(4)));
  EXPECT_EQ(AgeBrackets("free for under-16s and over-60s").size(), 2u);
  // Those who take part are bounded too.
  EXPECT_TRUE(one("Players under 16 must be with an adult.").Contains(years(12)));
  EXPECT_FALSE(one("Players under 16 must be with an adult.").Contains(years(16)));
}

TEST(AgesTest, AmountsAreNoBrackets) {
  for (const char* text : {"Free delivery on orders over £150.", "Parcels under 2 kg ship for £3.",
                           "Orders over 150 pounds ship free.", "We have over 200 kids' frames.",
                           "Open from 9am to 5:30pm.", "Rooms from 3pm."}) {
    EXPECT_TRUE(AgeBrackets(text).empty()) << text;
  }
}

}  // namespace
}  // namespace carevoice::llm::local
