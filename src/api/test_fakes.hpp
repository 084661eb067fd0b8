#pragma once

// In-memory fakes of the ports the API uses, and a driver that runs one request through a
// Router, for the hermetic unit tests of src/api. Not part of the library.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "voice/audio_store.hpp"

namespace carevoice::api::testing {

using core::Error;
using core::Result;

class FakeStore final : public store::Store {
 public:
  bool ping_ok = true;
  std::vector<core::Agent> agents;
  std::vector<core::Conversation> conversations;
  std::vector<core::Message> messages;
  core::UserStats stats;
  std::string stats_user;
  store::StatsFilter stats_filter;  // The last GetUserStats filter.
  store::ListOptions list_options;  // The last ListConversations options.

  Result<std::string> Ping() override {
    if (!ping_ok) return Error::Unavailable("down");
    return std::string("connected");
  }
  Result<void> CreateUser(const core::User&) override { return {}; }
  Result<core::User> GetUserById(const std::string&) override { return Error::NotFound(); }
  Result<core::User> GetUserByEmail(const std::string&) override { return Error::NotFound(); }
  Result<void> UpdateUser(const core::User&) override { return {}; }
  Result<void> InsertRefreshToken(const store::RefreshToken&) override { return {}; }
  Result<store::RefreshToken> GetRefreshToken(const std::string&) override {
    return Error::NotFound();
  }
  Result<void> RotateRefreshToken(const std::string&, const store::RefreshToken&) override {
    return {};
  }
  Result<void> RevokeRefreshFamily(const std::string&) override { return {}; }
  Result<std::vector<std::string>> RevokeUserRefreshFamilies(const std::string&,
                                                             const std::string&) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<store::RevokedFamily>> ListRevokedFamilies(core::TimeMs) override {
    return std::vector<store::RevokedFamily>{};
  }
  Result<std::int64_t> PurgeRefreshTokens(core::TimeMs, core::TimeMs) override { return 0; }

  Result<void> CreateAgent(const core::Agent& agent) override {
    std::lock_guard lock(mu_);
    agents.push_back(agent);
    return {};
  }
  Result<core::Agent> GetAgent(const std::string& id, const std::string& user_id) override {
    std::lock_guard lock(mu_);
    for (const auto& a : agents) {
      if (a.id == id && (a.user_id == user_id || a.user_id.empty())) return a;
    }
    return Error::NotFound();
  }
  Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) override {
    std::lock_guard lock(mu_);
    std::vector<core::Agent> out;
    for (const auto& a : agents) {
      if (a.user_id == user_id) out.insert(out.begin(), a);
    }
    return out;
  }
  Result<std::vector<core::Agent>> ListDemoAgents() override { return std::vector<core::Agent>{}; }
  Result<void> UpdateAgent(const core::Agent& agent) override {
    std::lock_guard lock(mu_);
    for (auto& a : agents) {
      if (a.id == agent.id && a.user_id == agent.user_id) {
        a = agent;
        return {};
      }
    }
    return Error::NotFound();
  }
  Result<void> DeleteAgent(const std::string& id, const std::string& user_id) override {
    std::lock_guard lock(mu_);
    const auto n = std::erase_if(
        agents, [&](const core::Agent& a) { return a.id == id && a.user_id == user_id; });
    if (n == 0) return Error::NotFound();
    return {};
  }
  Result<core::Agent> PublishAgent(const std::string& id, const std::string& user_id,
                                   const std::string& new_widget_key) override {
    return UpdateOwned(id, user_id, [&](core::Agent& a) {
      a.published = true;
      if (a.widget_key.empty()) a.widget_key = new_widget_key;
    });
  }
  Result<core::Agent> UnpublishAgent(const std::string& id, const std::string& user_id) override {
    return UpdateOwned(id, user_id, [](core::Agent& a) { a.published = false; });
  }
  Result<core::Agent> RotateAgentWidgetKey(const std::string& id, const std::string& user_id,
                                           const std::string& new_widget_key) override {
    return UpdateOwned(id, user_id, [&](core::Agent& a) { a.widget_key = new_widget_key; });
  }
  Result<core::Agent> GetAgentByWidgetKey(const std::string& widget_key) override {
    std::lock_guard lock(mu_);
    for (const auto& a : agents) {
      if (a.published && !a.is_demo && !a.user_id.empty() && a.widget_key == widget_key) return a;
    }
    return Error::NotFound();
  }

