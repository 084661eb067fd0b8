#include "http/router.hpp"
#include "core/json_text.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/strings.hpp"

namespace carevoice::http {
namespace {

enum class SegmentKind { kLiteral = 0, kParam = 1, kRest = 2 };

SegmentKind KindOf(const std::string& segment) {
  if (!segment.empty() && segment[0] == ':') return SegmentKind::kParam;
  if (!segment.empty() && segment[0] == '*') return SegmentKind::kRest;
  return SegmentKind::kLiteral;
}

// Splits "/a/b/" into {"a", "b"} (raw, not decoded). "/" and "" give {}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      break;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Returns true if `route` matches the decoded `segments`.
bool Matches(const std::vector<std::string>& route, const std::vector<std::string>& segments) {
  const bool has_rest = !route.empty() && KindOf(route.back()) == SegmentKind::kRest;
  const std::size_t fixed = has_rest ? route.size() - 1 : route.size();
  if (has_rest ? segments.size() < fixed : segments.size() != fixed) return false;
  for (std::size_t i = 0; i < fixed; ++i) {
    if (KindOf(route[i]) == SegmentKind::kLiteral && route[i] != segments[i]) return false;
  }
  return true;
}

// Returns true if route `a` is more specific than route `b` (both match the same path).
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SegmentKind ka = KindOf(a[i]);
    const SegmentKind kb = KindOf(b[i]);
    if (ka != kb) return ka < kb;
  }
  return a.size() > b.size();
}

void CaptureParams(const std::vector<std::string>& route, std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  for (std::size_t i = 0; i < route.size(); ++i) {
    const SegmentKind kind = KindOf(route[i]);
    if (kind == SegmentKind::kParam) {
      params[route[i].substr(1)] = std::move(segments[i]);
    } else if (kind == SegmentKind::kRest) {
      std::string rest;
      for (std::size_t j = i; j < segments.size(); ++j) {
        if (j > i) rest.push_back('/');
        rest += segments[j];
      }
      params[route[i].substr(1)] = std::move(rest);
    }
  }
}

bool IsJsonContentType(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  const std::string_view media = core::TrimAscii(content_type.substr(0, semi));
  return core::EqualsIgnoreCaseAscii(media, "application/json");
}

// Returns {line, column} (1-based) of byte offset `pos` in `text`.
std::pair<std::size_t, std::size_t> LineColumn(std::string_view text, std::size_t pos) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = HexValue(s[i + 1]);
    const int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  if (query.empty()) return out;
  // Boost.URL 1.81's parse_query reads one byte past the end of its input (valgrind): parse a
  // NUL-terminated copy, never a view into Beast's exactly-sized header storage.
  const std::string terminated(query);
  query = terminated;
  if (!boost::urls::parse_query(query)) return std::nullopt;
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  const boost::urls::params_view params(query, opts);
  for (const boost::urls::param& p : params) {
    if (p.key.empty() && !p.has_value) continue;  // "a=1&&b=2"
    out[p.key] = p.value;
  }
  return out;
}

std::optional<std::string> RequestContext::Query(const std::string& name) const {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string_view RequestContext::Header(std::string_view name) const {
  if (request == nullptr) return {};
  const auto it = request->find(boost::beast::string_view(name.data(), name.size()));
  if (it == request->end()) return {};
  const auto value = it->value();
  return {value.data(), value.size()};
}

void Router::Add(Verb verb, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  std::vector<std::string> segments;
  for (const std::string_view s : SplitPath(pattern)) segments.emplace_back(s);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const SegmentKind kind = KindOf(segments[i]);
    if (kind != SegmentKind::kLiteral && segments[i].size() < 2) {
      throw std::invalid_argument("unnamed parameter in route pattern: " + pattern);
    }
    if (kind == SegmentKind::kRest && i + 1 != segments.size()) {
      throw std::invalid_argument("'*' must be the last segment: " + pattern);
    }
  }
  for (const Route& r : routes_) {
    if (r.verb != verb || r.segments.size() != segments.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < segments.size() && same; ++i) {
      const SegmentKind ka = KindOf(r.segments[i]);
      same = ka == KindOf(segments[i]) &&
             (ka != SegmentKind::kLiteral || r.segments[i] == segments[i]);
    }
    if (same) throw std::invalid_argument("duplicate route: " + pattern);
  }
  routes_.push_back(
      Route{verb, std::move(pattern), std::move(segments), std::move(handler), std::move(options)});
}

