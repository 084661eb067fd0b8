#include "scale/redis_adapter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/strings.hpp"

namespace carevoice::scale {
namespace asio = boost::asio;

namespace {
// How long a join waits for the other processes' acks before it is acknowledged anyway.
constexpr std::int64_t kSettleTimeoutMs = 500;
constexpr std::chrono::seconds kCheckEvery{5};

std::optional<std::int64_t> IntegerReply(const core::Result<RedisReply>& reply) {
  if (!reply || reply->type != RedisReply::Type::kInteger) return std::nullopt;
  return reply->integer;
}
}  // namespace

void RoomInterest::Add(const std::string& origin, std::uint64_t seq, const std::string& room) {
  auto [it, inserted] = rooms_[room].try_emplace(origin, seq);
  if (!inserted) it->second = std::max(it->second, seq);
  by_origin_[origin].insert(room);
}

void RoomInterest::Remove(const std::string& origin, std::uint64_t seq, const std::string& room) {
  const auto r = rooms_.find(room);
  if (r == rooms_.end()) return;
  const auto o = r->second.find(origin);
  if (o == r->second.end() || o->second > seq) return;  // Announced again since.
  Erase(origin, room);
}

void RoomInterest::Replace(const std::string& origin, std::uint64_t seq,
                           const std::vector<std::string>& rooms) {
  if (const auto b = by_origin_.find(origin); b != by_origin_.end()) {
    const std::unordered_set<std::string> keep(rooms.begin(), rooms.end());
    std::vector<std::string> gone;
    for (const std::string& room : b->second) {
      if (keep.contains(room)) continue;
      const auto& seqs = rooms_.at(room);
      if (const auto o = seqs.find(origin); o != seqs.end() && o->second < seq) {
        gone.push_back(room);
      }
    }
    for (const std::string& room : gone) Erase(origin, room);
  }
  for (const std::string& room : rooms) Add(origin, seq, room);
}

void RoomInterest::Erase(const std::string& origin, const std::string& room) {
  if (const auto r = rooms_.find(room); r != rooms_.end()) {
    r->second.erase(origin);
    if (r->second.empty()) rooms_.erase(r);
  }
  if (const auto b = by_origin_.find(origin); b != by_origin_.end()) {
    b->second.erase(room);
    if (b->second.empty()) by_origin_.erase(b);
  }
}

void RoomInterest::Clear() {
  rooms_.clear();
  by_origin_.clear();
}

RedisAdapter::RedisAdapter(Redis& redis, const std::string& nsp, std::string origin,
                           const std::string& prefix)
    : redis_(redis),
      channel_(prefix + "#" + nsp + "#"),
      origin_(std::move(origin)),
      rooms_channel_("carevoice#rooms#" + nsp) {
  auto handler = [this](std::string_view channel, std::string_view message) {
    OnMessage(channel, message);
  };
  redis_.Subscribe(channel_, handler);
  redis_.SubscribeDynamic(channel_, handler);
  redis_.Subscribe(rooms_channel_,
                   [this](std::string_view, std::string_view message) { OnRoomsMessage(message); });
  redis_.OnSubscribed([this] { Resync(); });
  redis_.OnChannelSubscribed([this](std::string_view channel) {
    if (const auto room = RoomOf(channel)) OnRoomSubscribed(std::string(*room));
  });
  checker_ = std::thread([this] { CheckLoop(); });
}

RedisAdapter::~RedisAdapter() {
  {
    std::lock_guard lock(check_mu_);
    stopping_ = true;
  }
  check_cv_.notify_all();
  checker_.join();
}

std::optional<std::string_view> RedisAdapter::RoomOf(std::string_view channel) const {
  if (channel.size() <= channel_.size() + 1 || !core::StartsWith(channel, channel_) ||
      channel.back() != '#') {
    return std::nullopt;
  }
  return channel.substr(channel_.size(), channel.size() - channel_.size() - 1);
}

void RedisAdapter::Join(const realtime::SocketPtr& socket, const std::string& room) {
  std::lock_guard lock(membership_mu_);
  const bool first = local_.RoomSize(room) == 0;
  local_.Join(socket, room);
  if (!first) return;
  {
    std::lock_guard a(ann_mu_);
    announced_.try_emplace(room);  // Announced when the subscription is confirmed.
  }
  redis_.AddChannel(RoomChannel(room));
}

void RedisAdapter::Leave(const realtime::Socket* socket, const std::string& room) {
  std::lock_guard lock(membership_mu_);
  local_.Leave(socket, room);
  if (local_.RoomSize(room) == 0) Unlisten(room);
}

void RedisAdapter::LeaveAll(const realtime::Socket* socket) {
  std::lock_guard lock(membership_mu_);
  const std::vector<std::string> rooms = local_.RoomsOf(socket);
  local_.LeaveAll(socket);
  for (const std::string& room : rooms) {
    if (local_.RoomSize(room) == 0) Unlisten(room);
  }
}

void RedisAdapter::Unlisten(const std::string& room) {
  redis_.RemoveChannel(RoomChannel(room));
  RoomsMessage m = RoomsMessage::Of(RoomsMessage::Op::kDel, origin_);
  m.room = room;
  {
    std::lock_guard a(ann_mu_);
    const auto it = announced_.find(room);
    if (it == announced_.end()) return;
    if (it->second.seq != 0) seq_rooms_.erase(it->second.seq);
    announced_.erase(it);
    m.seq = ++seq_;
  }
  redis_.Send({"PUBLISH", rooms_channel_, EncodeRoomsMessage(m)});
}

std::size_t RedisAdapter::RoomSize(const std::string& room) const { return local_.RoomSize(room); }

bool RedisAdapter::Settled(const std::vector<std::string>& rooms) {
  // Not subscribed: there is no cross-process fan-out to wait for (a resubscription announces
  // every room).
  if (redis_.SubscriptionEpoch() % 2 == 0) return true;
  std::lock_guard a(ann_mu_);
  return std::all_of(rooms.begin(), rooms.end(), [this](const std::string& room) {
    const auto it = announced_.find(room);
    return it == announced_.end() || it->second.settled;
  });
}

asio::awaitable<void> RedisAdapter::Settle(const realtime::Socket* socket) {
  const std::vector<std::string> rooms = local_.RoomsOf(socket);
  if (Settled(rooms)) co_return;
  const std::int64_t deadline = SteadyMs() + kSettleTimeoutMs;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!Settled(rooms)) {
    if (SteadyMs() >= deadline) {
      std::lock_guard a(ann_mu_);
      for (const std::string& room : rooms) {
        if (auto it = announced_.find(room); it != announced_.end() && !it->second.settled) {
          it->second.settled = true;
          spdlog::warn(
              "redis adapter: room {} not acknowledged by every process within {} ms; a "
              "broadcast from another process may miss it for a moment",
              room.substr(0, 200), kSettleTimeoutMs);
        }
      }
      break;
    }
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

void RedisAdapter::OnRoomSubscribed(const std::string& room) {
  RoomsMessage m = RoomsMessage::Of(RoomsMessage::Op::kAdd, origin_);
  m.room = room;
  {
    std::lock_guard a(ann_mu_);
    const auto it = announced_.find(room);
    if (it == announced_.end() || it->second.settled || it->second.seq != 0) return;
    m.seq = it->second.seq = ++seq_;
    seq_rooms_[m.seq] = room;
  }
  // Every subscriber of the announcements (this process included) answers with an ack.
  const auto receivers =
      IntegerReply(redis_.Command({"PUBLISH", rooms_channel_, EncodeRoomsMessage(m)}));
  Acked(m.seq, 0, receivers ? std::max<std::int64_t>(0, *receivers - 1) : 0);
}

void RedisAdapter::Acked(std::uint64_t seq, std::int64_t acks, std::int64_t expected) {
  std::lock_guard a(ann_mu_);
  const auto r = seq_rooms_.find(seq);
  if (r == seq_rooms_.end()) return;
  const auto it = announced_.find(r->second);
  if (it == announced_.end() || it->second.seq != seq) return;
  Announced& state = it->second;
  state.acks += acks;
  if (expected >= 0) state.expected = expected;
  if (state.expected >= 0 && state.acks >= state.expected) {
    state.settled = true;
    seq_rooms_.erase(r);
  }
}

std::string RedisAdapter::StateMessage(const std::string& to, std::uint64_t req) {
  RoomsMessage m = RoomsMessage::Of(RoomsMessage::Op::kState, origin_);
  m.to = to;
  m.req = req;
  std::lock_guard a(ann_mu_);
  m.seq = ++seq_;
  m.rooms.reserve(announced_.size());
  for (const auto& [room, state] : announced_) m.rooms.push_back(room);
  return EncodeRoomsMessage(m);
}

void RedisAdapter::MaybeReadyLocked() {
  if (states_expected_ >= 0 && states_got_ >= states_expected_) ready_epoch_ = req_epoch_;
}

void RedisAdapter::OnRoomsMessage(std::string_view message) {
  auto m = DecodeRoomsMessage(message);
  if (!m) {
    spdlog::warn("redis adapter: dropped a malformed room announcement ({} bytes)", message.size());
    return;
  }
  if (m->from == origin_) return;
  switch (m->op) {
    case RoomsMessage::Op::kAdd: {
      {
        std::unique_lock lock(interest_mu_);
        interest_.Add(m->from, m->seq, m->room);
      }
      // Known from here on: the joining process may acknowledge its join.
      RoomsMessage ack = RoomsMessage::Of(RoomsMessage::Op::kAck, origin_);
      ack.seq = m->seq;
      ack.to = m->from;
      redis_.Send({"PUBLISH", rooms_channel_, EncodeRoomsMessage(ack)});
      break;
    }
    case RoomsMessage::Op::kDel: {
      std::unique_lock lock(interest_mu_);
      interest_.Remove(m->from, m->seq, m->room);
      break;
    }
    case RoomsMessage::Op::kAck:
      if (m->to == origin_) Acked(m->seq, 1, -1);
      break;
    case RoomsMessage::Op::kState: {
      std::unique_lock lock(interest_mu_);
      interest_.Replace(m->from, m->seq, m->rooms);
      if (m->to == origin_ && m->req == req_) {
        ++states_got_;
        MaybeReadyLocked();
      }
      break;
    }
    case RoomsMessage::Op::kSync:
      redis_.Send({"PUBLISH", rooms_channel_, StateMessage(m->from, m->req)});
      break;
  }
}

void RedisAdapter::Resync() {
  std::lock_guard sync(sync_mu_);
  std::uint64_t req = 0;
  {
    std::unique_lock lock(interest_mu_);
    ready_epoch_ = 0;  // Every room is published until every process has answered.
    interest_.Clear();
    foreign_.clear();
    req = ++req_;
    req_epoch_ = redis_.SubscriptionEpoch();
    states_expected_ = -1;
    states_got_ = 0;
  }
  numpat_ = IntegerReply(redis_.Command({"PUBSUB", "NUMPAT"})).value_or(1);
  // This process's rooms, for processes that heard nothing while it was away; a join waiting
  // for its acks is announced by it (the acks of an add published before may never come).
  redis_.Command({"PUBLISH", rooms_channel_, StateMessage("", 0)});
  {
    std::lock_guard a(ann_mu_);
    for (auto& [room, state] : announced_) state.settled = true;
    seq_rooms_.clear();
  }
  RoomsMessage ask = RoomsMessage::Of(RoomsMessage::Op::kSync, origin_);
  ask.req = req;
  const auto receivers =
      IntegerReply(redis_.Command({"PUBLISH", rooms_channel_, EncodeRoomsMessage(ask)}));
  if (!receivers) return;  // Redis went away again: the next subscription starts over.
  std::unique_lock lock(interest_mu_);
  if (req_ != req) return;
  states_expected_ = std::max<std::int64_t>(0, *receivers - 1);
  MaybeReadyLocked();
}

void RedisAdapter::CheckLoop() {
  for (;;) {
    {
      std::unique_lock lock(check_mu_);
      check_cv_.wait_for(lock, kCheckEvery, [this] { return stopping_; });
      if (stopping_) return;
    }
    if (redis_.SubscriptionEpoch() % 2 == 0) continue;
    if (const auto n = IntegerReply(redis_.Command({"PUBSUB", "NUMPAT"}))) numpat_ = *n;
    // Room channels with a subscriber that announced nothing (a process of an earlier version).
    std::vector<std::string> unannounced;
    if (auto channels = redis_.Command({"PUBSUB", "CHANNELS", channel_ + "*"});
        channels && channels->type == RedisReply::Type::kArray) {
      std::lock_guard a(ann_mu_);
      for (const RedisReply& c : channels->elements) {
        const auto room = RoomOf(c.str);
        if (room && !announced_.contains(std::string(*room))) unannounced.emplace_back(*room);
      }
    }
    std::size_t origins = 0;
    {
      std::unique_lock lock(interest_mu_);
      foreign_.clear();
      for (std::string& room : unannounced) {
        if (!interest_.Listens(room)) foreign_.insert(std::move(room));
      }
      origins = interest_.Origins();
    }
    // More processes with rooms than subscribers of the announcements: one has gone (crashed)
    // and left its rooms here; start over, so that they are no longer published.
    const auto listeners = redis_.Command({"PUBSUB", "NUMSUB", rooms_channel_});
    if (listeners && listeners->type == RedisReply::Type::kArray &&
        listeners->elements.size() == 2 &&
        listeners->elements[1].type == RedisReply::Type::kInteger &&
        static_cast<std::int64_t>(origins) + 1 > listeners->elements[1].integer) {
      Resync();
    }
  }
}

bool RedisAdapter::OthersMayListen(const std::string& room) const {
  if (numpat_.load(std::memory_order_relaxed) != 0) return true;  // Cannot tell who listens.
  std::shared_lock lock(interest_mu_);
  if (ready_epoch_ == 0 || ready_epoch_ != redis_.SubscriptionEpoch()) return true;
  return interest_.Listens(room) || foreign_.contains(room);
}

void RedisAdapter::Broadcast(const std::vector<std::string>& rooms,
                             const realtime::EncodedPacket& packet,
                             const realtime::Socket* except) {
  local_.Broadcast(rooms, packet, except);
  // `except` is a socket of this process: the other processes deliver to all of theirs.
  std::string frames;  // Encoded once, for every room's message, if any is published.
  const auto encoded = [&]() -> const std::string& {
    if (frames.empty()) frames = EncodeFrames(packet);
    return frames;
  };
  if (rooms.empty()) {
    redis_.Send({"PUBLISH", channel_, EncodeBroadcast(origin_, encoded(), rooms, {})});
    return;
  }
  // Ri's message skips the sockets of the rooms published before it; a room no other process
  // listens to is not published, nor named in `except` (a socket elsewhere in it and in a later
  // room, which joined just now, still gets the later room's message).
  std::vector<std::string> earlier;
  std::vector<std::vector<std::string>> publishes;
  for (const std::string& room : rooms) {
    if (std::find(earlier.begin(), earlier.end(), room) != earlier.end()) continue;
    if (!OthersMayListen(room)) continue;
    publishes.push_back(
        {"PUBLISH", RoomChannel(room), EncodeBroadcast(origin_, encoded(), {room}, earlier)});
    earlier.push_back(room);
  }
  if (!publishes.empty()) redis_.SendAll(std::move(publishes));
}

void RedisAdapter::OnMessage(std::string_view channel, std::string_view message) {
  // A room's channel heard after its last local socket left: nobody here to deliver to.
  if (const auto room = RoomOf(channel); room && local_.RoomSize(std::string(*room)) == 0) return;
  std::string error;
  auto decoded = DecodeBroadcast(message, &error);
  if (!decoded) {
    spdlog::warn("redis adapter: dropped a malformed message on {} ({}, {} bytes)",
                 std::string(channel.substr(0, 200)), error, message.size());
    return;
  }
  if (decoded->origin == origin_) return;  // Delivered locally already.
  local_.Broadcast(decoded->rooms, decoded->except_rooms, decoded->packet, nullptr);
}

}  // namespace carevoice::scale
