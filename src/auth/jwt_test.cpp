#include "auth/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/serialize.hpp>

#include <array>
#include <random>
#include <string>

#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

constexpr std::string_view kSecret = "test-secret";
constexpr core::TimeMs kNowMs = 1'700'000'000'000;
constexpr std::int64_t kNow = kNowMs / 1000;

std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &len);
  return core::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
}

// Builds a token from raw header and payload JSON text, signed with `md` (nullptr = no signature).
std::string Forge(std::string_view header, std::string_view payload,
                  const EVP_MD* md = EVP_sha256(), std::string_view secret = kSecret) {
  std::string input = core::Base64UrlEncode(header) + "." + core::Base64UrlEncode(payload);
  return input + "." + (md == nullptr ? std::string() : Hmac(md, secret, input));
}

std::string Payload(std::int64_t exp = kNow + 3600) {
  return R"({"sub":"u1","exp":)" + std::to_string(exp) + "}";
}

constexpr std::string_view kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

void ExpectInvalid(const std::string& token, std::string_view code = "INVALID_TOKEN") {
  core::Result<boost::json::object> r = VerifyHs256(token, kSecret, kNowMs);
  ASSERT_FALSE(r) << token;
  EXPECT_EQ(r.error().kind, core::ErrorKind::kUnauthorized) << token;
  EXPECT_EQ(r.error().code, code) << token;
}

TEST(JwtTest, RoundTrip) {
  boost::json::object payload;
  payload["sub"] = "65f1a2b3c4d5e6f708192a3b";
  payload["role"] = "admin";
  payload["iat"] = kNow;
  payload["exp"] = kNow + 60;
  const std::string token = SignHs256(payload, kSecret);
  EXPECT_EQ(token.substr(0, token.find('.')), core::Base64UrlEncode(kHs256Header));
  core::Result<boost::json::object> verified = VerifyHs256(token, kSecret, kNowMs);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(*verified, payload);
}

TEST(JwtTest, AcceptsAForgedButCorrectHs256TokenWithoutTyp) {
  EXPECT_TRUE(VerifyHs256(Forge(kHs256Header, Payload()), kSecret, kNowMs));
  EXPECT_TRUE(VerifyHs256(Forge(R"({"alg":"HS256"})", Payload()), kSecret, kNowMs));
}

TEST(JwtTest, VerifiesATokenFromTheOldBackend) {
  // jsonwebtoken.sign({userId}, 'your-secret-key', {expiresIn: '24h'}) with iat 1795559389.
  const std::string legacy =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiI2NWYxYTJiM2M0ZDVlNmY3MDgxOTJhM2IiLCJp"
      "YXQiOjE3OTU1NTkzODksImV4cCI6MTc5NTY0NTc4OX0.NuVADmY0HLWfPS0q39lboRga8nU4Sdd8GfrmXTw_MgY";
  core::Result<boost::json::object> r =
      VerifyHs256(legacy, "your-secret-key", 1'795'559'389'000 + 3'600'000);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->at("userId").as_string(), "65f1a2b3c4d5e6f708192a3b");
  // The same library's HS512 token is refused.
  const std::string legacy_hs512 =
      "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiI2NWYxYTJiM2M0ZDVlNmY3MDgxOTJhM2IiLCJp"
      "YXQiOjE3OTU1NTkzODksImV4cCI6MTc5NTY0NTc4OX0.yd7LMVgDxor4WqPLRVS7KuQTu9ZKi1fvyt4cHZHjH8mOkP"
      "F9sIDY7fNt2GPW-6iJ6d5UVgS8X2Vo5i2GdJX5DA";
  EXPECT_FALSE(VerifyHs256(legacy_hs512, "your-secret-key", 1'795'559'389'000 + 3'600'000));
}

