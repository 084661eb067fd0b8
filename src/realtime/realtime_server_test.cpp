// Hermetic tests of EngineIoServer and SocketIoServer over a real http::Server on 127.0.0.1:0,
// driven by Beast HTTP (long-polling) and WebSocket clients. Every client operation has a
// deadline, so a server that fails to answer fails the test instead of hanging it.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"
#include "realtime/socketio_server.hpp"

namespace carevoice::realtime {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using namespace std::string_literals;

// Polls `pred` every 5 ms for up to `timeout`. Returns its last value.
bool WaitFor(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// "message" → "message-back"; "message-with-ack" acknowledged with its arguments; "join" joins
// the rooms named by its string arguments, then acknowledges. auth {deny: true} is refused.
class TestNamespace final : public NamespaceHandler {
 public:
  asio::awaitable<std::optional<ConnectError>> OnConnect(SocketPtr socket,
                                                         json::value auth) override {
    if (auth.is_object() && auth.as_object().contains("deny")) {
      co_return ConnectError{"denied", json::object{{"why", "test"}}};
    }
    std::lock_guard lock(mu_);
    sockets_.push_back(socket);
    co_return std::nullopt;
  }
  void Clear() {
    std::lock_guard lock(mu_);
    sockets_.clear();
  }
  asio::awaitable<void> OnEvent(SocketPtr socket, IncomingEvent event) override {
    if (event.name == "message") {
      socket->Emit("message-back", std::move(event.args), std::move(event.attachments));
    } else if (event.name == "message-with-ack" && event.ack_id) {
      socket->Ack(*event.ack_id, std::move(event.args), std::move(event.attachments));
    } else if (event.name == "join") {
      for (const auto& room : event.args) {
        if (room.is_string()) socket->Join(std::string(room.get_string()));
      }
      if (event.ack_id) socket->Ack(*event.ack_id, json::array{});
    }
    co_return;
  }
  void OnDisconnect(const SocketPtr& /*socket*/, std::string_view reason) override {
    std::lock_guard lock(mu_);
    reasons_.emplace_back(reason);
  }

  std::vector<SocketPtr> Sockets() {
    std::lock_guard lock(mu_);
    return sockets_;
  }
  std::vector<std::string> Reasons() {
    std::lock_guard lock(mu_);
    return reasons_;
  }

 private:
  std::mutex mu_;
  std::vector<SocketPtr> sockets_;
  std::vector<std::string> reasons_;
};

struct HttpResult {
  unsigned status = 0;  // 0: no answer before the deadline.
  std::string body;
};

// One HTTP request on a fresh connection, with a deadline.
HttpResult Http(std::uint16_t port, bhttp::verb verb, const std::string& target,
                const std::string& body = "", std::chrono::milliseconds timeout = 3000ms) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  HttpResult result;
  bhttp::request<bhttp::string_body> req{verb, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "text/plain;charset=UTF-8");
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  stream.expires_after(timeout);
  stream.async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return;
        bhttp::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
          if (wec) return;
          bhttp::async_read(stream, buffer, res, [&](beast::error_code rec, std::size_t) {
            if (rec) return;
            result.status = res.result_int();
            result.body = res.body();
          });
        });
      });
  ioc.run();
  return result;
}

std::string Target(const std::string& path, const std::string& transport,
                   const std::string& sid = "") {
  std::string t = path + "/?EIO=4&transport=" + transport;
  if (!sid.empty()) t += "&sid=" + sid;
  return t;
}

