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
//
// A room's message is published only when another process may listen to it (docs/ARCHITECTURE.md,
// "Publishing only where someone listens"): each process announces on "carevoice#rooms#<nsp>" the
// rooms it has local sockets in (RoomsMessage: "add" when the room's channel subscription is
// confirmed, "del" when its last socket leaves, its whole "state" when asked with "sync" or after
// its own resubscription) and keeps the others' (RoomInterest). A join is settled (Settle) once
// every process subscribed to that channel has acknowledged the "add", so a broadcast decided
// after the join was acknowledged to the client sees it. A process skips a room only while its
// knowledge is complete: after its subscription (re)started it asks everyone for their state and
// publishes everything until every answer is in; while any pattern subscriber exists (PUBSUB
// NUMPAT, the official adapter) or a room's channel has a subscriber that did not announce it
// (PUBSUB CHANNELS, checked every few seconds), it publishes as before.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "realtime/adapter.hpp"
#include "scale/messages.hpp"
#include "scale/redis.hpp"

namespace carevoice::scale {

// Which rooms other processes listen to, from their announcements. Not thread-safe.
class RoomInterest {
 public:
  void Add(const std::string& origin, std::uint64_t seq, const std::string& room);
  // Ignored when the room was announced again with a newer seq (messages may be reordered).
  void Remove(const std::string& origin, std::uint64_t seq, const std::string& room);
  // `origin`'s whole state at `seq`: rooms announced later are kept.
  void Replace(const std::string& origin, std::uint64_t seq, const std::vector<std::string>& rooms);
  bool Listens(const std::string& room) const { return rooms_.contains(room); }
  // The processes that listen to some room.
  std::size_t Origins() const { return by_origin_.size(); }
  void Clear();

 private:
  void Erase(const std::string& origin, const std::string& room);
  std::unordered_map<std::string, std::unordered_map<std::string, std::uint64_t>> rooms_;
  std::unordered_map<std::string, std::unordered_set<std::string>> by_origin_;
};

class RedisAdapter final : public realtime::Adapter {
 public:
  // Subscribes on `redis` (REQUIRES: before redis.Start()). `origin` names this process.
  RedisAdapter(Redis& redis, const std::string& nsp, std::string origin,
               const std::string& prefix = "socket.io");
  ~RedisAdapter() override;
  RedisAdapter(const RedisAdapter&) = delete;
  RedisAdapter& operator=(const RedisAdapter&) = delete;

  void Join(const realtime::SocketPtr& socket, const std::string& room) override;
  void Leave(const realtime::Socket* socket, const std::string& room) override;
  void LeaveAll(const realtime::Socket* socket) override;
  void Broadcast(const std::vector<std::string>& rooms, const realtime::EncodedPacket& packet,
                 const realtime::Socket* except) override;
  std::size_t RoomSize(const std::string& room) const override;
  boost::asio::awaitable<void> Settle(const realtime::Socket* socket) override;

  // A message of the subscription (the subscriber thread): delivered to local sockets, or
  // logged and dropped when malformed. Public for tests.
  void OnMessage(std::string_view channel, std::string_view message);

 private:
  // A local room's announcement (guarded by ann_mu_; present while the room has local sockets).
  struct Announced {
    std::uint64_t seq = 0;       // Of its "add"; 0 before its channel's subscription is confirmed.
    std::int64_t expected = -1;  // Acks to wait for (the other subscribers); -1: not known yet.
    std::int64_t acks = 0;
    bool settled = false;
  };

  std::string RoomChannel(const std::string& room) const { return channel_ + room + "#"; }
  // The room of a room's channel ("<prefix>#<nsp>#<room>#"), or nullopt.
  std::optional<std::string_view> RoomOf(std::string_view channel) const;
  // No local socket left in `room`: unsubscribes and announces it. REQUIRES: membership_mu_.
  void Unlisten(const std::string& room);
  // Whether another process may have sockets in `room` (else its message is not published).
  bool OthersMayListen(const std::string& room) const;
  void OnRoomsMessage(std::string_view message);
  // The subscriber thread, when `room`'s channel subscription is confirmed: announces it.
  void OnRoomSubscribed(const std::string& room);
  // Counts `acks` more acks of the add `seq` and, if known (>= 0), how many to wait for.
  void Acked(std::uint64_t seq, std::int64_t acks, std::int64_t expected);
  bool Settled(const std::vector<std::string>& rooms);
  // Starts over after a (re)subscription or when a process has gone: forgets the others' rooms,
  // publishes this process's state and asks for theirs (publishing every room until all answer).
  void Resync();
  std::string StateMessage(const std::string& to, std::uint64_t req);
  void MaybeReadyLocked();  // REQUIRES: interest_mu_ held exclusively.
  // Every few seconds: pattern subscribers, unannounced subscribers, processes gone.
  void CheckLoop();

  Redis& redis_;
  const std::string channel_;  // "<prefix>#<nsp>#"
  const std::string origin_;
  // Orders membership changes with their (UN)SUBSCRIBEs: a room's channel is subscribed to
  // while it has local sockets.
  std::mutex membership_mu_;
  realtime::LocalAdapter local_;

  const std::string rooms_channel_;  // "carevoice#rooms#<nsp>"
  std::atomic<std::uint64_t> seq_{0};
  std::mutex ann_mu_;
  std::unordered_map<std::string, Announced> announced_;      // Guarded by ann_mu_.
  std::unordered_map<std::uint64_t, std::string> seq_rooms_;  // An add's room; by ann_mu_.

  mutable std::shared_mutex interest_mu_;
  RoomInterest interest_;                    // Guarded by interest_mu_.
  std::unordered_set<std::string> foreign_;  // Rooms subscribed unannounced; by interest_mu_.
  // The subscription epoch under which interest_ is complete (0: not complete). interest_mu_.
  std::uint64_t ready_epoch_ = 0;
  std::atomic<std::int64_t> numpat_{1};  // Pattern subscribers (unknown: assume some).

  std::mutex sync_mu_;                 // Orders Resync calls.
  std::uint64_t req_ = 0;              // The current sync; this and below guarded by interest_mu_.
  std::uint64_t req_epoch_ = 0;        // The subscription epoch it was made under.
  std::int64_t states_expected_ = -1;  // Answers to wait for; -1: not known yet.
  std::int64_t states_got_ = 0;

  std::mutex check_mu_;
  std::condition_variable check_cv_;
  bool stopping_ = false;  // Guarded by check_mu_.
  std::thread checker_;
};

}  // namespace carevoice::scale
