#pragma once

// Socket.IO v5 packets (https://github.com/socketio/socket.io-protocol), the text part:
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
// Binary attachments travel as separate Engine.IO binary messages after the text part; in the
// payload each is a placeholder {"_placeholder":true,"num":N}. Pure functions over untrusted
// text (fuzzed: fuzz/socketio_fuzz.cpp).

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carevoice::realtime::sio {

enum class PacketType : int {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

// Most attachments one packet may announce.
inline constexpr std::size_t kMaxAttachments = 16;
// Largest acknowledgement id accepted (the official client counts up from 0).
inline constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;  // Acknowledgement id.
  boost::json::value data;          // null when absent.
  std::size_t attachments = 0;      // Binary types only.
};

// Decodes the text part of a packet sent by a client. Returns nullopt when it is malformed:
// an unknown type, a bad attachment count, a namespace not starting with '/', a bad ack id,
// payload JSON that does not parse or holds a number beyond double range (1e400), or a payload of
// the wrong shape for the type (CONNECT: object or none; DISCONNECT: none; EVENT: a non-empty array
// starting with a string; ACK: an array; CONNECT_ERROR is server-only and refused).
std::optional<Packet> Decode(std::string_view text);

// Encodes the text part of `packet` (attachments announced from packet.attachments).
std::string Encode(const Packet& packet);

// Returns true if `value` is a placeholder {"_placeholder":true,"num":N} with N < `attachments`.
bool IsPlaceholder(const boost::json::value& value, std::size_t attachments);

// Returns the number of placeholders anywhere in `value` that are valid for `attachments`
// attachments, or nullopt if a placeholder's num is out of range or repeated.
std::optional<std::size_t> CountPlaceholders(const boost::json::value& value,
                                             std::size_t attachments);

}  // namespace carevoice::realtime::sio