// A WebSocket client whose every read has a deadline.
class WsClient {
 public:
  // Connects and performs the WebSocket handshake on `target`. Returns false on failure.
  bool Connect(std::uint16_t port, const std::string& target) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                         ec);
    if (ec) return false;
    ws_.handshake("127.0.0.1", target, ec);
    return !ec;
  }

  // Returns the next message, or nullopt when the connection closed or nothing came in time.
  // After nullopt the client is unusable.
  std::optional<std::string> Read(std::chrono::milliseconds timeout = 3000ms,
                                  bool* binary = nullptr) {
    if (broken_) return std::nullopt;
    beast::flat_buffer buffer;
    std::optional<beast::error_code> result;
    ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!result) {
      timed_out_ = true;
      beast::get_lowest_layer(ws_).socket().cancel();
      ioc_.restart();
      ioc_.run();
    }
    if (!result || *result) {
      broken_ = true;
      return std::nullopt;
    }
    if (binary != nullptr) *binary = ws_.got_binary();
    return beast::buffers_to_string(buffer.data());
  }

  // Reads until a message starting with `prefix` (skipping pings, answered). nullopt on failure.
  std::optional<std::string> ReadUntil(std::string_view prefix,
                                       std::chrono::milliseconds timeout = 3000ms) {
    for (;;) {
      std::optional<std::string> m = Read(timeout);
      if (!m || m->starts_with(prefix)) return m;
      if (*m == "2") Send("3");
    }
  }

  // True when the server closed the connection within `timeout` (not a mere timeout).
  bool ClosedByServer(std::chrono::milliseconds timeout = 3000ms) {
    while (Read(timeout)) {
    }
    return !timed_out_;
  }

  void Send(const std::string& text) {
    ws_.text(true);
    beast::error_code ec;
    ws_.write(asio::buffer(text), ec);
  }
  void SendBinary(const std::string& bytes) {
    ws_.binary(true);
    beast::error_code ec;
    ws_.write(asio::buffer(bytes), ec);
  }

  // Engine.IO open, then Socket.IO CONNECT to `nsp`. Returns the CONNECT answer.
  std::optional<std::string> ConnectSocketIo(std::uint16_t port, const std::string& nsp = "/",
                                             const std::string& auth = "") {
    if (!Connect(port, Target("/socket.io", "websocket"))) return std::nullopt;
    std::optional<std::string> open = Read();
    if (!open || !open->starts_with("0{")) return std::nullopt;
    Send("40" + (nsp == "/" ? "" : nsp + ",") + auth);
    return ReadUntil("4");
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_{ioc_};
  bool broken_ = false;
  bool timed_out_ = false;
};

class RealtimeServerTest : public ::testing::Test {
 protected:
  void Start(SocketIoOptions options) {
    http::ServerOptions server_options;
    server_options.threads = 2;
    server_options.access_log = false;
    server_ = std::make_unique<http::Server>(server_options, router_, nullptr);
    sio_ = std::make_unique<SocketIoServer>(server_->IoContext(), options);
    sio_->AddNamespace("/", main_ns_);
    sio_->AddNamespace("/custom", custom_ns_);
    sio_->RegisterRoutes(router_, "/socket.io");
    server_->OnStop([this] { sio_->CloseAll(); });
    auto bound = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(bound);
    port_ = *bound;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void Start() { Start(SocketIoOptions{}); }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    // The namespaces keep sockets, whose sessions hold timers of the server's io_context: they
    // go before it.
    main_ns_.Clear();
    custom_ns_.Clear();
    sio_.reset();
    server_.reset();
  }

  // Polling handshake on `path`; returns the sid ("" on failure).
  std::string OpenPolling(const std::string& path = "/socket.io") {
    HttpResult r = Http(port_, bhttp::verb::get, Target(path, "polling"));
    if (r.status != 200 || !r.body.starts_with("0")) return "";
    return std::string(json::parse(r.body.substr(1)).at("sid").as_string());
  }

