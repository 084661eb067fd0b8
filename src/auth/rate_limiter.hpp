#pragma once

// A keyed sliding-window counter with bounded memory: failed logins per IP and per email
// (RetryAfterSeconds + RecordFailure), or a rate limit of any event (TryAcquire). A key whose
// events all left the window is forgotten; at most max_keys keys are tracked. Thread-safe.
//
// Several processes share their counts through a SharedCounters adapter (Redis, app wiring):
// while it answers, its verdict counts; the local counters are kept as well and take over when
// it is unreachable.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace carevoice::auth {

// Counters shared by several server processes: the same sliding window as RateLimiter, held in
// a shared store. Thread-safe; may block briefly (a local network round trip).
class SharedCounters {
 public:
  enum class Op { kRetryAfter, kRecord, kAcquire, kClear };
  virtual ~SharedCounters() = default;
  // Applies `op` to `key` (RetryAfterSeconds, RecordFailure, TryAcquire or Clear of a window of
  // `window_ms` holding at most `max` events) at `now`. Returns the retry-after seconds (0 for
  // kRecord and kClear), or nullopt when the shared store cannot be reached.
  virtual std::optional<std::int64_t> Apply(Op op, std::string_view key, core::TimeMs now,
                                            core::TimeMs window_ms, std::size_t max) = 0;
};

class RateLimiter {
 public:
  // A key is blocked while it has `max_failures` failures in the last `window_seconds`. At most
  // `max_keys` keys are tracked; beyond that the least recently failed key is forgotten.
  // REQUIRES: max_failures >= 1, window_seconds >= 1, max_keys >= 1. `clock` must outlive this.
  RateLimiter(const core::Clock& clock, int max_failures, std::int64_t window_seconds,
              std::size_t max_keys = kDefaultMaxKeys);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Returns 0 if `key` is not blocked, else the whole seconds (>= 1, rounded up) until its oldest
  // counted failure leaves the window and it is unblocked.
  std::int64_t RetryAfterSeconds(std::string_view key);
  // Counts one failure for `key` now.
  void RecordFailure(std::string_view key);
  // Rate limiting: if `key` is not blocked, counts one event now and returns 0; else counts
  // nothing and returns RetryAfterSeconds(key). Atomic: concurrent callers never exceed
  // max_failures events per window.
  std::int64_t TryAcquire(std::string_view key);
  // Forgets every failure of `key`.
  void Clear(std::string_view key);
  // Returns the number of keys currently tracked (for tests and metrics).
  std::size_t TrackedKeys();
  // Shares the counts with other processes through `shared` under keys "<name>:<key>" (null:
  // local only). REQUIRES: called before the limiter is used; `shared` outlives it.
  void Share(SharedCounters* shared, std::string name);

  static constexpr std::size_t kDefaultMaxKeys = 100000;

 private:
  struct Entry {
    std::deque<core::TimeMs> failures;  // Oldest first; at most max_failures_.
    std::list<std::string>::iterator lru_position;
  };

  // Drops failures of `entry` that left the window at `now`.
  void Expire(Entry& entry, core::TimeMs now) const;
  // Forgets least-recently-failed keys whose failures all left the window. REQUIRES: mu_ held.
  void EvictStale(core::TimeMs now);
  // RetryAfterSeconds and RecordFailure at `now`. REQUIRES: mu_ held.
  std::int64_t RetryAfterLocked(std::string_view key, core::TimeMs now);
  void RecordLocked(std::string_view key, core::TimeMs now);

  // The shared verdict of `op`, or nullopt (local only, or the shared store is unreachable).
  std::optional<std::int64_t> Shared(SharedCounters::Op op, std::string_view key, core::TimeMs now);

  const core::Clock& clock_;
  const std::size_t max_failures_;
  const core::TimeMs window_ms_;
  const std::size_t max_keys_;
  SharedCounters* shared_ = nullptr;
  std::string shared_prefix_;

  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  std::list<std::string> lru_;                      // Guarded by mu_. Most recently failed first.
};

}  // namespace carevoice::auth
