#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace carevoice::auth {
namespace {

constexpr core::TimeMs kStart = 1'700'000'000'000;

TEST(RateLimiterTest, BlocksAtTheLimitUntilTheOldestFailureLeavesTheWindow) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 3, 60);
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 0);
  limiter.RecordFailure("k");  // t = 0
  clock.Advance(10'000);
  limiter.RecordFailure("k");  // t = 10 s
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 0);
  clock.Advance(10'000);
  limiter.RecordFailure("k");                     // t = 20 s: third failure, blocked.
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 40);  // The t = 0 failure expires at 60 s.
  clock.Advance(39'500);
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 1);  // Rounded up.
  clock.Advance(500);
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 0);  // Sliding: two failures left in the window.
  limiter.RecordFailure("k");
  EXPECT_EQ(limiter.RetryAfterSeconds("k"), 10);  // Now the t = 10 s failure is the oldest.
}

TEST(RateLimiterTest, KeysAreIndependentAndClearForgets) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 2, 60);
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  limiter.RecordFailure("b");
  EXPECT_GT(limiter.RetryAfterSeconds("a"), 0);
  EXPECT_EQ(limiter.RetryAfterSeconds("b"), 0);
  limiter.Clear("a");
  EXPECT_EQ(limiter.RetryAfterSeconds("a"), 0);
  limiter.Clear("unknown");
  EXPECT_EQ(limiter.TrackedKeys(), 1u);
}

TEST(RateLimiterTest, StaleKeysAreEvicted) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 5, 60);
  for (int i = 0; i < 100; ++i) limiter.RecordFailure("ip:" + std::to_string(i));
  EXPECT_EQ(limiter.TrackedKeys(), 100u);
  clock.Advance(60'000);
  limiter.RecordFailure("fresh");
  EXPECT_EQ(limiter.TrackedKeys(), 1u);
}

TEST(RateLimiterTest, MemoryIsBoundedByMaxKeys) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 1, 60, /*max_keys=*/3);
  for (const char* key : {"a", "b", "c"}) {
    limiter.RecordFailure(key);
    clock.Advance(1000);
  }
  limiter.RecordFailure("a");  // "a" is now the most recent; "b" the least recent.
  limiter.RecordFailure("d");
  EXPECT_EQ(limiter.TrackedKeys(), 3u);
  EXPECT_EQ(limiter.RetryAfterSeconds("b"), 0);  // Forgotten.
  EXPECT_GT(limiter.RetryAfterSeconds("a"), 0);
  EXPECT_GT(limiter.RetryAfterSeconds("c"), 0);
  EXPECT_GT(limiter.RetryAfterSeconds("d"), 0);
}

TEST(RateLimiterTest, ConcurrentUseIsSafe) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 10, 60, 50);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter, t] {
      for (int i = 0; i < 2000; ++i) {
        limiter.RecordFailure("k" + std::to_string((i + t) % 80));
        (void)limiter.RetryAfterSeconds("k" + std::to_string(i % 80));
        if (i % 7 == 0) limiter.Clear("k" + std::to_string(i % 80));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(limiter.TrackedKeys(), 50u);
}

TEST(RateLimiterTest, TryAcquireCountsOnlyAdmittedEventsInASlidingWindow) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 3, 60);
  EXPECT_EQ(limiter.TryAcquire("ip"), 0);  // t = 0
  clock.Advance(30'000);
  EXPECT_EQ(limiter.TryAcquire("ip"), 0);  // t = 30 s
  EXPECT_EQ(limiter.TryAcquire("ip"), 0);  // t = 30 s: the third, the last one admitted.
  EXPECT_EQ(limiter.TryAcquire("ip"), 30);
  clock.Advance(29'000);
  EXPECT_EQ(limiter.TryAcquire("ip"), 1);  // Refusals are not counted: still the t = 0 event.
  clock.Advance(1'000);
  EXPECT_EQ(limiter.TryAcquire("ip"), 0);  // t = 60 s: the t = 0 event left the window.
  EXPECT_EQ(limiter.TryAcquire("ip"), 30);
  EXPECT_EQ(limiter.TryAcquire("other"), 0);
}

TEST(RateLimiterTest, TryAcquireForgetsIdleKeysAndCapsTrackedKeys) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 5, 60, /*max_keys=*/100);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.TryAcquire("k" + std::to_string(i)), 0);
  EXPECT_EQ(limiter.TrackedKeys(), 100u);  // Bounded memory under a flood of keys.
  clock.Advance(60'000);
  EXPECT_EQ(limiter.TryAcquire("fresh"), 0);
  EXPECT_EQ(limiter.TrackedKeys(), 1u);  // Idle keys expired.
}

TEST(RateLimiterTest, ConcurrentTryAcquireNeverAdmitsMoreThanTheLimit) {
  core::ManualClock clock(kStart);
  RateLimiter limiter(clock, 100, 60);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter, &admitted] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.TryAcquire("shared") == 0) admitted.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 100);
}

// Two limiters sharing one store stand for two processes: the shared verdict counts, and the
// local counters take over while the store is unreachable.
class FakeShared final : public SharedCounters {
 public:
  std::optional<std::int64_t> Apply(Op op, std::string_view key, core::TimeMs now,
                                    core::TimeMs window_ms, std::size_t max) override {
    if (down) return std::nullopt;
    keys.emplace_back(key);
    auto& events = windows[std::string(key)];
    std::erase_if(events, [&](core::TimeMs t) { return t + window_ms <= now; });
    const auto retry = [&]() -> std::int64_t {
      if (events.size() < max) return 0;
      return std::max<std::int64_t>(1, (events.front() + window_ms - now + 999) / 1000);
    };
    switch (op) {
      case Op::kClear:
        windows.erase(std::string(key));
        return 0;
      case Op::kRetryAfter:
        return retry();
      case Op::kAcquire:
        if (std::int64_t r = retry(); r > 0) return r;
        events.push_back(now);
        return 0;
      case Op::kRecord:
        events.push_back(now);
        return 0;
    }
    return 0;
  }
  bool down = false;
  std::vector<std::string> keys;
  std::map<std::string, std::vector<core::TimeMs>> windows;
};

TEST(RateLimiterTest, SharedCountsSpanLimitersAndFallBackToLocal) {
  core::ManualClock clock(kStart);
  FakeShared shared;
  RateLimiter a(clock, 4, 60);
  RateLimiter b(clock, 4, 60);
  a.Share(&shared, "login");
  b.Share(&shared, "login");
  a.RecordFailure("ip");
  b.RecordFailure("ip");
  a.RecordFailure("ip");
  EXPECT_EQ(b.RetryAfterSeconds("ip"), 0);
  b.RecordFailure("ip");  // The fourth failure, two on each "process".
  EXPECT_EQ(a.RetryAfterSeconds("ip"), 60);
  EXPECT_EQ(b.RetryAfterSeconds("ip"), 60);
  EXPECT_EQ(shared.keys.front(), "login:ip");
  EXPECT_GT(a.TryAcquire("ip"), 0);

  // The store goes away: each limiter counts alone (two failures each so far).
  shared.down = true;
  EXPECT_EQ(a.RetryAfterSeconds("ip"), 0);
  a.RecordFailure("ip");
  a.RecordFailure("ip");
  EXPECT_EQ(a.RetryAfterSeconds("ip"), 60);
  EXPECT_EQ(b.RetryAfterSeconds("ip"), 0);
  shared.down = false;
  b.Clear("ip");
  EXPECT_EQ(a.RetryAfterSeconds("ip"), 0);
}

}  // namespace
}  // namespace carevoice::auth
