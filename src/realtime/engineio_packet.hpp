#pragma once

// Engine.IO v4 packets (https://github.com/socketio/engine.io-protocol): one packet per WebSocket
// frame, or several per HTTP long-polling payload separated by '\x1e', binary packets there
// written as 'b' + base64. Pure functions over untrusted bytes (fuzzed: fuzz/engineio_fuzz.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::realtime::eio {

enum class PacketType : char {
  kOpen = '0',
  kClose = '1',
  kPing = '2',
  kPong = '3',
  kMessage = '4',
  kUpgrade = '5',
  kNoop = '6',
};

struct Packet {
  PacketType type = PacketType::kMessage;
  std::string data;     // After the type character; raw bytes for a binary message.
  bool binary = false;  // Only for kMessage.
};

// The record separator between the packets of a long-polling payload.
inline constexpr char kSeparator = '\x1e';

// Decodes a WebSocket text frame "<type><data>". Returns nullopt when the frame is empty or its
// type is not one of '0'..'6'.
std::optional<Packet> DecodeTextFrame(std::string_view frame);

// Decodes a long-polling request body. Returns nullopt if any packet is malformed (an empty
// packet, an unknown type, or a 'b' packet that is not valid base64). REQUIRES nothing of `body`.
std::optional<std::vector<Packet>> DecodePayload(std::string_view body);

// Appends one packet as it appears in a long-polling payload (no separator).
void AppendToPayload(std::string& out, PacketType type, std::string_view data, bool binary);

}  // namespace carevoice::realtime::eio