  Result<void> CreateConversation(const core::Conversation& c) override {
    std::lock_guard lock(mu_);
    conversations.push_back(c);
    return {};
  }
  Result<core::Conversation> GetConversation(const std::string& id,
                                             const std::string& user_id) override {
    std::lock_guard lock(mu_);
    for (const auto& c : conversations) {
      if (c.id == id && (user_id.empty() || c.user_id == user_id)) return c;
    }
    return Error::NotFound();
  }
  Result<std::vector<core::Conversation>> ListConversations(
      const std::string& user_id, const store::ListOptions& opts) override {
    std::lock_guard lock(mu_);
    list_options = opts;
    std::vector<core::Conversation> out;
    for (const auto& c : conversations) {
      if (c.user_id != user_id) continue;
      if (opts.status && c.status != *opts.status) continue;
      if (opts.agent_id && c.agent_id != *opts.agent_id) continue;
      out.insert(out.begin(), c);
    }
    return out;
  }
  Result<core::Conversation> UpdateConversation(const std::string& id, const std::string& user_id,
                                                const store::ConversationPatch& patch,
                                                core::TimeMs now) override {
    std::lock_guard lock(mu_);
    for (auto& c : conversations) {
      if (c.id != id || (!user_id.empty() && c.user_id != user_id)) continue;
      if (patch.title) c.title = *patch.title;
      if (patch.status) c.status = *patch.status;
      if (patch.analytics) {
        c.analytics.duration = patch.analytics->duration;
        c.analytics.sentiment = patch.analytics->sentiment;
        c.analytics.satisfaction = patch.analytics->satisfaction;
      }
      c.updated_at = now;
      return c;
    }
    return Error::NotFound();
  }
  Result<void> DeleteConversation(const std::string& id, const std::string& user_id) override {
    std::lock_guard lock(mu_);
    const auto n = std::erase_if(conversations, [&](const core::Conversation& c) {
      return c.id == id && (user_id.empty() || c.user_id == user_id);
    });
    if (n == 0) return Error::NotFound();
    std::erase_if(messages, [&](const core::Message& m) { return m.conversation_id == id; });
    return {};
  }
  Result<void> AppendMessage(const core::Message& message, const std::string&) override {
    std::lock_guard lock(mu_);
    messages.push_back(message);
    return {};
  }
  Result<std::vector<core::Message>> ListMessages(const std::string& conversation_id,
                                                  const std::string& user_id) override {
    if (!GetConversation(conversation_id, user_id)) return Error::NotFound();
    std::lock_guard lock(mu_);
    std::vector<core::Message> out;
    for (const auto& m : messages) {
      if (m.conversation_id == conversation_id) out.push_back(m);
    }
    return out;
  }
  Result<core::UserStats> GetUserStats(const std::string& user_id,
                                       const store::StatsFilter& filter) override {
    stats_user = user_id;
    stats_filter = filter;
    return stats;
  }

 private:
  // Applies `change` to agent `id` owned by `user_id` (not a demo agent) and returns it.
  template <class Change>
  Result<core::Agent> UpdateOwned(const std::string& id, const std::string& user_id,
                                  Change change) {
    std::lock_guard lock(mu_);
    for (auto& a : agents) {
      if (a.id == id && a.user_id == user_id && !a.user_id.empty() && !a.is_demo) {
        change(a);
        return a;
      }
    }
    return Error::NotFound();
  }

  std::mutex mu_;
};

class FakeAuth final : public auth::AuthService {
 public:
  core::User user{"aaaaaaaaaaaaaaaaaaaaaaaa",
                  "Ann",
                  "ann@example.com",
                  "hash",
                  "",
                  core::UserRole::kUser,
                  1,
                  2};
  std::string last_ip;
  std::vector<std::string> sessions_revoked_for;  // RevokeAllSessions's arguments, in order.

