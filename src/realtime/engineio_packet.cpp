#include "realtime/engineio_packet.hpp"

#include "core/strings.hpp"

namespace carevoice::realtime::eio {

std::optional<Packet> DecodeTextFrame(std::string_view frame) {
  if (frame.empty() || frame[0] < '0' || frame[0] > '6') return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(frame[0]);
  p.data = std::string(frame.substr(1));
  return p;
}

std::optional<std::vector<Packet>> DecodePayload(std::string_view body) {
  std::vector<Packet> packets;
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = std::min(body.find(kSeparator, start), body.size());
    const std::string_view part = body.substr(start, end - start);
    if (!part.empty() && part[0] == 'b') {
      std::optional<std::string> bytes = core::Base64Decode(part.substr(1));
      if (!bytes) return std::nullopt;
      packets.push_back(Packet{PacketType::kMessage, std::move(*bytes), true});
    } else {
      std::optional<Packet> p = DecodeTextFrame(part);
      if (!p) return std::nullopt;
      packets.push_back(std::move(*p));
    }
    start = end + 1;
  }
  return packets;
}

void AppendToPayload(std::string& out, PacketType type, std::string_view data, bool binary) {
  if (binary) {
    out.push_back('b');
    out += core::Base64Encode(data);
    return;
  }
  out.push_back(static_cast<char>(type));
  out.append(data);
}

}  // namespace carevoice::realtime::eio
