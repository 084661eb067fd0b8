#include "app/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace carevoice::app {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "cv_config_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void WriteDotEnv(const std::string& text) { std::ofstream(dir_ / ".env") << text; }

  core::Result<Config> Load(ConfigUse use = ConfigUse::kServer) {
    return LoadConfig(
        [this](const std::string& name) -> std::optional<std::string> {
          const auto it = env_.find(name);
          if (it == env_.end()) return std::nullopt;
          return it->second;
        },
        dir_, use);
  }

  // Loads and expects an error whose message names `variable`.
  void ExpectErrorNaming(const std::string& variable) {
    auto config = Load();
    ASSERT_FALSE(config.has_value()) << "expected an error for " << variable;
    EXPECT_NE(config.error().message.find(variable), std::string::npos) << config.error().message;
    EXPECT_EQ(config.error().code, "INVALID_CONFIG");
  }

  fs::path dir_;
  std::map<std::string, std::string> env_{{"JWT_SECRET", std::string(40, 's')}};
};

TEST_F(ConfigTest, Defaults) {
  auto config = Load();
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->port, 5001);
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->environment, Environment::kDevelopment);
  EXPECT_EQ(config->database_kind, DatabaseKind::kSqlite);
  EXPECT_EQ(config->sqlite_path, dir_ / "data" / "carevoice.db");
  EXPECT_EQ(config->jwt_expires_in_seconds, 7 * 86400);
  EXPECT_EQ(config->max_file_size, 10485760u);
  EXPECT_EQ(config->audio_path, dir_ / "data" / "audio");
  EXPECT_EQ(config->avatar_path, dir_ / "data" / "avatars");
  EXPECT_EQ(config->upload_path, dir_ / "data" / "uploads");
  EXPECT_EQ(config->data_dir, dir_ / "data");
  EXPECT_EQ(config->threads, 0u);
  EXPECT_TRUE(config->access_log);
  EXPECT_EQ(config->log_level, "info");
  EXPECT_EQ(config->cors_origins, std::vector<std::string>{"http://localhost:3000"});
  EXPECT_FALSE(config->models_dir.empty());
}

TEST_F(ConfigTest, EnvironmentWinsOverDotEnv) {
  WriteDotEnv(
      "# comment\n"
      "export PORT=6000\n"
      "HOST=127.0.0.1\n"
      "OPENAI_MODEL=\"gpt-4o mini\" # trailing comment\n"
      "LIVEKIT_API_KEY='lit#eral'\n"
      "FRONTEND_URL=https://a.example.com/, https://b.example.com\n"
      "MAX_FILE_SIZE=5mb\n");
  env_["PORT"] = "7000";
  auto config = Load();
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->port, 7000);         // env
  EXPECT_EQ(config->host, "127.0.0.1");  // .env
  EXPECT_EQ(config->openai_model, "gpt-4o mini");
  EXPECT_EQ(config->livekit_api_key, "lit#eral");
  EXPECT_EQ(config->max_file_size, 5u * 1024 * 1024);
  EXPECT_EQ(config->cors_origins,
            (std::vector<std::string>{"https://a.example.com", "https://b.example.com",
                                      "http://localhost:3000"}));
}

TEST_F(ConfigTest, PortZeroIsAllowed) {
  env_["PORT"] = "0";
  auto config = Load();
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->port, 0);
}

