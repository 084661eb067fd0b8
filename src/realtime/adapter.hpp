#pragma once

// The rooms of one Socket.IO namespace and how a broadcast reaches their sockets. The Adapter
// port lets another process's sockets join the fan-out (the scale-out issue adds a Redis adapter
// speaking @socket.io/redis-adapter's channels); LocalAdapter serves one process.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "realtime/engineio_server.hpp"

namespace carevoice::realtime {

class Socket;
using SocketPtr = std::shared_ptr<Socket>;

// One Socket.IO packet encoded once: the text part and its binary attachments, in order.
struct EncodedPacket {
  std::vector<Frame> frames;
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  virtual void Join(const SocketPtr& socket, const std::string& room) = 0;
  virtual void Leave(const Socket* socket, const std::string& room) = 0;
  // Removes `socket` from every room (on disconnect).
  virtual void LeaveAll(const Socket* socket) = 0;
  // Sends `packet` once to every socket in any of `rooms`, except `except` (may be null).
  // Thread-safe; never blocks on a client (sends only queue).
  virtual void Broadcast(const std::vector<std::string>& rooms, const EncodedPacket& packet,
                         const Socket* except) = 0;
  // The number of sockets in `room` (tests, metrics).
  virtual std::size_t RoomSize(const std::string& room) const = 0;
  // Completes when the rooms `socket` has joined so far are known to every process that may
  // broadcast to them, so that whatever they broadcast from then on reaches it: awaited before a
  // join is acknowledged (the CONNECT, a join's ack). At once for one process.
  virtual boost::asio::awaitable<void> Settle(const Socket* /*socket*/) { co_return; }
};

class LocalAdapter final : public Adapter {
 public:
  void Join(const SocketPtr& socket, const std::string& room) override;
  void Leave(const Socket* socket, const std::string& room) override;
  void LeaveAll(const Socket* socket) override;
  void Broadcast(const std::vector<std::string>& rooms, const EncodedPacket& packet,
                 const Socket* except) override;
  std::size_t RoomSize(const std::string& room) const override;

  // Broadcast, also skipping the sockets in any of `except_rooms` (a remote broadcast split per
  // room: see scale::RedisAdapter).
  void Broadcast(const std::vector<std::string>& rooms,
                 const std::vector<std::string>& except_rooms, const EncodedPacket& packet,
                 const Socket* except);
  // The rooms `socket` is in.
  std::vector<std::string> RoomsOf(const Socket* socket) const;

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::unordered_map<const Socket*, std::weak_ptr<Socket>>> rooms_;
  std::unordered_map<const Socket*, std::unordered_set<std::string>> memberships_;
};

}  // namespace carevoice::realtime
