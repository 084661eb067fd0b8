// TEMPORARY minimal wiring: serves only GET /health. The lead engineer replaces this file.

#include "app/wiring.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/value.hpp>

#include <csignal>

#include "core/time.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace carevoice::app {

int RunServer(const Config& config) {
  http::Router router;
  router.Add(http::Verb::get, "/health",
             [](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
               const core::SystemClock clock;
               co_return http::JsonResponse(
                   ctx, 200,
                   boost::json::object{{"status", "OK"},
                                       {"message", "Server is running"},
                                       {"timestamp", core::ToIso8601(clock.NowMs())},
                                       {"database", "not configured"}});
             },
             {.requires_auth = false});
  http::Server server(MakeServerOptions(config), router, nullptr);
  auto port = server.Listen(config.host, config.port);
  if (!port) {
    spdlog::critical("{}", port.error().message);
    return 1;
  }
  boost::asio::signal_set signals(server.IoContext(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; shutting down", signal);
    server.Stop();
  });
  AnnounceListening(config.host, *port);
  server.Run();
  spdlog::info("server stopped");
  return 0;
}

}  // namespace carevoice::app