TEST_F(ConfigTest, BadValuesNameTheVariable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"PORT", "abc"},
      {"PORT", "70000"},
      {"PORT", "-1"},
      {"MAX_FILE_SIZE", "lots"},
      {"MAX_FILE_SIZE", "0"},
      {"MAX_FILE_SIZE", "10tb"},
      {"JWT_EXPIRES_IN", "soon"},
      {"JWT_EXPIRES_IN", "-5"},
      {"NODE_ENV", "staging"},
      {"THREADS", "many"},
      {"LOG_LEVEL", "loud"},
      {"ACCESS_LOG", "maybe"},
      {"SPEECH", "loud"},
      {"MAX_USER_STORAGE", "plenty"},
      {"DATABASE_URL", "mysql://x"},
      {"DATABASE_POOL_SIZE", "big"},
      {"DATABASE_POOL_SIZE", "1001"},
      {"FRONTEND_URL", "localhost:3000"},
      {"OPENAI_BASE_URL", "api.openai.com"},
      {"RATE_LIMIT_REGISTRATIONS_PER_HOUR", "0"},
      {"RATE_LIMIT_REGISTRATIONS_PER_HOUR", "ten"},
      {"RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE", "-3"},
      {"RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE", "1000001"},
      {"RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR", "1.5"},
      {"RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE", "lots"},
      {"RATE_LIMIT_LOGINS_PER_IP", "0"},
      {"REFRESH_GRACE_SECONDS", "61"},
      {"TRUST_PROXY", "10.0.0.0/99"},
      {"TRUST_PROXY", "proxy.example.com"},
      {"METRICS_TOKEN", "short"}};
  for (const auto& [name, value] : cases) {
    auto saved = env_;
    env_[name] = value;
    ExpectErrorNaming(name);
    env_ = saved;
  }
}

TEST_F(ConfigTest, AnonymousRateLimits) {
  auto defaults = Load();
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->registrations_per_ip_per_hour, 10);
  EXPECT_EQ(defaults->visitor_ip_sessions_per_minute, 30);
  EXPECT_EQ(defaults->visitor_ip_messages_per_minute, 120);
  EXPECT_EQ(defaults->visitor_messages_per_minute, 30);
  EXPECT_EQ(defaults->visitor_conversations_per_hour, 10);
  env_["RATE_LIMIT_REGISTRATIONS_PER_HOUR"] = "3";
  env_["RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE"] = "4";
  env_["RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE"] = "5";
  env_["RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE"] = "6";
  env_["RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR"] = "1000000";
  auto config = Load();
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->registrations_per_ip_per_hour, 3);
  EXPECT_EQ(config->visitor_ip_sessions_per_minute, 4);
  EXPECT_EQ(config->visitor_ip_messages_per_minute, 5);
  EXPECT_EQ(config->visitor_messages_per_minute, 6);
  EXPECT_EQ(config->visitor_conversations_per_hour, 1000000);
}

TEST_F(ConfigTest, ByteSizes) {
  EXPECT_EQ(ParseByteSize("10485760"), 10485760u);
  EXPECT_EQ(ParseByteSize("10mb"), 10485760u);
  EXPECT_EQ(ParseByteSize("10 MB"), 10485760u);
  EXPECT_EQ(ParseByteSize("512kb"), 524288u);
  EXPECT_EQ(ParseByteSize("1.5kb"), 1536u);
  EXPECT_EQ(ParseByteSize("1gb"), 1073741824u);
  EXPECT_FALSE(ParseByteSize("").has_value());
  EXPECT_FALSE(ParseByteSize("mb").has_value());
  EXPECT_FALSE(ParseByteSize("1..5mb").has_value());
  EXPECT_FALSE(ParseByteSize("0").has_value());
}

TEST_F(ConfigTest, DurationsAndAliases) {
  env_["JWT_EXPIRES_IN"] = "12h";
  env_["LIVEKIT_WS_URL"] = "wss://legacy.example.com";
  env_["DATABASE_URL"] = "postgresql://u:p@localhost/db";
  auto config = Load();
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->jwt_expires_in_seconds, 12 * 3600);
  EXPECT_EQ(config->livekit_url, "wss://legacy.example.com");
  EXPECT_EQ(config->database_kind, DatabaseKind::kPostgres);
  EXPECT_EQ(config->database_pool_size, 0u);  // One per worker thread.
  env_["DATABASE_POOL_SIZE"] = "12";
  EXPECT_EQ(Load()->database_pool_size, 12u);
  env_["LIVEKIT_URL"] = "wss://new.example.com";
  EXPECT_EQ(Load()->livekit_url, "wss://new.example.com");
}

TEST_F(ConfigTest, ProductionRequiresLongSecret) {
  env_["NODE_ENV"] = "production";
  env_.erase("JWT_SECRET");
  ExpectErrorNaming("JWT_SECRET");
  EXPECT_FALSE(fs::exists(dir_ / "data" / "jwt_secret"));  // Nothing generated in production.
  env_["JWT_SECRET"] = "short-secret";
  ExpectErrorNaming("JWT_SECRET");
  auto error = Load();
  ASSERT_FALSE(error.has_value());
  EXPECT_EQ(error.error().message.find("short-secret"), std::string::npos);  // Not echoed.
  env_["JWT_SECRET"] = std::string(32, 'k');
  EXPECT_TRUE(Load().has_value());
}

