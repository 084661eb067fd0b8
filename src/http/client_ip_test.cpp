#include "http/client_ip.hpp"

#include <gtest/gtest.h>

namespace carevoice::http {
namespace {

TEST(TrustedProxiesTest, NoProxyTrustedMeansThePeerIsTheClient) {
  for (const char* off : {"", "off", "false", "0"}) {
    auto proxies = TrustedProxies::Parse(off);
    ASSERT_TRUE(proxies) << off;
    EXPECT_TRUE(proxies->Empty());
    EXPECT_EQ(proxies->ClientIp("127.0.0.1", "6.6.6.6"), "127.0.0.1");
  }
}

TEST(TrustedProxiesTest, OnlyATrustedPeersForwardedForIsBelieved) {
  auto proxies = TrustedProxies::Parse("10.0.0.0/8, 192.168.1.1, loopback");
  ASSERT_TRUE(proxies);
  // From a trusted proxy: the rightmost address that is not a proxy.
  EXPECT_EQ(proxies->ClientIp("10.1.1.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies->ClientIp("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.2.2.2"), "203.0.113.7");
  EXPECT_EQ(proxies->ClientIp("::1", " 198.51.100.2 "), "198.51.100.2");
  EXPECT_EQ(proxies->ClientIp("::ffff:10.0.0.1", "198.51.100.2"), "198.51.100.2");
  // All hops trusted: the leftmost.
  EXPECT_EQ(proxies->ClientIp("10.1.1.1", "192.168.1.1, 10.3.3.3"), "192.168.1.1");
  // Garbage stops the walk at the last believable hop.
  EXPECT_EQ(proxies->ClientIp("10.1.1.1", "203.0.113.7, not-an-ip"), "10.1.1.1");
  EXPECT_EQ(proxies->ClientIp("10.1.1.1", ""), "10.1.1.1");
  // From anyone else the header is a spoof and is ignored.
  EXPECT_EQ(proxies->ClientIp("203.0.113.9", "10.1.1.1"), "203.0.113.9");
  EXPECT_EQ(proxies->ClientIp("192.168.1.2", "1.2.3.4"), "192.168.1.2");
}

TEST(TrustedProxiesTest, MalformedEntriesAreErrors) {
  for (const char* bad : {"10.0.0.0/33", "proxy.example.com", "1.2.3", "::1/129"}) {
    EXPECT_FALSE(TrustedProxies::Parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace carevoice::http
