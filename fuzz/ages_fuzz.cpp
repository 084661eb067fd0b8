// libFuzzer target for the responder's age reader (llm/local/ages): customers' messages and
// agents' knowledge are untrusted text. Checks that it never crashes and that what it reads is
// sane: an age is a finite number of months, no more than 120 years; a bracket is non-empty.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "llm/local/ages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto age = carevoice::llm::local::AgeInMessage(text)) {
    if (!std::isfinite(age->months) || age->months < 0 || age->months > 120 * 12) std::abort();
  }
  for (const auto& bracket : carevoice::llm::local::AgeBrackets(text)) {
    if (!(bracket.low >= 0) || !(bracket.high > bracket.low)) std::abort();
  }
  return 0;
}
