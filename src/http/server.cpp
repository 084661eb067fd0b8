#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "http/http_date.hpp"

namespace carevoice::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

constexpr std::string_view kDefaultCsp = "default-src 'none'; frame-ancestors 'none'";
constexpr std::string_view kDefaultCorp = "same-site";
constexpr std::string_view kServerName = "CareVoice";
constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kMaxLoggedPath = 1024;
constexpr std::size_t kMaxRequestIdLength = 128;
// After an error that leaves an unread body: bytes and time spent draining it so that the client
// sees the response instead of a reset.
constexpr std::size_t kLingerBytes = std::size_t{16} * 1024 * 1024;
constexpr std::chrono::seconds kLingerTime{5};

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;      // Waiting for the next request. Only touched on the connection's strand.
  bool upgraded = false;  // Taken over by an upgrade handler (WebSocket).
  std::uint64_t id = 0;   // The key in Impl::connections_.
};

// Returns true if `id` is a sane client-supplied request id: 1..128 of [A-Za-z0-9._:-].
bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void Append(fmt::memory_buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

void AppendJsonString(fmt::memory_buffer& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        Append(out, "\\\"");
        break;
      case '\\':
        Append(out, "\\\\");
        break;
      case '\n':
        Append(out, "\\n");
        break;
      case '\r':
        Append(out, "\\r");
        break;
      case '\t':
        Append(out, "\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }

// Returns true if the request's body framing is one we read unambiguously: no Transfer-Encoding,
// or exactly one Transfer-Encoding field whose value is exactly "chunked" (any case, surrounding
// blanks allowed) on HTTP/1.1. "chunked, identity", "identity", "xchunked", "gzip, chunked"
// (we decode no other coding), a repeated field or a Transfer-Encoding on HTTP/1.0 are refused.
template <class Fields>
bool IsAcceptedFraming(const bhttp::request_header<Fields>& head) {
  const auto [first, last] = head.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return true;
  if (std::next(first) != last || head.version() < 11) return false;
  return core::EqualsIgnoreCaseAscii(core::TrimAscii(ToStd(first->value())), "chunked");
}

Response MakeErrorResponse(unsigned version, const core::Error& error) {
  Response res{static_cast<bhttp::status>(error.HttpStatus()), version};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.body() = boost::json::serialize(error.ToJson());
  return res;
}

core::Error MakeError(core::ErrorKind kind, std::string message, std::string code) {
  return core::Error{kind, std::move(message), std::move(code), nullptr, 0};
}

// Writes lines to stdout in batches of up to 64 KB (and on flush), instead of one write(2) per
// line as spdlog's stdout sink does. Used behind the async access logger, flushed every second.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  ~BufferedStdoutSink() override { WriteOut(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    buffer_.append(formatted.data(), formatted.size());
    if (buffer_.size() >= kBatch) WriteOut();
  }
  void flush_() override { WriteOut(); }

 private:
  static constexpr std::size_t kBatch = std::size_t{64} * 1024;
  void WriteOut() {
    if (buffer_.empty()) return;
    std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
    std::fflush(stdout);
    buffer_.clear();
  }
  std::string buffer_;
};

// A per-connection cache of the Date header (re-formatted once per second).
class DateCache {
 public:
  const std::string& Now() {
    const std::time_t now = std::time(nullptr);
    if (now != second_) {
      second_ = now;
      value_ = FormatHttpDate(now);
    }
    return value_;
  }

 private:
  std::time_t second_ = 0;
  std::string value_;
};

}  // namespace

std::string_view BearerToken(std::string_view header) {
  header = core::TrimAscii(header);
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() ||
      !core::EqualsIgnoreCaseAscii(header.substr(0, kScheme.size()), kScheme) ||
      (header[kScheme.size()] != ' ' && header[kScheme.size()] != '\t')) {
    return {};
  }
  return core::TrimAscii(header.substr(kScheme.size() + 1));
}