  Result<auth::AuthTokens> Register(const auth::RegisterInput& input) override {
    if (input.name.empty() || input.email.empty() || input.password.empty()) {
      return Error::Validation("All fields are required", nullptr);
    }
    return MakeTokens();
  }
  Result<auth::AuthTokens> Login(std::string_view email, std::string_view password,
                                 std::string_view ip) override {
    last_ip = std::string(ip);
    if (email == "limited@example.com") {
      Error e{core::ErrorKind::kTooManyRequests, "Too many attempts", "TOO_MANY_REQUESTS", nullptr,
              42};
      return e;
    }
    if (password != "Secret123") return Error::Unauthorized("Invalid credentials");
    return MakeTokens();
  }
  Result<auth::AuthTokens> Refresh(std::string_view token) override {
    if (token != "r1") return Error::Unauthorized("Invalid refresh token");
    return MakeTokens();
  }
  Result<void> Logout(std::string_view, std::string_view) override { return {}; }
  Result<void> RevokeAllSessions(const std::string& user_id) override {
    sessions_revoked_for.push_back(user_id);
    return {};
  }
  Result<std::int64_t> PurgeExpired() override { return 0; }
  Result<auth::AccessClaims> VerifyAccessToken(std::string_view) const override {
    return Error::Unauthorized();
  }
  std::string IssueAccessToken(const core::User&) const override { return "jwt"; }
  const auth::TokenVerifier& Tokens() const override { return tokens_; }
  Result<core::User> GetUser(const std::string& id) override {
    if (id != user.id) return Error::NotFound("User not found");
    return user;
  }
  Result<core::User> UpdateProfile(const std::string& id,
                                   const auth::ProfilePatch& patch) override {
    if (id != user.id) return Error::NotFound("User not found");
    if (patch.name) user.name = *patch.name;
    return user;
  }

 private:
  core::SystemClock clock_;
  auth::TokenVerifier tokens_{clock_, auth::TokenConfig{"fake-auth-secret"}};
  auth::AuthTokens MakeTokens() const { return auth::AuthTokens{"jwt", "r2", user}; }
};

class FakeNlu final : public nlu::Nlu {
 public:
  core::MessageMetadata Analyze(std::string_view text, const core::Agent* agent) const override {
    core::MessageMetadata m;
    m.sentiment = text.find('!') != std::string_view::npos ? "urgent" : "neutral";
    m.intent = "support";
    m.intents = {"support"};
    m.confidence = 0.9;
    m.company = agent != nullptr ? agent->company : "";
    return m;
  }
  std::string ConversationSentiment(const std::vector<core::Message>&) const override {
    return "neutral";
  }
  double EstimateSatisfaction(const std::vector<core::Message>&) const override { return 3; }
  std::string MakeTitle(const std::vector<core::Message>&) const override { return "Title"; }
};

// Creates conversations and messages in a FakeStore. A message containing "escalate" escalates
// the conversation, and from then on no reply follows.
class FakeEngine final : public engine::Engine {
 public:
  explicit FakeEngine(FakeStore& store) : store_(store) {}
  std::optional<engine::MessageOptions> last_options;

  boost::asio::awaitable<Result<engine::Started>> StartConversation(
      engine::Actor actor, engine::StartOptions options) override {
    core::Agent agent;
    if (options.is_call_simulator) {
      agent.name = "Sigma";
      agent.company = "Zero to Hero";
      agent.personality = "sharp";
    } else if (options.agent_id) {
      auto found = store_.GetAgent(*options.agent_id, actor.user_id);
      if (!found) co_return found.error();
      agent = *found;
    }
    core::Conversation c;
    c.id = core::NewObjectId();
    c.user_id = actor.user_id;
    c.agent_id = options.agent_id.value_or("");
    c.title = options.title.value_or("New Conversation");
    c.is_call_simulator = options.is_call_simulator;
    c.visitor_id = actor.visitor_id;
    store_.CreateConversation(c).value();
    core::Message welcome{core::NewObjectId(), c.id, core::MessageRole::kAssistant, "Hello!", 5, "",
                          std::nullopt};
    store_.AppendMessage(welcome, actor.user_id).value();
    co_return engine::Started{c, welcome, agent, std::nullopt};
  }

  boost::asio::awaitable<Result<engine::Turn>> HandleUserMessage(
      engine::Actor actor, std::string conversation_id, std::string content,
      engine::MessageOptions options) override {
    last_options = options;
    auto c = store_.GetConversation(conversation_id, actor.is_admin ? "" : actor.user_id);
    if (!c) co_return c.error();
    if (!VisibleTo(actor, *c)) co_return Error::NotFound();
    engine::Turn turn;
    turn.user_message = {
        core::NewObjectId(), conversation_id,        core::MessageRole::kUser, content, 10,
        options.audio_url,   core::MessageMetadata{}};
    turn.user_message.metadata->intents = {"support"};
    turn.user_message.metadata->intent = "support";
    store_.AppendMessage(turn.user_message, actor.user_id).value();
    if (content.find("escalate") != std::string::npos) {
      store::ConversationPatch patch;
      patch.status = core::ConversationStatus::kEscalated;
      c = store_.UpdateConversation(conversation_id, "", patch, 11);
      turn.escalated_now = true;
    } else if (c->status != core::ConversationStatus::kEscalated) {
      turn.reply = core::Message{core::NewObjectId(),
                                 conversation_id,
                                 core::MessageRole::kAssistant,
                                 "Reply to " + content,
                                 12,
                                 "",
                                 std::nullopt};
      if (options.want_audio && audio_store_ != nullptr) {
        turn.audio = voice::Audio{"RIFFxxxxWAVE", "audio/wav"};
        turn.reply->audio_url =
            audio_store_->Save(c->user_id, turn.audio->bytes, "wav", turn.reply->id).value();
      }
      store_.AppendMessage(*turn.reply, actor.user_id).value();
    }
    turn.conversation = *c;
    co_return turn;
  }

