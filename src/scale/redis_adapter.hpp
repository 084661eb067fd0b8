#pragma once

// Socket.IO rooms across processes (the channel layout of @socket.io/redis-adapter): a
// broadcast is delivered to this process's sockets at once (LocalAdapter) and published on
// "<prefix>#<nsp>#<room>#" (one room) or "<prefix>#<nsp>#" (several), which every process
// pattern-subscribes to ("<prefix>#<nsp>#*"); each delivers it to its own sockets in those rooms.
// Differences from the official adapter (docs/ARCHITECTURE.md): the message is JSON, not
// msgpack, and carries the packet already encoded (its Engine.IO frames, binary ones in base64),
// so no process encodes a broadcast twice; the request/response channels (fetchSockets,
// serverSideEmit) are not implemented.

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
  realtime::EncodedPacket packet;
};

// [origin, {"frames": [["t", text] | ["b", base64], ...]}, {"rooms": [...], "except": []}]
std::string EncodeBroadcast(std::string_view origin, const std::vector<std::string>& rooms,
                            const realtime::EncodedPacket& packet);
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
  Redis& redis_;
  const std::string channel_;  // "<prefix>#<nsp>#"
  const std::string origin_;
  realtime::LocalAdapter local_;
};

}  // namespace carevoice::scale
