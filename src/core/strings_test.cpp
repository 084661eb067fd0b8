#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace carevoice::core {
namespace {

TEST(StringsTest, Base64UrlRoundTrip) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    const auto enc = Base64UrlEncode(s);
    EXPECT_EQ(enc.find('='), std::string::npos);
    const auto dec = Base64UrlDecode(enc);
    ASSERT_TRUE(dec.has_value()) << enc;
    EXPECT_EQ(*dec, s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("a").has_value());
  EXPECT_FALSE(Base64UrlDecode("ab$d").has_value());
}

TEST(StringsTest, Base64StandardMatchesRfc4648) {
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Decode("Zm8="), std::optional<std::string>("fo"));
  EXPECT_FALSE(Base64Decode("Zm8").has_value());
}

TEST(StringsTest, AsciiHelpers) {
  EXPECT_EQ(ToLowerAscii("HeLLo É"), "hello É");
  EXPECT_EQ(TrimAscii("  a b \n"), "a b");
  EXPECT_TRUE(EqualsIgnoreCaseAscii("Bearer", "bEARER"));
  EXPECT_FALSE(EqualsIgnoreCaseAscii("Bearer", "Bearer "));
  EXPECT_EQ(Split("a,,b", ',').size(), 3u);
}

TEST(StringsTest, Utf8) {
  EXPECT_EQ(Utf8Length("héllo"), 5u);
  EXPECT_TRUE(IsValidUtf8("héllo 👋"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // UTF-16 surrogate.
}

TEST(StringsTest, ParseFixedDigits) {
  int v = -1;
  EXPECT_TRUE(ParseFixedDigits("x2024y", 1, 4, v));
  EXPECT_EQ(v, 2024);
  EXPECT_FALSE(ParseFixedDigits("20a4", 0, 4, v));
  EXPECT_FALSE(ParseFixedDigits("123", 1, 4, v));
  EXPECT_FALSE(ParseFixedDigits("123", 9, 1, v));
  EXPECT_EQ(v, 2024);  // Untouched on failure.
}

TEST(StringsTest, ConstantTimeEqualsAndSha256) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace carevoice::core
