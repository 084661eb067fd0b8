#include "auth/visitor_limits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::auth {
namespace {

constexpr core::TimeMs kStart = 1'700'000'000'000;

VisitorLimitsConfig SmallLimits() {
  VisitorLimitsConfig config;
  config.ip_sessions_per_minute = 2;
  config.ip_messages_per_minute = 4;
  config.visitor_messages_per_minute = 3;
  config.visitor_conversations_per_hour = 2;
  config.ip_connections_per_minute = 2;
  return config;
}

void ExpectLimited(const core::Result<void>& r, const char* limit, int retry_after) {
  ASSERT_FALSE(r) << limit;
  EXPECT_EQ(r.error().HttpStatus(), 429);
  EXPECT_EQ(r.error().code, "TOO_MANY_REQUESTS");
  EXPECT_EQ(r.error().details.at("limit").as_string(), limit);
  EXPECT_EQ(r.error().retry_after_seconds, retry_after) << limit;
}

TEST(VisitorLimitsTest, DefaultsAreTheDocumentedOnes) {
  const VisitorLimitsConfig config;
  EXPECT_EQ(config.ip_messages_per_minute, 120);
  EXPECT_EQ(config.visitor_messages_per_minute, 30);
  EXPECT_EQ(config.visitor_conversations_per_hour, 10);
  EXPECT_EQ(config.ip_sessions_per_minute, 30);
  EXPECT_EQ(config.ip_connections_per_minute, 600);
}

TEST(VisitorLimitsTest, ConnectionsPerIpPerMinuteAreTheirOwnLimit) {
  core::ManualClock clock(kStart);
  VisitorLimits limits(clock, SmallLimits());
  EXPECT_TRUE(limits.CheckConnection("1.1.1.1"));
  EXPECT_TRUE(limits.CheckConnection("1.1.1.1"));
  ExpectLimited(limits.CheckConnection("1.1.1.1"), "ip_connections", 60);
  EXPECT_TRUE(limits.CheckConnection("2.2.2.2"));
  EXPECT_TRUE(limits.CheckSession("1.1.1.1"));  // Visitor sessions count separately.
  clock.Advance(60'000);
  EXPECT_TRUE(limits.CheckConnection("1.1.1.1"));
}

TEST(VisitorLimitsTest, SessionsPerIpPerMinute) {
  core::ManualClock clock(kStart);
  VisitorLimits limits(clock, SmallLimits());
  EXPECT_TRUE(limits.CheckSession("1.1.1.1"));
  clock.Advance(20'000);
  EXPECT_TRUE(limits.CheckSession("1.1.1.1"));
  ExpectLimited(limits.CheckSession("1.1.1.1"), "ip_sessions", 40);
  EXPECT_TRUE(limits.CheckSession("2.2.2.2"));  // Per IP.
  clock.Advance(40'000);                        // The first session left the window.
  EXPECT_TRUE(limits.CheckSession("1.1.1.1"));
  ExpectLimited(limits.CheckSession("1.1.1.1"), "ip_sessions", 20);
}

TEST(VisitorLimitsTest, MessagesPerVisitorAndPerIp) {
  core::ManualClock clock(kStart);
  VisitorLimits limits(clock, SmallLimits());
  // One visitor: 3 per minute.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.CheckMessage("ip", "visitor-a"));
  ExpectLimited(limits.CheckMessage("ip", "visitor-a"), "visitor_messages", 60);
  // The refused message did not count for the IP: a second visitor on the same IP has one left.
  EXPECT_TRUE(limits.CheckMessage("ip", "visitor-b"));
  ExpectLimited(limits.CheckMessage("ip", "visitor-c"), "ip_messages", 60);
  // Another IP is unaffected.
  EXPECT_TRUE(limits.CheckMessage("other-ip", "visitor-d"));
  clock.Advance(60'000);
  EXPECT_TRUE(limits.CheckMessage("ip", "visitor-a"));
}

TEST(VisitorLimitsTest, NewConversationsPerVisitorPerHour) {
  core::ManualClock clock(kStart);
  VisitorLimits limits(clock, SmallLimits());
  EXPECT_TRUE(limits.CheckNewConversation("v"));
  clock.Advance(600'000);
  EXPECT_TRUE(limits.CheckNewConversation("v"));
  ExpectLimited(limits.CheckNewConversation("v"), "visitor_conversations", 3000);
  EXPECT_TRUE(limits.CheckNewConversation("w"));
  clock.Advance(3'000'000);
  EXPECT_TRUE(limits.CheckNewConversation("v"));
}

}  // namespace
}  // namespace carevoice::auth
