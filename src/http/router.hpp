#pragma once

// Routing for the HTTP server: method + path pattern ("/api/agents/:id") → coroutine handler.
// Handlers never throw across the event loop: they return a Response (errors included).

#include <boost/asio/awaitable.hpp>
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

#include "core/error.hpp"

namespace carevoice::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;

// The authenticated caller, set by the auth middleware before a protected handler runs.
struct Principal {
  std::string user_id;
  std::string role;  // "user" | "admin"
};

struct RequestContext {
  const Request* request = nullptr;
  std::string path;                                  // Decoded path, no query string.
  std::map<std::string, std::string> params;         // Path parameters (":id" → "id").
  std::map<std::string, std::string> query;          // Decoded query parameters (last wins).
  std::optional<Principal> principal;                // Set on protected routes.
  std::string remote_ip;
  std::string request_id;

  // Returns the path parameter `name`; REQUIRES: the route pattern declares it.
  const std::string& Param(const std::string& name) const { return params.at(name); }
  // Returns the query parameter or nullopt.
  std::optional<std::string> Query(const std::string& name) const;
  // Returns the value of header `name`, or "" when absent.
  std::string_view Header(std::string_view name) const;
};

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

struct RouteOptions {
  bool requires_auth = true;
  // Largest accepted body for this route; 0 = the server default (1 MB for JSON).
  std::size_t body_limit = 0;
};

class Router {
 public:
  // Registers `handler` for `verb` + `pattern`. Pattern segments starting with ':' are captured.
  // REQUIRES: no identical (verb, pattern) registered twice.
  void Add(Verb verb, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::map<std::string, std::string> params;
    bool path_matched_other_verb = false;  // true → 405 rather than 404.
  };
  // Returns the route for `verb` and `path`. Literal segments win over parameters.
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

// --- Response helpers (responses carry no body for HEAD; the server strips it) ---

// A JSON response with `status` and `body`, keep-alive matching `req`.
Response JsonResponse(const RequestContext& ctx, unsigned status, const boost::json::value& body);
// The JSON error response {message, code, details?} with the error's status (and Retry-After
// for 429).
Response ErrorResponse(const RequestContext& ctx, const core::Error& error);

// Parses the request body as a JSON object. Errors: 415 if Content-Type is not JSON, 400
// with code "INVALID_JSON" if it does not parse or is not an object.
core::Result<boost::json::object> ParseJsonObject(const RequestContext& ctx);

}  // namespace carevoice::http
