#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::auth {
namespace {

struct Fixture {
  const char* password;
  const char* hash;
};

// Written by bcryptjs 2.4.3 (the old backend's version, "$2a$") and 3.0.3 ("$2b$"), cost 10
// unless marked otherwise: `node -e "require('bcryptjs').hashSync(password, 10)"`.
constexpr Fixture kBcryptJsFixtures[] = {
    {"Passw0rd!", "$2a$10$s9fXicbK4XrZYUazzl9Ryel6KJJKT/FBFi9DfNaRe7tWqyeFP5CQq"},
    {"Pässwörd1€", "$2a$10$ZLkcjwFOM/fBBqPxXevYUeYeaJ5zDihXboTnfygSCOO8r/yb7SZLu"},
    {"日本語パスワードAa1", "$2a$10$GRlJTFEJEK005hg5S3VaKeJsi2TvZmSjwPhYZLKJ2UQIPetOVlsHu"},
    {"Passw0rd!", "$2b$10$KwOsNjsJRT8JFXBZbPYk7.IKpeuFp4aIjfksXilvU8ypabiptSpc."},
    {"Pässwörd1€", "$2b$10$WOWwF/cZDqS5eyWQuu.aXeVXpLpk4pKe3ZTZt0DqMmDuNHfTtxOVG"},
    {"Secret123", "$2b$10$RWQ7g1p8Yn9zlexkJfILV.08KIWk9kCu1WzB79odDdgYlqzsgkShq"},
};

TEST(PasswordTest, BcryptJsHashesVerify) {
  for (const Fixture& f : kBcryptJsFixtures) {
    SCOPED_TRACE(f.hash);
    EXPECT_TRUE(VerifyPassword(f.password, f.hash));
  }
}

TEST(PasswordTest, BcryptJsHashesRejectWrongPasswords) {
  for (const Fixture& f : kBcryptJsFixtures) {
    SCOPED_TRACE(f.hash);
    const std::string password = f.password;
    EXPECT_FALSE(VerifyPassword(password + "x", f.hash));
    EXPECT_FALSE(VerifyPassword(password.substr(0, password.size() - 1), f.hash));
    EXPECT_FALSE(VerifyPassword("", f.hash));
  }
  // Case matters.
  EXPECT_FALSE(VerifyPassword("passw0rd!", kBcryptJsFixtures[0].hash));
}

TEST(PasswordTest, OnlyTheFirst72BytesCount) {
  // bcryptjs 2.4.3, cost 4, of "Aa1" followed by 80 'x'.
  const std::string password = "Aa1" + std::string(80, 'x');
  const char* hash = "$2a$04$vol/sjv2GuItQN/SsXPEtuSxT5NiPjvPI6QUxqQV6CLkYMpzjGABS";
  EXPECT_TRUE(VerifyPassword(password, hash));
  EXPECT_TRUE(VerifyPassword(password.substr(0, 72) + "different tail", hash));
  EXPECT_FALSE(VerifyPassword(password.substr(0, 71), hash));
}

TEST(PasswordTest, DefaultCostIsAtLeastTenWith2bPrefix) {
  core::Result<std::string> hash = HashPassword("Passw0rd!");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(hash->substr(0, 7), "$2b$10$");
  EXPECT_EQ(hash->size(), 60u);
  EXPECT_GE(BcryptCost(*hash), 10);
  EXPECT_TRUE(VerifyPassword("Passw0rd!", *hash));
  EXPECT_FALSE(VerifyPassword("Passw0rd?", *hash));
}

TEST(PasswordTest, HashesAreSaltedAndRoundTrip) {
  core::Result<std::string> a = HashPassword("Pässwörd1", 4);
  core::Result<std::string> b = HashPassword("Pässwörd1", 4);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->substr(0, 7), "$2b$04$");
  EXPECT_TRUE(VerifyPassword("Pässwörd1", *a));
  EXPECT_TRUE(VerifyPassword("Pässwörd1", *b));
  EXPECT_FALSE(VerifyPassword("Passwörd1", *a));
}

TEST(PasswordTest, AcceptsThe2yAnd2aPrefixesOfTheSameHash) {
  core::Result<std::string> hash = HashPassword("Secret123", 4);
  ASSERT_TRUE(hash);
  std::string variant = *hash;
  for (char minor : {'a', 'y'}) {
    variant[2] = minor;
    EXPECT_TRUE(VerifyPassword("Secret123", variant)) << variant;
  }
  variant[2] = 'x';  // The buggy-crypt_blowfish marker is not accepted.
  EXPECT_FALSE(VerifyPassword("Secret123", variant));
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  const std::string good = "$2b$10$KwOsNjsJRT8JFXBZbPYk7.IKpeuFp4aIjfksXilvU8ypabiptSpc.";
  std::string bad_char = good;
  bad_char[30] = '!';
  const std::string candidates[] = {
      "",
      "Passw0rd!",
      good.substr(0, 59),
      good + "A",
      "$2b$99" + good.substr(6),
      "$2b$03" + good.substr(6),
      "$1$abcdefgh$" + std::string(48, 'a'),
      bad_char,
      "$2b$1O" + good.substr(6),
  };
  for (const std::string& hash : candidates) {
    EXPECT_FALSE(VerifyPassword("Passw0rd!", hash)) << hash;
    EXPECT_EQ(BcryptCost(hash), -1) << hash;
  }
  EXPECT_EQ(BcryptCost(good), 10);
}

TEST(PasswordTest, NulBytesAreRejectedNotTruncated) {
  core::Result<std::string> hash = HashPassword("abc", 4);
  ASSERT_TRUE(hash);
  using namespace std::string_literals;
  EXPECT_FALSE(VerifyPassword("abc\0def"s, *hash));
  core::Result<std::string> with_nul = HashPassword("abc\0def"s, 4);
  ASSERT_FALSE(with_nul);
  EXPECT_EQ(with_nul.error().kind, core::ErrorKind::kBadRequest);
}

TEST(PasswordTest, CostOutOfRangeFails) {
  EXPECT_FALSE(HashPassword("Passw0rd!", 3));
  EXPECT_FALSE(HashPassword("Passw0rd!", 32));
}

}  // namespace
}  // namespace carevoice::auth
