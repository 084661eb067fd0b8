// The application wiring: the only place that picks adapters (design.md "Ports").

#include "app/wiring.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "api/api.hpp"
#include "app/speech_lm.hpp"
#include "auth/auth_service.hpp"
#include "auth/visitor_limits.hpp"
#include "auth/visitor_service.hpp"
#include "call/call_routes.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "core/voice_metrics.hpp"
#include "engine/engine.hpp"
#include "engine/events.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "llm/local/local_responder.hpp"
#include "llm/openai/openai_responder.hpp"
#include "nlu/nlu.hpp"
#include "realtime/chat_namespace.hpp"
#include "realtime/socketio_server.hpp"
#include "scale/redis.hpp"
#include "scale/redis_adapter.hpp"
#include "scale/redis_services.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"
#include "telephony/livekit_room_service.hpp"
#include "voice/audio_store.hpp"
#include "voice/espeak/espeak_tts.hpp"
#include "voice/flite/flite_tts.hpp"
#include "voice/openai/openai_speech.hpp"
#include "voice/pocketsphinx/sphinx_stt.hpp"
#include "voice/voices.hpp"

namespace carevoice::app {
namespace {

// Creates every folder the server writes to. Returns false (and logs) on failure.
bool CreateFolders(const Config& config) {
  for (const std::filesystem::path& dir :
       {config.data_dir, config.audio_path, config.avatar_path, config.upload_path}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      spdlog::critical("cannot create folder {}: {}", dir.string(), ec.message());
      return false;
    }
  }
  return true;
}

std::unique_ptr<llm::Responder> MakeResponder(const Config& config) {
  auto local = llm::MakeLocalResponder();
  if (config.openai_api_key.empty() && config.openai_base_url.empty()) {
    spdlog::info("responder: built-in (local, knowledge-grounded)");
    return local;
  }
  llm::OpenAiConfig oc;
  oc.api_key = config.openai_api_key;
  if (!config.openai_base_url.empty()) oc.base_url = config.openai_base_url;
  if (!config.openai_model.empty()) oc.model = config.openai_model;
  spdlog::info("responder: OpenAI-compatible ({}, model {}), falling back to the built-in one",
               oc.base_url, oc.model);
  return llm::MakeOpenAiResponder(std::move(oc), std::move(local));
}

// Every hour (and once at start-up), on the worker pool: deletes expired refresh tokens and
// forgets revocations past their tokens' lifetime.
class SessionPurger {
 public:
  SessionPurger(boost::asio::io_context& ioc, boost::asio::thread_pool& pool,
                auth::AuthService& auth)
      : timer_(ioc), pool_(pool), auth_(auth) {}

  void Start() { Tick({}); }
  void Stop() { timer_.cancel(); }

 private:
  void Tick(const boost::system::error_code& ec) {
    if (ec) return;  // Cancelled: the server is stopping.
    boost::asio::post(pool_, [&auth = auth_] {
      core::Result<std::int64_t> purged = auth.PurgeExpired();
      if (!purged) {
        spdlog::warn("auth: cannot purge expired refresh tokens: {}", purged.error().message);
      } else if (*purged > 0) {
        spdlog::info("auth: purged {} expired refresh tokens", *purged);
      }
    });
    timer_.expires_after(std::chrono::hours(1));
    timer_.async_wait([this](const boost::system::error_code& e) { Tick(e); });
  }

  boost::asio::steady_timer timer_;
  boost::asio::thread_pool& pool_;
  auth::AuthService& auth_;
};

// Every second: disconnects the staff sockets whose session was revoked since they connected.
class RevokedSocketSweeper {
 public:
  RevokedSocketSweeper(boost::asio::io_context& ioc, realtime::ChatNamespace& chat)
      : timer_(ioc), chat_(chat) {}

  void Start() { Arm(); }
  void Stop() { timer_.cancel(); }

