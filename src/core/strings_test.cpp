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
  EXPECT_EQ(Utf8CodePoints("hé👋"), (std::u32string{U'h', U'\u00e9', U'\U0001F44B'}));
  EXPECT_EQ(Utf8CodePoints("a\xc3"), (std::u32string{U'a', 0xC3}));
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

TEST(StringsTest, StripUnsafeControlsKeepsTabAndNewlineOnly) {
  EXPECT_EQ(StripUnsafeControls("a\tb\nc"), "a\tb\nc");
  EXPECT_EQ(StripUnsafeControls(std::string("x\0y\az\r\n", 8)), "xyz\n");
  EXPECT_EQ(StripUnsafeControls("\x7f\xc2\x85ok"), "ok");  // DEL, NEL (C1)
  EXPECT_EQ(StripUnsafeControls("abc\xe2\x80\xae"
                                "def"),
            "abcdef");                                               // U+202E
  EXPECT_EQ(StripUnsafeControls("\xe2\x81\xa6x\xe2\x81\xa9"), "x");  // U+2066, U+2069
  EXPECT_EQ(StripUnsafeControls("caf\xc3\xa9 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(StripUnsafeControls("bad\xff"), "bad\xff");  // Malformed bytes are left for validation.
}

TEST(StringsTest, HasVisibleTextIgnoresInvisibleCharacters) {
  EXPECT_TRUE(HasVisibleText("hi"));
  EXPECT_TRUE(HasVisibleText("\xe2\x80\x8b!"));
  EXPECT_FALSE(HasVisibleText(""));
  EXPECT_FALSE(HasVisibleText(" \t\n"));
  EXPECT_FALSE(HasVisibleText("\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d"));  // ZWSP ZWNJ ZWJ
  EXPECT_FALSE(HasVisibleText("\xef\xbb\xbf\xc2\xa0\xe3\x80\x80"));      // BOM NBSP IDEOSP
  EXPECT_FALSE(HasVisibleText("\xe3\x85\xa4\xe2\xa0\x80"));              // Hangul filler, braille
}

}  // namespace
}  // namespace carevoice::core
