#include "app/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "auth/visitor_service.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "scale/redis.hpp"

#ifndef CAREVOICE_DEFAULT_MODELS_DIR
#define CAREVOICE_DEFAULT_MODELS_DIR "models"
#endif

namespace carevoice::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLocalFrontend = "http://localhost:3000";
constexpr std::size_t kMinProductionSecretBytes = 32;
constexpr std::uint64_t kMaxRateLimit = 1000000;
constexpr std::size_t kGeneratedSecretBytes = 48;

core::Error ConfigError(std::string message) {
  return core::Error::BadRequest(std::move(message), "INVALID_CONFIG");
}

// Quotes a non-secret value for an error message (shortened).
std::string Shown(std::string_view value) {
  std::string out = "\"";
  out.append(value.substr(0, 64));
  if (value.size() > 64) out += "...";
  out += "\"";
  return out;
}

// Parses an on/off flag (on|true|1|yes, off|false|0|no), or an error naming `name`.
core::Result<bool> OnOff(std::string_view name, std::string_view value) {
  const std::string flag = core::ToLowerAscii(value);
  if (flag == "on" || flag == "true" || flag == "1" || flag == "yes") return true;
  if (flag == "off" || flag == "false" || flag == "0" || flag == "no") return false;
  return ConfigError(std::string(name) + " must be on or off (got " + Shown(value) + ")");
}

bool IsKeyChar(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

std::optional<std::uint64_t> ParseUnsigned(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (max - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

fs::path Resolve(const fs::path& working_dir, const std::string& value) {
  fs::path p(value);
  if (p.is_relative()) p = working_dir / p;
  return p.lexically_normal();
}

// Reads or creates <data_dir>/jwt_secret. Returns the secret or an error naming the file.
core::Result<std::string> LoadOrCreateSecret(const fs::path& data_dir) {
  const fs::path file = data_dir / "jwt_secret";
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    return ConfigError("JWT_SECRET is not set and DATA_DIR " + data_dir.string() +
                       " cannot be created: " + ec.message());
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (std::ifstream in(file); in) {
      std::string secret;
      std::getline(in, secret);
      secret = std::string(core::TrimAscii(secret));
      if (secret.size() < kMinProductionSecretBytes) {
        return ConfigError("JWT_SECRET is not set and " + file.string() +
                           " does not hold a usable secret (remove it to generate a new one)");
      }
      ::chmod(file.c_str(), 0600);
      return secret;
    }
    const std::string secret = core::RandomBase64Url(kGeneratedSecretBytes);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;  // Created concurrently: read it.
      return ConfigError("JWT_SECRET is not set and " + file.string() +
                         " cannot be created: " + std::strerror(errno));
    }
    const std::string line = secret + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!ok) {
      return ConfigError("JWT_SECRET is not set and " + file.string() + " cannot be written");
    }
    return secret;
  }
  return ConfigError("JWT_SECRET is not set and " + file.string() + " cannot be read");
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

core::Result<std::map<std::string, std::string>> ParseDotEnv(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = core::TrimAscii(line);
    if (line.empty() || line.front() == '#') {
      if (eol == text.size()) break;
      continue;
    }
    if (core::StartsWith(line, "export ") || core::StartsWith(line, "export\t")) {
      line = core::TrimAscii(line.substr(7));
    }
    const std::size_t eq = line.find('=');
    const std::string_view key = core::TrimAscii(line.substr(0, eq));
    bool key_ok = eq != std::string_view::npos && !key.empty();
    for (std::size_t i = 0; key_ok && i < key.size(); ++i) key_ok = IsKeyChar(key[i], i == 0);
    if (!key_ok) {
      return ConfigError(".env line " + std::to_string(line_no) + " is not KEY=VALUE");
    }
    std::string_view raw = core::TrimAscii(line.substr(eq + 1));
    std::string value;
    if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
      const char quote = raw.front();
      std::size_t i = 1;
      bool closed = false;
      for (; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
          const char n = raw[++i];
          value.push_back(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
          continue;
        }
        value.push_back(c);
      }
      const std::string_view rest = core::TrimAscii(raw.substr(std::min(i + 1, raw.size())));
      if (!closed || (!rest.empty() && rest.front() != '#')) {
        return ConfigError(".env line " + std::to_string(line_no) + " (" + std::string(key) +
                           ") has an unterminated or malformed quoted value");
      }
    } else {
      const std::size_t hash = raw.find(" #");
      const std::size_t tab_hash = raw.find("\t#");
      raw = raw.substr(0, std::min(hash, tab_hash));
      value = std::string(core::TrimAscii(raw));
    }
    out[std::string(key)] = std::move(value);
    if (eol == text.size()) break;
  }
  return out;
}

