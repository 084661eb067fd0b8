#include "auth/visitor_limits.hpp"

#include <algorithm>
#include <string>

namespace carevoice::auth {
namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

core::Error Limited(std::string message, const char* limit, std::int64_t retry_after_seconds) {
  core::Error e{core::ErrorKind::kTooManyRequests, std::move(message), "TOO_MANY_REQUESTS",
                boost::json::object{{"limit", limit}}, 0};
  e.retry_after_seconds = static_cast<int>(std::clamp<std::int64_t>(retry_after_seconds, 1, 86400));
  return e;
}

}  // namespace

VisitorLimits::VisitorLimits(const core::Clock& clock, const VisitorLimitsConfig& config)
    : ip_sessions_(clock, config.ip_sessions_per_minute, kMinute, config.max_keys),
      ip_messages_(clock, config.ip_messages_per_minute, kMinute, config.max_keys),
      visitor_messages_(clock, config.visitor_messages_per_minute, kMinute, config.max_keys),
      visitor_conversations_(clock, config.visitor_conversations_per_hour, kHour, config.max_keys),
      ip_connections_(clock, config.ip_connections_per_minute, kMinute, config.max_keys) {
  ip_sessions_.Share(config.shared, "visitor_ip_sessions");
  ip_messages_.Share(config.shared, "visitor_ip_messages");
  visitor_messages_.Share(config.shared, "visitor_messages");
  visitor_conversations_.Share(config.shared, "visitor_conversations");
  ip_connections_.Share(config.shared, "ip_connections");
}

core::Result<void> VisitorLimits::CheckSession(std::string_view ip) {
  if (std::int64_t retry_after = ip_sessions_.TryAcquire(ip); retry_after > 0) {
    return Limited("Too many visitor sessions from this address. Please try again later.",
                   "ip_sessions", retry_after);
  }
  return {};
}

core::Result<void> VisitorLimits::CheckMessage(std::string_view ip, std::string_view visitor_id) {
  if (std::int64_t retry_after = visitor_messages_.RetryAfterSeconds(visitor_id); retry_after > 0) {
    return Limited("Too many messages. Please slow down.", "visitor_messages", retry_after);
  }
  if (std::int64_t retry_after = ip_messages_.TryAcquire(ip); retry_after > 0) {
    return Limited("Too many messages from this address. Please slow down.", "ip_messages",
                   retry_after);
  }
  // A concurrent message of the same visitor may have taken the last slot in between.
  if (std::int64_t retry_after = visitor_messages_.TryAcquire(visitor_id); retry_after > 0) {
    return Limited("Too many messages. Please slow down.", "visitor_messages", retry_after);
  }
  return {};
}

core::Result<void> VisitorLimits::CheckNewConversation(std::string_view visitor_id) {
  if (std::int64_t retry_after = visitor_conversations_.TryAcquire(visitor_id); retry_after > 0) {
    return Limited("Too many new conversations. Please try again later.", "visitor_conversations",
                   retry_after);
  }
  return {};
}

core::Result<void> VisitorLimits::CheckConnection(std::string_view ip) {
  if (std::int64_t retry_after = ip_connections_.TryAcquire(ip); retry_after > 0) {
    return Limited("Too many connections from this address. Please try again later.",
                   "ip_connections", retry_after);
  }
  return {};
}

}  // namespace carevoice::auth