  boost::asio::awaitable<Result<core::Message>> PostHumanMessage(engine::Actor actor,
                                                                 std::string conversation_id,
                                                                 std::string content) override {
    auto c = store_.GetConversation(conversation_id, actor.is_admin ? "" : actor.user_id);
    if (!c) co_return c.error();
    core::Message m{
        core::NewObjectId(), conversation_id, core::MessageRole::kHuman, content, 20, "",
        std::nullopt};
    store_.AppendMessage(m, actor.user_id).value();
    co_return m;
  }

  boost::asio::awaitable<Result<core::Conversation>> EndConversation(
      engine::Actor actor, std::string conversation_id) override {
    store::ConversationPatch patch;
    patch.status = core::ConversationStatus::kCompleted;
    co_return store_.UpdateConversation(conversation_id, actor.is_admin ? "" : actor.user_id, patch,
                                        30);
  }

  boost::asio::awaitable<Result<engine::ConversationWithMessages>> GetConversation(
      engine::Actor actor, std::string conversation_id) override {
    co_return Load(actor, conversation_id);
  }

  boost::asio::awaitable<Result<std::vector<core::Conversation>>> ListConversations(
      engine::Actor actor, store::ListOptions options) override {
    co_return store_.ListConversations(actor.user_id, options);
  }

  boost::asio::awaitable<Result<std::vector<engine::ConversationWithMessages>>>
  ListConversationsWithMessages(engine::Actor actor, store::ListOptions options) override {
    auto listed = store_.ListConversations(actor.user_id, options);
    if (!listed) co_return listed.error();
    std::vector<engine::ConversationWithMessages> out;
    for (const core::Conversation& c : *listed) {
      out.push_back({c, store_.ListMessages(c.id, actor.user_id).value()});
    }
    co_return out;
  }

  boost::asio::awaitable<Result<std::vector<core::Conversation>>> ListVisitorConversations(
      engine::Actor actor, std::string agent_id) override {
    if (actor.visitor_id.empty()) co_return Error::NotFound("Conversation not found");
    auto listed = store_.ListConversations(actor.user_id, store::ListOptions{});
    if (!listed) co_return listed.error();
    std::erase_if(*listed, [&](const core::Conversation& c) {
      return c.visitor_id != actor.visitor_id || c.agent_id != agent_id;
    });
    co_return listed;
  }

  boost::asio::awaitable<Result<core::Conversation>> UpdateConversation(
      engine::Actor actor, std::string conversation_id, std::optional<std::string> title,
      std::optional<core::ConversationStatus> status) override {
    const std::string scope = actor.is_admin ? "" : actor.user_id;
    if (!title && !status) co_return store_.GetConversation(conversation_id, scope);
    store::ConversationPatch patch;
    patch.title = title;
    patch.status = status;
    co_return store_.UpdateConversation(conversation_id, scope, patch, 40);
  }

  boost::asio::awaitable<Result<engine::Deleted>> DeleteConversation(
      engine::Actor actor, std::string conversation_id) override {
    auto loaded = Load(actor, conversation_id);
    if (!loaded) co_return loaded.error();
    const core::Conversation& c = loaded->conversation;
    if (auto r = store_.DeleteConversation(conversation_id, c.user_id); !r) co_return r.error();
    engine::Deleted d{c, {}};
    for (const core::Message& m : loaded->messages) {
      if (!m.audio_url.empty()) d.audio_urls.push_back(m.audio_url);
    }
    co_return d;
  }