TEST(JwtTest, RejectsAlgNone) {
  ExpectInvalid(Forge(R"({"alg":"none","typ":"JWT"})", Payload(), nullptr));
  ExpectInvalid(Forge(R"({"alg":"none"})", Payload(), nullptr));
  ExpectInvalid(Forge(R"({"alg":"None"})", Payload(), nullptr));
  // alg none with a valid HS256 signature is still refused.
  ExpectInvalid(Forge(R"({"alg":"none"})", Payload()));
}

TEST(JwtTest, RejectsEveryOtherAlgorithm) {
  ExpectInvalid(Forge(R"({"alg":"HS512","typ":"JWT"})", Payload(), EVP_sha512()));
  ExpectInvalid(Forge(R"({"alg":"HS384","typ":"JWT"})", Payload(), EVP_sha384()));
  // Header says HS512 but the signature is a correct HS256 one.
  ExpectInvalid(Forge(R"({"alg":"HS512","typ":"JWT"})", Payload()));
  // Key confusion: RS256/ES256 header with an HMAC signature.
  ExpectInvalid(Forge(R"({"alg":"RS256","typ":"JWT"})", Payload()));
  ExpectInvalid(Forge(R"({"alg":"ES256","typ":"JWT"})", Payload()));
  ExpectInvalid(Forge(R"({"alg":"hs256","typ":"JWT"})", Payload()));
  ExpectInvalid(Forge(R"({"alg":"HS256 ","typ":"JWT"})", Payload()));
  ExpectInvalid(Forge(R"({"typ":"JWT"})", Payload()));  // Missing alg.
  ExpectInvalid(Forge(R"({"alg":null})", Payload()));
  ExpectInvalid(Forge(R"({"alg":["HS256"]})", Payload()));
}

TEST(JwtTest, RejectsBadHeaders) {
  ExpectInvalid(Forge(R"({"alg":"HS256","typ":"JWS"})", Payload()));
  ExpectInvalid(Forge(R"({"alg":"HS256","typ":1})", Payload()));
  ExpectInvalid(Forge(R"({"alg":"HS256","crit":["exp"]})", Payload()));
  ExpectInvalid(Forge(R"(["HS256"])", Payload()));
  ExpectInvalid(Forge(R"({"alg":"HS256")", Payload()));
  ExpectInvalid(Forge("", Payload()));
  ExpectInvalid(Forge("\xff\xfe", Payload()));
}

TEST(JwtTest, RejectsBadSignatures) {
  const std::string token = Forge(kHs256Header, Payload());
  ASSERT_TRUE(VerifyHs256(token, kSecret, kNowMs));
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  ExpectInvalid(flipped);
  ExpectInvalid(token.substr(0, token.rfind('.') + 1));  // Empty signature.
  ExpectInvalid(token + "=");                            // Padded signature.
  ExpectInvalid(token.substr(0, token.size() - 1));      // Truncated signature.
  ExpectInvalid(Forge(kHs256Header, Payload(), EVP_sha256(), "other-secret"));  // Wrong key.
  EXPECT_FALSE(VerifyHs256(token, "other-secret", kNowMs));
  EXPECT_FALSE(VerifyHs256(token, "", kNowMs));
}

TEST(JwtTest, RejectsAModifiedPayload) {
  const std::string token = Forge(kHs256Header, Payload());
  const std::size_t first = token.find('.');
  const std::size_t second = token.rfind('.');
  const std::string admin =
      core::Base64UrlEncode(R"({"sub":"admin","exp":)" + std::to_string(kNow + 3600) + "}");
  ExpectInvalid(token.substr(0, first + 1) + admin + token.substr(second));
  // The same payload re-encoded with padding is a different signed text.
  ExpectInvalid(token.substr(0, second) + "=" + token.substr(second));
}

