#include "core/number_words.hpp"

#include <gtest/gtest.h>

namespace carevoice::core {
namespace {

TEST(NumberWordsTest, WordsBelowAHundredHaveTheirValue) {
  EXPECT_EQ(NumberWordValue("zero"), 0);
  EXPECT_EQ(NumberWordValue("seven"), 7);
  EXPECT_EQ(NumberWordValue("nineteen"), 19);
  EXPECT_EQ(NumberWordValue("twenty"), 20);
  EXPECT_EQ(NumberWordValue("ninety"), 90);
  for (int n = 0; n < 20; ++n) EXPECT_EQ(NumberWordValue(kNumberOnes.at(n)), n);
  for (int n = 2; n < 10; ++n) EXPECT_EQ(NumberWordValue(kNumberTens.at(n)), n * 10);
}

TEST(NumberWordsTest, OtherWordsHaveNone) {
  EXPECT_EQ(NumberWordValue(""), std::nullopt);  // The empty tens slots are no word.
  EXPECT_EQ(NumberWordValue("hundred"), std::nullopt);
  EXPECT_EQ(NumberWordValue("Seven"), std::nullopt);  // Lower case only.
  EXPECT_EQ(NumberWordValue("twenty-one"), std::nullopt);
  EXPECT_EQ(NumberWordValue("often"), std::nullopt);
}

}  // namespace
}  // namespace carevoice::core
