#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carevoice::core {

// Milliseconds since the Unix epoch, UTC. The one time representation of the domain.
using TimeMs = std::int64_t;

// The injected clock. Production code takes a `const Clock&`; tests pass a ManualClock.
class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current wall-clock time.
  virtual TimeMs NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs NowMs() const override;
};

// A clock that only moves when told to. Thread-compatible, not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs NowMs() const override { return now_; }
  void Advance(TimeMs ms) { now_ += ms; }
  void Set(TimeMs ms) { now_ = ms; }

 private:
  TimeMs now_;
};

// Returns `t` as ISO-8601 UTC with milliseconds, e.g. "2024-05-01T12:00:00.000Z" (the format of
// JavaScript's Date.toISOString()).
std::string ToIso8601(TimeMs t);

// Parses ISO-8601 UTC "YYYY-MM-DDTHH:MM:SS[.fff]Z". Returns nullopt on any other form.
std::optional<TimeMs> ParseIso8601(std::string_view s);

// Parses a duration like "7d", "12h", "30m", "45s", "500ms" or a plain number of seconds
// (the forms of the `ms`/jsonwebtoken package that JWT_EXPIRES_IN uses). Returns seconds, or
// nullopt if malformed or not positive.
std::optional<std::int64_t> ParseDurationSeconds(std::string_view s);

}  // namespace carevoice::core