 private:
  void Arm() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // Cancelled: the server is stopping.
      if (const std::size_t n = chat_.DisconnectRevoked(); n > 0) {
        spdlog::info("realtime: disconnected {} socket(s) of revoked sessions", n);
      }
      Arm();
    });
  }

  boost::asio::steady_timer timer_;
  realtime::ChatNamespace& chat_;
};

unsigned WorkerThreads(const Config& config) {
  if (config.worker_threads > 0) return config.worker_threads;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(4u, cores * 2);
}

}  // namespace

Speech MakeSpeech(const Config& config) {
  Speech speech;
  if (!config.speech) {
    spdlog::info("speech: off (SPEECH=off)");
    return speech;
  }
  voice::OpenAiSpeechConfig openai;
  openai.api_key = config.openai_api_key;
  if (!config.openai_base_url.empty()) openai.base_url = config.openai_base_url;
  openai.tts_model = config.openai_tts_model;
  openai.stt_model = config.openai_stt_model;
  std::unique_ptr<voice::Tts> openai_tts;
  if (!config.openai_tts_model.empty()) {
    openai_tts = voice::MakeOpenAiTts(openai);
    spdlog::info("speech: OpenAI-compatible voices ({}, model {})", openai.base_url,
                 openai.tts_model);
  }
  speech.tts = voice::MakeCachingTts(
      voice::MakeVoiceRouter(voice::MakeFliteTts(), voice::MakeEspeakTts(), std::move(openai_tts)),
      config.tts_cache_size);
  voice::SphinxConfig sphinx;
  sphinx.max_decoders = config.stt_max_decoders;
  sphinx.warm_stream_decoders = config.stt_warm_decoders;
  sphinx.stream_vocabulary = config.stt_stream_vocabulary;
  // The customer-service language model (`carevoice train-lm`), when shipped in MODELS_DIR.
  const std::filesystem::path domain_lm = config.models_dir / kSpeechLmFile;
  std::error_code ec;
  if (std::filesystem::exists(domain_lm, ec)) sphinx.domain_lm_path = domain_lm.string();
  auto stt = voice::MakeSphinxStt(sphinx);
  if (stt && !config.openai_stt_model.empty()) {
    spdlog::info("speech: OpenAI-compatible transcription ({}, model {}), PocketSphinx fallback",
                 openai.base_url, openai.stt_model);
    std::unique_ptr<voice::Stt> combined =
        voice::MakeFallbackStt(voice::MakeOpenAiStt(openai), std::move(*stt));
    *stt = std::move(combined);
  }
  if (stt) {
    speech.stt = std::move(*stt);
    spdlog::info("speech: Flite + espeak-ng ({} voices), PocketSphinx",
                 speech.tts->Voices().size());
  } else {
    spdlog::warn("speech recognition unavailable: {}", stt.error().message);
  }
  return speech;
}

