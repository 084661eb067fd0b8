#pragma once

// One registration function per resource file (internal to src/api). Each REQUIRES `deps` to
// outlive `router`.

#include "api/api.hpp"
#include "http/router.hpp"

namespace carevoice::api {

void RegisterHealthRoutes(http::Router& router, ApiDeps& deps);        // health_routes.cpp
void RegisterAuthRoutes(http::Router& router, ApiDeps& deps);          // auth_routes.cpp
void RegisterAgentRoutes(http::Router& router, ApiDeps& deps);         // agent_routes.cpp
void RegisterConversationRoutes(http::Router& router, ApiDeps& deps);  // conversation_routes.cpp
void RegisterAudioRoutes(http::Router& router, ApiDeps& deps);         // audio_routes.cpp
void RegisterNluRoutes(http::Router& router, ApiDeps& deps);           // nlu_routes.cpp
void RegisterLiveKitRoutes(http::Router& router, ApiDeps& deps);       // livekit_routes.cpp
void RegisterPublicRoutes(http::Router& router, ApiDeps& deps);        // public_routes.cpp
void RegisterStaticRoutes(http::Router& router, ApiDeps& deps);        // static_routes.cpp
// Serves GET /api/openapi.json (openapi.cpp).
void RegisterOpenApiRoute(http::Router& router, ApiDeps& deps);
void RegisterMetricsRoute(http::Router& router, ApiDeps& deps);  // metrics_routes.cpp

}  // namespace carevoice::api
