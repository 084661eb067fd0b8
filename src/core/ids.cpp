#include "core/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::core {
namespace {

void FillRandom(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");  // Programmer/environment error.
  }
}

struct ProcessUnique {
  std::array<unsigned char, 5> bytes{};
  std::uint32_t counter_seed = 0;
  ProcessUnique() {
    FillRandom(bytes.data(), bytes.size());
    std::array<unsigned char, 3> seed{};
    FillRandom(seed.data(), seed.size());
    counter_seed = (std::uint32_t{seed[0]} << 16) | (std::uint32_t{seed[1]} << 8) | seed[2];
  }
};

const ProcessUnique& Unique() {
  static const ProcessUnique unique;  // Immutable after first use.
  return unique;
}

}  // namespace

std::string NewObjectId() {
  static std::atomic<std::uint32_t> counter{Unique().counter_seed};
  const auto secs =
      static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  const std::uint32_t c = counter.fetch_add(1, std::memory_order_relaxed) & 0xFFFFFFu;
  std::array<unsigned char, 12> raw{};
  raw[0] = static_cast<unsigned char>(secs >> 24);
  raw[1] = static_cast<unsigned char>(secs >> 16);
  raw[2] = static_cast<unsigned char>(secs >> 8);
  raw[3] = static_cast<unsigned char>(secs);
  for (std::size_t i = 0; i < 5; ++i) raw[4 + i] = Unique().bytes[i];
  raw[9] = static_cast<unsigned char>(c >> 16);
  raw[10] = static_cast<unsigned char>(c >> 8);
  raw[11] = static_cast<unsigned char>(c);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

bool IsObjectId(std::string_view s) {
  if (s.size() != 24) return false;
  for (char ch : s) {
    const bool hex =
        (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    if (!hex) return false;
  }
  return true;
}

std::string RandomHex(std::size_t n) {
  std::vector<unsigned char> buf(n);
  FillRandom(buf.data(), n);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(buf.data()), n));
}

std::string RandomBase64Url(std::size_t n) {
  std::vector<unsigned char> buf(n);
  FillRandom(buf.data(), n);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(buf.data()), n));
}

}  // namespace carevoice::core
