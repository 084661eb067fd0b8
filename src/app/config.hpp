#pragma once

// The application's configuration: environment variables plus a `.env` file in the working
// folder (the environment wins). README.md lists the variables.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/server.hpp"

namespace carevoice::app {

enum class Environment { kDevelopment, kProduction, kTest };
enum class DatabaseKind { kSqlite, kPostgres };

struct Config {
  std::string host = "127.0.0.1";                       // HOST (0.0.0.0 = every interface)
  std::uint16_t port = 5001;                            // PORT; 0 = an ephemeral port
  Environment environment = Environment::kDevelopment;  // NODE_ENV
  std::string node_env = "development";  // NODE_ENV as given (normalized to lower case)
  // FRONTEND_URL entries (trailing '/' removed), followed in development by
  // http://localhost:3000.
  std::vector<std::string> cors_origins;
  // TRUST_PROXY: reverse proxies whose X-Forwarded-For names the client (http/client_ip.hpp).
  http::TrustedProxies trusted_proxies;
  // METRICS_TOKEN: the bearer token of GET /metrics (>= 16 characters); "" = /metrics is off.
  std::string metrics_token;

  std::string database_url = "sqlite:data/carevoice.db";  // DATABASE_URL as given
  DatabaseKind database_kind = DatabaseKind::kSqlite;
  std::filesystem::path sqlite_path;  // kSqlite: the database file, absolute.
  // DATABASE_POOL_SIZE: PostgreSQL connections per process; 0 = one per worker thread.
  unsigned database_pool_size = 0;
  // REDIS_URL (redis://[:password@]host[:port][/db]): several processes share Socket.IO rooms,
  // rate limits, session revocations and per-conversation locks through it. "" = one process.
  std::string redis_url;
  // REDIS_LOCK_TTL_MS: how long a conversation's shared lock outlives a crashed holder.
  unsigned redis_lock_ttl_ms = 10'000;

  // JWT_SECRET, or (development/test only) the generated one persisted in <data_dir>/jwt_secret.
  // Never log it.
  std::string jwt_secret;
  bool jwt_secret_generated = false;  // true: it came from the jwt_secret file.
  std::int64_t jwt_expires_in_seconds = std::int64_t{7} * 86400;  // JWT_EXPIRES_IN
  // REFRESH_GRACE_SECONDS (0..60): a rotated refresh token presented again this soon gets the
  // same new pair (concurrent refreshes); later its reuse ends the session.
  int refresh_grace_seconds = 5;

  // Rate limits of anonymous use (each 1..1000000).
  int registrations_per_ip_per_hour = 10;    // RATE_LIMIT_REGISTRATIONS_PER_HOUR
  int logins_per_ip = 30;                    // RATE_LIMIT_LOGINS_PER_IP: successes per 15 min
  int visitor_ip_sessions_per_minute = 30;   // RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE
  int visitor_ip_messages_per_minute = 120;  // RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE
  int visitor_messages_per_minute = 30;      // RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE
  int visitor_conversations_per_hour = 10;   // RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR
  int socket_connections_per_minute = 600;   // RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE (per IP)

  // Socket.IO (the official server's defaults).
  std::int64_t socketio_ping_interval_ms = 25'000;    // SOCKETIO_PING_INTERVAL
  std::int64_t socketio_ping_timeout_ms = 20'000;     // SOCKETIO_PING_TIMEOUT
  std::int64_t socketio_max_payload = 1'000'000;      // SOCKETIO_MAX_PAYLOAD, bytes
  std::int64_t socketio_connect_timeout_ms = 45'000;  // SOCKETIO_CONNECT_TIMEOUT
  // SOCKETIO_LEGACY: accept the old frontend's tokenless sockets (userId in payloads), the old
  // backend's trust model. A migration aid, off by default; warned about at start-up.
  bool socketio_legacy = false;

  std::string openai_api_key;   // OPENAI_API_KEY (secret)
  std::string openai_base_url;  // OPENAI_BASE_URL; "" = the adapter's default
  std::string openai_model;     // OPENAI_MODEL; "" = the adapter's default
  // OPENAI_TTS_MODEL: with it, the endpoint's voices ("openai:alloy", ...) are offered.
  std::string openai_tts_model;
  // OPENAI_STT_MODEL: with it, voice messages are transcribed by the endpoint (PocketSphinx when
  // it fails, and for streaming).
  std::string openai_stt_model;

  std::string livekit_api_key;     // LIVEKIT_API_KEY
  std::string livekit_api_secret;  // LIVEKIT_API_SECRET (secret)
  std::string livekit_url;         // LIVEKIT_URL (or the legacy LIVEKIT_WS_URL)