TEST_F(ConfigTest, DevelopmentSecretIsGeneratedOnceAndPersisted) {
  env_.erase("JWT_SECRET");
  env_["NODE_ENV"] = "test";
  auto first = Load();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->jwt_secret_generated);
  EXPECT_GE(first->jwt_secret.size(), 64u);  // 48 bytes in base64url.
  const fs::path file = dir_ / "data" / "jwt_secret";
  ASSERT_TRUE(fs::exists(file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const std::string& w : first->warnings) {
    EXPECT_EQ(w.find(first->jwt_secret), std::string::npos);  // The warning hides the secret.
  }
  auto second = Load();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->jwt_secret, first->jwt_secret);
  // An explicit secret wins over the file.
  env_["JWT_SECRET"] = std::string(33, 'x');
  auto explicit_secret = Load();
  EXPECT_EQ(explicit_secret->jwt_secret, std::string(33, 'x'));
  EXPECT_FALSE(explicit_secret->jwt_secret_generated);
}

TEST_F(ConfigTest, MongoUriAloneIsAnErrorAndWithDatabaseUrlAWarning) {
  env_["MONGODB_URI"] = "mongodb://localhost:27017/x";
  auto alone = Load();
  ASSERT_FALSE(alone.has_value());
  EXPECT_EQ(alone.error().message,
            "MONGODB_URI is not supported; set DATABASE_URL=sqlite:PATH or postgres://...");
  env_["DATABASE_URL"] = "sqlite:other.db";
  auto both = Load();
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->sqlite_path, dir_ / "other.db");
  bool warned = false;
  for (const std::string& w : both->warnings) warned |= w.find("MONGODB_URI") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST_F(ConfigTest, EmptyValuesCountAsUnset) {
  env_["PORT"] = "";
  WriteDotEnv("PORT=6000\n");
  // The environment's empty PORT shadows the file and falls back to the default.
  auto config = Load();
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->port, 5001);
}

TEST(DotEnvTest, ParsesQuotesEscapesAndRejectsMalformedLines) {
  auto parsed = ParseDotEnv(
      "A=1\r\n"
      "  B = spaced value  \n"
      "C=\"line\\nbreak \\\"q\\\"\"\n"
      "D='no \\n escape'\n"
      "E=\n"
      "F=x#not-a-comment\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->at("A"), "1");
  EXPECT_EQ(parsed->at("B"), "spaced value");
  EXPECT_EQ(parsed->at("C"), "line\nbreak \"q\"");
  EXPECT_EQ(parsed->at("D"), "no \\n escape");
  EXPECT_EQ(parsed->at("E"), "");
  EXPECT_EQ(parsed->at("F"), "x#not-a-comment");
  auto bad = ParseDotEnv("A=1\nthis is not valid\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseDotEnv("A=\"unterminated\n").has_value());
  EXPECT_FALSE(ParseDotEnv("1A=x\n").has_value());
}

TEST_F(ConfigTest, SpeechAndAudioQuota) {
  auto defaults = Load();
  ASSERT_TRUE(defaults.has_value());
  EXPECT_TRUE(defaults->speech);
  EXPECT_EQ(defaults->max_user_storage, 500ull * 1024 * 1024);
  EXPECT_TRUE(defaults->openai_tts_model.empty());
  env_["SPEECH"] = "off";
  env_["MAX_USER_STORAGE"] = "2mb";
  env_["OPENAI_STT_MODEL"] = "whisper-1";
  auto set = Load();
  ASSERT_TRUE(set.has_value());
  EXPECT_FALSE(set->speech);
  EXPECT_EQ(set->max_user_storage, 2u * 1024 * 1024);
  EXPECT_EQ(set->openai_stt_model, "whisper-1");
  env_["MAX_USER_STORAGE"] = "unlimited";
  EXPECT_EQ(Load()->max_user_storage, 0u);
}

