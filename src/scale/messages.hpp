#pragma once

// The JSON messages CareVoice processes publish to each other on Redis: Socket.IO broadcasts,
// room announcements and session revocations. Decoding validates untrusted bytes (another
// process, or anything that can PUBLISH on the server): a malformed message is nullopt, never an
// exception or a crash (fuzz/redis_messages_fuzz.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "realtime/adapter.hpp"

namespace carevoice::scale {

struct RemoteBroadcast {
  std::string origin;  // The publishing process's id.
  std::vector<std::string> rooms;
  std::vector<std::string> except_rooms;
  realtime::EncodedPacket packet;
};

// [origin, {"frames": [["t", text] | ["b", base64], ...]}, {"rooms": [...], "except": [...]}]
std::string EncodeBroadcast(std::string_view origin, const std::vector<std::string>& rooms,
                            const realtime::EncodedPacket& packet,
                            const std::vector<std::string>& except_rooms = {});
// The same in two steps, so that the messages of several rooms encode the packet once:
// {"frames": ...}, then the message around it.
std::string EncodeFrames(const realtime::EncodedPacket& packet);
std::string EncodeBroadcast(std::string_view origin, std::string_view frames,
                            const std::vector<std::string>& rooms,
                            const std::vector<std::string>& except_rooms);
// Validates untrusted bytes: nullopt (and why in `error`) for anything malformed.
std::optional<RemoteBroadcast> DecodeBroadcast(std::string_view message, std::string* error);

// An announcement on "carevoice#rooms#<nsp>" (JSON: {"op", "from", ...}):
//   add   {seq, room}: `from` listens to `room` from now on (answered by an ack from everyone);
//   del   {seq, room}: no longer;
//   ack   {to, seq}:   `from` knows of `to`'s add `seq`;
//   state {seq, rooms, to?, req?}: every room `from` listens to (the answer to `to`'s sync `req`,
//                      or unsolicited after `from`'s own resubscription);
//   sync  {req}:       `from` asks everyone for their state.
// `seq` grows with every announcement of one process, so a late message never undoes a newer one.
struct RoomsMessage {
  enum class Op { kAdd, kDel, kAck, kState, kSync };
  Op op = Op::kAdd;
  std::string from;
  std::uint64_t seq = 0;
  std::string room;                // add, del
  std::vector<std::string> rooms;  // state
  std::string to;                  // ack, state (may be empty)
  std::uint64_t req = 0;           // state, sync

  static RoomsMessage Of(Op op, std::string from) {
    RoomsMessage m;
    m.op = op;
    m.from = std::move(from);
    return m;
  }
};
std::string EncodeRoomsMessage(const RoomsMessage& m);
// Validates untrusted bytes: nullopt for anything malformed.
std::optional<RoomsMessage> DecodeRoomsMessage(std::string_view message);

// The revocation message: {"o": origin, "k": "s", "sid", "until"} or
// {"o", "k": "u", "user", "iat", "until"}. Public for tests.
struct RevocationMessage {
  std::string origin;
  bool session = true;
  std::string id;  // sid or user id
  std::int64_t issued_at = 0;
  core::TimeMs until = 0;
};
std::string EncodeRevocation(const RevocationMessage& m);
std::optional<RevocationMessage> DecodeRevocation(std::string_view message);

}  // namespace carevoice::scale