  boost::asio::awaitable<Result<core::Conversation>> TakeOver(
      engine::Actor actor, std::string conversation_id) override {
    co_return SetStatus(actor, conversation_id, core::ConversationStatus::kEscalated);
  }

  boost::asio::awaitable<Result<core::Conversation>> HandBack(
      engine::Actor actor, std::string conversation_id) override {
    co_return SetStatus(actor, conversation_id, core::ConversationStatus::kActive);
  }

  boost::asio::awaitable<Result<void>> SetTyping(engine::Actor, std::string, bool) override {
    co_return Result<void>{};
  }

  boost::asio::awaitable<Result<void>> RecordVoiceTurn(engine::Actor, std::string,
                                                       engine::VoiceTurnRecord) override {
    co_return Result<void>{};
  }

  boost::asio::awaitable<Result<voice::SttBias>> SpeechBias(engine::Actor, std::string) override {
    co_return voice::SttBias{};
  }

  // Counts the caller's conversations; "updates" those whose sentiment is not neutral.
  boost::asio::awaitable<Result<engine::Reanalyzed>> ReanalyzeSentiment(
      engine::Actor actor) override {
    auto listed = store_.ListConversations(actor.user_id, store::ListOptions{});
    if (!listed) co_return listed.error();
    engine::Reanalyzed r;
    for (const core::Conversation& c : *listed) {
      ++r.total;
      if (c.analytics.sentiment != "neutral") ++r.updated;
    }
    co_return r;
  }

  boost::asio::awaitable<Result<core::UserStats>> GetUserStats(engine::Actor actor,
                                                               std::string user_id,
                                                               store::StatsFilter filter) override {
    if (user_id != actor.user_id && !actor.is_admin) {
      co_return Error::Forbidden("Unauthorized to access other user stats");
    }
    co_return store_.GetUserStats(user_id, filter);
  }

  boost::asio::awaitable<Result<engine::AudioTurn>> HandleUserAudio(
      engine::Actor actor, std::string conversation_id, engine::AudioMessage audio,
      engine::MessageOptions options) override {
    auto c = store_.GetConversation(conversation_id, actor.is_admin ? "" : actor.user_id);
    if (!c) co_return c.error();
    if (!VisibleTo(actor, *c)) co_return Error::NotFound();
    const std::string transcript(core::TrimAscii(audio.transcript));
    if (transcript.empty()) {
      co_return Error{core::ErrorKind::kUnprocessable,
                      "Transcript required: speech recognition is not enabled",
                      "TRANSCRIPT_REQUIRED", nullptr, 0};
    }
    auto url = audio_store_->Save(c->user_id, audio.bytes, audio.type.extension);
    if (!url) co_return url.error();
    options.audio_url = *url;
    auto turn = co_await HandleUserMessage(actor, conversation_id, transcript, options);
    if (!turn) co_return turn.error();
    co_return engine::AudioTurn{std::move(*turn), transcript, *url};
  }

  // Where replies and uploads are stored (REQUIRED by HandleUserAudio and spoken replies).
  void SetAudioStore(voice::AudioStore* store) { audio_store_ = store; }

 private:
  Result<engine::ConversationWithMessages> Load(const engine::Actor& actor, const std::string& id) {
    const std::string scope = actor.is_admin ? "" : actor.user_id;
    auto c = store_.GetConversation(id, scope);
    if (!c) return c.error();
    if (!VisibleTo(actor, *c)) return Error::NotFound();
    auto messages = store_.ListMessages(id, scope);
    if (!messages) return messages.error();
    return engine::ConversationWithMessages{*c, *messages};
  }

  // A visitor sees only their own conversations.
  static bool VisibleTo(const engine::Actor& actor, const core::Conversation& c) {
    return actor.visitor_id.empty() || c.visitor_id == actor.visitor_id;
  }
  Result<core::Conversation> SetStatus(const engine::Actor& actor, const std::string& id,
                                       core::ConversationStatus status) {
    store::ConversationPatch patch;
    patch.status = status;
    return store_.UpdateConversation(id, actor.is_admin ? "" : actor.user_id, patch, 50);
  }

  FakeStore& store_;
  voice::AudioStore* audio_store_ = nullptr;
};

struct CallResult {
  unsigned status = 0;
  boost::json::value body;
  http::Response response;
};

// Everything a test needs: fakes, deps, a router with every API route.
class ApiHarness {
 public:
  static constexpr const char* kUser = "aaaaaaaaaaaaaaaaaaaaaaaa";
  static constexpr const char* kOther = "bbbbbbbbbbbbbbbbbbbbbbbb";

