#pragma once

// Rate limits of anonymous visitors (customers of a published agent), shared by REST and
// Socket.IO: visitor sessions per IP, messages per IP and per visitor, new conversations per
// visitor. Sliding windows (rate_limiter.hpp) with bounded memory. Thread-safe; cheap (one mutex
// per limit, no I/O): safe to call on an I/O thread.
//
// A refused check returns kTooManyRequests with code "TOO_MANY_REQUESTS", retry_after_seconds
// (>= 1, for the Retry-After header) and details {"limit": "<name>"} naming the limit:
// "ip_sessions", "ip_messages", "visitor_messages", "visitor_conversations" or "ip_connections". A
// refused check counts nothing (except when two messages of one visitor race for its last slot: the
// loser still counts once for its IP).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "auth/rate_limiter.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace carevoice::auth {

struct VisitorLimitsConfig {
  int ip_sessions_per_minute = 30;          // RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE
  int ip_messages_per_minute = 120;         // RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE
  int visitor_messages_per_minute = 30;     // RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE
  int visitor_conversations_per_hour = 10;  // RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR
  int ip_connections_per_minute = 600;      // RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE
  std::size_t max_keys = 50000;             // Per limit; least recently used keys go first.
  // Optional: counts shared by several processes (Redis); must outlive the limits.
  SharedCounters* shared = nullptr;
};

class VisitorLimits {
 public:
  // REQUIRES: every limit >= 1. `clock` must outlive this.
  VisitorLimits(const core::Clock& clock, const VisitorLimitsConfig& config);

  // Counts one visitor session (a widget-key connection or a REST session start) from `ip`.
  core::Result<void> CheckSession(std::string_view ip);
  // Counts one visitor message from `ip` by `visitor_id` against both limits; refused (and
  // counted nowhere) if either is exhausted.
  core::Result<void> CheckMessage(std::string_view ip, std::string_view visitor_id);
  // Counts one new conversation started by `visitor_id`.
  core::Result<void> CheckNewConversation(std::string_view visitor_id);
  // Counts one real-time connection (an Engine.IO handshake, before anyone is authenticated)
  // from `ip`.
  core::Result<void> CheckConnection(std::string_view ip);

 private:
  RateLimiter ip_sessions_;
  RateLimiter ip_messages_;
  RateLimiter visitor_messages_;
  RateLimiter visitor_conversations_;
  RateLimiter ip_connections_;
};

}  // namespace carevoice::auth