  // Live voice calls (call/): the silence that ends a caller's turn, the longer one after "and"
  // or a number, the shortest speech that counts, and the idle time before a re-prompt.
  int voice_hangover_ms = 300;       // VOICE_HANGOVER_MS (100..3000)
  int voice_hangover_long_ms = 800;  // VOICE_HANGOVER_LONG_MS (100..5000)
  int voice_min_speech_ms = 250;     // VOICE_MIN_SPEECH_MS (50..2000)
  int voice_idle_ms = 8000;          // VOICE_IDLE_MS (1000..120000)
  // STT_MAX_DECODERS (1..1024): PocketSphinx recognisers per kind (live streams, whole files);
  // a live call holds one for its whole length, so this bounds the concurrent calls. About
  // 55 MB each for live calls (the reduced vocabulary) and 95 MB for whole files.
  int stt_max_decoders = 32;
  int stt_warm_decoders = 2;  // STT_WARM_DECODERS: stream decoders created at start-up.
  // STT_STREAM_VOCABULARY: live calls' vocabulary, the stock model's N most probable words
  // (voice::SphinxConfig::stream_vocabulary); 0 = the whole dictionary.
  int stt_stream_vocabulary = 20000;
  // TTS_CACHE_SIZE: synthesised sentences kept per voice for reuse (greetings, re-prompts,
  // recurring answers); "0" = none.
  std::uint64_t tts_cache_size = 32ull * 1024 * 1024;
  // Twilio: TWILIO_AUTH_TOKEN (secret; set = X-Twilio-Signature is required on /twilio/voice);
  // TWILIO_NUMBERS "+15551230001=<widget key>,..." (the called number → the published agent
  // whose widget key it is: a caller is a visitor of that agent, as on the web widget);
  // PUBLIC_URL "https://voice.example.com": the URL Twilio reaches (signatures, the stream URL);
  // "" = https:// + the request's Host.
  std::string twilio_auth_token;
  std::map<std::string, std::string> twilio_numbers;
  std::string public_url;

  // Folders, absolute (relative values are resolved against the working folder).
  std::filesystem::path data_dir;     // DATA_DIR (data)
  std::filesystem::path audio_path;   // AUDIO_PATH (data/audio)
  std::filesystem::path avatar_path;  // AVATAR_PATH (data/avatars)
  std::filesystem::path upload_path;  // UPLOAD_PATH (data/uploads)
  std::filesystem::path web_path;     // WEB_PATH (web): the console and widget
  std::filesystem::path models_dir;   // MODELS_DIR (see LoadConfig)
  std::uint64_t max_file_size = std::uint64_t{10} * 1024 * 1024;  // MAX_FILE_SIZE, bytes
  // MAX_USER_STORAGE: audio bytes kept per user (uploads, spoken replies); 0 = unlimited.
  std::uint64_t max_user_storage = 500ull * 1024 * 1024;
  // SPEECH: the local engines (Flite and espeak-ng speak, PocketSphinx listens). off: no
  // spoken replies, and voice messages need a transcript.
  bool speech = true;

  unsigned threads = 0;            // THREADS: I/O threads; 0 = one per core
  unsigned worker_threads = 0;     // WORKER_THREADS: blocking-work pool; 0 = the wiring's default
  std::string log_level = "info";  // LOG_LEVEL: trace|debug|info|warn|error|critical|off
  bool access_log = true;          // ACCESS_LOG: on|off|true|false|1|0|yes|no

  // Notes for the log once logging is set up (deprecated or ignored variables, a generated
  // secret...). They never contain secret values.
  std::vector<std::string> warnings;
};

// Returns the value of an environment variable, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Looks variables up in the process environment.
EnvLookup ProcessEnv();

// What the configuration is loaded for: the server, or a tool that serves nothing (analyze,
// eval, train), which reads the same variables but needs no JWT secret and writes no file.
enum class ConfigUse { kServer, kTool };

// Builds the configuration from `env` and `<working_dir>/.env` (a variable set in `env`, even to
// "", wins over the file; an empty value counts as unset). Validates every value. Errors
// (kBadRequest, code "INVALID_CONFIG") name the variable and never echo a secret; the caller
// prints them and exits with status 2. Side effect (kServer only): in development/test without
// JWT_SECRET, creates <DATA_DIR>/jwt_secret (mode 0600, 48 random bytes, base64url) or reuses it.
// MODELS_DIR defaults to <working_dir>/models if that folder exists, else to the source tree's
// models folder (compiled in).
core::Result<Config> LoadConfig(const EnvLookup& env, const std::filesystem::path& working_dir,
                                ConfigUse use = ConfigUse::kServer);

// Parses `.env` text: KEY=VALUE lines, '#' comments, an optional "export " prefix, values in
// single quotes (literal) or double quotes (\n, \t, \", \\ escapes), unquoted values trimmed and
// cut at " #". Returns an error naming the line of a malformed entry.
core::Result<std::map<std::string, std::string>> ParseDotEnv(std::string_view text);

// Parses a size such as "10485760", "10mb", "512 KB", "1.5gb" (1024-based units b/kb/mb/gb).
// Returns nullopt when malformed or zero.
std::optional<std::uint64_t> ParseByteSize(std::string_view text);

// The HTTP server options that follow from `config` (threads, CORS list, access log).
http::ServerOptions MakeServerOptions(const Config& config);

// Prints the one line the integration tests and the benchmark wait for,
// "CareVoice listening on http://HOST:PORT", to stdout and flushes it.
void AnnounceListening(std::string_view host, std::uint16_t port);

}  // namespace carevoice::app
