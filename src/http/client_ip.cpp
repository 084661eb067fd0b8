#include "http/client_ip.hpp"

#include <boost/asio/ip/address.hpp>

#include "core/strings.hpp"

namespace carevoice::http {
namespace {

namespace ip = boost::asio::ip;

// Parses an address, IPv4-mapped IPv6 addresses reduced to IPv4.
bool ParseAddress(std::string_view text, ip::address& out) {
  boost::system::error_code ec;
  out = ip::make_address(std::string(core::TrimAscii(text)), ec);
  if (ec) return false;
  if (out.is_v6() && out.to_v6().is_v4_mapped()) {
    out = ip::make_address_v4(ip::v4_mapped, out.to_v6());
  }
  return true;
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  const std::string lowered = core::ToLowerAscii(core::TrimAscii(list));
  if (lowered.empty() || lowered == "off" || lowered == "false" || lowered == "0" ||
      lowered == "no") {
    return proxies;
  }
  for (std::string_view piece : core::Split(list, ',')) {
    const std::string entry(core::TrimAscii(piece));
    if (entry.empty()) continue;
    if (core::EqualsIgnoreCaseAscii(entry, "loopback")) {
      proxies.v4_.push_back(ip::make_network_v4("127.0.0.0/8"));
      proxies.v6_.push_back(ip::make_network_v6("::1/128"));
      continue;
    }
    boost::system::error_code ec;
    const bool has_prefix = entry.find('/') != std::string::npos;
    if (entry.find(':') != std::string::npos) {
      const ip::network_v6 net = ip::make_network_v6(has_prefix ? entry : entry + "/128", ec);
      if (!ec) {
        proxies.v6_.push_back(net.canonical());
        continue;
      }
    } else {
      const ip::network_v4 net = ip::make_network_v4(has_prefix ? entry : entry + "/32", ec);
      if (!ec) {
        proxies.v4_.push_back(net.canonical());
        continue;
      }
    }
    return core::Error::BadRequest("TRUST_PROXY entry is not an IP address or CIDR network: " +
                                   entry.substr(0, 64));
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  ip::address a;
  if (!ParseAddress(address, a)) return false;
  if (a.is_v4()) {
    const ip::network_v4 host(a.to_v4(), 32);
    for (const ip::network_v4& net : v4_) {
      if (host == net || host.is_subnet_of(net)) return true;
    }
    return false;
  }
  const ip::network_v6 host(a.to_v6(), 128);
  for (const ip::network_v6& net : v6_) {
    if (host == net || host.is_subnet_of(net)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientIp(const std::string& peer,
                                     std::string_view forwarded_for) const {
  if (Empty() || forwarded_for.empty() || !Contains(peer)) return peer;
  std::string client = peer;
  std::vector<std::string_view> hops = core::Split(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    ip::address a;
    if (!ParseAddress(*it, a)) break;  // Garbage: believe nothing further left.
    client = a.to_string();
    if (!Contains(client)) break;
  }
  return client;
}

}  // namespace carevoice::http
