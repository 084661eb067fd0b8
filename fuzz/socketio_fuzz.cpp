// libFuzzer target for the Socket.IO v5 packet codec (the text part of untrusted client packets).
// Checks that Decode never crashes and that for every x it accepts:
//   decode(encode(decode(x))) == decode(x) (type, namespace, ack id, payload, attachments),
//   encode is stable (encode(decode(encode(p))) == encode(p)),
//   a binary packet's placeholders match its attachment count, and the ack id is in range.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "realtime/socketio_packet.hpp"

namespace {

namespace sio = carevoice::realtime::sio;

bool Same(const sio::Packet& a, const sio::Packet& b) {
  return a.type == b.type && a.nsp == b.nsp && a.id == b.id && a.data == b.data &&
         a.attachments == b.attachments;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::optional<sio::Packet> packet = sio::Decode(input);
  if (!packet) return 0;

  if (packet->nsp.empty() || packet->nsp[0] != '/') std::abort();
  if (packet->id && *packet->id > sio::kMaxAckId) std::abort();
  if (packet->attachments > sio::kMaxAttachments) std::abort();
  const bool binary = packet->type == sio::PacketType::kBinaryEvent ||
                      packet->type == sio::PacketType::kBinaryAck;
  if (!binary && packet->attachments != 0) std::abort();
  if (binary && sio::CountPlaceholders(packet->data, packet->attachments) !=
                    std::optional<std::size_t>(packet->attachments)) {
    std::abort();
  }

  const std::string encoded = sio::Encode(*packet);
  const std::optional<sio::Packet> again = sio::Decode(encoded);
  if (!again || !Same(*packet, *again)) std::abort();
  if (sio::Encode(*again) != encoded) std::abort();
  return 0;
}