class Server::Impl {
 public:
  Impl(ServerOptions options, Router& router, Authenticator authenticator)
      : options_(std::move(options)),
        router_(router),
        authenticator_(std::move(authenticator)),
        threads_(options_.threads != 0 ? options_.threads
                                       : std::max(1u, std::thread::hardware_concurrency())),
        ioc_(static_cast<int>(threads_)),
        work_(asio::make_work_guard(ioc_)),
        flush_timer_(ioc_),
        request_id_prefix_(core::RandomHex(4)) {
    for (std::string& origin : options_.cors_origins) {
      while (!origin.empty() && origin.back() == '/') origin.pop_back();
    }
    if (options_.access_log) {
      access_logger_ = options_.access_logger;
      if (!access_logger_) {
        log_pool_ = std::make_shared<spdlog::details::thread_pool>(8192, 1);
        access_logger_ =
            std::make_shared<spdlog::async_logger>("access", std::make_shared<BufferedStdoutSink>(),
                                                   log_pool_, spdlog::async_overflow_policy::block);
        access_logger_->set_pattern("%v");
        access_logger_->set_level(spdlog::level::info);
      }
    }
  }

  ~Impl() {
    // Upgrade leases freed with the io_context's pending handlers (after this body) must not
    // reach into members that are already gone.
    *alive_ = false;
    if (access_logger_) access_logger_->flush();
  }