Router::Match Router::Find(Verb verb, std::string_view path) const {
  Match match;
  const std::size_t q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  if (path.empty() || path.front() != '/') return match;
  std::vector<std::string> segments;
  for (const std::string_view raw : SplitPath(path)) {
    if (raw.find('%') == std::string_view::npos) {
      segments.emplace_back(raw);
      continue;
    }
    std::optional<std::string> decoded = PercentDecode(raw);
    if (!decoded) return match;
    segments.push_back(std::move(*decoded));
  }

  const Route* best = nullptr;
  const Route* best_get = nullptr;  // For HEAD without a HEAD route.
  for (const Route& r : routes_) {
    if (!Matches(r.segments, segments)) continue;
    if (r.verb == verb) {
      if (best == nullptr || MoreSpecific(r.segments, best->segments)) best = &r;
    } else if (verb == Verb::head && r.verb == Verb::get) {
      if (best_get == nullptr || MoreSpecific(r.segments, best_get->segments)) best_get = &r;
    } else {
      match.path_matched_other_verb = true;
      if (std::find(match.allowed.begin(), match.allowed.end(), r.verb) == match.allowed.end()) {
        match.allowed.push_back(r.verb);
      }
    }
  }
  if (best == nullptr) best = best_get;
  if (best == nullptr) {
    if (match.path_matched_other_verb) {
      if (std::find(match.allowed.begin(), match.allowed.end(), Verb::get) != match.allowed.end() &&
          std::find(match.allowed.begin(), match.allowed.end(), Verb::head) ==
              match.allowed.end()) {
        match.allowed.push_back(Verb::head);
      }
      match.allowed.push_back(Verb::options);
      std::sort(match.allowed.begin(), match.allowed.end());
    }
    return match;
  }
  match.path_matched_other_verb = false;
  match.allowed.clear();
  match.handler = &best->handler;
  match.options = &best->options;
  match.pattern = &best->pattern;
  match.index = static_cast<std::size_t>(best - routes_.data());
  CaptureParams(best->segments, segments, match.params);
  return match;
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Route& r : routes_) out.push_back(RouteInfo{r.verb, r.pattern, r.options});
  return out;
}

std::string AllowHeaderValue(const std::vector<Verb>& verbs) {
  std::string out;
  for (const Verb v : verbs) {
    if (!out.empty()) out += ", ";
    const auto name = boost::beast::http::to_string(v);
    out.append(name.data(), name.size());
  }
  return out;
}

Response JsonResponse(const RequestContext& ctx, unsigned status, const boost::json::value& body) {
  return JsonTextResponse(ctx, status, core::ToJsonText(body));
}

Response JsonTextResponse(const RequestContext& ctx, unsigned status, std::string json_text) {
  Response res;
  res.result(status);
  if (ctx.request != nullptr) {
    res.version(ctx.request->version());
    res.keep_alive(ctx.request->keep_alive());
  }
  res.set(boost::beast::http::field::content_type, "application/json; charset=utf-8");
  res.body() = std::move(json_text);
  res.prepare_payload();
  return res;
}

Response ErrorResponse(const RequestContext& ctx, const core::Error& error) {
  Response res = JsonResponse(ctx, static_cast<unsigned>(error.HttpStatus()), error.ToJson());
  if (error.kind == core::ErrorKind::kTooManyRequests && error.retry_after_seconds > 0) {
    res.set(boost::beast::http::field::retry_after, std::to_string(error.retry_after_seconds));
  }
  return res;
}

core::Result<boost::json::object> ParseJsonObject(const RequestContext& ctx) {
  if (ctx.request == nullptr) return boost::json::object{};
  const std::string& body = ctx.request->body();
  // Express's json() leaves an empty body as {}: clients of the old backend send bodiless
  // POST/PUT requests without a Content-Type.
  if (core::TrimAscii(body).empty()) return boost::json::object{};
  if (!IsJsonContentType(ctx.Header("Content-Type"))) {
    return core::Error{core::ErrorKind::kUnsupportedMediaType,
                       "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE", nullptr,
                       0};
  }
  if (!core::IsValidUtf8(body)) {
    return core::Error::BadRequest("Request body is not valid UTF-8", "INVALID_JSON");
  }
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec && consumed == body.size()) parser.finish(ec);
  std::size_t position = consumed;
  if (!ec && consumed < body.size()) {
    // write_some stops after a complete value: anything but whitespace after it is an error.
    if (!core::TrimAscii(std::string_view(body).substr(consumed)).empty()) {
      ec = boost::json::make_error_code(boost::json::error::extra_data);
      position = body.find_first_not_of(" \t\r\n", consumed);
    } else {
      parser.finish(ec);
    }
  }
  if (ec) {
    const auto [line, column] = LineColumn(body, position);
    core::Error error =
        core::Error::BadRequest("Malformed JSON in request body at line " + std::to_string(line) +
                                    ", column " + std::to_string(column) + ": " + ec.message(),
                                "INVALID_JSON");
    error.details = boost::json::object{{"position", position}, {"line", line}, {"column", column}};
    return error;
  }
  boost::json::value value = parser.release();
  if (!value.is_object()) {
    return core::Error::BadRequest("Request body must be a JSON object", "INVALID_JSON");
  }
  return std::move(value.as_object());
}

}  // namespace carevoice::http
