// libFuzzer target for query strings and percent-decoding (every request target is untrusted):
// http::ParseQuery (Boost.URL) and http::PercentDecode. Checks they never crash, and that a
// decoded string is never longer than its input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/router.hpp"

namespace http = carevoice::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto query = http::ParseQuery(input)) {
    std::size_t total = 0;
    for (const auto& [key, value] : *query) total += key.size() + value.size();
    if (total > input.size()) std::abort();
  }
  if (auto decoded = http::PercentDecode(input)) {
    if (decoded->size() > input.size()) std::abort();
  }
  return 0;
}
