#include "nlu/training/csv.hpp"

#include <gtest/gtest.h>

namespace carevoice::nlu::training {
namespace {

TEST(CsvTest, ParsesQuotedFieldsWithCommasNewlinesAndQuotes) {
  auto rows = ParseCsv("a,b,c\r\n\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\nlast,,\n");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "b", "c"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"x, y", "line1\nline2", "say \"hi\""}));
  EXPECT_EQ((*rows)[2], (CsvRow{"last", "", ""}));
}

TEST(CsvTest, NoTrailingNewlineAndErrors) {
  auto rows = ParseCsv("a,\"b\"");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "b"}));
  EXPECT_FALSE(ParseCsv("a,\"unterminated\n").has_value());
  EXPECT_FALSE(ParseCsv("\"a\"b,c").has_value());
  EXPECT_TRUE(ParseCsv("")->empty());
}

}  // namespace
}  // namespace carevoice::nlu::training
