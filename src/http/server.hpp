#pragma once

// The HTTP/1.1 server: Beast + Asio C++20 coroutines, one io_context run by N threads, one
// coroutine per connection (on its own strand), requests of a connection handled in order
// (keep-alive and pipelining safe).
//
// Per request, in this order: header read (read timeout) → X-Request-Id → OPTIONS preflight (204
// for any path) → route lookup (404/405 JSON) → body-limit check on Content-Length (413 before
// the body is read) → Bearer authentication for routes with requires_auth (401 JSON) → body read
// (chunked bodies over the limit: 413) → query parsing (400 if malformed) → handler (an escaping
// exception is logged as a bug and answered 500 JSON) → security, CORS and Server headers → write
// → one JSON access-log line. Malformed HTTP gets 400 JSON and the connection is closed.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/client_ip.hpp"
#include "http/router.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio
namespace spdlog {
class logger;
}  // namespace spdlog
namespace carevoice::core {
class Metrics;
}  // namespace carevoice::core

namespace carevoice::http {

// Returns the token of an "Authorization: Bearer <token>" header value (scheme
// case-insensitive, surrounding blanks trimmed), or "" for any other value.
std::string_view BearerToken(std::string_view header);

// Verifies a bearer token (already stripped of "Bearer "). Called on an I/O thread: must be cheap
// and must not block (JWT verification). Any error means 401.
using Authenticator = std::function<core::Result<Principal>(std::string_view bearer_token)>;

struct ServerOptions {
  // I/O threads running the io_context; 0 = one per core.
  unsigned threads = 0;
  // Limit for reading one request (headers + body) and for writing one response.
  std::chrono::milliseconds read_timeout{30'000};
  // Keep-alive: how long a connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // Stop(): how long in-flight requests may take before their connections are closed.
  std::chrono::milliseconds shutdown_timeout{10'000};
  // Body limit of routes whose RouteOptions::body_limit is 0, and of unrouted requests.
  std::size_t body_limit = std::size_t{1024} * 1024;
  // Largest request head (request line + headers); larger → 431.
  std::size_t header_limit = std::size_t{16} * 1024;
  // Exact origins allowed by CORS ("https://app.example.com", no trailing slash).
  std::vector<std::string> cors_origins;
  // Reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY); empty = none, and the
  // client is the TCP peer. The client address is RequestContext::remote_ip and the access log's
  // "ip".
  TrustedProxies trusted_proxies;
  // One JSON line per request: {time, request_id, ip, method, path (no query), status, bytes,
  // duration_us, user_id?}. Never contains headers, query strings or bodies.
  bool access_log = true;
  // Where access lines go (logged at info level with the message as the whole line). null = an
  // asynchronous logger owned by the server writing "%v" lines to stdout, flushed every second.
  std::shared_ptr<spdlog::logger> access_logger;
  // Optional: request counts and latencies by route and status, and open connections. The
  // server sets its route table (Router::Routes order). Must outlive the server.
  core::Metrics* metrics = nullptr;
};

// Lifecycle: construct → Listen (one or more times) → Run (blocks) ; Stop from any thread (or a
// signal handler via asio::signal_set on IoContext()) makes Run return. A Server runs once.
class Server {
 public:
  // `router` must outlive the server and must not change once Run has started. An empty
  // `authenticator` rejects every protected route with 401.
  Server(ServerOptions options, Router& router, Authenticator authenticator);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on `host` (an IP address or a resolvable name) and `port` (0 = an
  // ephemeral port). Returns the bound port, or kUnavailable naming host:port and the reason.
  // Accepting starts when Run is called. REQUIRES: Run has not returned.
  core::Result<std::uint16_t> Listen(const std::string& host, std::uint16_t port);

  // Runs the I/O threads (the calling thread is one of them) until Stop completes.
  void Run();

  // Graceful stop; thread-safe, idempotent, returns immediately. Closes the listeners, closes
  // idle keep-alive connections, lets in-flight requests finish and answers them with
  // "Connection: close" (up to shutdown_timeout, then closes what is left), then stops the
  // io_context so that Run returns.
  void Stop();

  // Registers `hook` to run (on an I/O thread) at the start of Stop(), before the server waits for
  // connections to finish: long-lived sessions (upgraded WebSockets, pending long-polls) close
  // themselves there. REQUIRES: called before Stop().
  void OnStop(std::function<void()> hook);

  // The io_context the server runs on, e.g. for a signal_set or for timers of other components.
  // Work still pending on it when Stop completes is abandoned.
  boost::asio::io_context& IoContext();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace carevoice::http