  core::Result<std::uint16_t> Listen(const std::string& host, std::uint16_t port) {
    const std::string where = host + ":" + std::to_string(port);
    boost::system::error_code ec;
    tcp::endpoint endpoint;
    const asio::ip::address address = asio::ip::make_address(host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, port);
    } else {
      tcp::resolver resolver(ioc_);
      const auto results = resolver.resolve(host, std::to_string(port), ec);
      if (ec || results.empty()) {
        return core::Error::Unavailable("cannot resolve " + where + ": " + ec.message());
      }
      endpoint = results.begin()->endpoint();
    }
    auto acceptor = std::make_unique<tcp::acceptor>(ioc_);
    if (acceptor->open(endpoint.protocol(), ec); ec) {
      return core::Error::Unavailable("cannot listen on " + where + ": " + ec.message());
    }
    acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor->bind(endpoint, ec); ec) {
      return core::Error::Unavailable("cannot listen on " + where + ": " + ec.message());
    }
    if (acceptor->listen(asio::socket_base::max_listen_connections, ec); ec) {
      return core::Error::Unavailable("cannot listen on " + where + ": " + ec.message());
    }
    const std::uint16_t bound = acceptor->local_endpoint(ec).port();
    tcp::acceptor& ref = *acceptor;
    {
      std::lock_guard lock(mu_);
      acceptors_.push_back(std::move(acceptor));
    }
    asio::co_spawn(ioc_, AcceptLoop(ref), [](const std::exception_ptr& e) {
      if (e) spdlog::error("http: accept loop ended by an exception");
    });
    return bound;
  }

  void Run() {
    if (options_.metrics != nullptr) {
      std::vector<std::string> routes;
      for (const Router::RouteInfo& route : router_.Routes()) {
        routes.push_back(std::string(ToStd(bhttp::to_string(route.verb))) + " " + route.pattern);
      }
      options_.metrics->SetRoutes(std::move(routes));
    }
    if (access_logger_) asio::co_spawn(ioc_, FlushLoop(), asio::detached);
    std::vector<std::thread> threads;
    threads.reserve(threads_ - 1);
    for (unsigned i = 1; i < threads_; ++i) {
      threads.emplace_back([this] { RunLoop(); });
    }
    RunLoop();
    for (std::thread& t : threads) t.join();
    if (access_logger_) access_logger_->flush();
  }

  void OnStop(std::function<void()> hook) {
    std::lock_guard lock(mu_);
    stop_hooks_.push_back(std::move(hook));
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    asio::co_spawn(ioc_, Shutdown(), asio::detached);
  }

  asio::io_context& IoContext() { return ioc_; }

 private:
  void RunLoop() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: exception escaped the event loop: {}", e.what());
      }
    }
  }

  asio::awaitable<void> FlushLoop() {
    asio::steady_timer& timer = flush_timer_;
    while (!stopping_) {
      timer.expires_after(std::chrono::seconds(1));
      auto [ec] = co_await timer.async_wait(kNoThrow);
      access_logger_->flush();
      if (ec) break;
    }
  }

  asio::awaitable<void> Shutdown() {
    {
      std::lock_guard lock(mu_);
      for (auto& acceptor : acceptors_) {
        boost::system::error_code ec;
        acceptor->close(ec);
      }
    }
    flush_timer_.cancel();
    // Long-lived sessions (WebSocket, long-polling) close themselves gracefully.
    std::vector<std::function<void()>> hooks;
    {
      std::lock_guard lock(mu_);
      hooks.swap(stop_hooks_);
    }
    for (auto& hook : hooks) hook();
    // Idle keep-alive connections are closed now; busy ones close after their response.
    ForEachConnection([](Connection& c) {
      if (c.idle) c.stream.cancel();
    });
    asio::steady_timer timer(ioc_);
    const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_timeout;
    while (ConnectionCount() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(kNoThrow);
    }
    if (ConnectionCount() > 0) {
      spdlog::warn("http: {} connection(s) still busy after the shutdown timeout; closing them",
                   ConnectionCount());
      ForEachConnection([](Connection& c) { c.stream.cancel(); });
      timer.expires_after(std::chrono::milliseconds(200));
      co_await timer.async_wait(kNoThrow);
    }
    work_.reset();
    ioc_.stop();
  }

  // Runs `fn` on each live connection's strand.
  template <class Fn>
  void ForEachConnection(Fn fn) {
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(mu_);
      for (auto& [id, weak] : connections_) {
        if (auto c = weak.lock()) live.push_back(std::move(c));
      }
    }
    for (auto& c : live) {
      asio::post(c->stream.get_executor(), [c, fn] { fn(*c); });
    }
  }

  std::size_t ConnectionCount() {
    std::lock_guard lock(mu_);
    return connections_.size();
  }

  void Closed(std::uint64_t id) {
    if (options_.metrics != nullptr) options_.metrics->ConnectionClosed();
    std::lock_guard lock(mu_);
    connections_.erase(id);
  }

  asio::awaitable<void> AcceptLoop(tcp::acceptor& acceptor) {
    asio::steady_timer backoff(ioc_);
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc_), kNoThrow);
      if (stopping_ || ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        // E.g. EMFILE: back off instead of spinning.
        spdlog::warn("http: accept failed: {}", ec.message());
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(kNoThrow);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(tcp::socket(std::move(socket)));
      std::uint64_t id = 0;
      {
        std::lock_guard lock(mu_);
        id = ++next_connection_id_;
        connections_.emplace(id, connection);
      }
      connection->id = id;
      if (options_.metrics != nullptr) options_.metrics->ConnectionOpened();
      // An upgraded connection lives on in RunUpgrade, which ends it.
      asio::co_spawn(connection->stream.get_executor(), Session(connection),
                     [this, connection](const std::exception_ptr& e) {
                       if (e) spdlog::error("http: connection ended by an exception");
                       if (!connection->upgraded) Closed(connection->id);
                     });
    }
  }

  // The state of one request, for the response headers and the access log.
  struct Exchange {
    std::chrono::steady_clock::time_point start;
    Verb verb = Verb::unknown;
    std::string_view method;
    std::string_view raw_path;  // Into the request target, valid until the next request.
    std::string request_id;
    std::string_view origin;
    unsigned version = 11;
    bool keep_alive = true;
    bool is_head = false;
    const RouteOptions* route = nullptr;
    std::size_t route_index = static_cast<std::size_t>(-1);  // Router::Match::index.
    const std::string* user_id = nullptr;
  };

  // A request whose route takes over the connection (WebSocket). It runs in its own coroutine
  // once the HTTP connection's and request's frames are gone, so that an idle upgraded session
  // (which may stay open for hours) keeps only what it needs.
  struct PendingUpgrade {
    const UpgradeHandler* handler = nullptr;
    const std::string* pattern = nullptr;  // For the log.
    RequestContext ctx;
    Request request;
  };

  // The connection stays counted (metrics, graceful shutdown) until the last copy of the lease is
  // gone: RunUpgrade's own, or the one a handler keeps with a socket it serves on its own.
  std::shared_ptr<void> UpgradeLease(std::uint64_t id) {
    return {nullptr, [this, id, alive = alive_](void*) {
              if (*alive) Closed(id);
            }};
  }

  asio::awaitable<void> RunUpgrade(std::shared_ptr<Connection> connection, PendingUpgrade up) {
    up.ctx.request = &up.request;
    up.ctx.upgrade_lease = UpgradeLease(connection->id);
    try {
      co_await (*up.handler)(up.ctx, connection->stream, std::move(up.request));
    } catch (const std::exception& e) {
      spdlog::error("http: BUG: exception escaped upgrade handler {}: {}", *up.pattern, e.what());
    }
    boost::system::error_code ec;
    connection->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    connection->stream.close();
  }

  asio::awaitable<void> Session(std::shared_ptr<Connection> connection) {
    Connection& conn = *connection;
    beast::flat_buffer buffer;
    DateCache date_cache;
    std::string remote_ip;
    {
      boost::system::error_code ec;
      const auto endpoint = conn.stream.socket().remote_endpoint(ec);
      if (!ec) remote_ip = endpoint.address().to_string();
    }
    bool first = true;
    std::optional<PendingUpgrade> upgrade;
    while (!stopping_) {
      if (buffer.size() == 0) {
        conn.idle = true;
        conn.stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
        auto [ec, n] = co_await conn.stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
        conn.idle = false;
        if (ec) break;
        buffer.commit(n);
      }
      first = false;
      const bool keep = co_await HandleOne(conn, buffer, remote_ip, date_cache, upgrade);
      if (!keep) break;
    }
    if (upgrade) {
      asio::co_spawn(conn.stream.get_executor(), RunUpgrade(connection, std::move(*upgrade)),
                     [](const std::exception_ptr& e) {
                       if (e) spdlog::error("http: upgraded connection ended by an exception");
                     });
      co_return;
    }
    boost::system::error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn.stream.close();
  }

  // Reads, handles and answers one request. Returns false when the connection must close.
  // Steps: ReadHead → Screen (preflight, route, limits, auth) → ReadBody → Upgrade or Dispatch.
  // A request for an upgrade route is not run here: it is left in `upgrade`.
  asio::awaitable<bool> HandleOne(Connection& conn, beast::flat_buffer& buffer,
                                  const std::string& peer_ip, DateCache& date_cache,
                                  std::optional<PendingUpgrade>& upgrade) {
    Exchange ex;
    ex.start = std::chrono::steady_clock::now();
    bhttp::request_parser<bhttp::empty_body> head_parser;
    if (!co_await ReadHead(conn, buffer, head_parser, ex, peer_ip, date_cache)) co_return false;
    // Behind trusted proxies (TRUST_PROXY), the client is named by X-Forwarded-For.
    std::string remote_ip = peer_ip;
    if (!options_.trusted_proxies.Empty()) {
      const auto& head = head_parser.get();
      const auto xff = head.find("X-Forwarded-For");
      if (xff != head.end()) {
        remote_ip = options_.trusted_proxies.ClientIp(peer_ip, ToStd(xff->value()));
      }
    }

    Screened screened = Screen(head_parser, ex);
    if (screened.early && (screened.must_close || !screened.has_body)) {
      ex.keep_alive = ex.keep_alive && !screened.must_close;
      co_await Send(conn, ex, std::move(*screened.early), remote_ip, date_cache);
      if (screened.must_close) co_await LingeringClose(conn, buffer);
      co_return ex.keep_alive && !stopping_;
    }

    std::optional<Request> request =
        co_await ReadBody(conn, buffer, head_parser, screened, ex, remote_ip, date_cache);
    if (!request) co_return false;
    if (screened.early) {
      co_await Send(conn, ex, std::move(*screened.early), remote_ip, date_cache);
      co_return ex.keep_alive && !stopping_;
    }

    RequestContext ctx;
    ctx.request = &*request;
    ctx.remote_ip = remote_ip;
    ctx.request_id = ex.request_id;
    ctx.principal = std::move(screened.principal);
    if (ctx.principal) ex.user_id = &ctx.principal->user_id;
    ctx.params = std::move(screened.match.params);
    std::optional<std::string> decoded_path = PercentDecode(ex.raw_path);
    ctx.path = decoded_path ? std::move(*decoded_path) : std::string(ex.raw_path);
    const std::string_view target = ToStd(request->target());
    const std::size_t q = target.find('?');
    const std::string_view query =
        q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    std::optional<std::map<std::string, std::string>> parsed_query = ParseQuery(query);
    if (!parsed_query) {
      Response res = ErrorResponse(ctx, core::Error::BadRequest("Malformed query string"));
      co_await Send(conn, ex, std::move(res), remote_ip, date_cache);
      co_return ex.keep_alive && !stopping_;
    }
    ctx.query = std::move(*parsed_query);

    if (screened.match.options->upgrade && beast::websocket::is_upgrade(*request)) {
      // The route's upgrade handler owns the connection from here on (RunUpgrade).
      conn.upgraded = true;
      LogAccess(ex, 101, 0, remote_ip);
      upgrade.emplace(PendingUpgrade{&screened.match.options->upgrade, screened.match.pattern,
                                     std::move(ctx), std::move(*request)});
      co_return false;
    }
    Response res = co_await Dispatch(ctx, screened.match, ex);
    co_await Send(conn, ex, std::move(res), remote_ip, date_cache);
    co_return ex.keep_alive && !stopping_;
  }

  // Reads the request head into `parser` and fills `ex`. Returns false when the connection must
  // close (already answered with a 400/431 when the head was malformed or too large).
  asio::awaitable<bool> ReadHead(Connection& conn, beast::flat_buffer& buffer,
                                 bhttp::request_parser<bhttp::empty_body>& parser, Exchange& ex,
                                 const std::string& remote_ip, DateCache& date_cache) {
    conn.stream.expires_after(options_.read_timeout);
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    parser.body_limit(boost::none);  // Checked against the route's limit in Screen.
    auto [ec, n] = co_await bhttp::async_read_header(conn.stream, buffer, parser, kNoThrow);
    if (ec) {
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
          ec == asio::error::eof) {
        co_return false;
      }
      ex.keep_alive = false;
      ex.request_id = NewRequestId();
      const bool too_large = ec == bhttp::error::header_limit;
      Response res = MakeErrorResponse(
          11, too_large ? MakeError(core::ErrorKind::kBadRequest, "Request header fields too large",
                                    "HEADER_TOO_LARGE")
                        : MakeError(core::ErrorKind::kBadRequest,
                                    "Malformed HTTP request: " + ec.message(), "BAD_REQUEST"));
      if (too_large) res.result(bhttp::status::request_header_fields_too_large);
      co_await Send(conn, ex, std::move(res), remote_ip, date_cache);
      co_await LingeringClose(conn, buffer);
      co_return false;
    }
    const auto& head = parser.get();
    if (!IsAcceptedFraming(head)) {
      // RFC 9112 §6.3: a request whose framing we cannot be sure of is refused and the
      // connection closed: reading on could take its body for the next request (smuggling
      // behind a proxy that framed it differently).
      ex.keep_alive = false;
      ex.request_id = NewRequestId();
      Response res = MakeErrorResponse(
          11, MakeError(core::ErrorKind::kBadRequest,
                        "Unsupported Transfer-Encoding: only \"chunked\" is accepted",
                        "BAD_TRANSFER_ENCODING"));
      co_await Send(conn, ex, std::move(res), remote_ip, date_cache);
      co_await LingeringClose(conn, buffer);
      co_return false;
    }
    ex.verb = head.method();
    ex.method = ToStd(head.method_string());
    ex.version = head.version();
    ex.keep_alive = head.keep_alive();
    ex.is_head = ex.verb == Verb::head;
    const std::string_view target = ToStd(head.target());
    ex.raw_path = target.substr(0, target.find('?'));
    const auto incoming_id = head.find("X-Request-Id");
    ex.request_id = incoming_id != head.end() && IsSaneRequestId(ToStd(incoming_id->value()))
                        ? std::string(ToStd(incoming_id->value()))
                        : NewRequestId();
    const auto origin_it = head.find(bhttp::field::origin);
    if (origin_it != head.end()) ex.origin = ToStd(origin_it->value());
    co_return true;
  }

  // What Screen decided about a request before its body is read.
  struct Screened {
    Router::Match match;
    std::optional<Response> early;  // Answer without calling a handler.
    bool must_close = false;        // The body (if any) is not read: the connection is not reused.
    bool has_body = false;
    bool expect_continue = false;
    std::size_t body_limit = 0;
    std::optional<Principal> principal;
  };

  // CORS preflight, route lookup (404/405), the body limit (413) and Bearer authentication (401).
  Screened Screen(const bhttp::request_parser<bhttp::empty_body>& parser, Exchange& ex) {
    Screened s;
    const auto& head = parser.get();
    s.has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
    if (ex.verb == Verb::options) {
      s.early.emplace(bhttp::status::no_content, ex.version);
      const auto requested = head.find(bhttp::field::access_control_request_method);
      if (requested != head.end()) {
        // The route asked for: its options decide whether any origin may call it.
        const Router::Match target =
            router_.Find(bhttp::string_to_verb(requested->value()), ex.raw_path);
        if (target.handler != nullptr && target.options->cors_any_origin) ex.route = target.options;
      }
      if (ex.origin.empty() || !IsCorsAllowed(ex) || requested == head.end()) {
        s.early->set(bhttp::field::allow, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      } else {
        s.early->set(bhttp::field::access_control_allow_methods,
                     "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        s.early->set(bhttp::field::access_control_allow_headers,
                     "Content-Type, Authorization, X-Widget-Key, X-Visitor-Token");
        s.early->set(bhttp::field::access_control_max_age, "600");
      }
    } else {
      s.match = router_.Find(ex.verb, ex.raw_path);
      ex.route = s.match.options;
      ex.route_index = s.match.index;
      if (s.match.handler == nullptr && s.match.path_matched_other_verb) {
        s.early.emplace(MakeErrorResponse(
            ex.version,
            MakeError(core::ErrorKind::kBadRequest, "Method not allowed", "METHOD_NOT_ALLOWED")));
        s.early->result(bhttp::status::method_not_allowed);
        s.early->set(bhttp::field::allow, AllowHeaderValue(s.match.allowed));
      } else if (s.match.handler == nullptr) {
        s.early.emplace(MakeErrorResponse(ex.version, core::Error::NotFound("Route not found")));
      }
    }
    s.body_limit = s.match.options != nullptr && s.match.options->body_limit != 0
                       ? s.match.options->body_limit
                       : options_.body_limit;
    if (parser.content_length().value_or(0) > s.body_limit) {
      if (!s.early) s.early.emplace(MakeErrorResponse(ex.version, TooLarge(s.body_limit)));
      s.must_close = true;
    }
    if (!s.early && s.match.options->requires_auth) {
      const auto auth_it = head.find(bhttp::field::authorization);
      const std::string_view token =
          auth_it == head.end() ? std::string_view{} : BearerToken(ToStd(auth_it->value()));
      std::string auth_error_code;
      if (!token.empty() && authenticator_) {
        core::Result<Principal> verified = authenticator_(token);
        if (verified) {
          s.principal = std::move(*verified);
        } else if (verified.error().code == "TOKEN_EXPIRED" ||
                   verified.error().code == "SESSION_REVOKED") {
          // Lets clients refresh (expired) or sign in again (revoked) without guessing.
          auth_error_code = verified.error().code;
        }
      }
      if (!s.principal) {
        core::Error unauthorized = core::Error::Unauthorized("Please authenticate.");
        if (!auth_error_code.empty()) unauthorized.code = auth_error_code;
        s.early.emplace(MakeErrorResponse(ex.version, unauthorized));
        s.early->set(bhttp::field::www_authenticate, "Bearer");
        s.must_close = s.has_body;
      }
    }
    const auto expect = head.find(bhttp::field::expect);
    s.expect_continue =
        expect != head.end() && core::EqualsIgnoreCaseAscii(ToStd(expect->value()), "100-continue");
    // A client waiting for "100 Continue" gets the final answer instead, and no body is read.
    if (s.early && s.has_body && s.expect_continue) s.must_close = true;
    return s;
  }

  // Reads the body (also for early answers to small requests, to keep the connection usable).
  // Returns nullopt when the connection must close (a malformed or too large body is answered).
  asio::awaitable<std::optional<Request>> ReadBody(
      Connection& conn, beast::flat_buffer& buffer,
      bhttp::request_parser<bhttp::empty_body>& head_parser, const Screened& screened, Exchange& ex,
      const std::string& remote_ip, DateCache& date_cache) {
    bhttp::request_parser<bhttp::string_body> parser(std::move(head_parser));
    parser.body_limit(screened.body_limit);
    if (screened.has_body && screened.expect_continue && !screened.early) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      auto [ec, n] = co_await asio::async_write(
          conn.stream, asio::buffer(kContinue.data(), kContinue.size()), kNoThrow);
      if (ec) co_return std::nullopt;
    }
    auto [ec, n] = co_await bhttp::async_read(conn.stream, buffer, parser, kNoThrow);
    if (ec) {
      if (ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == bhttp::error::partial_message) {
        co_return std::nullopt;
      }
      ex.keep_alive = false;
      const core::Error error =
          ec == bhttp::error::body_limit
              ? TooLarge(screened.body_limit)
              : MakeError(core::ErrorKind::kBadRequest, "Malformed HTTP body: " + ec.message(),
                          "BAD_REQUEST");
      co_await Send(conn, ex, MakeErrorResponse(ex.version, error), remote_ip, date_cache);
      co_await LingeringClose(conn, buffer);
      co_return std::nullopt;
    }
    std::optional<Request> request(parser.release());
    // The head parser's views are gone: re-point `ex` at the released request.
    const std::string_view target = ToStd(request->target());
    ex.raw_path = target.substr(0, target.find('?'));
    ex.method = ToStd(request->method_string());
    if (const auto it = request->find(bhttp::field::origin); it != request->end()) {
      ex.origin = ToStd(it->value());
    }
    co_return request;
  }

  // Runs the route's handler; an escaping exception is logged as a bug and answered 500.
  asio::awaitable<Response> Dispatch(RequestContext& ctx, const Router::Match& match,
                                     const Exchange& ex) {
    Response res;
    try {
      res = co_await (*match.handler)(ctx);
      co_return res;
    } catch (const std::exception& e) {
      spdlog::error("http: BUG: exception escaped handler {} {} (request {}): {}", ex.method,
                    *match.pattern, ex.request_id, e.what());
    } catch (...) {
      spdlog::error("http: BUG: unknown exception escaped handler {} {} (request {})", ex.method,
                    *match.pattern, ex.request_id);
    }
    co_return ErrorResponse(ctx, core::Error::Internal());
  }

  core::Error TooLarge(std::size_t limit) const {
    core::Error error = MakeError(
        core::ErrorKind::kPayloadTooLarge,
        "Request body too large (limit " + std::to_string(limit) + " bytes)", "PAYLOAD_TOO_LARGE");
    error.details = boost::json::object{{"limit", limit}};
    return error;
  }

  bool IsAllowedOrigin(std::string_view origin) const {
    for (const std::string& allowed : options_.cors_origins) {
      if (allowed == origin) return true;
    }
    return false;
  }

  // An allow-listed origin, or any origin on a route open to all (RouteOptions::cors_any_origin).
  bool IsCorsAllowed(const Exchange& ex) const {
    return IsAllowedOrigin(ex.origin) || (ex.route != nullptr && ex.route->cors_any_origin);
  }

  std::string NewRequestId() {
    return fmt::format("{}-{:x}", request_id_prefix_,
                       request_counter_.fetch_add(1, std::memory_order_relaxed));
  }

  // Adds the common headers, writes `res` and logs the access line.
  asio::awaitable<void> Send(Connection& conn, Exchange& ex, Response res,
                             const std::string& remote_ip, DateCache& date_cache) {
    res.version(ex.version);
    if (stopping_) ex.keep_alive = false;
    res.keep_alive(ex.keep_alive);
    res.set(bhttp::field::server, kServerName);
    res.set(bhttp::field::date, date_cache.Now());
    res.set("X-Request-Id", ex.request_id);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "no-referrer");
    if (res.find("Content-Security-Policy") == res.end()) {
      const bool custom = ex.route != nullptr && !ex.route->content_security_policy.empty();
      res.set("Content-Security-Policy",
              custom ? std::string_view{ex.route->content_security_policy} : kDefaultCsp);
    }
    if (res.find("Cross-Origin-Resource-Policy") == res.end()) {
      const bool custom = ex.route != nullptr && !ex.route->cross_origin_resource_policy.empty();
      res.set("Cross-Origin-Resource-Policy",
              custom ? std::string_view{ex.route->cross_origin_resource_policy} : kDefaultCorp);
    }
    // Private data (any authenticated route) must not be kept by shared or browser caches.
    if (ex.route != nullptr && ex.route->requires_auth &&
        res.find(bhttp::field::cache_control) == res.end()) {
      res.set(bhttp::field::cache_control, "no-store");
    }
    if (!ex.origin.empty() && IsAllowedOrigin(ex.origin)) {
      res.set(bhttp::field::access_control_allow_origin, ex.origin);
      res.set(bhttp::field::access_control_allow_credentials, "true");
      res.set(bhttp::field::access_control_expose_headers, "X-Request-Id, Retry-After");
    } else if (!ex.origin.empty() && IsCorsAllowed(ex)) {
      res.set(bhttp::field::access_control_allow_origin, "*");
      res.set(bhttp::field::access_control_expose_headers, "X-Request-Id, Retry-After");
    }
    if (const auto vary = res.find(bhttp::field::vary); vary == res.end()) {
      res.set(bhttp::field::vary, "Origin");
    } else if (ToStd(vary->value()).find("Origin") == std::string_view::npos) {
      res.set(bhttp::field::vary, std::string(ToStd(vary->value())) + ", Origin");
    }
    const unsigned status = res.result_int();
    const bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
    std::size_t bytes = 0;
    if (no_body) {
      res.body().clear();
      res.erase(bhttp::field::content_length);
    } else {
      if (res.find(bhttp::field::content_length) == res.end() || !ex.is_head) {
        res.content_length(res.body().size());
      }
      if (ex.is_head) {
        res.body().clear();
      } else {
        bytes = res.body().size();
      }
    }
    conn.stream.expires_after(options_.read_timeout);
    auto [ec, n] = co_await bhttp::async_write(conn.stream, res, kNoThrow);
    if (ec) ex.keep_alive = false;
    if (options_.metrics != nullptr) {
      options_.metrics->ObserveHttp(ex.route_index, status,
                                    std::chrono::steady_clock::now() - ex.start);
    }
    LogAccess(ex, status, bytes, remote_ip);
  }

  void LogAccess(const Exchange& ex, unsigned status, std::size_t bytes,
                 const std::string& remote_ip) {
    if (!access_logger_) return;
    const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - ex.start);
    fmt::memory_buffer line;
    Append(line, "{\"time\":\"");
    Append(line, core::ToIso8601(clock_.NowMs()));
    Append(line, "\",\"request_id\":");
    AppendJsonString(line, ex.request_id);
    Append(line, ",\"ip\":");
    AppendJsonString(line, remote_ip);
    Append(line, ",\"method\":");
    AppendJsonString(line, ex.method.empty() ? std::string_view("-") : ex.method);
    Append(line, ",\"path\":");
    AppendJsonString(line, ex.raw_path.substr(0, kMaxLoggedPath));
    fmt::format_to(std::back_inserter(line), ",\"status\":{},\"bytes\":{},\"duration_us\":{}",
                   status, bytes, duration.count());
    if (ex.user_id != nullptr) {
      Append(line, ",\"user_id\":");
      AppendJsonString(line, *ex.user_id);
    }
    line.push_back('}');
    access_logger_->info(std::string_view(line.data(), line.size()));
  }

  // Half-closes and discards what the client still sends (bounded), so that it reads the
  // response instead of getting a connection reset.
  asio::awaitable<void> LingeringClose(Connection& conn, beast::flat_buffer& buffer) {
    boost::system::error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn.stream.expires_after(kLingerTime);
    std::size_t drained = 0;
    while (drained < kLingerBytes) {
      buffer.clear();
      auto [read_ec, n] =
          co_await conn.stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      if (read_ec) break;
      drained += n;
    }
    buffer.clear();
  }

  ServerOptions options_;
  Router& router_;
  Authenticator authenticator_;
  unsigned threads_;
  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer flush_timer_;
  std::shared_ptr<spdlog::details::thread_pool> log_pool_;
  std::shared_ptr<spdlog::logger> access_logger_;
  core::SystemClock clock_;
  std::string request_id_prefix_;
  std::atomic<std::uint64_t> request_counter_{1};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;  // Guards acceptors_, connections_, next_connection_id_.
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_connection_id_ = 0;
  std::vector<std::function<void()>> stop_hooks_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // Until ~Impl: for leases.
};

Server::Server(ServerOptions options, Router& router, Authenticator authenticator)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(authenticator))) {}

Server::~Server() = default;

core::Result<std::uint16_t> Server::Listen(const std::string& host, std::uint16_t port) {
  return impl_->Listen(host, port);
}

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

void Server::OnStop(std::function<void()> hook) { impl_->OnStop(std::move(hook)); }

boost::asio::io_context& Server::IoContext() { return impl_->IoContext(); }

}  // namespace carevoice::http