  // Socket.IO CONNECT to "/" over polling session `sid`. Returns true once it is acknowledged.
  bool ConnectPolling(const std::string& sid) {
    return !sid.empty() &&
           Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), "40").status ==
               200 &&
           Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid))
               .body.starts_with("40");
  }

  // Polls `sid` until the collected payloads contain `needle` (3 s). Returns what was collected.
  std::string PollUntil(const std::string& sid, const std::string& needle) {
    std::string all;
    WaitFor([&] {
      all += Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid)).body + "\x1e";
      return all.find(needle) != std::string::npos;
    });
    return all;
  }

  http::Router router_;
  TestNamespace main_ns_;
  TestNamespace custom_ns_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<SocketIoServer> sio_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(RealtimeServerTest, PollingHandshakeIsTheOpenPacket) {
  SocketIoOptions options;
  options.engine.ping_interval = 1234ms;
  options.engine.ping_timeout = 567ms;
  options.engine.max_payload = 8901;
  Start(options);
  HttpResult r = Http(port_, bhttp::verb::get, Target("/socket.io", "polling"));
  ASSERT_EQ(r.status, 200U);
  ASSERT_EQ(r.body[0], '0');
  const json::value open = json::parse(r.body.substr(1));
  EXPECT_EQ(open.at("sid").as_string().size(), 20U);
  EXPECT_EQ(open.at("upgrades"), json::parse(R"(["websocket"])"));
  EXPECT_EQ(open.at("pingInterval").to_number<int>(), 1234);
  EXPECT_EQ(open.at("pingTimeout").to_number<int>(), 567);
  EXPECT_EQ(open.at("maxPayload").to_number<int>(), 8901);
  EXPECT_TRUE(WaitFor([&] { return sio_->Engine().SessionCount() == 1; }));
}

TEST_F(RealtimeServerTest, WebSocketHandshakeOffersNoUpgrade) {
  Start();
  WsClient ws;
  ASSERT_TRUE(ws.Connect(port_, Target("/socket.io", "websocket")));
  std::optional<std::string> open = ws.Read();
  ASSERT_TRUE(open);
  ASSERT_EQ((*open)[0], '0');
  EXPECT_TRUE(json::parse(open->substr(1)).at("upgrades").as_array().empty());
}

TEST_F(RealtimeServerTest, PollingSendAndReceive) {
  Start();
  const std::string sid = OpenPolling();
  ASSERT_FALSE(sid.empty());
  HttpResult post = Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), "40");
  EXPECT_EQ(post.status, 200U);
  EXPECT_EQ(post.body, "ok");
  HttpResult connected = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid));
  ASSERT_EQ(connected.status, 200U);
  ASSERT_TRUE(connected.body.starts_with("40{")) << connected.body;
  EXPECT_TRUE(json::parse(connected.body.substr(2)).as_object().contains("sid"));

  // Two packets in one payload; both answers arrive.
  post = Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid),
              "42[\"message\",1]\x1e"
              "42[\"message\",\"two\"]");
  EXPECT_EQ(post.status, 200U);
  std::string all;
  ASSERT_TRUE(WaitFor([&] {
    all += Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid)).body + "\x1e";
    return all.find("two") != std::string::npos;
  }));
  EXPECT_NE(all.find("42[\"message-back\",1]"), std::string::npos) << all;
  EXPECT_NE(all.find("42[\"message-back\",\"two\"]"), std::string::npos) << all;
}

TEST_F(RealtimeServerTest, PollingCarriesBinaryAsBase64) {
  Start();
  const std::string sid = OpenPolling();
  ASSERT_TRUE(ConnectPolling(sid));
  const std::string event = "451-[\"message\",{\"_placeholder\":true,\"num\":0}]";
  ASSERT_EQ(Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid),
                 event + "\x1e"
                         "bAQID")
                .status,
            200U);
  std::string all;
  ASSERT_TRUE(WaitFor([&] {
    all += Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid)).body + "\x1e";
    return all.find("bAQID") != std::string::npos;
  }));
  EXPECT_NE(all.find("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]\x1e"
                     "bAQID"),
            std::string::npos)
      << all;
}

TEST_F(RealtimeServerTest, MalformedPollingPayloadClosesTheSession) {
  Start();
  const std::string sid = OpenPolling();
  ASSERT_FALSE(sid.empty());
  HttpResult bad = Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), "b!!");
  EXPECT_EQ(bad.status, 400U);
  EXPECT_TRUE(WaitFor([&] { return sio_->Engine().SessionCount() == 0; }));
  HttpResult after = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid));
  EXPECT_EQ(after.status, 400U);
  EXPECT_EQ(json::parse(after.body).at("code").to_number<int>(), 1);
}

