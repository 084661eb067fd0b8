// libFuzzer target for the messages CareVoice processes read from each other on Redis
// (scale/messages.hpp): Socket.IO broadcasts, room announcements and session revocations. Checks
// that decoding never crashes and that whatever it accepts encodes to a message that decodes to
// the same thing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scale/messages.hpp"

namespace {

bool SamePacket(const carevoice::realtime::EncodedPacket& a,
                const carevoice::realtime::EncodedPacket& b) {
  if (a.frames.size() != b.frames.size()) return false;
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    if (a.frames[i].binary != b.frames[i].binary || *a.frames[i].data != *b.frames[i].data) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace scale = carevoice::scale;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string error;
  if (auto b = scale::DecodeBroadcast(text, &error)) {
    auto again = scale::DecodeBroadcast(
        scale::EncodeBroadcast(b->origin, b->rooms, b->packet, b->except_rooms), nullptr);
    if (!again || again->origin != b->origin || again->rooms != b->rooms ||
        again->except_rooms != b->except_rooms || !SamePacket(again->packet, b->packet)) {
      std::abort();
    }
  } else if (error.empty()) {
    std::abort();  // A refusal always says why.
  }

  if (auto m = scale::DecodeRoomsMessage(text)) {
    auto again = scale::DecodeRoomsMessage(scale::EncodeRoomsMessage(*m));
    if (!again || again->op != m->op || again->from != m->from || again->room != m->room ||
        again->rooms != m->rooms || again->to != m->to) {
      std::abort();
    }
  }

  if (auto r = scale::DecodeRevocation(text)) {
    auto again = scale::DecodeRevocation(scale::EncodeRevocation(*r));
    if (!again || again->origin != r->origin || again->session != r->session ||
        again->id != r->id || again->until != r->until) {
      std::abort();
    }
  }
  return 0;
}
