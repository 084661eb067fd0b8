// libFuzzer target for the Engine.IO v4 decoders (untrusted WebSocket frames and long-polling
// bodies). Checks that they never crash and hold their invariants:
//   - DecodeTextFrame accepts exactly a non-empty frame whose type is '0'..'6', and keeps the rest
//     byte for byte;
//   - a payload that decodes re-encodes (AppendToPayload + separators) to a payload that decodes
//     to the same packets, and that encoding is stable.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/engineio_packet.hpp"

namespace {

namespace eio = carevoice::realtime::eio;

std::string Encode(const std::vector<eio::Packet>& packets) {
  std::string out;
  for (const eio::Packet& p : packets) {
    if (!out.empty()) out.push_back(eio::kSeparator);
    eio::AppendToPayload(out, p.type, p.data, p.binary);
  }
  return out;
}

bool Same(const std::vector<eio::Packet>& a, const std::vector<eio::Packet>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].binary != b[i].binary) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::optional<eio::Packet> frame = eio::DecodeTextFrame(input);
  const bool valid_frame = !input.empty() && input[0] >= '0' && input[0] <= '6';
  if (frame.has_value() != valid_frame) std::abort();
  if (frame && (static_cast<char>(frame->type) != input[0] || frame->data != input.substr(1) ||
                frame->binary)) {
    std::abort();
  }

  const std::optional<std::vector<eio::Packet>> packets = eio::DecodePayload(input);
  if (!packets) return 0;
  if (packets->empty()) std::abort();  // A payload holds at least one packet.
  const std::string encoded = Encode(*packets);
  const std::optional<std::vector<eio::Packet>> again = eio::DecodePayload(encoded);
  if (!again || !Same(*packets, *again)) std::abort();
  if (Encode(*again) != encoded) std::abort();
  return 0;
}
