#pragma once

// Routing for the HTTP server: method + path pattern ("/api/agents/:id") → coroutine handler.
// Handlers never throw across the event loop: they return a Response (errors included).

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;

// The authenticated caller, set by the auth middleware before a protected handler runs.
struct Principal {
  std::string user_id;
  core::UserRole role = core::UserRole::kUser;
  std::string session_id{};  // The token's session ("sid"); "" if it has none.
};

struct RequestContext {
  const Request* request = nullptr;
  std::string path;                           // Decoded path, no query string.
  std::map<std::string, std::string> params;  // Path parameters (":id" → "id").
  std::map<std::string, std::string> query;   // Decoded query parameters (last wins).
  std::optional<Principal> principal;         // Set on protected routes.
  std::string remote_ip;
  std::string request_id;
  // Upgrade handlers only: the server counts the connection as open (metrics, graceful shutdown)
  // while a copy of this lease is held. See UpgradeHandler.
  std::shared_ptr<void> upgrade_lease;

  // Returns the path parameter `name`; REQUIRES: the route pattern declares it.
  const std::string& Param(const std::string& name) const { return params.at(name); }
  // Returns the query parameter or nullopt.
  std::optional<std::string> Query(const std::string& name) const;
  // Returns the value of header `name`, or "" when absent.
  std::string_view Header(std::string_view name) const;
};

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// Takes over a connection whose request asks for a WebSocket upgrade (GET, "Connection: upgrade",
// "Upgrade: websocket") on a route that has one. The handler owns `stream` until it returns and
// answers the request itself (accepts the WebSocket, or writes an HTTP error). `request` is the
// whole upgrade request; the connection's read buffer is empty (a client sends nothing before the
// 101). The server closes the socket when the handler returns and, on Stop(), runs its stop hooks
// (Server::OnStop) so that long-lived sessions can close gracefully before it cancels the stream.
// A handler may instead move the socket out of `stream` and serve it on its own after returning
// (so that an idle connection keeps none of the request's frames); it then keeps a copy of
// `ctx.upgrade_lease` until the socket is closed, and closes it itself on Stop().
using UpgradeHandler = std::function<boost::asio::awaitable<void>(
    RequestContext& ctx, boost::beast::tcp_stream& stream, Request request)>;

struct RouteOptions {
  bool requires_auth = true;
  // Largest accepted body for this route; 0 = the server default (1 MB for JSON).
  std::size_t body_limit = 0;
  // Content-Security-Policy for this route's responses; "" = the server's API default
  // ("default-src 'none'; frame-ancestors 'none'"). A header the handler sets itself wins.
  std::string content_security_policy = {};
  // Cross-Origin-Resource-Policy for this route; "" = the server default ("same-site"). Static
  // media embedded by the frontend on another site wants "cross-origin".
  std::string cross_origin_resource_policy = {};
  // CORS for any origin without credentials ("Access-Control-Allow-Origin: *", preflight
  // included): routes that anonymous embeds on other sites call (the visitor API). Origins on
  // the allow-list keep their answer with credentials.
  bool cors_any_origin = false;
  // Optional: serves WebSocket upgrade requests to this (GET) route; other requests go to the
  // route's handler.
  UpgradeHandler upgrade = {};
};

class Router {
 public:
  // Registers `handler` for `verb` + `pattern`. Pattern segments starting with ':' are captured
  // (one decoded segment); a last segment "*name" captures the decoded rest of the path ("" for
  // none, segments joined by '/'). REQUIRES: pattern starts with '/'; no identical (verb,
  // pattern) registered twice (throws std::invalid_argument at registration time otherwise).
  // Routes are added before the server runs; Find is then thread-safe.
  void Add(Verb verb, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::map<std::string, std::string> params;
    bool path_matched_other_verb = false;  // true → 405 rather than 404.
    std::vector<Verb> allowed;             // On a 405: the verbs the path accepts (for Allow).
    const std::string* pattern = nullptr;  // The matched route's pattern.
    // The matched route's position in Routes() (registration order); SIZE_MAX if none.
    std::size_t index = static_cast<std::size_t>(-1);
  };
  // Returns the route for `verb` and `path`: the URL path as sent (percent-encoded; anything from
  // '?' on is ignored). Segments are percent-decoded ("%2F" stays inside its segment), one
  // trailing slash is ignored ("/api/agents/" == "/api/agents"). At each segment a literal wins
  // over a ':param', which wins over a '*rest'. HEAD falls back to the GET route. A path with an
  // invalid percent-encoding matches nothing.
  Match Find(Verb verb, std::string_view path) const;

  // Every registered route, for the OpenAPI document and tests.
  struct RouteInfo {
    Verb verb;
    std::string pattern;
    RouteOptions options;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    Verb verb;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
  };
  std::vector<Route> routes_;
};

// Returns the "Allow" header value for `verbs`, e.g. "GET, HEAD, POST".
std::string AllowHeaderValue(const std::vector<Verb>& verbs);

// Percent-decodes `s` ('+' stays '+'). Returns nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s);

// Parses the query string (without '?') with Boost.URL: percent-decoding, '+' as space, the last
// value of a repeated key wins, a key without '=' maps to "". Returns nullopt when malformed.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query);

// --- Response helpers (responses carry no body for HEAD; the server strips it) ---

// A JSON response with `status` and `body`, keep-alive matching `req`.
Response JsonResponse(const RequestContext& ctx, unsigned status, const boost::json::value& body);
// As JsonResponse, with `json_text` already serialised (e.g. from a cache). REQUIRES: valid JSON.
Response JsonTextResponse(const RequestContext& ctx, unsigned status, std::string json_text);
// The JSON error response {message, code, details?} with the error's status (and Retry-After
// for 429).
Response ErrorResponse(const RequestContext& ctx, const core::Error& error);

// Parses the request body as a JSON object. Errors: 415 if Content-Type is not JSON, 400
// with code "INVALID_JSON" if it does not parse or is not an object.
core::Result<boost::json::object> ParseJsonObject(const RequestContext& ctx);

}  // namespace carevoice::http
