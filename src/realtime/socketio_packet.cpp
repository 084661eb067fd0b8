#include "realtime/socketio_packet.hpp"

#include <boost/json/parse.hpp>

#include <cmath>
#include <vector>

#include "core/json_text.hpp"

namespace carevoice::realtime::sio {
namespace {

namespace json = boost::json;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses the digits at the front of `s` (advancing it). nullopt when there are none or the value
// exceeds `max`.
std::optional<std::uint64_t> ParseNumber(std::string_view& s, std::uint64_t max) {
  std::size_t i = 0;
  std::uint64_t value = 0;
  while (i < s.size() && IsDigit(s[i])) {
    const auto digit = static_cast<std::uint64_t>(s[i] - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
    ++i;
  }
  if (i == 0) return std::nullopt;
  s.remove_prefix(i);
  return value;
}

// False if `v` holds a number that overflowed to infinity (e.g. 1e400): Boost.JSON parses it but
// serialises it as `Infinity`, which is not JSON, so an echo or broadcast of it would break every
// client that receives it.
bool AllFinite(const json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& item : v.get_array()) {
      if (!AllFinite(item)) return false;
    }
  } else if (v.is_object()) {
    for (const auto& [key, item] : v.get_object()) {
      if (!AllFinite(item)) return false;
    }
  }
  return true;
}

bool CollectPlaceholders(const json::value& v, std::size_t attachments, std::vector<bool>& seen,
                         std::size_t& count, int depth) {
  if (depth > 64) return false;
  if (v.is_array()) {
    for (const auto& item : v.get_array()) {
      if (!CollectPlaceholders(item, attachments, seen, count, depth + 1)) return false;
    }
    return true;
  }
  if (!v.is_object()) return true;
  const json::object& o = v.get_object();
  const auto* flag = o.if_contains("_placeholder");
  if (flag != nullptr && flag->is_bool() && flag->get_bool()) {
    const auto* num = o.if_contains("num");
    if (num == nullptr || !num->is_int64() || num->get_int64() < 0 ||
        static_cast<std::uint64_t>(num->get_int64()) >= attachments) {
      return false;
    }
    const auto n = static_cast<std::size_t>(num->get_int64());
    if (seen[n]) return false;
    seen[n] = true;
    ++count;
    return true;
  }
  for (const auto& [key, item] : o) {
    if (!CollectPlaceholders(item, attachments, seen, count, depth + 1)) return false;
  }
  return true;
}

}  // namespace

std::optional<Packet> Decode(std::string_view text) {
  if (text.empty() || text[0] < '0' || text[0] > '6') return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(text[0] - '0');
  text.remove_prefix(1);
  if (p.type == PacketType::kConnectError) return std::nullopt;  // Server → client only.
  const bool binary = p.type == PacketType::kBinaryEvent || p.type == PacketType::kBinaryAck;
  if (binary) {
    std::optional<std::uint64_t> n = ParseNumber(text, kMaxAttachments);
    if (!n || text.empty() || text[0] != '-') return std::nullopt;
    text.remove_prefix(1);
    p.attachments = static_cast<std::size_t>(*n);
  }
  if (!text.empty() && text[0] == '/') {
    const std::size_t comma = text.find(',');
    const std::size_t end = comma == std::string_view::npos ? text.size() : comma;
    p.nsp = std::string(text.substr(0, end));
    text.remove_prefix(comma == std::string_view::npos ? end : end + 1);
  }
  if (!text.empty() && IsDigit(text[0])) {
    p.id = ParseNumber(text, kMaxAckId);
    if (!p.id) return std::nullopt;
  }
  if (!text.empty()) {
    boost::system::error_code ec;
    p.data = json::parse(text, ec);
    if (ec || !AllFinite(p.data)) return std::nullopt;
  }
  switch (p.type) {
    case PacketType::kConnect:
      if (p.id || !(p.data.is_null() || p.data.is_object())) return std::nullopt;
      break;
    case PacketType::kDisconnect:
      if (p.id || !p.data.is_null()) return std::nullopt;
      break;
    case PacketType::kEvent:
    case PacketType::kBinaryEvent:
      if (!p.data.is_array() || p.data.get_array().empty() || !p.data.get_array()[0].is_string()) {
        return std::nullopt;
      }
      break;
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      if (!p.id || !p.data.is_array()) return std::nullopt;
      break;
    case PacketType::kConnectError:
      return std::nullopt;
  }
  if (binary) {
    std::optional<std::size_t> count = CountPlaceholders(p.data, p.attachments);
    if (!count || *count != p.attachments) return std::nullopt;
  }
  return p;
}

std::string Encode(const Packet& packet) {
  std::string out;
  out.push_back(static_cast<char>('0' + static_cast<int>(packet.type)));
  if (packet.type == PacketType::kBinaryEvent || packet.type == PacketType::kBinaryAck) {
    out += std::to_string(packet.attachments);
    out.push_back('-');
  }
  if (packet.nsp != "/") {
    out += packet.nsp;
    out.push_back(',');
  }
  if (packet.id) out += std::to_string(*packet.id);
  // Numbers as REST and JavaScript write them ("0.75", not Boost's "7.5E-1").
  if (!packet.data.is_null()) core::AppendJsonText(packet.data, out);
  return out;
}

bool IsPlaceholder(const boost::json::value& value, std::size_t attachments) {
  if (!value.is_object()) return false;
  const auto& o = value.get_object();
  const auto* flag = o.if_contains("_placeholder");
  const auto* num = o.if_contains("num");
  return flag != nullptr && flag->is_bool() && flag->get_bool() && num != nullptr &&
         num->is_int64() && num->get_int64() >= 0 &&
         static_cast<std::uint64_t>(num->get_int64()) < attachments;
}

std::optional<std::size_t> CountPlaceholders(const boost::json::value& value,
                                             std::size_t attachments) {
  std::vector<bool> seen(attachments, false);
  std::size_t count = 0;
  if (!CollectPlaceholders(value, attachments, seen, count, 0)) return std::nullopt;
  return count;
}

}  // namespace carevoice::realtime::sio
