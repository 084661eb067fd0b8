#pragma once

// The client address of a request behind reverse proxies (TRUST_PROXY). Only proxies named in
// the list are believed: when the connection comes from one of them, X-Forwarded-For is read
// from the right, skipping trusted proxies, and the first address that is not one is the client.
// A connection from any other address is its own client, whatever X-Forwarded-For says (so a
// spoofed header is ignored). Immutable after construction: thread-safe.

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace carevoice::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;

  // Parses a comma-separated list of IP addresses and CIDR networks ("10.0.0.0/8", "::1"),
  // "loopback" (127.0.0.0/8 and ::1) or nothing ("", "off", "false", "0": trust no proxy).
  // kBadRequest naming the first malformed entry.
  static core::Result<TrustedProxies> Parse(std::string_view list);

  bool Empty() const { return v4_.empty() && v6_.empty(); }
  // Returns true if `address` (textual IP) is a trusted proxy.
  bool Contains(std::string_view address) const;
  // Returns the client address of a connection from `peer` carrying `forwarded_for` (the
  // X-Forwarded-For value, "" if absent).
  std::string ClientIp(const std::string& peer, std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace carevoice::http
