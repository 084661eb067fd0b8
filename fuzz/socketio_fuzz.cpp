// libFuzzer target for the Socket.IO v5 packet codec (the text part of untrusted client packets).
// Checks that Decode never crashes and that for every x it accepts:
//   decode(encode(decode(x))) == decode(x) (type, namespace, ack id, payload, attachments),
//   a second round trip changes nothing either,
//   a binary packet's placeholders match its attachment count, and the ack id is in range.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "realtime/socketio_packet.hpp"

namespace {

namespace sio = carevoice::realtime::sio;

namespace json = boost::json;

// JSON equality, where numbers are equal by value, as in JSON and JavaScript: Encode writes a
// double that is a whole number as JavaScript does ("1", not "1.0"), which parses back as an
// integer (found by this target). Doubles may also differ by a few ulps: Boost.JSON 1.81 parses
// numbers imprecisely (number_precision::precise arrived in 1.83), so a long literal such as
// 2.2…2e74 and its shortest re-serialisation can parse to neighbouring doubles.
bool SameJson(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number() && (a.is_double() || b.is_double())) {
    const double x = a.to_number<double>();
    const double y = b.to_number<double>();
    return x == y || std::fabs(x - y) <= 1e-15 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.is_array() && b.is_array()) {
    const json::array& x = a.get_array();
    const json::array& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!SameJson(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const json::object& x = a.get_object();
    const json::object& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      const json::value* other = y.if_contains(key);
      if (other == nullptr || !SameJson(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

bool Same(const sio::Packet& a, const sio::Packet& b) {
  return a.type == b.type && a.nsp == b.nsp && a.id == b.id && SameJson(a.data, b.data) &&
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
  const bool binary =
      packet->type == sio::PacketType::kBinaryEvent || packet->type == sio::PacketType::kBinaryAck;
  if (!binary && packet->attachments != 0) std::abort();
  if (binary && sio::CountPlaceholders(packet->data, packet->attachments) !=
                    std::optional<std::size_t>(packet->attachments)) {
    std::abort();
  }

  const std::string encoded = sio::Encode(*packet);
  const std::optional<sio::Packet> again = sio::Decode(encoded);
  if (!again || !Same(*packet, *again)) std::abort();
  if (!Same(*sio::Decode(sio::Encode(*again)), *again)) std::abort();
  return 0;
}
