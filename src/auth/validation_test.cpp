#include "auth/validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::auth {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ValidationTest, NormalizesNameAndEmail) {
  EXPECT_EQ(NormalizeName("  Ada Lovelace\t\n"), "Ada Lovelace");
  EXPECT_EQ(NormalizeEmail("  Ada.Lovelace@Example.COM "), "ada.lovelace@example.com");
}

TEST(ValidationTest, AcceptsRealisticEmails) {
  for (const char* email :
       {"a@b.co", "john.doe@example.info", "x@sub.domain.tech", "first+tag@example.museum",
        "user_name@ex-ample.com", "o'brien@example.ie", "a1@x.technology", "test@xn--p1ai.xn--p1ai",
        "me@mail.example.co.uk"}) {
    EXPECT_EQ(ValidateEmail(email), std::nullopt) << email;
  }
}

TEST(ValidationTest, RejectsBadEmails) {
  const std::string long_local = Repeat("a", 65) + "@example.com";
  const std::string long_total = "a@" + Repeat("abcdefghi.", 25) + "com";
  for (const std::string& email : {std::string("plain"),
                                   std::string("@x.com"),
                                   std::string("a@"),
                                   std::string("a@b"),
                                   std::string("a@b.c"),
                                   std::string("a..b@x.com"),
                                   std::string(".a@x.com"),
                                   std::string("a.@x.com"),
                                   std::string("a@-x.com"),
                                   std::string("a@x-.com"),
                                   std::string("a@x..com"),
                                   std::string("a@@x.com"),
                                   std::string("a@b@x.com"),
                                   std::string("a b@x.com"),
                                   std::string("a@x.c0m"),
                                   std::string("a@x.123"),
                                   std::string("a@.x.com"),
                                   std::string("a@x.com."),
                                   std::string("\xc3\xa9@x.com"),
                                   std::string("a@x_y.com"),
                                   long_local,
                                   long_total}) {
    EXPECT_EQ(ValidateEmail(email), "Please provide a valid email address") << email;
  }
}

TEST(ValidationTest, NameLengthCountsCodePoints) {
  EXPECT_EQ(ValidateName("A"), "Name must be at least 2 characters long");
  EXPECT_EQ(ValidateName("Al"), std::nullopt);
  EXPECT_EQ(ValidateName("\xc3\xa9"), "Name must be at least 2 characters long");  // "é"
  EXPECT_EQ(ValidateName(Repeat("\xc3\xa9", 50)), std::nullopt);  // 50 code points, 100 bytes.
  EXPECT_EQ(ValidateName(Repeat("a", 51)), "Name cannot exceed 50 characters");
  EXPECT_EQ(ValidateName("Ada\nLovelace"), "Name contains invalid characters");
  EXPECT_EQ(ValidateName("Ad\xff"), "Name contains invalid characters");
}

TEST(ValidationTest, PasswordRules) {
  const std::string complexity =
      "Password must contain at least one uppercase letter, one lowercase letter, and one number";
  EXPECT_EQ(ValidatePassword("Aa1bc"), "Password must be at least 6 characters long");
  EXPECT_EQ(ValidatePassword("Aa1bcd"), std::nullopt);
  EXPECT_EQ(ValidatePassword("aaaaaa1"), complexity);
  EXPECT_EQ(ValidatePassword("AAAAAA1"), complexity);
  EXPECT_EQ(ValidatePassword("Aaaaaaa"), complexity);
  EXPECT_EQ(ValidatePassword("Aa1" + Repeat("x", 125)), std::nullopt);  // 128
  EXPECT_EQ(ValidatePassword("Aa1" + Repeat("x", 126)), "Password is too long");
  EXPECT_EQ(ValidatePassword("Aa1" + Repeat("\xc3\xa9", 125)), std::nullopt);  // 128 code points.
  EXPECT_EQ(ValidatePassword("P\xc3\xa4sSw\xc3\xb6rd1"), std::nullopt);
  EXPECT_EQ(ValidatePassword(std::string("Aa1bcd\0e", 8)), "Password contains invalid characters");
}

TEST(ValidationTest, AvatarRules) {
  EXPECT_EQ(ValidateAvatar(""), std::nullopt);
  EXPECT_EQ(ValidateAvatar("/public/avatars/a.png"), std::nullopt);
  EXPECT_EQ(ValidateAvatar("https://cdn.example.com/a.png"), std::nullopt);
  EXPECT_EQ(ValidateAvatar("HTTP://example.com/a.png"), std::nullopt);
  EXPECT_NE(ValidateAvatar("javascript:alert(1)"), std::nullopt);
  EXPECT_NE(ValidateAvatar("//evil.example.com/a.png"), std::nullopt);
  EXPECT_NE(ValidateAvatar("https://"), std::nullopt);
  EXPECT_NE(ValidateAvatar("/a b.png"), std::nullopt);
  EXPECT_EQ(ValidateAvatar("/" + Repeat("a", 2048)), "Avatar URL is too long");
}

}  // namespace
}  // namespace carevoice::auth
