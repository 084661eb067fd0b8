#include "auth/password.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <cstring>
#include <memory>

#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

constexpr std::size_t kBcryptHashLength = 60;  // "$2b$10$" + 22 salt + 31 hash characters.

bool IsBcryptBase64(char c) {
  return c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9');
}

// Returns the password as libcrypt sees it: at most 72 bytes, NUL-terminated by std::string.
std::string BcryptInput(std::string_view password) {
  return std::string(password.substr(0, kBcryptMaxPasswordBytes));
}

// The 32 KiB libcrypt scratch area, zeroed on creation and wiped on destruction (it holds key
// material after use).
class CryptScratch {
 public:
  CryptScratch() : data_(std::make_unique<crypt_data>()) {}
  ~CryptScratch() { OPENSSL_cleanse(data_.get(), sizeof(crypt_data)); }
  CryptScratch(const CryptScratch&) = delete;
  CryptScratch& operator=(const CryptScratch&) = delete;

  crypt_data* Get() { return data_.get(); }

 private:
  std::unique_ptr<crypt_data> data_;
};

}  // namespace

int BcryptCost(std::string_view hash) {
  if (hash.size() != kBcryptHashLength) return -1;
  if (hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$') return -1;
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return -1;
  if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') return -1;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < kMinBcryptCost || cost > kMaxBcryptCost) return -1;
  for (std::size_t i = 7; i < hash.size(); ++i) {
    if (!IsBcryptBase64(hash[i])) return -1;
  }
  return cost;
}

core::Result<std::string> HashPassword(std::string_view password, int cost) {
  if (cost < kMinBcryptCost || cost > kMaxBcryptCost) {
    return core::Error::Internal("bcrypt cost out of range");
  }
  if (password.find('\0') != std::string_view::npos) {
    return core::Error::BadRequest("Password contains invalid characters");
  }
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  // A null random-bytes pointer makes libxcrypt draw the salt from the OS.
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, setting,
                       sizeof(setting)) == nullptr) {
    return core::Error::Internal("bcrypt salt generation failed");
  }
  const std::string input = BcryptInput(password);
  CryptScratch scratch;
  const char* out = crypt_rn(input.c_str(), setting, scratch.Get(), sizeof(crypt_data));
  if (out == nullptr || out[0] == '*') return core::Error::Internal("bcrypt hashing failed");
  std::string hash(out);
  if (BcryptCost(hash) != cost) return core::Error::Internal("bcrypt produced a malformed hash");
  return hash;
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  if (BcryptCost(hash) < 0) return false;
  if (password.find('\0') != std::string_view::npos) return false;
  const std::string input = BcryptInput(password);
  const std::string setting(hash);
  CryptScratch scratch;
  const char* out = crypt_rn(input.c_str(), setting.c_str(), scratch.Get(), sizeof(crypt_data));
  if (out == nullptr || out[0] == '*') return false;
  return core::ConstantTimeEquals(std::string_view(out, std::strlen(out)), hash);
}

}  // namespace carevoice::auth
