// libFuzzer target for the Server-Sent Events parser that reads an OpenAI-compatible server's
// stream (untrusted bytes from the network). The first byte sets a split size; the rest is fed in
// chunks of that size, then whole. Checks that the events do not depend on where the bytes were
// split, and that no event is larger than the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "llm/openai/sse_parser.hpp"

using carevoice::llm::openai::SseParser;

namespace {

std::vector<std::string> Parse(std::string_view input, std::size_t chunk) {
  std::vector<std::string> events;
  SseParser parser([&](std::string_view data) { events.emplace_back(data); });
  for (std::size_t at = 0; at < input.size(); at += chunk) parser.Feed(input.substr(at, chunk));
  parser.Finish();
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 16;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::vector<std::string> split = Parse(input, chunk);
  const std::vector<std::string> whole = Parse(input, input.size() + 1);
  if (split != whole) std::abort();
  for (const std::string& event : whole) {
    if (event.size() > input.size()) std::abort();
  }
  return 0;
}