TEST_F(ConfigTest, SpeechWarmDecodersAndTtsCache) {
  auto defaults = Load();
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->stt_warm_decoders, 2);
  EXPECT_EQ(defaults->tts_cache_size, 32ull * 1024 * 1024);
  env_["STT_WARM_DECODERS"] = "0";
  env_["TTS_CACHE_SIZE"] = "0";
  auto off = Load();
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(off->stt_warm_decoders, 0);
  EXPECT_EQ(off->tts_cache_size, 0u);
  env_["STT_WARM_DECODERS"] = "20";
  env_["TTS_CACHE_SIZE"] = "8mb";
  EXPECT_EQ(Load()->stt_warm_decoders, 20);
  EXPECT_EQ(Load()->tts_cache_size, 8u * 1024 * 1024);
  env_["STT_WARM_DECODERS"] = "many";
  ExpectErrorNaming("STT_WARM_DECODERS");
  env_["STT_WARM_DECODERS"] = "2";
  EXPECT_EQ(Load()->stt_stream_vocabulary, 20000);
  env_["STT_STREAM_VOCABULARY"] = "0";
  EXPECT_EQ(Load()->stt_stream_vocabulary, 0);
  env_["STT_STREAM_VOCABULARY"] = "5000";
  EXPECT_EQ(Load()->stt_stream_vocabulary, 5000);
  env_["STT_STREAM_VOCABULARY"] = "12";
  ExpectErrorNaming("STT_STREAM_VOCABULARY");
  env_["STT_STREAM_VOCABULARY"] = "all";
  ExpectErrorNaming("STT_STREAM_VOCABULARY");
  env_.erase("STT_STREAM_VOCABULARY");
  env_["TTS_CACHE_SIZE"] = "lots";
  ExpectErrorNaming("TTS_CACHE_SIZE");
}

TEST_F(ConfigTest, MalformedDotEnvIsAnError) {
  WriteDotEnv("GOOD=1\nBROKEN LINE\n");
  ExpectErrorNaming(".env");
}

TEST_F(ConfigTest, LocalFrontendOnlyInDevelopment) {
  env_["FRONTEND_URL"] = "https://app.example.com";
  for (const char* env : {"production", "test"}) {
    env_["NODE_ENV"] = env;
    auto config = Load();
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(config->cors_origins, std::vector<std::string>{"https://app.example.com"}) << env;
  }
  env_["NODE_ENV"] = "development";
  auto dev = Load();
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->cors_origins.back(), "http://localhost:3000");
}

TEST_F(ConfigTest, TrustProxyAndMetricsToken) {
  auto none = Load();
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->trusted_proxies.Empty());
  EXPECT_TRUE(none->metrics_token.empty());
  env_["TRUST_PROXY"] = "10.0.0.0/8, ::1";
  env_["METRICS_TOKEN"] = std::string(20, 'm');
  auto config = Load();
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_TRUE(config->trusted_proxies.Contains("10.1.2.3"));
  EXPECT_TRUE(config->trusted_proxies.Contains("::1"));
  EXPECT_FALSE(config->trusted_proxies.Contains("127.0.0.1"));
  EXPECT_EQ(config->metrics_token, std::string(20, 'm'));
  EXPECT_TRUE(MakeServerOptions(*config).trusted_proxies.Contains("10.1.2.3"));
}

TEST_F(ConfigTest, ToolsWriteNothing) {
  env_.erase("JWT_SECRET");
  for (const char* env : {"development", "production"}) {
    env_["NODE_ENV"] = env;
    ASSERT_TRUE(Load(ConfigUse::kTool).has_value()) << env;
  }
  auto config = Load(ConfigUse::kTool);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_TRUE(config->jwt_secret.empty());
  EXPECT_FALSE(fs::exists(dir_ / "data"));
}

TEST_F(ConfigTest, ServerOptionsFollowConfig) {
  env_["THREADS"] = "3";
  env_["ACCESS_LOG"] = "off";
  auto config = Load();
  ASSERT_TRUE(config.has_value());
  const http::ServerOptions options = MakeServerOptions(*config);
  EXPECT_EQ(options.threads, 3u);
  EXPECT_FALSE(options.access_log);
  EXPECT_EQ(options.cors_origins, config->cors_origins);
}

}  // namespace
}  // namespace carevoice::app
