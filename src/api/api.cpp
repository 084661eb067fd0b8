#include "api/api.hpp"

#include "api/routes.hpp"

namespace carevoice::api {

void RegisterApiRoutes(http::Router& router, ApiDeps& deps) {
  RegisterHealthRoutes(router, deps);
  RegisterAuthRoutes(router, deps);
  RegisterAgentRoutes(router, deps);
  RegisterConversationRoutes(router, deps);
  RegisterAudioRoutes(router, deps);
  RegisterNluRoutes(router, deps);
  RegisterLiveKitRoutes(router, deps);
  RegisterPublicRoutes(router, deps);
  RegisterStaticRoutes(router, deps);
  RegisterOpenApiRoute(router, deps);
  RegisterMetricsRoute(router, deps);
}

}  // namespace carevoice::api
