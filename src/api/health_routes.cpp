// GET /health: liveness plus a database ping. No authentication.

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/time.hpp"

namespace carevoice::api {
namespace {

HandlerResult Health(ApiDeps& deps, http::RequestContext& ctx) {
  store::Store& store = deps.store;
  const core::Result<std::string> ping =
      co_await core::RunBlocking(deps.pool, [&store] { return store.Ping(); });
  boost::json::object body;
  body["timestamp"] = core::ToIso8601(deps.clock.NowMs());
  body["version"] = deps.config.version;
  if (ping.has_value()) {
    body["status"] = "OK";
    body["message"] = "Server is running";
    body["database"] = *ping;
    co_return Json(ctx, 200, body);
  }
  body["status"] = "ERROR";
  body["message"] = "Database unavailable";
  body["database"] = "disconnected";
  body["code"] = "DATABASE_UNAVAILABLE";
  co_return Json(ctx, 503, body);
}

}  // namespace

void RegisterHealthRoutes(http::Router& router, ApiDeps& deps) {
  router.Add(http::Verb::get, "/health", Bind(deps, &Health), {.requires_auth = false});
}

}  // namespace carevoice::api