int RunServer(const Config& config) {
  if (!CreateFolders(config)) return 1;
  // Request, turn, rate-limit and database figures for GET /metrics (METRICS_TOKEN).
  core::Metrics metrics;
  core::VoiceMetrics voice_metrics;
  const bool postgres = config.database_kind == DatabaseKind::kPostgres;
  store::OpenOptions store_options;
  store_options.pool_size = static_cast<int>(
      config.database_pool_size > 0 ? config.database_pool_size : WorkerThreads(config));
  store_options.metrics = &metrics;
  auto opened = store::OpenStore(
      postgres ? config.database_url : "sqlite:" + config.sqlite_path.string(), store_options);
  if (!opened) {
    spdlog::critical("cannot open the database: {}", opened.error().message);
    return 1;
  }
  if (postgres)
    spdlog::info("database: PostgreSQL, {} connections at most", store_options.pool_size);
  // The one change feed: the engine publishes every committed change. Conversation lists are
  // served from memory until the owner's conversations change. Both outlive the engine.
  engine::EventFeed events;
  api::ConversationListCache list_cache;
  core::Result<std::unique_ptr<store::Store>> store = std::move(opened);
  const core::SystemClock clock;
  // Several processes (REDIS_URL): Socket.IO rooms, rate limits, session revocations and
  // per-conversation locks go through Redis; the conversation-list cache is off (another
  // process's writes would not bump this one's versions).
  std::unique_ptr<scale::Redis> redis;
  std::unique_ptr<scale::RedisCounters> shared_counters;
  std::unique_ptr<scale::RedisConversationLocks> conversation_locks;
  std::unique_ptr<scale::RedisSessionRevocations> revocations;
  const std::string origin = core::RandomHex(16);  // This process, in Redis messages.
  if (!config.redis_url.empty()) {
    scale::Redis::Options redis_options;
    redis_options.url = *scale::ParseRedisUrl(config.redis_url);  // Validated by the config.
    redis = std::make_unique<scale::Redis>(redis_options);
    shared_counters = std::make_unique<scale::RedisCounters>(*redis, origin);
    conversation_locks = std::make_unique<scale::RedisConversationLocks>(
        *redis, origin, std::chrono::milliseconds(config.redis_lock_ttl_ms));
    revocations = std::make_unique<scale::RedisSessionRevocations>(
        *redis, auth::MakeInMemorySessionRevocations(), origin, clock);
    spdlog::info("redis: {}:{} (process {}); the conversation-list cache is off",
                 redis_options.url.host, redis_options.url.port, origin);
  } else {
    events.Subscribe(&list_cache);
  }
  if (auto seeded = engine::SeedDemoAgents(**store, clock); !seeded) {
    spdlog::critical("cannot seed the demo agents: {}", seeded.error().message);
    return 1;
  }
  auto nlu = nlu::LoadNlu(config.models_dir.string());
  if (!nlu) {
    spdlog::critical("cannot load the NLU models from {}: {}", config.models_dir.string(),
                     nlu.error().message);
    return 1;
  }

  auth::AuthConfig auth_config;
  auth_config.jwt_secret = config.jwt_secret;
  auth_config.access_ttl_seconds = config.jwt_expires_in_seconds;
  auth_config.max_registrations_per_ip = config.registrations_per_ip_per_hour;
  auth_config.max_logins_per_ip = config.logins_per_ip;
  auth_config.refresh_grace_seconds = config.refresh_grace_seconds;
  auth_config.shared_counters = shared_counters.get();
  auto auth = auth::MakeAuthService(**store, clock, auth_config, revocations.get());
  if (revocations) revocations->Publish(true);  // The ones loaded from the store stay local.
  // Anonymous visitors of published agents, for the public REST routes and Socket.IO.
  const auth::VisitorService visitors(**store, auth->Tokens());
  auth::VisitorLimitsConfig visitor_limits_config;
  visitor_limits_config.ip_sessions_per_minute = config.visitor_ip_sessions_per_minute;
  visitor_limits_config.ip_messages_per_minute = config.visitor_ip_messages_per_minute;
  visitor_limits_config.visitor_messages_per_minute = config.visitor_messages_per_minute;
  visitor_limits_config.visitor_conversations_per_hour = config.visitor_conversations_per_hour;
  visitor_limits_config.ip_connections_per_minute = config.socket_connections_per_minute;
  visitor_limits_config.shared = shared_counters.get();
  auth::VisitorLimits visitor_limits(clock, visitor_limits_config);
  auto responder = MakeResponder(config);
  Speech speech = MakeSpeech(config);
  voice::AudioStore audio_store(
      {config.audio_path.string(), config.max_user_storage, "/public/audio/"});

  boost::asio::thread_pool pool(WorkerThreads(config));
  // bcrypt is deliberately slow: it gets its own pool (one thread per core), so a burst of logins
  // queues behind itself and never in front of database reads.
  boost::asio::thread_pool password_pool(std::max(1u, std::thread::hardware_concurrency()));
  engine::EngineDeps engine_deps;
  engine_deps.store = store->get();
  engine_deps.nlu = nlu->get();
  engine_deps.responder = responder.get();
  engine_deps.pool = &pool;
  engine_deps.clock = &clock;
  engine_deps.tts = speech.tts.get();
  engine_deps.stt = speech.stt.get();
  engine_deps.audio_store = &audio_store;
  engine_deps.events = &events;
  engine_deps.metrics = &metrics;
  engine_deps.conversation_locks = conversation_locks.get();
  auto engine = engine::MakeEngine(engine_deps);

  http::Router router;
  api::ApiDeps api_deps{**store, *auth, *engine, **nlu, pool, clock, api::ApiConfig{}};
  api_deps.config.audio_path = config.audio_path.string();
  api_deps.config.avatar_path = config.avatar_path.string();
  api_deps.config.upload_path = config.upload_path.string();
  api_deps.config.web_path = config.web_path.string();
  if (std::error_code ec; !std::filesystem::exists(config.web_path / "index.html", ec)) {
    spdlog::warn("web: no {} (set WEB_PATH): the console and the widget are not served",
                 (config.web_path / "index.html").string());
  } else if (!std::filesystem::exists(config.web_path / "node_modules", ec)) {
    spdlog::warn("web: no {} (run make setup): the console and the widget cannot load",
                 (config.web_path / "node_modules").string());
  }
  api_deps.config.max_file_size = config.max_file_size;
  api_deps.config.livekit_api_key = config.livekit_api_key;
  api_deps.config.livekit_api_secret = config.livekit_api_secret;
  api_deps.config.livekit_url = config.livekit_url;
  std::unique_ptr<telephony::RoomService> room_service;
  if (!config.livekit_url.empty() && !config.livekit_api_key.empty() &&
      !config.livekit_api_secret.empty()) {
    room_service = telephony::MakeLiveKitRoomService(
        telephony::LiveKitServerConfig{config.livekit_url, config.livekit_api_key,
                                       config.livekit_api_secret},
        clock);
    api_deps.room_service = room_service.get();
    spdlog::info("livekit: RoomService at {}", telephony::LiveKitHttpUrl(config.livekit_url));
  }
  api_deps.config.node_env = config.node_env;
  api_deps.config.version = CAREVOICE_VERSION;
  api_deps.config.legacy_socket = config.socketio_legacy;
  api_deps.list_cache = redis ? nullptr : &list_cache;
  api_deps.password_pool = &password_pool;
  api_deps.visitors = &visitors;
  api_deps.visitor_limits = &visitor_limits;
  api_deps.config.metrics_token = config.metrics_token;
  api_deps.metrics = &metrics;
  api_deps.voice_metrics = &voice_metrics;
  api_deps.pools = {{"worker", &pool}, {"password", &password_pool}};
  api_deps.tts = speech.tts.get();
  api::RegisterApiRoutes(router, api_deps);

  const auth::TokenVerifier& verifier = auth->Tokens();
  http::Authenticator authenticator =
      [&verifier](std::string_view token) -> core::Result<http::Principal> {
    auto principal = verifier.VerifyAccessToken(token);
    if (!principal) return principal.error();
    return http::Principal{principal->user_id, principal->role, principal->session_id};
  };
  http::ServerOptions server_options = MakeServerOptions(config);
  server_options.metrics = &metrics;
  http::Server server(std::move(server_options), router, std::move(authenticator));

  // Socket.IO at /socket.io/: staff, visitors and (legacy switch) the old frontend, fed by the
  // engine's change feed.
  realtime::SocketIoOptions sio_options;
  sio_options.engine.ping_interval = std::chrono::milliseconds(config.socketio_ping_interval_ms);
  sio_options.engine.ping_timeout = std::chrono::milliseconds(config.socketio_ping_timeout_ms);
  sio_options.engine.max_payload = static_cast<std::size_t>(config.socketio_max_payload);
  sio_options.connect_timeout = std::chrono::milliseconds(config.socketio_connect_timeout_ms);
  sio_options.engine.admit = [&visitor_limits](std::string_view ip) {
    return visitor_limits.CheckConnection(ip);
  };
  realtime::SocketIoServer sio(server.IoContext(), sio_options);
  realtime::ChatDeps chat_deps;
  chat_deps.engine = engine.get();
  chat_deps.tokens = &auth->Tokens();
  chat_deps.visitors = &visitors;
  chat_deps.visitor_limits = &visitor_limits;
  chat_deps.store = store->get();
  chat_deps.pool = &pool;
  chat_deps.legacy = config.socketio_legacy;
  realtime::ChatNamespace chat(sio, chat_deps);
  std::unique_ptr<realtime::Adapter> adapter;
  if (redis) adapter = std::make_unique<scale::RedisAdapter>(*redis, "/", origin);
  sio.AddNamespace("/", chat, std::move(adapter));
  if (redis) redis->Start();
  sio.RegisterRoutes(router, "/socket.io");
  events.Subscribe(&chat);
  // Live voice calls: /api/voice/stream and Twilio (they need both speech engines).
  std::optional<call::CallRoutes> calls;
  if (speech.tts && speech.stt) {
    call::CallRoutesDeps call_deps;
    call_deps.call.engine = engine.get();
    call_deps.call.tts = speech.tts.get();
    call_deps.call.stt = speech.stt.get();
    call_deps.call.pool = &pool;
    call_deps.call.metrics = &voice_metrics;
    call::TurnConfig& turn = call_deps.call.config.turn;
    turn.hangover = std::chrono::milliseconds(config.voice_hangover_ms);
    turn.long_hangover = std::chrono::milliseconds(config.voice_hangover_long_ms);
    turn.min_speech = std::chrono::milliseconds(config.voice_min_speech_ms);
    turn.idle = std::chrono::milliseconds(config.voice_idle_ms);
    call_deps.tokens = &auth->Tokens();
    call_deps.visitors = &visitors;
    call_deps.visitor_limits = &visitor_limits;
    call_deps.twilio_auth_token = config.twilio_auth_token;
    call_deps.twilio_numbers = config.twilio_numbers;
    call_deps.public_url = config.public_url;
    calls.emplace(std::move(call_deps));
    calls->Register(router);
    if (!config.twilio_numbers.empty() && config.twilio_auth_token.empty()) {
      spdlog::warn("twilio: TWILIO_AUTH_TOKEN is not set: /twilio/voice accepts unsigned requests");
    }
  } else {
    spdlog::warn("live voice calls unavailable: they need text-to-speech and speech recognition");
  }
  SessionPurger purger(server.IoContext(), pool, *auth);
  purger.Start();
  RevokedSocketSweeper sweeper(server.IoContext(), chat);
  sweeper.Start();
  server.OnStop([&sio, &purger, &sweeper, &calls] {
    sio.CloseAll();
    if (calls) calls->CloseAll();
    purger.Stop();
    sweeper.Stop();
  });
  auto port = server.Listen(config.host, config.port);
  if (!port) {
    spdlog::critical("{}", port.error().message);
    if (redis) redis->Stop();  // Its handlers use the Socket.IO server, gone after return.
    return 1;
  }
  boost::asio::signal_set signals(server.IoContext(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; finishing in-flight requests", signal);
    server.Stop();
  });
  AnnounceListening(config.host, *port);
  server.Run();
  if (conversation_locks) conversation_locks->ReleaseAll();  // Other processes need not wait.
  if (redis) redis->Stop();
  events.Unsubscribe(&chat);
  pool.join();
  password_pool.join();
  engine.reset();
  store->reset();  // Closes the database cleanly (WAL checkpoint).
  spdlog::info("server stopped cleanly");
  return 0;
}

}  // namespace carevoice::app
