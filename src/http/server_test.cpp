#include "http/server.hpp"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

namespace carevoice::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Collects what the access logger wrote, thread-safely.
class CaptureSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string Text() {
    std::lock_guard lock(text_mu_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::lock_guard lock(text_mu_);
    text_.append(formatted.data(), formatted.size());
  }
  void flush_() override {}

 private:
  std::mutex text_mu_;
  std::string text_;
};

class CapturedLog {
 public:
  CapturedLog() : sink_(std::make_shared<CaptureSink>()) {
    logger_ = std::make_shared<spdlog::logger>("access-test", sink_);
    logger_->set_pattern("%v");
  }
  std::shared_ptr<spdlog::logger> logger() const { return logger_; }
  // Waits up to 2 s for at least `lines` lines, then returns the text.
  std::string WaitForLines(std::size_t lines) {
    for (int i = 0; i < 200; ++i) {
      std::string text = sink_->Text();
      if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) >= lines) {
        return text;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return sink_->Text();
  }

 private:
  std::shared_ptr<CaptureSink> sink_;
  std::shared_ptr<spdlog::logger> logger_;
};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.Add(Verb::get, "/health", Json("ok"), {.requires_auth = false});
    router_.Add(Verb::get, "/api/items", Json("items"));
    router_.Add(Verb::post, "/api/items", [](RequestContext& ctx) -> asio::awaitable<Response> {
      auto body = ParseJsonObject(ctx);
      if (!body) co_return ErrorResponse(ctx, body.error());
      co_return JsonResponse(ctx, 201, *body);
    });
    router_.Add(Verb::get, "/api/whoami", [](RequestContext& ctx) -> asio::awaitable<Response> {
      co_return JsonResponse(ctx, 200,
                             boost::json::object{{"user", ctx.principal->user_id},
                                                 {"q", ctx.Query("q").value_or("")}});
    });
    router_.Add(Verb::get, "/slow",
                [](RequestContext& ctx) -> asio::awaitable<Response> {
                  asio::steady_timer timer(co_await asio::this_coro::executor);
                  timer.expires_after(std::chrono::milliseconds(400));
                  co_await timer.async_wait(asio::use_awaitable);
                  co_return JsonResponse(ctx, 200, boost::json::value("slow done"));
                },
                {.requires_auth = false});
    router_.Add(Verb::get, "/boom",
                [](RequestContext&) -> asio::awaitable<Response> {
                  throw std::runtime_error("handler bug");
                  co_return Response{};
                },
                {.requires_auth = false});
    router_.Add(Verb::get, "/page",
                [](RequestContext& ctx) -> asio::awaitable<Response> {
                  co_return JsonResponse(ctx, 200, boost::json::value("page"));
                },
                {.requires_auth = false,
                 .content_security_policy = "default-src 'self'",
                 .cross_origin_resource_policy = "cross-origin"});
    router_.Add(Verb::post, "/open", Json("open"),
                {.requires_auth = false, .cors_any_origin = true});
  }

  ~ServerTest() override { StopServer(); }

  static Handler Json(std::string text) {
    return [text](RequestContext& ctx) -> asio::awaitable<Response> {
      co_return JsonResponse(ctx, 200, boost::json::value(text));
    };
  }

  void StartServer(ServerOptions options = {}) {
    options.threads = 2;
    options.cors_origins = {"http://localhost:3000", "https://app.example.com/"};
    options.access_logger = log_.logger();
    server_ = std::make_unique<Server>(std::move(options), router_,
                                       [](std::string_view token) -> core::Result<Principal> {
                                         if (token == "good-token")
                                           return Principal{"user-1", core::UserRole::kUser};
                                         core::Error e = core::Error::Unauthorized("bad token");
                                         if (token == "expired-token") e.code = "TOKEN_EXPIRED";
                                         return e;
                                       });
    auto port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  tcp::socket Connect() {
    tcp::socket socket(client_ioc_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    return socket;
  }

  static bhttp::response<bhttp::string_body> RoundTrip(
      tcp::socket& socket, const bhttp::request<bhttp::string_body>& req,
      boost::beast::flat_buffer& buffer) {
    bhttp::write(socket, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return res;
  }

  bhttp::response<bhttp::string_body> Get(
      std::string target, std::vector<std::pair<std::string, std::string>> headers = {},
      Verb verb = Verb::get) {
    tcp::socket socket = Connect();
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (auto& [k, v] : headers) req.set(k, v);
    boost::beast::flat_buffer buffer;
    return RoundTrip(socket, req, buffer);
  }

  static boost::json::value JsonOf(const bhttp::response<bhttp::string_body>& res) {
    return boost::json::parse(res.body());
  }

  Router router_;
  CapturedLog log_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  asio::io_context client_ioc_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req{Verb::get, "/health", 11};
  req.set(bhttp::field::host, "x");
  auto first = RoundTrip(socket, req, buffer);
  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_TRUE(first.keep_alive());
  EXPECT_EQ(JsonOf(first).as_string(), "ok");
  auto second = RoundTrip(socket, req, buffer);
  EXPECT_EQ(second.result_int(), 200u);
  EXPECT_NE(first["X-Request-Id"], second["X-Request-Id"]);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  tcp::socket socket = Connect();
  const std::string two =
      "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(socket, asio::buffer(two));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> a, b;
  bhttp::read(socket, buffer, a);
  bhttp::read(socket, buffer, b);
  EXPECT_EQ(a.result_int(), 200u);
  EXPECT_EQ(b.result_int(), 404u);
}

TEST_F(ServerTest, UnknownRouteIsJson404AndWrongMethodIs405) {
  StartServer();
  auto res = Get("/api/nothing");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(JsonOf(res).at("message").as_string(), "Route not found");
  EXPECT_EQ(JsonOf(res).at("code").as_string(), "NOT_FOUND");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  auto wrong = Get("/health", {}, Verb::delete_);
  EXPECT_EQ(wrong.result_int(), 405u);
  EXPECT_EQ(wrong[bhttp::field::allow], "GET, HEAD, OPTIONS");
  EXPECT_EQ(JsonOf(wrong).at("code").as_string(), "METHOD_NOT_ALLOWED");
}

TEST_F(ServerTest, HeadIsGetWithoutBody) {
  StartServer();
  tcp::socket socket = Connect();
  bhttp::request<bhttp::string_body> req{Verb::head, "/health", 11};
  req.set(bhttp::field::host, "x");
  bhttp::write(socket, req);
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(true);  // A response to HEAD has no body whatever Content-Length says.
  bhttp::read(socket, buffer, parser);
  EXPECT_EQ(parser.get().result_int(), 200u);
  EXPECT_EQ(parser.get()[bhttp::field::content_length], "4");  // "\"ok\""
  EXPECT_TRUE(parser.get().body().empty());
  // The connection is still in sync: a GET on it works.
  req.method(Verb::get);
  auto res = RoundTrip(socket, req, buffer);
  EXPECT_EQ(res.body(), "\"ok\"");
}

TEST_F(ServerTest, OversizedContentLengthIs413BeforeTheBodyIsRead) {
  StartServer();
  tcp::socket socket = Connect();
  // Only the head is sent: the server must answer without waiting for 2 MB.
  const std::string head =
      "POST /api/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good-token\r\n"
      "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n";
  asio::write(socket, asio::buffer(head));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(JsonOf(res).at("code").as_string(), "PAYLOAD_TOO_LARGE");
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  ServerOptions options;
  options.body_limit = 1000;
  StartServer(std::move(options));
  tcp::socket socket = Connect();
  std::string request =
      "POST /api/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good-token\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(600, ' ');
  for (int i = 0; i < 2; ++i) request += "258\r\n" + chunk + "\r\n";  // 0x258 = 600
  request += "0\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 413u);
}

// RFC 9112 §6.3: only "chunked" as the one and final coding is read; anything else is 400 and
// the connection closes, so a body can never be taken for a second (smuggled) request.
TEST_F(ServerTest, TransferEncodingOtherThanChunkedIs400AndCloses) {
  StartServer();
  const std::string smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string te : {"chunked, identity", "identity", "xchunked", "gzip, chunked",
                               "chunked, chunked", "chunkedx", "chunked;q=1", "\"chunked\""}) {
    tcp::socket socket = Connect();
    const std::string request =
        "POST /api/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good-token\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: " +
        te + "\r\n\r\n" + smuggled;
    asio::write(socket, asio::buffer(request));
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    boost::system::error_code ec;
    bhttp::read(socket, buffer, res, ec);
    ASSERT_FALSE(ec) << te << ": " << ec.message();
    EXPECT_EQ(res.result_int(), 400u) << te;
    EXPECT_FALSE(res.keep_alive()) << te;
    bhttp::response<bhttp::string_body> second;
    bhttp::read(socket, buffer, second, ec);
    EXPECT_TRUE(ec) << te << ": a second response came back (" << second.result_int() << ")";
  }
  // Two Transfer-Encoding fields, and Transfer-Encoding on HTTP/1.0, are refused too.
  for (const std::string head :
       {"POST /api/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
        "POST /api/items HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
    tcp::socket socket = Connect();
    asio::write(socket, asio::buffer(head + "0\r\n\r\n"));
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    boost::system::error_code ec;
    bhttp::read(socket, buffer, res, ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(res.result_int(), 400u);
  }
  // Exactly "chunked" (any case) is still read.
  tcp::socket socket = Connect();
  asio::write(socket,
              asio::buffer(std::string(
                  "POST /api/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good-token\r\n"
                  "Content-Type: application/json\r\nTransfer-Encoding:  Chunked \r\n\r\n"
                  "2\r\n{}\r\n0\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  EXPECT_NE(res.result_int(), 400u);
}

TEST_F(ServerTest, JsonBodyRoundTripsAndBadJsonIs400) {
  StartServer();
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req{Verb::post, "/api/items", 11};
  req.set(bhttp::field::host, "x");
  req.set(bhttp::field::authorization, "bearer good-token");  // Scheme is case-insensitive.
  req.set(bhttp::field::content_type, "application/json");
  req.body() = R"({"name":"widget"})";
  req.prepare_payload();
  auto created = RoundTrip(socket, req, buffer);
  EXPECT_EQ(created.result_int(), 201u);
  EXPECT_EQ(JsonOf(created).at("name").as_string(), "widget");
  req.body() = R"({"name":)";
  req.prepare_payload();
  auto bad = RoundTrip(socket, req, buffer);
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ(JsonOf(bad).at("code").as_string(), "INVALID_JSON");
}

TEST_F(ServerTest, ProtectedRouteWithoutValidTokenIs401) {
  StartServer();
  for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {},
           {{"Authorization", "Bearer wrong"}},
           {{"Authorization", "Basic Z29vZC10b2tlbg=="}},
           {{"Authorization", "Bearer"}}}) {
    auto res = Get("/api/items", headers);
    EXPECT_EQ(res.result_int(), 401u);
    EXPECT_EQ(JsonOf(res).at("message").as_string(), "Please authenticate.");
    EXPECT_EQ(JsonOf(res).at("code").as_string(), "UNAUTHORIZED");
  }
  auto ok = Get("/api/whoami?q=a+b", {{"Authorization", "Bearer good-token"}});
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(JsonOf(ok).at("user").as_string(), "user-1");
  EXPECT_EQ(JsonOf(ok).at("q").as_string(), "a b");
  // Private responses are never cached; public ones keep their own policy.
  EXPECT_EQ(ok[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(Get("/health")[bhttp::field::cache_control], "");
}

TEST_F(ServerTest, ExpiredTokenKeepsItsCodeSoClientsCanRefresh) {
  StartServer();
  auto res = Get("/api/items", {{"Authorization", "Bearer expired-token"}});
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(JsonOf(res).at("code").as_string(), "TOKEN_EXPIRED");
  EXPECT_EQ(JsonOf(res).at("message").as_string(), "Please authenticate.");
}

TEST_F(ServerTest, CorsPreflightAllowedVersusDisallowedOrigin) {
  StartServer();
  auto allowed = Get("/api/items",
                     {{"Origin", "https://app.example.com"},
                      {"Access-Control-Request-Method", "POST"},
                      {"Access-Control-Request-Headers", "content-type,authorization"}},
                     Verb::options);
  EXPECT_EQ(allowed.result_int(), 204u);
  EXPECT_EQ(allowed[bhttp::field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(allowed[bhttp::field::access_control_allow_credentials], "true");
  EXPECT_NE(allowed[bhttp::field::access_control_allow_methods].find("PATCH"),
            boost::beast::string_view::npos);
  EXPECT_EQ(allowed[bhttp::field::access_control_allow_headers],
            "Content-Type, Authorization, X-Widget-Key, X-Visitor-Token");
  EXPECT_NE(allowed[bhttp::field::vary].find("Origin"), boost::beast::string_view::npos);

  auto denied =
      Get("/api/items",
          {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "POST"}},
          Verb::options);
  EXPECT_EQ(denied.result_int(), 204u);
  EXPECT_EQ(denied.find(bhttp::field::access_control_allow_origin), denied.end());
  EXPECT_EQ(denied.find(bhttp::field::access_control_allow_credentials), denied.end());

  // A simple request from an allowed origin gets the echo; localhost:3000 is in the list.
  auto simple = Get("/health", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(simple[bhttp::field::access_control_allow_origin], "http://localhost:3000");
}

TEST_F(ServerTest, CorsAnyOriginRouteAnswersEverySiteWithoutCredentials) {
  StartServer();
  auto preflight =
      Get("/open", {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}},
          Verb::options);
  EXPECT_EQ(preflight.result_int(), 204u);
  EXPECT_EQ(preflight[bhttp::field::access_control_allow_origin], "*");
  EXPECT_EQ(preflight.find(bhttp::field::access_control_allow_credentials), preflight.end());
  EXPECT_NE(preflight[bhttp::field::access_control_allow_methods].find("POST"),
            boost::beast::string_view::npos);

  auto posted = Get("/open", {{"Origin", "https://shop.example"}}, Verb::post);
  EXPECT_EQ(posted.result_int(), 200u);
  EXPECT_EQ(posted[bhttp::field::access_control_allow_origin], "*");
  EXPECT_EQ(posted.find(bhttp::field::access_control_allow_credentials), posted.end());

  // An allow-listed origin keeps its credentialed answer; other routes stay closed to the site.
  auto listed = Get("/open", {{"Origin", "http://localhost:3000"}}, Verb::post);
  EXPECT_EQ(listed[bhttp::field::access_control_allow_origin], "http://localhost:3000");
  EXPECT_EQ(listed[bhttp::field::access_control_allow_credentials], "true");
  auto closed = Get("/api/items",
                    {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}},
                    Verb::options);
  EXPECT_EQ(closed.find(bhttp::field::access_control_allow_origin), closed.end());
  // A preflight naming a method the open route does not have is not opened either.
  auto other_verb =
      Get("/open", {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "PUT"}},
          Verb::options);
  EXPECT_EQ(other_verb.find(bhttp::field::access_control_allow_origin), other_verb.end());
}

TEST_F(ServerTest, SecurityHeadersAndRequestIdOnEveryResponse) {
  StartServer();
  for (const std::string target : {"/health", "/nope"}) {
    auto res = Get(target);
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(res["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(res["Cross-Origin-Resource-Policy"], "same-site");
    EXPECT_EQ(res[bhttp::field::server], "CareVoice");
    EXPECT_EQ(res.find("X-Powered-By"), res.end());
    EXPECT_FALSE(res["X-Request-Id"].empty());
    EXPECT_FALSE(res[bhttp::field::date].empty());
  }
  auto page = Get("/page");
  EXPECT_EQ(page["Content-Security-Policy"], "default-src 'self'");
  EXPECT_EQ(page["Cross-Origin-Resource-Policy"], "cross-origin");
  auto echoed = Get("/health", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(echoed["X-Request-Id"], "abc-123");
  auto replaced = Get("/health", {{"X-Request-Id", "bad id\"with<junk>"}});
  EXPECT_NE(replaced["X-Request-Id"], "bad id\"with<junk>");
  EXPECT_FALSE(replaced["X-Request-Id"].empty());
}

TEST_F(ServerTest, HandlerExceptionIsJson500AndServerSurvives) {
  StartServer();
  auto res = Get("/boom");
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(JsonOf(res).at("code").as_string(), "INTERNAL");
  EXPECT_EQ(Get("/health").result_int(), 200u);
}

TEST_F(ServerTest, MalformedHttpIs400ThenClose) {
  StartServer();
  tcp::socket socket = Connect();
  asio::write(socket, asio::buffer(std::string("GARBAGE\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_FALSE(res.keep_alive());
  boost::system::error_code ec;
  bhttp::read(socket, buffer, res, ec);
  EXPECT_TRUE(ec);  // Closed.
}

TEST_F(ServerTest, AccessLogHasNoSecretsOrQueryString) {
  StartServer();
  auto res = Get("/api/whoami?password=hunter2&token=qq",
                 {{"Authorization", "Bearer good-token"}, {"Cookie", "sid=cookie-secret"}});
  ASSERT_EQ(res.result_int(), 200u);
  const std::string log = log_.WaitForLines(1);
  const auto line = boost::json::parse(log.substr(0, log.find('\n'))).as_object();
  EXPECT_EQ(line.at("path").as_string(), "/api/whoami");
  EXPECT_EQ(line.at("method").as_string(), "GET");
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_EQ(line.at("user_id").as_string(), "user-1");
  EXPECT_EQ(line.at("ip").as_string(), "127.0.0.1");
  EXPECT_EQ(line.at("request_id").as_string(), std::string(res["X-Request-Id"]));
  EXPECT_GT(line.at("bytes").as_int64(), 0);
  EXPECT_TRUE(line.contains("time"));
  EXPECT_TRUE(line.contains("duration_us"));
  for (const char* secret : {"good-token", "hunter2", "password", "cookie-secret", "Bearer"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
}

TEST_F(ServerTest, AccessLogCanBeDisabled) {
  ServerOptions options;
  options.access_log = false;
  StartServer(std::move(options));
  EXPECT_EQ(Get("/health").result_int(), 200u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(log_.WaitForLines(0), "");
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishAndClosesIdleConnections) {
  StartServer();
  tcp::socket idle = Connect();
  {
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req{Verb::get, "/health", 11};
    req.set(bhttp::field::host, "x");
    ASSERT_EQ(RoundTrip(idle, req, buffer).result_int(), 200u);
  }
  tcp::socket busy = Connect();
  bhttp::request<bhttp::string_body> req{Verb::get, "/slow", 11};
  req.set(bhttp::field::host, "x");
  bhttp::write(busy, req);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto stop_at = std::chrono::steady_clock::now();
  server_->Stop();
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(busy, buffer, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res).as_string(), "slow done");
  EXPECT_FALSE(res.keep_alive());
  thread_.join();  // Run returned.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, std::chrono::seconds(5));
  // The idle keep-alive connection was closed by the server.
  char byte;
  boost::system::error_code ec;
  idle.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec);
  // New connections are refused.
  tcp::socket late(client_ioc_);
  late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  EXPECT_TRUE(ec);
}

TEST_F(ServerTest, ListenOnBusyPortFailsWithClearError) {
  StartServer();
  Router other;
  Server second(ServerOptions{}, other, nullptr);
  auto r = second.Listen("127.0.0.1", port_);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find(std::to_string(port_)), std::string::npos);
}

}  // namespace
}  // namespace carevoice::http
