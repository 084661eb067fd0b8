#include "auth/rate_limiter.hpp"

#include <cassert>

namespace carevoice::auth {

RateLimiter::RateLimiter(const core::Clock& clock, int max_failures, std::int64_t window_seconds,
                         std::size_t max_keys)
    : clock_(clock),
      max_failures_(static_cast<std::size_t>(max_failures < 1 ? 1 : max_failures)),
      window_ms_((window_seconds < 1 ? 1 : window_seconds) * 1000),
      max_keys_(max_keys < 1 ? 1 : max_keys) {
  assert(max_failures >= 1 && window_seconds >= 1 && max_keys >= 1);
}

void RateLimiter::Expire(Entry& entry, core::TimeMs now) const {
  while (!entry.failures.empty() && entry.failures.front() + window_ms_ <= now) {
    entry.failures.pop_front();
  }
}

void RateLimiter::EvictStale(core::TimeMs now) {
  // The back of lru_ failed least recently: once it holds a recent failure, so does every key.
  while (!lru_.empty()) {
    auto it = entries_.find(lru_.back());
    assert(it != entries_.end());
    Expire(it->second, now);
    if (!it->second.failures.empty()) break;
    entries_.erase(it);
    lru_.pop_back();
  }
}

std::int64_t RateLimiter::RetryAfterLocked(std::string_view key, core::TimeMs now) {
  EvictStale(now);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return 0;
  Expire(it->second, now);
  if (it->second.failures.size() < max_failures_) return 0;
  const core::TimeMs remaining_ms = it->second.failures.front() + window_ms_ - now;
  const std::int64_t seconds = (remaining_ms + 999) / 1000;
  return seconds < 1 ? 1 : seconds;
}

void RateLimiter::Share(SharedCounters* shared, std::string name) {
  shared_ = shared;
  shared_prefix_ = std::move(name) + ":";
}

std::optional<std::int64_t> RateLimiter::Shared(SharedCounters::Op op, std::string_view key,
                                                core::TimeMs now) {
  if (shared_ == nullptr) return std::nullopt;
  std::string shared_key = shared_prefix_;
  shared_key += key;
  return shared_->Apply(op, shared_key, now, window_ms_, max_failures_);
}

std::int64_t RateLimiter::RetryAfterSeconds(std::string_view key) {
  const core::TimeMs now = clock_.NowMs();
  if (auto shared = Shared(SharedCounters::Op::kRetryAfter, key, now)) return *shared;
  std::lock_guard<std::mutex> lock(mu_);
  return RetryAfterLocked(key, now);
}

void RateLimiter::RecordFailure(std::string_view key) {
  const core::TimeMs now = clock_.NowMs();
  Shared(SharedCounters::Op::kRecord, key, now);
  std::lock_guard<std::mutex> lock(mu_);
  RecordLocked(key, now);
}

std::int64_t RateLimiter::TryAcquire(std::string_view key) {
  const core::TimeMs now = clock_.NowMs();
  if (auto shared = Shared(SharedCounters::Op::kAcquire, key, now)) {
    std::lock_guard<std::mutex> lock(mu_);
    if (*shared == 0) RecordLocked(key, now);  // Kept for a fallback to local counting.
    return *shared;
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::int64_t retry_after = RetryAfterLocked(key, now);
  if (retry_after == 0) RecordLocked(key, now);
  return retry_after;
}

void RateLimiter::RecordLocked(std::string_view key, core::TimeMs now) {
  EvictStale(now);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) {
    if (entries_.size() >= max_keys_) {
      entries_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(key);
    it = entries_.emplace(lru_.front(), Entry{{}, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru_position);
  }
  Entry& entry = it->second;
  Expire(entry, now);
  entry.failures.push_back(now);
  if (entry.failures.size() > max_failures_) entry.failures.pop_front();
}

void RateLimiter::Clear(std::string_view key) {
  Shared(SharedCounters::Op::kClear, key, clock_.NowMs());
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return;
  lru_.erase(it->second.lru_position);
  entries_.erase(it);
}

std::size_t RateLimiter::TrackedKeys() {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace carevoice::auth
