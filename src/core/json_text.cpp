#include "core/json_text.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace carevoice::core {
namespace {

void AppendString(boost::json::string_view s, std::string& out) {
  // Boost's string escaping is correct and fast; reuse it for the one type it formats well.
  out += boost::json::serialize(s);
}

void AppendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  if (ec != std::errc()) {
    out += "null";
    return;
  }
  out.append(buf, end);
}

}  // namespace

void AppendJsonText(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      out += boost::json::serialize(value);
      return;
    case boost::json::kind::double_:
      AppendDouble(value.get_double(), out);
      return;
    case boost::json::kind::string:
      AppendString(value.get_string(), out);
      return;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        AppendJsonText(item, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out += ',';
        first = false;
        AppendString(key, out);
        out += ':';
        AppendJsonText(item, out);
      }
      out += '}';
      return;
    }
  }
}

std::string ToJsonText(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  AppendJsonText(value, out);
  return out;
}

}  // namespace carevoice::core