TEST_F(RealtimeServerTest, UpgradeFromPollingToWebSocket) {
  Start();
  const std::string sid = OpenPolling();
  ASSERT_TRUE(ConnectPolling(sid));
  // A poll waiting during the upgrade is ended (with a noop) once the probe succeeds.
  HttpResult pending;
  std::thread poller(
      [&] { pending = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid)); });
  std::this_thread::sleep_for(50ms);
  WsClient ws;
  ASSERT_TRUE(ws.Connect(port_, Target("/socket.io", "websocket", sid)));
  ws.Send("2probe");
  EXPECT_EQ(ws.Read(), "3probe");
  ws.Send("5");
  poller.join();
  EXPECT_EQ(pending.status, 200U);
  EXPECT_EQ(pending.body, "6");
  ws.Send("42[\"message\",\"over ws\"]");
  EXPECT_EQ(ws.ReadUntil("42"), "42[\"message-back\",\"over ws\"]");
  // The session is on WebSocket now: polling it is a bad request.
  HttpResult poll = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid));
  EXPECT_EQ(poll.status, 400U);
  EXPECT_EQ(json::parse(poll.body).at("code").to_number<int>(), 3);
  // A second upgrade of the same sid is accepted, then closed at once.
  WsClient second;
  ASSERT_TRUE(second.Connect(port_, Target("/socket.io", "websocket", sid)));
  EXPECT_TRUE(second.ClosedByServer());
}

TEST_F(RealtimeServerTest, HeartbeatKeepsAnsweringClientsAndTimesOutSilentOnes) {
  SocketIoOptions options;
  options.engine.ping_interval = 60ms;
  options.engine.ping_timeout = 60ms;
  Start(options);
  WsClient silent;
  ASSERT_EQ(silent.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");

  // The silent client gets a ping and answers nothing: "ping timeout" after ~120 ms.
  EXPECT_EQ(silent.Read(), "2");
  EXPECT_TRUE(silent.ClosedByServer(1000ms));
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Reasons().size() == 1; }));
  EXPECT_EQ(main_ns_.Reasons()[0], "ping timeout");

  // Another one answers five pings in a row and stays connected.
  WsClient alive;
  ASSERT_EQ(alive.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(alive.Read(1000ms), "2") << i;
    alive.Send("3");
  }
  EXPECT_EQ(sio_->Engine().SessionCount(), 1U);
  EXPECT_EQ(main_ns_.Reasons().size(), 1U);
}

TEST_F(RealtimeServerTest, ConnectTimeoutClosesASessionThatNeverConnects) {
  SocketIoOptions options;
  options.connect_timeout = 100ms;
  Start(options);
  WsClient ws;
  ASSERT_TRUE(ws.Connect(port_, Target("/socket.io", "websocket")));
  ASSERT_TRUE(ws.Read());
  EXPECT_TRUE(ws.ClosedByServer(2000ms));
}

TEST_F(RealtimeServerTest, ErrorCodesOfTheOfficialServer) {
  Start();
  auto expect_error = [&](bhttp::verb verb, const std::string& target, int code,
                          const std::string& message) {
    HttpResult r = Http(port_, verb, target);
    EXPECT_EQ(r.status, 400U) << target;
    const json::value body = json::parse(r.body);
    EXPECT_EQ(body.at("code").to_number<int>(), code) << target;
    EXPECT_EQ(body.at("message").as_string(), message) << target;
  };
  expect_error(bhttp::verb::get, "/socket.io/?EIO=4&transport=carrier-pigeon", 0,
               "Transport unknown");
  expect_error(bhttp::verb::get, "/socket.io/?EIO=4", 0, "Transport unknown");
  expect_error(bhttp::verb::get, Target("/socket.io", "polling", "nope"), 1, "Session ID unknown");
  expect_error(bhttp::verb::post, Target("/socket.io", "polling"), 2, "Bad handshake method");
  expect_error(bhttp::verb::get, "/socket.io/?EIO=4&transport=websocket", 3, "Bad request");
  const std::string sid = OpenPolling();
  expect_error(bhttp::verb::put, Target("/socket.io", "polling", sid), 3, "Bad request");
  expect_error(bhttp::verb::get, "/socket.io/?EIO=3&transport=polling", 5,
               "Unsupported protocol version");
  expect_error(bhttp::verb::get, "/socket.io/?transport=polling", 5,
               "Unsupported protocol version");
  // A WebSocket upgrade with a bad query is refused with the same JSON before the 101.
  WsClient ws;
  EXPECT_FALSE(ws.Connect(port_, "/socket.io/?EIO=3&transport=websocket"));
}