TEST(JwtTest, ChecksExpiry) {
  ExpectInvalid(Forge(kHs256Header, Payload(kNow - 31)), "TOKEN_EXPIRED");
  ExpectInvalid(Forge(kHs256Header, Payload(kNow - 30)), "TOKEN_EXPIRED");
  EXPECT_TRUE(VerifyHs256(Forge(kHs256Header, Payload(kNow - 29)), kSecret, kNowMs));  // Leeway.
  EXPECT_FALSE(VerifyHs256(Forge(kHs256Header, Payload(kNow - 1)), kSecret, kNowMs, 0));
  ExpectInvalid(Forge(kHs256Header, R"({"sub":"u1"})"));  // exp is required.
  ExpectInvalid(Forge(kHs256Header, R"({"sub":"u1","exp":"99999999999"})"));
  ExpectInvalid(Forge(kHs256Header, R"({"sub":"u1","exp":null})"));
  ExpectInvalid(Forge(kHs256Header, R"({"sub":"u1","exp":1e300})"));
  ExpectInvalid(Forge(kHs256Header, R"({"sub":"u1","exp":18446744073709551615})"));
  EXPECT_TRUE(VerifyHs256(Forge(kHs256Header, R"({"exp":)" + std::to_string(kNow + 10) + ".5}"),
                          kSecret, kNowMs));
}

TEST(JwtTest, ChecksNotBeforeAndIssuedAt) {
  const std::string exp = std::to_string(kNow + 3600);
  ExpectInvalid(
      Forge(kHs256Header, R"({"exp":)" + exp + R"(,"nbf":)" + std::to_string(kNow + 31) + "}"));
  EXPECT_TRUE(VerifyHs256(
      Forge(kHs256Header, R"({"exp":)" + exp + R"(,"nbf":)" + std::to_string(kNow + 30) + "}"),
      kSecret, kNowMs));
  ExpectInvalid(
      Forge(kHs256Header, R"({"exp":)" + exp + R"(,"iat":)" + std::to_string(kNow + 3000) + "}"));
  EXPECT_TRUE(VerifyHs256(
      Forge(kHs256Header, R"({"exp":)" + exp + R"(,"iat":)" + std::to_string(kNow - 10) + "}"),
      kSecret, kNowMs));
  ExpectInvalid(Forge(kHs256Header, R"({"exp":)" + exp + R"(,"iat":"now"})"));
  ExpectInvalid(Forge(kHs256Header, R"({"exp":)" + exp + R"(,"nbf":{}})"));
}

TEST(JwtTest, RejectsMalformedTokens) {
  const std::string valid = Forge(kHs256Header, Payload());
  const std::string signature = valid.substr(valid.rfind('.') + 1);
  const std::string candidates[] = {
      "",
      ".",
      "..",
      "...",
      "abc",
      "a.b",
      "a.b.c",
      "a.b.c.d",
      valid + ".",
      valid + "." + signature,
      "." + valid,
      "!!!." + valid.substr(valid.find('.') + 1),
      "Bearer " + valid,
      valid + " ",
      std::string(10000, 'a'),
      std::string("\0\0.\0.\0", 6),
      Forge(kHs256Header, "[]"),
      Forge(kHs256Header, "123"),
      Forge(kHs256Header, "{"),
      Forge(kHs256Header, ""),
      Forge(kHs256Header, R"({"exp":)" + std::to_string(kNow + 60) + "}x"),
  };
  for (const std::string& token : candidates) ExpectInvalid(token);
}

TEST(JwtTest, RandomMutationsNeverVerify) {
  const std::string valid = Forge(kHs256Header, Payload());
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \x01\xff";
  std::mt19937 rng(42);
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string token = valid;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % token.size();
      const char c = kAlphabet[rng() % kAlphabet.size()];
      switch (rng() % 3) {
        case 0:
          token[pos] = c;
          break;
        case 1:
          token.insert(token.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        default:
          token.erase(pos, 1);
          break;
      }
    }
    if (token == valid) continue;
    EXPECT_FALSE(VerifyHs256(token, kSecret, kNowMs)) << token;
    ++rejected;
  }
  EXPECT_GT(rejected, 2900);
}

}  // namespace
}  // namespace carevoice::auth