  explicit ApiHarness(ApiConfig config = DefaultConfig())
      : pool_(2),
        clock_(1'700'000'000'000),
        engine_(store_),
        visitors_(store_, auth_.Tokens()),
        visitor_limits_(clock_, SmallVisitorLimits()),
        audio_store_({config.audio_path, 0, "/public/audio/"}),
        deps_{store_, auth_, engine_, nlu_, pool_, clock_, std::move(config)} {
    deps_.visitors = &visitors_;
    deps_.visitor_limits = &visitor_limits_;
    engine_.SetAudioStore(&audio_store_);
    RegisterApiRoutes(router_, deps_);
  }
  ~ApiHarness() { pool_.join(); }

  static ApiConfig DefaultConfig() {
    ApiConfig c;
    const auto dir = std::filesystem::temp_directory_path() / ("cv_api_test_" + core::RandomHex(6));
    c.audio_path = (dir / "audio").string();
    c.avatar_path = (dir / "avatars").string();
    c.upload_path = (dir / "uploads").string();
    c.max_file_size = 64 * 1024;
    c.version = "test";
    return c;
  }
  // Small visitor limits, so that tests reach them quickly.
  static auth::VisitorLimitsConfig SmallVisitorLimits() {
    auth::VisitorLimitsConfig c;
    c.ip_sessions_per_minute = 5;
    c.ip_messages_per_minute = 100;
    c.visitor_messages_per_minute = 4;
    c.visitor_conversations_per_hour = 3;
    return c;
  }

  // Runs an anonymous request with extra `headers` (name, value).
  CallResult CallWithHeaders(http::Verb verb, const std::string& target, const std::string& body,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    return Call(verb, target, body, "", core::UserRole::kUser, "application/json", headers);
  }

  // Runs `method target` with `body` (sent as JSON unless content_type says otherwise) as the
  // user `user_id` ("" = anonymous) with `role`.
  CallResult Call(http::Verb verb, const std::string& target, const std::string& body = "",
                  const std::string& user_id = kUser, core::UserRole role = core::UserRole::kUser,
                  const std::string& content_type = "application/json",
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    http::Request req{verb, target, 11};
    if (!body.empty()) req.set(boost::beast::http::field::content_type, content_type);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    http::RequestContext ctx;
    ctx.request = &req;
    const std::size_t q = target.find('?');
    ctx.path = target.substr(0, q);
    if (q != std::string::npos) {
      for (std::string_view kv : core::Split(std::string_view(target).substr(q + 1), '&')) {
        const std::size_t eq = kv.find('=');
        ctx.query[std::string(kv.substr(0, eq))] =
            eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1));
      }
    }
    ctx.remote_ip = "10.0.0.7";
    CallResult out;
    http::Router::Match match = router_.Find(verb, ctx.path);
    if (match.handler == nullptr) {
      out.status = match.path_matched_other_verb ? 405 : 404;
      return out;
    }
    ctx.params = match.params;
    if (match.options->requires_auth) {
      if (user_id.empty()) {
        out.status = 401;
        return out;
      }
      ctx.principal = http::Principal{user_id, role};
    }
    boost::asio::io_context io;
    std::exception_ptr failure;
    boost::asio::co_spawn(io, (*match.handler)(ctx), [&](std::exception_ptr e, http::Response r) {
      failure = e;
      out.response = std::move(r);
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
    out.status = out.response.result_int();
    const std::string& text = out.response.body();
    const std::string_view type = out.response[boost::beast::http::field::content_type];
    if (!text.empty() && type.find("json") != std::string_view::npos) {
      out.body = boost::json::parse(text);
    }
    return out;
  }

  FakeStore& store() { return store_; }
  FakeAuth& auth() { return auth_; }
  FakeEngine& engine() { return engine_; }
  http::Router& router() { return router_; }
  ApiDeps& deps() { return deps_; }
  core::ManualClock& clock() { return clock_; }
  auth::VisitorLimits& visitor_limits() { return visitor_limits_; }

 private:
  boost::asio::thread_pool pool_;
  core::ManualClock clock_;
  FakeStore store_;
  FakeAuth auth_;
  FakeNlu nlu_;
  FakeEngine engine_;
  auth::VisitorService visitors_;
  auth::VisitorLimits visitor_limits_;
  voice::AudioStore audio_store_;
  ApiDeps deps_;
  http::Router router_;
};

}  // namespace carevoice::api::testing
