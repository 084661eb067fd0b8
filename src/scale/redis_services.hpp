#pragma once

// The other shared state of several processes, on Redis:
//  - RedisCounters (auth::SharedCounters): rate-limit windows as sorted sets, one Lua script per
//    check (atomic across processes);
//  - RedisSessionRevocations (auth::SessionRevocations): every process keeps the in-memory
//    adapter for O(1) checks; a revocation is applied locally, published on
//    "carevoice#revocations" and kept in the sorted set "cv:revoked" (score: until), which a
//    process re-reads after each (re)subscription, so one missed while Redis was away arrives too;
//  - RedisConversationLocks (engine::ConversationLocks): SET NX PX with a fencing token from
//    INCR "cv:fence", released by a compare-and-delete script (Rasa's lock store design); the
//    last writer of a conversation is kept so that a process drops what it cached when another
//    process wrote in between. A process keeps a lock it was granted as a lease after the turn
//    ends: the next turn of that conversation on this process reuses it without a round trip
//    while it was set or renewed less than ttl/4 ago (renewed by the same script after that,
//    PEXPIRE if still ours), so a turn always starts with at least 3/4 of the ttl left. Another
//    process that finds it busy publishes "<origin>:<token> <id>" on "carevoice#lock-yield"; the
//    holder gives it back at once if idle, or when the running turn ends. A lease is reused only
//    while this process's subscription (which carries those requests) is the one it was granted
//    under; idle leases are given back after ttl/2, and all of them at shutdown.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "auth/rate_limiter.hpp"
#include "auth/session_revocations.hpp"
#include "engine/conversation_locks.hpp"
#include "scale/messages.hpp"
#include "scale/redis.hpp"

namespace carevoice::scale {

class RedisCounters final : public auth::SharedCounters {
 public:
  RedisCounters(Redis& redis, std::string origin);
  std::optional<std::int64_t> Apply(Op op, std::string_view key, core::TimeMs now,
                                    core::TimeMs window_ms, std::size_t max) override;

 private:
  Redis& redis_;
  const std::string origin_;
  std::atomic<std::uint64_t> sequence_{0};
};

class RedisSessionRevocations final : public auth::SessionRevocations {
 public:
  // Subscribes on `redis` (REQUIRES: before redis.Start()). Nothing is published before
  // Publish(true): the revocations loaded from the store at start-up are every process's own.
  RedisSessionRevocations(Redis& redis, std::unique_ptr<auth::SessionRevocations> inner,
                          std::string origin, const core::Clock& clock);

  void Publish(bool on) { publish_ = on; }

  bool IsRevoked(std::string_view user_id, std::string_view session_id,
                 std::int64_t issued_at) const override;
  void RevokeSession(std::string_view session_id, core::TimeMs until) override;
  void RevokeUnboundTokens(std::string_view user_id, std::int64_t issued_at_or_before,
                           core::TimeMs until) override;
  void Prune(core::TimeMs now) override;
  std::size_t Size() const override;

 private:
  void Apply(const RevocationMessage& m);
  void Share(const RevocationMessage& m);
  void Resync();

  Redis& redis_;
  std::unique_ptr<auth::SessionRevocations> inner_;
  const std::string origin_;
  const core::Clock& clock_;
  std::atomic<bool> publish_{false};
};

class RedisConversationLocks final : public engine::ConversationLocks {
 public:
  // `ttl`: a lock outlives a crashed holder by at most this long. Subscribes on `redis` to the
  // yield requests (REQUIRES: before redis.Start()).
  RedisConversationLocks(Redis& redis, std::string origin, std::chrono::milliseconds ttl);
  // REQUIRES: the caller's local lock on `conversation_id` (one call per conversation at once).
  Attempt TryAcquire(const std::string& conversation_id) override;
  void Release(const std::string& conversation_id, std::uint64_t token) override;
  // Gives back every idle lease now, and the others when their turns end (at shutdown, before
  // redis.Stop()).
  void ReleaseAll();
  // Leases this process holds (tests).
  std::size_t Leases() const;

 private:
  struct Lease {
    std::uint64_t token = 0;
    std::uint64_t epoch = 0;      // Redis::SubscriptionEpoch when granted or renewed.
    std::int64_t renewed_ms = 0;  // Steady clock, read before the grant or renewal was sent.
    bool in_use = false;          // Between TryAcquire and Release.
    bool yield = false;           // Asked for by another process: given back by Release.
    // Still this process's to keep without a round trip: nobody asked for it, it was granted
    // under the current subscription (odd epoch: subscribed, so a yield request would have
    // reached us), and it was renewed less than `max_age_ms` ago.
    bool Keepable(std::uint64_t current_epoch, std::int64_t now, std::int64_t max_age_ms) const {
      return !yield && epoch == current_epoch && current_epoch % 2 == 1 &&
             now - renewed_ms < max_age_ms;
    }
  };
  void OnYieldRequest(std::string_view message);
  void SendRelease(const std::string& conversation_id, std::uint64_t token);
  // REQUIRES: mu_. Gives back idle leases older than keep_ms_ and forgets old yield requests.
  void SweepLocked(std::int64_t now);

  Redis& redis_;
  const std::string origin_;
  const std::chrono::milliseconds ttl_;
  const std::int64_t reuse_ms_;  // A lease set longer ago than this is renewed through Redis.
  const std::int64_t keep_ms_;   // An idle lease set longer ago than this is given back.
  mutable std::mutex mu_;
  std::unordered_map<std::string, Lease> leases_;  // Guarded by mu_.
  // Guarded by mu_: the conversations whose lock script is in flight, and a yield request that
  // named one of them before its reply was read (the token asked for). A yield can overtake the
  // grant it answers (it comes on the subscription connection): released then, it would delete
  // the lock this process is about to use (another process then takes it while this one writes).
  std::unordered_map<std::string, int> acquiring_;
  std::unordered_map<std::string, std::uint64_t> early_yield_;
  // Guarded by mu_: the holder this process last asked to yield a conversation, and when.
  std::unordered_map<std::string, std::pair<std::string, std::int64_t>> asked_;
  std::int64_t next_sweep_ms_ = 0;  // Guarded by mu_.
};

}  // namespace carevoice::scale
