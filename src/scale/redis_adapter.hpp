#pragma once

// Socket.IO rooms across processes (the channel layout of @socket.io/redis-adapter): a
// broadcast is delivered to this process's sockets at once (LocalAdapter) and published on
// "<prefix>#<nsp>#<room>#" per room, or on "<prefix>#<nsp>#" when it names no room (everyone).
// A process SUBSCRIBEs to "<prefix>#<nsp>#" and to the channel of each room it has local sockets
// in (from the room's first local socket to its last: the "dynamic" subscription mode of the
// official sharded adapter), so it is not woken for events nobody here receives.
// A broadcast to several rooms R0..Rn is published as one message per room, Ri's with
// rooms [Ri] and except [R0..Ri-1] (what `io.to(Ri).except(R0..Ri-1)` publishes): every socket in
// any of the rooms gets it once, and a process hears only the rooms it has sockets in.
// Differences from the official adapter (docs/ARCHITECTURE.md): the message is JSON, not
// msgpack, and carries the packet already encoded (its Engine.IO frames, binary ones in base64),
// so no process encodes a broadcast twice; the request/response channels (fetchSockets,
// serverSideEmit) are not implemented.

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/adapter.hpp"
#include "scale/redis.hpp"

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

class RedisAdapter final : public realtime::Adapter {
 public:
  // Subscribes on `redis` (REQUIRES: before redis.Start()). `origin` names this process.
  RedisAdapter(Redis& redis, const std::string& nsp, std::string origin,
               const std::string& prefix = "socket.io");

  void Join(const realtime::SocketPtr& socket, const std::string& room) override;
  void Leave(const realtime::Socket* socket, const std::string& room) override;
  void LeaveAll(const realtime::Socket* socket) override;
  void Broadcast(const std::vector<std::string>& rooms, const realtime::EncodedPacket& packet,
                 const realtime::Socket* except) override;
  std::size_t RoomSize(const std::string& room) const override;

  // A message of the subscription (the subscriber thread): delivered to local sockets, or
  // logged and dropped when malformed. Public for tests.
  void OnMessage(std::string_view channel, std::string_view message);

 private:
  std::string RoomChannel(const std::string& room) const { return channel_ + room + "#"; }

  Redis& redis_;
  const std::string channel_;  // "<prefix>#<nsp>#"
  const std::string origin_;
  // Orders membership changes with their (UN)SUBSCRIBEs: a room's channel is subscribed to
  // while it has local sockets.
  std::mutex membership_mu_;
  realtime::LocalAdapter local_;
};

}  // namespace carevoice::scale
