#include "realtime/conformance_app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>

#include "http/server.hpp"
#include "realtime/socketio_server.hpp"

namespace carevoice::realtime {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// Engine.IO echo: every message goes straight back.
class EchoHandler final : public SessionHandler {
 public:
  void OnOpen(const EioSessionPtr& /*session*/) override {}
  void OnMessage(const EioSessionPtr& session, std::string data, bool binary) override {
    session->Send(Frame{std::make_shared<const std::string>(std::move(data)), binary,
                        eio::PacketType::kMessage});
  }
  void OnClose(const EioSessionPtr& /*session*/, std::string_view /*reason*/) override {}
};

class TestNamespace final : public NamespaceHandler {
 public:
  asio::awaitable<std::optional<ConnectError>> OnConnect(SocketPtr socket,
                                                         json::value auth) override {
    socket->user_data = std::make_shared<json::value>(auth.is_null() ? json::object{} : auth);
    co_return std::nullopt;
  }
  void OnConnected(const SocketPtr& socket) override {
    socket->Emit("auth", json::array{*std::static_pointer_cast<json::value>(socket->user_data)});
  }
  asio::awaitable<void> OnEvent(SocketPtr socket, IncomingEvent event) override {
    if (event.name == "message") {
      socket->Emit("message-back", std::move(event.args), std::move(event.attachments));
    } else if (event.name == "message-with-ack" && event.ack_id) {
      socket->Ack(*event.ack_id, std::move(event.args), std::move(event.attachments));
    }
    co_return;
  }
};

}  // namespace

int RunConformanceApp(std::uint16_t port) {
  http::Router router;
  http::ServerOptions server_options;
  server_options.access_log = false;
  http::Server server(server_options, router, nullptr);

  EngineIoOptions eio_options;
  eio_options.ping_interval = std::chrono::milliseconds(300);
  eio_options.ping_timeout = std::chrono::milliseconds(200);
  EchoHandler echo;
  EngineIoServer echo_server(server.IoContext(), eio_options, echo);
  echo_server.RegisterRoutes(router, "/engine.io");

  SocketIoOptions sio_options;
  sio_options.engine = eio_options;
  sio_options.connect_timeout = std::chrono::milliseconds(1000);
  SocketIoServer sio(server.IoContext(), sio_options);
  TestNamespace main_ns;
  TestNamespace custom_ns;
  sio.AddNamespace("/", main_ns);
  sio.AddNamespace("/custom", custom_ns);
  sio.RegisterRoutes(router, "/socket.io");

  server.OnStop([&] {
    echo_server.CloseAll();
    sio.CloseAll();
  });
  auto bound = server.Listen("127.0.0.1", port);
  if (!bound) {
    std::fprintf(stderr, "carevoice socketio-testapp: %s\n", bound.error().message.c_str());
    return 1;
  }
  asio::signal_set signals(server.IoContext(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int /*signal*/) {
    if (!ec) server.Stop();
  });
  std::printf("socketio-testapp listening on http://127.0.0.1:%u\n", static_cast<unsigned>(*bound));
  std::fflush(stdout);
  server.Run();
  return 0;
}

}  // namespace carevoice::realtime