TEST_F(RealtimeServerTest, OverlappingPollsCloseTheSession) {
  Start();
  const std::string sid = OpenPolling();
  ASSERT_FALSE(sid.empty());
  HttpResult first;
  std::thread poller(
      [&] { first = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid)); });
  std::this_thread::sleep_for(50ms);
  HttpResult second = Http(port_, bhttp::verb::get, Target("/socket.io", "polling", sid));
  poller.join();
  EXPECT_EQ(second.status, 400U);
  EXPECT_EQ(first.status, 200U);
  EXPECT_EQ(first.body, "1");  // The close packet.
  EXPECT_EQ(sio_->Engine().SessionCount(), 0U);
}

TEST_F(RealtimeServerTest, BodyOverMaxPayloadIs413) {
  SocketIoOptions options;
  options.engine.max_payload = 1000;
  Start(options);
  const std::string sid = OpenPolling();
  ASSERT_FALSE(sid.empty());
  const std::string big = "42[\"message\",\"" + std::string(2000, 'x') + "\"]";
  EXPECT_EQ(Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), big).status, 413U);
  const std::string small = "42[\"message\",\"" + std::string(900, 'x') + "\"]";
  EXPECT_EQ(Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), small).status,
            200U);
  // Over WebSocket a message over maxPayload closes the connection.
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ws.Send(big);
  EXPECT_TRUE(ws.ClosedByServer());
}

TEST_F(RealtimeServerTest, SendQueueOverflowClosesAPollingSessionThatNeverPolls) {
  SocketIoOptions options;
  options.engine.max_queued_bytes = 64 * 1024;
  Start(options);
  const std::string sid = OpenPolling();
  ASSERT_EQ(Http(port_, bhttp::verb::post, Target("/socket.io", "polling", sid), "40").status,
            200U);
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Sockets().size() == 1; }));
  SocketPtr socket = main_ns_.Sockets()[0];
  const std::string chunk(10'000, 'x');
  int accepted = 0;
  while (socket->Emit("big", json::array{json::string(chunk)})) ++accepted;
  EXPECT_GE(accepted, 5);
  EXPECT_LE(accepted, 7);  // 64 KiB / ~10 KB (the CONNECT answer is queued too).
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Reasons().size() == 1; }));
  EXPECT_EQ(main_ns_.Reasons()[0], "send queue overflow");
  EXPECT_FALSE(socket->Connected());
  EXPECT_EQ(sio_->Engine().SessionCount(), 0U);
}

TEST_F(RealtimeServerTest, SendQueueOverflowClosesAWebSocketThatNeverReads) {
  SocketIoOptions options;
  options.engine.max_queued_bytes = 1024 * 1024;
  Start(options);
  WsClient reader;
  ASSERT_EQ(reader.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  WsClient never_reads;
  ASSERT_TRUE(never_reads.Connect(port_, Target("/socket.io", "websocket")));
  ASSERT_TRUE(never_reads.Read());
  never_reads.Send("40");
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Sockets().size() == 2; }));
  SocketPtr socket = main_ns_.Sockets()[1];
  const json::string chunk(std::string(256 * 1024, 'x'));
  bool overflowed = false;
  for (int i = 0; i < 2000 && !overflowed; ++i) {  // Up to 500 MB: far beyond socket buffers.
    overflowed = !socket->Emit("big", json::array{chunk});
    if (i % 16 == 15) std::this_thread::sleep_for(1ms);
  }
  EXPECT_TRUE(overflowed);
  ASSERT_TRUE(WaitFor([&] { return !main_ns_.Reasons().empty(); }));
  EXPECT_EQ(main_ns_.Reasons()[0], "send queue overflow");
  // The other client is unaffected.
  reader.Send("42[\"message\",\"still here\"]");
  EXPECT_EQ(reader.ReadUntil("42"), "42[\"message-back\",\"still here\"]");
}

