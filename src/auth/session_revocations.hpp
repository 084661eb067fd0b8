#pragma once

// Which sessions have ended. An access token names its session ("sid", the refresh-token family
// of the login that issued it); logout, a password change and refresh-token reuse end sessions,
// and their access tokens are refused at once instead of living until they expire.
//
// The port is checked on every authenticated request and Socket.IO connection, on an I/O thread:
// IsRevoked must be O(1) with no I/O. The in-memory adapter below serves one process; the store
// stays the source of truth (revoked refresh-token families, loaded at start-up), and a shared
// adapter (Redis: a set of revoked sids with TTLs plus a pub/sub invalidation) can implement the
// same port for several processes. Thread-safe.

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/time.hpp"

namespace carevoice::auth {

class SessionRevocations {
 public:
  virtual ~SessionRevocations() = default;

  // Returns true if an access token of `user_id` for session `session_id` ("" = a token without
  // a sid: the old backend's, or issued before sessions existed) issued at `issued_at` (seconds
  // since epoch) must be refused. O(1), no I/O.
  virtual bool IsRevoked(std::string_view user_id, std::string_view session_id,
                         std::int64_t issued_at) const = 0;
  // Ends session `session_id`. The entry may be forgotten after `until` (when the last access
  // token of the session has expired). Idempotent.
  virtual void RevokeSession(std::string_view session_id, core::TimeMs until) = 0;
  // Ends every token of `user_id` without a session id that was issued at or before
  // `issued_at_or_before` (seconds); forgettable after `until`.
  virtual void RevokeUnboundTokens(std::string_view user_id, std::int64_t issued_at_or_before,
                                   core::TimeMs until) = 0;
  // Forgets entries whose `until` is at or before `now`.
  virtual void Prune(core::TimeMs now) = 0;
  // Returns the number of entries held (for tests and metrics).
  virtual std::size_t Size() const = 0;
};

// The single-process adapter: two hash maps under a reader/writer lock.
std::unique_ptr<SessionRevocations> MakeInMemorySessionRevocations();

}  // namespace carevoice::auth