std::optional<std::uint64_t> ParseByteSize(std::string_view text) {
  std::string s = core::ToLowerAscii(core::TrimAscii(text));
  std::size_t i = 0;
  auto numeric = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
  while (i < s.size() && numeric(s[i])) ++i;
  const std::string number = s.substr(0, i);
  const std::string_view rest = s;
  const std::string unit(core::TrimAscii(rest.substr(i)));
  if (number.empty() || number.front() == '.' || number.back() == '.' ||
      std::count(number.begin(), number.end(), '.') > 1) {
    return std::nullopt;
  }
  double multiplier = 1;
  if (unit.empty() || unit == "b") {
    multiplier = 1;
  } else if (unit == "kb" || unit == "k") {
    multiplier = 1024.0;
  } else if (unit == "mb" || unit == "m") {
    multiplier = 1024.0 * 1024;
  } else if (unit == "gb" || unit == "g") {
    multiplier = 1024.0 * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  if (number.find('.') == std::string::npos && multiplier == 1) {
    const auto v = ParseUnsigned(number, UINT64_MAX);
    if (!v || *v == 0) return std::nullopt;
    return v;
  }
  const double value = std::strtod(number.c_str(), nullptr) * multiplier;
  if (!(value >= 1) || value > 1e18) return std::nullopt;
  return static_cast<std::uint64_t>(std::floor(value));
}

core::Result<Config> LoadConfig(const EnvLookup& env, const fs::path& working_dir, ConfigUse use) {
  Config config;
  // .env first; the process environment overrides it.
  std::map<std::string, std::string> file_values;
  if (std::ifstream in(working_dir / ".env"); in) {
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParseDotEnv(text.str());
    if (!parsed) return parsed.error();
    file_values = std::move(*parsed);
  }
  // Returns the value of `name` (environment first, then .env); "" and unset → nullopt.
  const auto get = [&](const std::string& name) -> std::optional<std::string> {
    std::optional<std::string> v = env(name);
    if (!v) {
      const auto it = file_values.find(name);
      if (it != file_values.end()) v = it->second;
    }
    if (v && core::TrimAscii(*v).empty()) return std::nullopt;
    if (v) *v = std::string(core::TrimAscii(*v));
    return v;
  };

  if (auto v = get("NODE_ENV")) {
    config.node_env = core::ToLowerAscii(*v);
    if (config.node_env == "development") {
      config.environment = Environment::kDevelopment;
    } else if (config.node_env == "production") {
      config.environment = Environment::kProduction;
    } else if (config.node_env == "test") {
      config.environment = Environment::kTest;
    } else {
      return ConfigError("NODE_ENV must be development, production or test (got " + Shown(*v) +
                         ")");
    }
  }
  if (auto v = get("HOST")) config.host = *v;
  if (auto v = get("PORT")) {
    const auto port = ParseUnsigned(*v, 65535);
    if (!port)
      return ConfigError("PORT must be an integer from 0 to 65535 (got " + Shown(*v) + ")");
    config.port = static_cast<std::uint16_t>(*port);
  }

  if (auto v = get("FRONTEND_URL")) {
    for (const std::string_view piece : core::Split(*v, ',')) {
      std::string origin(core::TrimAscii(piece));
      while (!origin.empty() && origin.back() == '/') origin.pop_back();
      if (origin.empty()) continue;
      if (!core::StartsWith(origin, "http://") && !core::StartsWith(origin, "https://")) {
        return ConfigError("FRONTEND_URL must be a comma-separated list of http(s) origins (got " +
                           Shown(origin) + ")");
      }
      config.cors_origins.push_back(std::move(origin));
    }
  }
  // The local development frontend (the old project's React dev server) only in development.
  if (config.environment == Environment::kDevelopment &&
      std::find(config.cors_origins.begin(), config.cors_origins.end(), kLocalFrontend) ==
          config.cors_origins.end()) {
    config.cors_origins.emplace_back(kLocalFrontend);
  }
  if (auto v = get("TRUST_PROXY")) {
    auto proxies = http::TrustedProxies::Parse(*v);
    if (!proxies) return ConfigError(proxies.error().message);
    config.trusted_proxies = std::move(*proxies);
  }
  if (auto v = get("METRICS_TOKEN")) {
    if (v->size() < 16) {
      return ConfigError("METRICS_TOKEN must be at least 16 characters (got " +
                         std::to_string(v->size()) + ")");
    }
    config.metrics_token = *v;
  }

  // Storage.
  const std::optional<std::string> database_url = get("DATABASE_URL");
  if (get("MONGODB_URI")) {
    if (!database_url) {
      return ConfigError(
          "MONGODB_URI is not supported; set DATABASE_URL=sqlite:PATH or postgres://...");
    }
    config.warnings.push_back("MONGODB_URI is not supported and is ignored; using DATABASE_URL");
  }
  if (auto v = get("DATA_DIR")) {
    config.data_dir = Resolve(working_dir, *v);
  } else {
    config.data_dir = Resolve(working_dir, "data");
  }
  if (database_url) config.database_url = *database_url;
  if (core::StartsWith(config.database_url, "sqlite:")) {
    std::string path = config.database_url.substr(7);
    if (core::StartsWith(path, "//")) path = path.substr(2);  // sqlite://relative or sqlite:///abs
    if (path.empty()) {
      return ConfigError("DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/carevoice.db");
    }
    config.database_kind = DatabaseKind::kSqlite;
    config.sqlite_path = Resolve(working_dir, path);
  } else if (core::StartsWith(config.database_url, "postgres://") ||
             core::StartsWith(config.database_url, "postgresql://")) {
    config.database_kind = DatabaseKind::kPostgres;
  } else {
    // The URL may hold a password: name the scheme only.
    const std::size_t colon = config.database_url.find(':');
    return ConfigError("DATABASE_URL must be sqlite:PATH or postgres://... (got scheme " +
                       Shown(config.database_url.substr(0, colon)) + ")");
  }

  if (auto v = get("REDIS_URL"); v && !v->empty()) {
    if (auto parsed = scale::ParseRedisUrl(*v); !parsed) {
      return ConfigError(parsed.error().message);  // Never echoes the URL (it may hold a password).
    }
    if (config.database_kind == DatabaseKind::kSqlite) {
      config.warnings.push_back(
          "REDIS_URL is set with a SQLite database: several processes need "
          "DATABASE_URL=postgres://");
    }
    config.redis_url = *v;
  }

  // Auth.
  if (auto v = get("JWT_EXPIRES_IN")) {
    const auto seconds = core::ParseDurationSeconds(*v);
    if (!seconds) {
      return ConfigError("JWT_EXPIRES_IN must be a duration such as 7d, 12h, 30m or 900 (got " +
                         Shown(*v) + ")");
    }
    config.jwt_expires_in_seconds = *seconds;
  }
  // Tools that serve nothing (analyze, eval, train) need no secret: nothing is checked or created.
  if (use == ConfigUse::kServer) {
    if (auto v = get("JWT_SECRET")) {
      config.jwt_secret = *v;
      if (config.environment == Environment::kProduction &&
          config.jwt_secret.size() < kMinProductionSecretBytes) {
        return ConfigError(
            "JWT_SECRET must be at least 32 bytes when NODE_ENV=production (it has " +
            std::to_string(config.jwt_secret.size()) + ")");
      }
      if (config.jwt_secret.size() < kMinProductionSecretBytes) {
        config.warnings.push_back("JWT_SECRET is shorter than 32 bytes; use a longer one");
      }
    } else if (config.environment == Environment::kProduction) {
      return ConfigError(
          "JWT_SECRET is required when NODE_ENV=production (at least 32 random bytes)");
    } else {
      auto secret = LoadOrCreateSecret(config.data_dir);
      if (!secret) return secret.error();
      config.jwt_secret = std::move(*secret);
      config.jwt_secret_generated = true;
      config.warnings.push_back("JWT_SECRET is not set; using the generated secret stored in " +
                                (config.data_dir / "jwt_secret").string() +
                                " (set JWT_SECRET in production)");
    }
  }

  // Rate limits of anonymous use.
  const std::pair<const char*, int*> limits[] = {
      {"RATE_LIMIT_REGISTRATIONS_PER_HOUR", &config.registrations_per_ip_per_hour},
      {"RATE_LIMIT_LOGINS_PER_IP", &config.logins_per_ip},
      {"RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE", &config.visitor_ip_sessions_per_minute},
      {"RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE", &config.visitor_ip_messages_per_minute},
      {"RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE", &config.visitor_messages_per_minute},
      {"RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR", &config.visitor_conversations_per_hour},
      {"RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE", &config.socket_connections_per_minute},
  };
  for (const auto& [name, field] : limits) {
    if (auto v = get(name)) {
      const auto n = ParseUnsigned(*v, kMaxRateLimit);
      if (!n || *n == 0) {
        return ConfigError(std::string(name) + " must be an integer from 1 to " +
                           std::to_string(kMaxRateLimit) + " (got " + Shown(*v) + ")");
      }
      *field = static_cast<int>(*n);
    }
  }

  if (auto v = get("REFRESH_GRACE_SECONDS")) {
    const auto n = ParseUnsigned(*v, 60);
    if (!n)
      return ConfigError("REFRESH_GRACE_SECONDS must be an integer from 0 to 60 (got " + Shown(*v) +
                         ")");
    config.refresh_grace_seconds = static_cast<int>(*n);
  }

  // Integrations.
  if (auto v = get("OPENAI_API_KEY")) config.openai_api_key = *v;
  if (auto v = get("OPENAI_BASE_URL")) {
    if (!core::StartsWith(*v, "http://") && !core::StartsWith(*v, "https://")) {
      return ConfigError("OPENAI_BASE_URL must start with http:// or https:// (got " + Shown(*v) +
                         ")");
    }
    config.openai_base_url = *v;
  }
  if (auto v = get("OPENAI_MODEL")) config.openai_model = *v;
  if (auto v = get("OPENAI_TTS_MODEL")) config.openai_tts_model = *v;
  if (auto v = get("OPENAI_STT_MODEL")) config.openai_stt_model = *v;
  if (auto v = get("LIVEKIT_API_KEY")) config.livekit_api_key = *v;
  if (auto v = get("LIVEKIT_API_SECRET")) config.livekit_api_secret = *v;
  if (auto v = get("LIVEKIT_URL")) {
    config.livekit_url = *v;
  } else if (auto legacy = get("LIVEKIT_WS_URL")) {
    config.livekit_url = *legacy;
    config.warnings.push_back("LIVEKIT_WS_URL is deprecated; use LIVEKIT_URL");
  }

  // Live voice calls.
  const std::tuple<const char*, int*, int, int> voice_ms[] = {
      {"VOICE_HANGOVER_MS", &config.voice_hangover_ms, 100, 3000},
      {"VOICE_HANGOVER_LONG_MS", &config.voice_hangover_long_ms, 100, 5000},
      {"VOICE_MIN_SPEECH_MS", &config.voice_min_speech_ms, 50, 2000},
      {"VOICE_IDLE_MS", &config.voice_idle_ms, 1000, 120000},
  };
  // PocketSphinx recognisers: the most per kind, and the live-call ones made at start-up.
  const std::tuple<const char*, int*, int> decoders[] = {
      {"STT_MAX_DECODERS", &config.stt_max_decoders, 1},
      {"STT_WARM_DECODERS", &config.stt_warm_decoders, 0},
  };
  for (const auto& [name, field, low] : decoders) {
    if (auto v = get(name)) {
      const auto n = ParseUnsigned(*v, 1024);
      if (!n || *n < static_cast<std::uint64_t>(low)) {
        return ConfigError(std::string(name) + " must be an integer from " + std::to_string(low) +
                           " to 1024 (got " + Shown(*v) + ")");
      }
      *field = static_cast<int>(*n);
    }
  }
  if (auto v = get("STT_STREAM_VOCABULARY")) {
    const auto n = ParseUnsigned(*v, 200000);
    if (!n || (*n != 0 && *n < 1000)) {
      return ConfigError(
          "STT_STREAM_VOCABULARY must be 0 (the whole dictionary) or a word count "
          "from 1000 to 200000 (got " +
          Shown(*v) + ")");
    }
    config.stt_stream_vocabulary = static_cast<int>(*n);
  }
  for (const auto& [name, field, low, high] : voice_ms) {
    if (auto v = get(name)) {
      const auto n = ParseUnsigned(*v, static_cast<std::uint64_t>(high));
      if (!n || *n < static_cast<std::uint64_t>(low)) {
        return ConfigError(std::string(name) + " must be milliseconds from " + std::to_string(low) +
                           " to " + std::to_string(high) + " (got " + Shown(*v) + ")");
      }
      *field = static_cast<int>(*n);
    }
  }
  if (auto v = get("TWILIO_AUTH_TOKEN")) config.twilio_auth_token = *v;
  if (auto v = get("TWILIO_NUMBERS")) {
    for (const std::string_view entry : core::Split(*v, ',')) {
      const std::string_view item = core::TrimAscii(entry);
      if (item.empty()) continue;
      const auto eq = item.find('=');
      const std::string number(
          core::TrimAscii(item.substr(0, eq == std::string_view::npos ? 0 : eq)));
      const std::string agent(eq == std::string_view::npos ? ""
                                                           : core::TrimAscii(item.substr(eq + 1)));
      if (number.empty() || !auth::IsWidgetKey(agent)) {
        return ConfigError(
            "TWILIO_NUMBERS must be a comma-separated list of NUMBER=WIDGET_KEY (got " +
            Shown(item) + ")");
      }
      config.twilio_numbers[number] = agent;
    }
  }
  if (auto v = get("PUBLIC_URL")) {
    if (!core::StartsWith(*v, "http://") && !core::StartsWith(*v, "https://")) {
      return ConfigError("PUBLIC_URL must start with http:// or https:// (got " + Shown(*v) + ")");
    }
    config.public_url = *v;
    while (!config.public_url.empty() && config.public_url.back() == '/')
      config.public_url.pop_back();
  }

  // Files.
  config.audio_path = Resolve(working_dir, get("AUDIO_PATH").value_or("data/audio"));
  config.avatar_path = Resolve(working_dir, get("AVATAR_PATH").value_or("data/avatars"));
  config.upload_path = Resolve(working_dir, get("UPLOAD_PATH").value_or("data/uploads"));
  config.web_path = Resolve(working_dir, get("WEB_PATH").value_or("web"));
  if (auto v = get("MAX_FILE_SIZE")) {
    const auto size = ParseByteSize(*v);
    if (!size) {
      return ConfigError("MAX_FILE_SIZE must be a positive size in bytes or like 10mb (got " +
                         Shown(*v) + ")");
    }
    config.max_file_size = *size;
  }
  if (auto v = get("MAX_USER_STORAGE")) {
    const std::string lower = core::ToLowerAscii(core::TrimAscii(*v));
    if (lower == "unlimited" || lower == "0") {
      config.max_user_storage = 0;
    } else {
      const auto size = ParseByteSize(*v);
      if (!size) {
        return ConfigError(
            "MAX_USER_STORAGE must be a size in bytes, like 500mb, or unlimited (got " + Shown(*v) +
            ")");
      }
      config.max_user_storage = *size;
    }
  }
  if (auto v = get("TTS_CACHE_SIZE")) {
    const auto size =
        core::TrimAscii(*v) == "0" ? std::optional<std::uint64_t>(0) : ParseByteSize(*v);
    if (!size) {
      return ConfigError("TTS_CACHE_SIZE must be a size in bytes, like 32mb, or 0 (got " +
                         Shown(*v) + ")");
    }
    config.tts_cache_size = *size;
  }
  if (auto v = get("SPEECH")) {
    auto on = OnOff("SPEECH", *v);
    if (!on) return on.error();
    config.speech = *on;
  }
  if (auto v = get("MODELS_DIR")) {
    config.models_dir = Resolve(working_dir, *v);
  } else {
    std::error_code ec;
    const fs::path local = working_dir / "models";
    config.models_dir = fs::is_directory(local, ec) ? local.lexically_normal()
                                                    : fs::path(CAREVOICE_DEFAULT_MODELS_DIR);
  }

  // Runtime.
  if (auto v = get("THREADS")) {
    const auto n = ParseUnsigned(*v, 1024);
    if (!n) return ConfigError("THREADS must be an integer from 0 to 1024 (got " + Shown(*v) + ")");
    config.threads = static_cast<unsigned>(*n);
  }
  if (auto v = get("WORKER_THREADS")) {
    const auto n = ParseUnsigned(*v, 1024);
    if (!n) {
      return ConfigError("WORKER_THREADS must be an integer from 0 to 1024 (got " + Shown(*v) +
                         ")");
    }
    config.worker_threads = static_cast<unsigned>(*n);
  }
  if (auto v = get("DATABASE_POOL_SIZE")) {
    const auto n = ParseUnsigned(*v, 1000);
    if (!n) {
      return ConfigError("DATABASE_POOL_SIZE must be an integer from 0 to 1000 (got " + Shown(*v) +
                         ")");
    }
    config.database_pool_size = static_cast<unsigned>(*n);
  }
  if (auto v = get("REDIS_LOCK_TTL_MS")) {
    const auto n = ParseUnsigned(*v, 600'000);
    if (!n || *n < 100) {
      return ConfigError("REDIS_LOCK_TTL_MS must be an integer from 100 to 600000 (got " +
                         Shown(*v) + ")");
    }
    config.redis_lock_ttl_ms = static_cast<unsigned>(*n);
  }
  if (auto v = get("LOG_LEVEL")) {
    std::string level = core::ToLowerAscii(*v);
    if (level == "warning") level = "warn";
    if (level == "fatal") level = "critical";
    static constexpr std::string_view kLevels[] = {"trace", "debug",    "info", "warn",
                                                   "error", "critical", "off"};
    if (std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels)) {
      return ConfigError(
          "LOG_LEVEL must be one of trace, debug, info, warn, error, critical, off (got " +
          Shown(*v) + ")");
    }
    config.log_level = level;
  }
  const std::pair<const char*, std::int64_t*> socketio[] = {
      {"SOCKETIO_PING_INTERVAL", &config.socketio_ping_interval_ms},
      {"SOCKETIO_PING_TIMEOUT", &config.socketio_ping_timeout_ms},
      {"SOCKETIO_MAX_PAYLOAD", &config.socketio_max_payload},
      {"SOCKETIO_CONNECT_TIMEOUT", &config.socketio_connect_timeout_ms},
  };
  for (const auto& [name, field] : socketio) {
    if (auto v = get(name)) {
      constexpr std::uint64_t kMaxSocketIoValue = 100'000'000;
      const auto n = ParseUnsigned(*v, kMaxSocketIoValue);
      if (!n || *n == 0) {
        return ConfigError(std::string(name) + " must be an integer from 1 to " +
                           std::to_string(kMaxSocketIoValue) + " (got " + Shown(*v) + ")");
      }
      *field = static_cast<std::int64_t>(*n);
    }
  }
  if (auto v = get("SOCKETIO_LEGACY")) {
    const std::string flag = core::ToLowerAscii(*v);
    if (flag == "on" || flag == "true" || flag == "1" || flag == "yes") {
      config.socketio_legacy = true;
      config.warnings.push_back(
          "SOCKETIO_LEGACY is on: Socket.IO clients without a token are accepted and trusted "
          "with the userId they name (the old backend's trust model). Use it only to migrate "
          "the old frontend, never in production");
    } else if (flag != "off" && flag != "false" && flag != "0" && flag != "no") {
      return ConfigError("SOCKETIO_LEGACY must be on or off (got " + Shown(*v) + ")");
    }
  }
  if (auto v = get("ACCESS_LOG")) {
    auto on = OnOff("ACCESS_LOG", *v);
    if (!on) return on.error();
    config.access_log = *on;
  }
  return config;
}

http::ServerOptions MakeServerOptions(const Config& config) {
  http::ServerOptions options;
  options.threads = config.threads;
  options.cors_origins = config.cors_origins;
  options.trusted_proxies = config.trusted_proxies;
  options.access_log = config.access_log;
  return options;
}

void AnnounceListening(std::string_view host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string_view::npos;
  const std::string line = std::string("CareVoice listening on http://") + (v6 ? "[" : "") +
                           std::string(host) + (v6 ? "]" : "") + ":" + std::to_string(port) + "\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace carevoice::app
