#pragma once

// The REST API: every /api/* route, /health, the OpenAPI document and the /public/* static
// folders, registered on an http::Router by one call. Shapes: docs/API.md and
// GET /api/openapi.json.

#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "api/list_cache.hpp"
#include "auth/auth_service.hpp"
#include "auth/visitor_limits.hpp"
#include "auth/visitor_service.hpp"
#include "core/blocking.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "core/voice_metrics.hpp"
#include "engine/engine.hpp"
#include "http/router.hpp"
#include "nlu/nlu.hpp"
#include "store/store.hpp"
#include "telephony/room_service.hpp"
#include "voice/tts.hpp"

namespace carevoice::api {

struct ApiConfig {
  std::string audio_path;   // Folder served at /public/audio/ (uploads and synthesised replies).
  std::string avatar_path;  // Folder served at /public/avatars/.
  std::string upload_path;  // Scratch folder for uploads (reserved; audio goes to audio_path).
  // The web folder (index.html, app/, widget.js, node_modules/ for /vendor/); "" = not served.
  std::string web_path;
  std::size_t max_file_size =
      std::size_t{10} * 1024 * 1024;  // Largest accepted audio upload, in bytes.
  std::string livekit_api_key;
  std::string livekit_api_secret;
  std::string livekit_url;  // LIVEKIT_URL; returned to clients as wsUrl (ws:// or wss://).
  std::string node_env;     // NODE_ENV.
  std::string version;      // Reported by /health and the OpenAPI document.
  // The legacy switch (the old frontend, unchanged): GET /api/conversations then includes every
  // conversation's messages[] by default, as the old backend did (?include= overrides it).
  bool legacy_socket = false;
  // METRICS_TOKEN: the bearer token of GET /metrics; "" = the route is not registered.
  std::string metrics_token;
};

// The ports the handlers use. Store and auth calls are blocking and run on `pool`; engine calls
// are awaitables. Optional ports may be null: without `tts` GET /api/voices lists none (speech
// and transcription are the engine's: EngineDeps); without `room_service` LiveKit room management
// answers 501 (tokens still work).
struct ApiDeps {
  store::Store& store;
  auth::AuthService& auth;
  engine::Engine& engine;
  nlu::Nlu& nlu;
  boost::asio::thread_pool& pool;
  const core::Clock& clock;
  ApiConfig config;
  voice::Tts* tts = nullptr;  // Also POST /api/voices/preview (503 without it).
  telephony::RoomService* room_service = nullptr;
  // Caches GET /api/conversations bodies; null = no caching. It must be subscribed to the
  // engine's event feed (EngineDeps::events), which reports every committed change.
  ConversationListCache* list_cache = nullptr;
  // Runs password hashing (register, login, password change), so that a burst of logins cannot
  // starve database reads on `pool`; null = `pool`.
  boost::asio::thread_pool* password_pool = nullptr;
  // The public visitor API (/api/public/...): resolves widget keys and visitor tokens, and rate
  // limits visitors. Null (either) = every public route answers 503 VISITORS_UNAVAILABLE.
  const auth::VisitorService* visitors = nullptr;
  auth::VisitorLimits* visitor_limits = nullptr;
  // GET /metrics (with config.metrics_token): the registry, and the worker pools whose queue
  // depth it reports, by name. Null = no /metrics.
  const core::Metrics* metrics = nullptr;
  const core::VoiceMetrics* voice_metrics = nullptr;  // Live calls; appended when set.
  std::vector<std::pair<std::string, boost::asio::thread_pool*>> pools = {};
};

// Registers every route of the API on `router`. REQUIRES: `deps` (and what it refers to) outlives
// `router`; called once per router.
void RegisterApiRoutes(http::Router& router, ApiDeps& deps);

}  // namespace carevoice::api
