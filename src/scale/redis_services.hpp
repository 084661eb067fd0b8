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
//    process wrote in between.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/rate_limiter.hpp"
#include "auth/session_revocations.hpp"
#include "engine/conversation_locks.hpp"
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
  // `ttl`: a lock outlives a crashed holder by at most this long.
  RedisConversationLocks(Redis& redis, std::string origin, std::chrono::milliseconds ttl);
  Attempt TryAcquire(const std::string& conversation_id) override;
  void Release(const std::string& conversation_id, std::uint64_t token) override;

 private:
  Redis& redis_;
  const std::string origin_;
  const std::chrono::milliseconds ttl_;
};

}  // namespace carevoice::scale