TEST_F(RealtimeServerTest, AcksBothWays) {
  Start();
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ws.Send("421[\"message-with-ack\",1,\"2\",{\"3\":[4]}]");
  EXPECT_EQ(ws.ReadUntil("43"), "431[1,\"2\",{\"3\":[4]}]");

  ASSERT_TRUE(WaitFor([&] { return main_ns_.Sockets().size() == 1; }));
  std::mutex mu;
  std::condition_variable cv;
  std::optional<json::array> answer;
  ASSERT_TRUE(
      main_ns_.Sockets()[0]->EmitWithAck("question", json::array{42}, [&](json::array args) {
        std::lock_guard lock(mu);
        answer = std::move(args);
        cv.notify_all();
      }));
  std::optional<std::string> question = ws.ReadUntil("42");
  ASSERT_TRUE(question);
  EXPECT_EQ(*question, "420[\"question\",42]");
  ws.Send("43999[\"nobody asked\"]");  // An unknown ack id is ignored.
  ws.Send("430[\"answer\"]");
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 3s, [&] { return answer.has_value(); }));
  EXPECT_EQ(*answer, json::array{"answer"});
}

TEST_F(RealtimeServerTest, BinaryAttachmentRoundTrip) {
  Start();
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ws.Send("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
  ws.SendBinary("\x00\x01\xff"s);
  EXPECT_EQ(ws.ReadUntil("45"), "451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]");
  bool binary = false;
  EXPECT_EQ(ws.Read(3000ms, &binary), "\x00\x01\xff"s);
  EXPECT_TRUE(binary);
  // With an ack: BINARY_ACK.
  ws.Send(
      "452-7[\"message-with-ack\",{\"_placeholder\":true,\"num\":1},"
      "{\"_placeholder\":true,\"num\":0}]");
  ws.SendBinary("zero");
  ws.SendBinary("one");
  EXPECT_EQ(ws.ReadUntil("46"),
            "462-7[{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]");
  EXPECT_EQ(ws.Read(), "zero");
  EXPECT_EQ(ws.Read(), "one");
}

TEST_F(RealtimeServerTest, AttachmentNobodyAnnouncedClosesTheConnection) {
  Start();
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ws.SendBinary("surprise");
  EXPECT_TRUE(ws.ClosedByServer());
}

TEST_F(RealtimeServerTest, TextWhileAttachmentsAreDueClosesTheConnection) {
  Start();
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ws.Send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
  ws.SendBinary("one of two");
  ws.Send("42[\"message\",1]");
  EXPECT_TRUE(ws.ClosedByServer());
}

TEST_F(RealtimeServerTest, MalformedFramesCloseTheConnectionAndTheServerGoesOn) {
  Start();
  for (const std::string& frame : {"4abc"s, "42{}"s, "42abc[\"message\"]"s, "451-[\"message\"]"s,
                                   "42" + std::string(40, '9') + "[\"message\"]"s,
                                   "42[\"message\",1e400]"s, "9"s, ""s, "44{\"message\":\"x\"}"s}) {
    WsClient ws;
    ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{") << frame;
    ws.Send(frame);
    EXPECT_TRUE(ws.ClosedByServer()) << frame;
  }
  WsClient next;
  ASSERT_EQ(next.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  next.Send("42[\"message\",\"ok\"]");
  EXPECT_EQ(next.ReadUntil("42"), "42[\"message-back\",\"ok\"]");
}

TEST_F(RealtimeServerTest, NamespacesAndConnectErrors) {
  Start();
  WsClient ws;
  std::optional<std::string> custom = ws.ConnectSocketIo(port_, "/custom");
  ASSERT_TRUE(custom);
  EXPECT_TRUE(custom->starts_with("40/custom,{\"sid\":")) << *custom;
  ws.Send("40/nowhere,");
  EXPECT_EQ(ws.ReadUntil("44"), "44/nowhere,{\"message\":\"Invalid namespace\"}");
  ws.Send("40{\"deny\":true}");
  EXPECT_EQ(ws.ReadUntil("44"), "44{\"message\":\"denied\",\"data\":{\"why\":\"test\"}}");
  // An event for a namespace the client is not in is ignored; /custom still answers.
  ws.Send("42[\"message\",\"main\"]");
  ws.Send("42/custom,[\"message\",\"custom\"]");
  EXPECT_EQ(ws.ReadUntil("42"), "42/custom,[\"message-back\",\"custom\"]");
  EXPECT_EQ(custom_ns_.Sockets().size(), 1U);
  EXPECT_TRUE(main_ns_.Sockets().empty());
  // A client-side namespace disconnect.
  ws.Send("41/custom,");
  ASSERT_TRUE(WaitFor([&] { return custom_ns_.Reasons().size() == 1; }));
  EXPECT_EQ(custom_ns_.Reasons()[0], "client namespace disconnect");
}

TEST_F(RealtimeServerTest, ServerSideDisconnectSendsDisconnectPacket) {
  Start();
  WsClient ws;
  ASSERT_EQ(ws.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Sockets().size() == 1; }));
  main_ns_.Sockets()[0]->Disconnect();
  EXPECT_EQ(ws.ReadUntil("41"), "41");
  ASSERT_TRUE(WaitFor([&] { return main_ns_.Reasons().size() == 1; }));
  EXPECT_EQ(main_ns_.Reasons()[0], "server namespace disconnect");
}

TEST_F(RealtimeServerTest, BroadcastReachesASocketInTwoRoomsOnce) {
  Start();
  WsClient a;
  WsClient b;
  WsClient outsider;
  ASSERT_EQ(a.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ASSERT_EQ(b.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  ASSERT_EQ(outsider.ConnectSocketIo(port_).value_or("").substr(0, 3), "40{");
  a.Send("421[\"join\",\"r1\",\"r2\"]");
  EXPECT_EQ(a.ReadUntil("43"), "431[]");
  b.Send("421[\"join\",\"r2\"]");
  EXPECT_EQ(b.ReadUntil("43"), "431[]");
  Adapter* adapter = sio_->AdapterOf("/");
  ASSERT_NE(adapter, nullptr);
  EXPECT_EQ(adapter->RoomSize("r1"), 1U);
  EXPECT_EQ(adapter->RoomSize("r2"), 2U);

  sio_->Broadcast("/", {"r1", "r2"}, EncodeEvent("/", "news", json::array{1}));
  sio_->Broadcast("/", {"r1", "r2"}, EncodeEvent("/", "end", json::array{}));
  for (WsClient* client : {&a, &b}) {
    int news = 0;
    for (;;) {
      std::optional<std::string> m = client->ReadUntil("42");
      ASSERT_TRUE(m);
      if (*m == "42[\"end\"]") break;
      EXPECT_EQ(*m, "42[\"news\",1]");
      ++news;
    }
    EXPECT_EQ(news, 1);
  }
  // The outsider got nothing: its next message is the answer to its own event.
  outsider.Send("42[\"message\",\"mine\"]");
  EXPECT_EQ(outsider.ReadUntil("42"), "42[\"message-back\",\"mine\"]");
  // A disconnected socket leaves its rooms.
  b.Send("41");
  ASSERT_TRUE(WaitFor([&] { return adapter->RoomSize("r2") == 1; }));
}

}  // namespace
}  // namespace carevoice::realtime
