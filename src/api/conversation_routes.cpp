// /api/conversations: list, create (with the welcome message), read, update, delete, end,
// messages, takeover/handback, sentiment re-analysis, and per-user stats. Every call goes through
// the engine (the one application service); the audio upload lives in audio_routes.cpp.

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/json_text.hpp"
#include "core/time.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

constexpr char kConversationNotFound[] = "Conversation not found";
constexpr std::size_t kMaxFilterLength = 200;  // company and q of the list.
constexpr int kMaxTzMinutes = 14 * 60;         // UTC-14:00..UTC+14:00.

// Parses ?limit= (1..1000, default 100) and ?offset= (>= 0, default 0).
core::Result<store::ListOptions> ParseListOptions(const http::RequestContext& ctx) {
  store::ListOptions opts;
  wire::FieldErrors errors;
  auto read_int = [&](const char* key, int min, int max, int& out) {
    std::optional<std::string> raw = ctx.Query(key);
    if (!raw) return;
    int value = 0;
    bool ok = !raw->empty() && raw->size() <= 9;
    for (char c : *raw) ok = ok && c >= '0' && c <= '9';
    if (ok) value = std::stoi(*raw);
    if (!ok || value < min || value > max) {
      errors.Add(key, std::string(key) + " must be an integer from " + std::to_string(min) +
                          " to " + std::to_string(max));
      return;
    }
    out = value;
  };
  read_int("limit", 1, 1000, opts.limit);
  read_int("offset", 0, 1'000'000'000, opts.offset);
  if (std::optional<std::string> agent_id = ctx.Query("agentId"); agent_id && !agent_id->empty()) {
    if (!core::IsObjectId(*agent_id)) {
      core::Error e = core::Error::BadRequest("agentId is not a valid id", "INVALID_ID");
      e.details = json::object{{"agentId", "agentId must be a 24-character hex id"}};
      return e;
    }
    opts.agent_id = *agent_id;
  }
  if (!errors.Empty()) return errors.ToError();
  return opts;
}

constexpr std::array<std::string_view, 4> kSentiments{"positive", "negative", "neutral", "urgent"};

// Reads the optional query parameter `key`; an empty value counts as absent. A value outside
// `allowed` (when given) or longer than `max_length` is recorded in `errors`.
std::optional<std::string> ReadFilter(const http::RequestContext& ctx, const char* key,
                                      std::span<const std::string_view> allowed,
                                      std::size_t max_length, wire::FieldErrors& errors) {
  std::optional<std::string> raw = ctx.Query(key);
  if (!raw || raw->empty()) return std::nullopt;
  if (allowed.size() > 0 && std::find(allowed.begin(), allowed.end(), *raw) == allowed.end()) {
    std::string names;
    for (std::string_view name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
    errors.Add(key, std::string(key) + " must be one of: " + names);
    return std::nullopt;
  }
  if (allowed.size() == 0 && raw->size() > max_length) {
    errors.Add(key,
               std::string(key) + " must be at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  return raw;
}

// ParseListOptions plus the inbox filters ?status=&sentiment=&company=&q= (GET /api/conversations).
core::Result<store::ListOptions> ParseListFilters(const http::RequestContext& ctx) {
  auto opts = ParseListOptions(ctx);
  if (!opts) return opts;
  wire::FieldErrors errors;
  if (auto status = ReadFilter(ctx, "status", core::kConversationStatusNames, 0, errors)) {
    opts->status = core::ParseConversationStatus(*status);
  }
  opts->sentiment = ReadFilter(ctx, "sentiment", kSentiments, 0, errors);
  opts->company = ReadFilter(ctx, "company", {}, kMaxFilterLength, errors);
  if (auto q = ReadFilter(ctx, "q", {}, kMaxFilterLength, errors)) {
    if (std::string trimmed = wire::Trimmed(*q); !trimmed.empty()) opts->query = trimmed;
  }
  if (!errors.Empty()) return errors.ToError();
  return opts;
}

// Parses a stats bound: "YYYY-MM-DD" (midnight at UTC + `tz_minutes`; with `end_of_day`, the next
// midnight, so a date `to` includes its day) or "YYYY-MM-DDTHH:MM:SS[.fff]Z" (that instant).
std::optional<core::TimeMs> ParseBound(const std::string& raw, int tz_minutes, bool end_of_day) {
  constexpr core::TimeMs kDayMs = 24LL * 3600 * 1000;
  if (raw.size() == 10) {
    std::optional<core::TimeMs> midnight = core::ParseIso8601(raw + "T00:00:00Z");
    if (!midnight || core::ToIso8601(*midnight).substr(0, 10) != raw) return std::nullopt;
    return *midnight - core::TimeMs{tz_minutes} * 60'000 + (end_of_day ? kDayMs : 0);
  }
  return core::ParseIso8601(raw);
}

// ?from=&to=&agentId=&tz= of GET /api/conversations/stats/user/:userId (docs/API.md).
core::Result<store::StatsFilter> ParseStatsFilter(const http::RequestContext& ctx) {
  store::StatsFilter filter;
  wire::FieldErrors errors;
  if (std::optional<std::string> tz = ctx.Query("tz"); tz && !tz->empty()) {
    const std::string_view digits = (*tz)[0] == '-' ? std::string_view{*tz}.substr(1) : *tz;
    bool ok = !digits.empty() && digits.size() <= 3;
    for (char c : digits) ok = ok && c >= '0' && c <= '9';
    const int minutes = ok ? std::stoi(*tz) : 0;
    if (!ok || minutes < -kMaxTzMinutes || minutes > kMaxTzMinutes) {
      errors.Add("tz", "tz must be an integer number of minutes from -840 to 840");
    } else {
      filter.tz_offset_minutes = minutes;
    }
  }
  std::optional<core::TimeMs> to_start;  // `to` without its day: a date `to` equal to `from` is
                                         // that one day, and an earlier one is reversed.
  for (const char* key : {"from", "to"}) {
    std::optional<std::string> raw = ctx.Query(key);
    if (!raw || raw->empty()) continue;
    const bool is_to = std::string_view(key) == "to";
    std::optional<core::TimeMs> at = ParseBound(*raw, filter.tz_offset_minutes, is_to);
    if (!at) {
      errors.Add(key, std::string(key) +
                          " must be an ISO-8601 date (YYYY-MM-DD) or UTC time "
                          "(YYYY-MM-DDTHH:MM:SS[.sss]Z)");
      continue;
    }
    if (is_to) {
      filter.to = *at;
      to_start = ParseBound(*raw, filter.tz_offset_minutes, false);
    } else {
      filter.from = *at;
    }
  }
  if (filter.from && to_start && *filter.from > *to_start) {
    errors.Add("to", "to must not be before from");
  }
  if (std::optional<std::string> agent_id = ctx.Query("agentId"); agent_id && !agent_id->empty()) {
    if (!core::IsObjectId(*agent_id)) {
      errors.Add("agentId", "agentId must be a 24-character hex id");
    } else {
      filter.agent_id = *agent_id;
    }
  }
  if (!errors.Empty()) return errors.ToError();
  return filter;
}

// Returns whether the list items carry their messages: ?include=messages (a comma-separated
// list), or by default when the legacy switch is on (the old frontend's history page reads them).
core::Result<bool> IncludeMessages(const ApiDeps& deps, const http::RequestContext& ctx) {
  std::optional<std::string> include = ctx.Query("include");
  if (!include) return deps.config.legacy_socket;
  bool messages = false;
  std::string_view rest = *include;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    if (item == "messages") {
      messages = true;
    } else if (!item.empty()) {
      core::Error e = core::Error::BadRequest("include must be a list of: messages");
      e.details = json::object{{"include", "include must be a list of: messages"}};
      return e;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return messages;
}

HandlerResult ListConversations(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto opts = ParseListFilters(ctx);
  if (!opts) co_return Fail(ctx, opts.error());
  auto with_messages = IncludeMessages(deps, ctx);
  if (!with_messages) co_return Fail(ctx, with_messages.error());
  const engine::Actor actor = ActorOf(*principal);
  const store::ListOptions& options = *opts;
  if (*with_messages) {  // Whole documents: not cached (the history page, seldom read).
    auto list = co_await deps.engine.ListConversationsWithMessages(actor, options);
    if (!list) co_return Fail(ctx, list.error());
    json::array out;
    out.reserve(list->size());
    for (const engine::ConversationWithMessages& c : *list) {
      out.push_back(wire::ConversationToJson(c.conversation, c.messages));
    }
    co_return Json(ctx, 200, out);
  }
  const std::string& user_id = principal->user_id;
  ConversationListCache* cache = deps.list_cache;
  std::string cache_key;
  std::uint64_t version = 0;
  // Only the unfiltered pages are cached (the inbox's default view); a filtered page is read.
  const bool filtered = opts->status || opts->sentiment || opts->company || opts->query;
  if (cache != nullptr && !filtered) {
    cache_key = user_id + "|" + opts->agent_id.value_or("") + "|" + std::to_string(opts->limit) +
                "|" + std::to_string(opts->offset);
    if (auto hit = cache->Get(user_id, cache_key)) {
      // NOLINTNEXTLINE(clang-analyzer-cplusplus.Move): moved once; a coroutine false positive.
      co_return http::JsonTextResponse(ctx, 200, std::move(*hit));
    }
    version = cache->Version(user_id);  // Before the read: see ConversationListCache.
  }
  auto list = co_await deps.engine.ListConversations(actor, options);
  if (!list) co_return Fail(ctx, list.error());
  json::array out;
  out.reserve(list->size());
  for (const core::Conversation& c : *list) out.push_back(wire::ConversationToJson(c));
  std::string body = core::ToJsonText(out);
  if (cache != nullptr && !filtered) cache->Put(user_id, cache_key, version, body);
  co_return http::JsonTextResponse(ctx, 200, std::move(body));
}

HandlerResult CreateConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto input = wire::ParseConversationCreate(*body);
  if (!input) co_return Fail(ctx, input.error());
  engine::StartOptions options;
  options.agent_id = input->agent_id;
  options.is_call_simulator = input->is_call_simulator;
  options.title = input->title;
  const engine::Actor actor = ActorOf(*principal);
  auto started = co_await deps.engine.StartConversation(actor, options);
  if (!started) co_return Fail(ctx, WithNotFoundMessage(started.error(), "Agent not found"));
  json::object out = wire::ConversationToJson(started->conversation, {started->welcome});
  out["welcomeMessage"] = wire::MessageToJson(started->welcome);
  if (started->conversation.is_call_simulator) {
    out["demoAgent"] = json::object{{"name", started->agent.name},
                                    {"company", started->agent.company},
                                    {"personality", started->agent.personality}};
  }
  co_return Json(ctx, 201, out);
}

HandlerResult GetConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const engine::Actor actor = ActorOf(*principal);
  auto loaded = co_await deps.engine.GetConversation(actor, *id);
  if (!loaded) co_return Fail(ctx, WithNotFoundMessage(loaded.error(), kConversationNotFound));
  json::object out = wire::ConversationToJson(loaded->conversation, loaded->messages);
  // Live voice calls: per-turn latencies and barge-ins (engine::VoiceTurnRecord).
  if (auto voice = engine::VoiceRecordJson(loaded->conversation)) {
    out["voiceCall"] = json::parse(*voice);
  }
  co_return Json(ctx, 200, out);
}

HandlerResult UpdateConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto patch = wire::ParseConversationPatch(*body);
  if (!patch) co_return Fail(ctx, patch.error());
  const engine::Actor actor = ActorOf(*principal);
  auto updated = co_await deps.engine.UpdateConversation(actor, *id, patch->title, patch->status);
  if (!updated) co_return Fail(ctx, WithNotFoundMessage(updated.error(), kConversationNotFound));
  co_return Json(ctx, 200, wire::ConversationToJson(*updated));
}

HandlerResult DeleteConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const engine::Actor actor = ActorOf(*principal);
  auto deleted = co_await deps.engine.DeleteConversation(actor, *id);
  if (!deleted) co_return Fail(ctx, WithNotFoundMessage(deleted.error(), kConversationNotFound));
  // The engine removed the conversation's audio files with it.
  co_return Json(ctx, 200, json::object{{"message", "Conversation deleted successfully"}});
}

HandlerResult EndConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const engine::Actor actor = ActorOf(*principal);
  auto ended = co_await deps.engine.EndConversation(actor, *id);
  if (!ended) co_return Fail(ctx, WithNotFoundMessage(ended.error(), kConversationNotFound));
  auto loaded = co_await deps.engine.GetConversation(actor, *id);
  if (!loaded) co_return Json(ctx, 200, wire::ConversationToJson(*ended));
  co_return Json(ctx, 200, wire::ConversationToJson(*ended, loaded->messages));
}

// The engine's status changes answered with the conversation after them.
using StatusChange = boost::asio::awaitable<core::Result<core::Conversation>> (engine::Engine::*)(
    engine::Actor, std::string);

// POST /:id/takeover (engine::Engine::TakeOver) and /:id/handback (HandBack).
template <StatusChange kChange>
HandlerResult ChangeStatus(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const engine::Actor actor = ActorOf(*principal);
  auto changed = co_await (deps.engine.*kChange)(actor, *id);
  if (!changed) co_return Fail(ctx, WithNotFoundMessage(changed.error(), kConversationNotFound));
  co_return Json(ctx, 200, wire::ConversationToJson(*changed));
}

// POST /reanalyze-sentiment {}: the old frontend's "Re-analyse" button.
HandlerResult ReanalyzeSentiment(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (!ctx.request->body().empty()) {  // {} or nothing; anything else must be a JSON object.
    auto body = http::ParseJsonObject(ctx);
    if (!body) co_return Fail(ctx, body.error());
  }
  const engine::Actor actor = ActorOf(*principal);
  auto done = co_await deps.engine.ReanalyzeSentiment(actor);
  if (!done) co_return Fail(ctx, done.error());
  co_return Json(ctx, 200,
                 json::object{{"success", true},
                              {"message", "Re-analysed the sentiment of " +
                                              std::to_string(done->total) + " conversations"},
                              {"totalConversations", done->total},
                              {"updatedConversations", done->updated}});
}

HandlerResult ListMessages(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const engine::Actor actor = ActorOf(*principal);
  auto loaded = co_await deps.engine.GetConversation(actor, *id);
  if (!loaded) co_return Fail(ctx, WithNotFoundMessage(loaded.error(), kConversationNotFound));
  json::array out;
  for (const core::Message& m : loaded->messages) {
    if (m.role != core::MessageRole::kSystem) out.push_back(wire::MessageToJson(m));
  }
  co_return Json(ctx, 200, out);
}

HandlerResult PostMessage(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto input = wire::ParseMessageInput(*body);
  if (!input) co_return Fail(ctx, input.error());
  const engine::Actor actor = ActorOf(*principal);

  if (input->role == core::MessageRole::kHuman) {
    auto message = co_await deps.engine.PostHumanMessage(actor, *id, input->content);
    if (!message) co_return Fail(ctx, WithNotFoundMessage(message.error(), kConversationNotFound));
    json::object out = wire::MessageToJson(*message);
    out["reply"] = nullptr;
    co_return Json(ctx, 201, out);
  }

  engine::MessageOptions options;
  options.want_audio = input->want_audio;
  auto turn = co_await deps.engine.HandleUserMessage(actor, *id, input->content, options);
  if (!turn) co_return Fail(ctx, WithNotFoundMessage(turn.error(), kConversationNotFound));
  co_return Json(ctx, 201, wire::TurnToJson(*turn, ReplyAudioUrl(*turn)));
}

HandlerResult UserStats(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto user_id = IdParam(ctx, "userId");
  if (!user_id) co_return Fail(ctx, user_id.error());
  auto filter = ParseStatsFilter(ctx);
  if (!filter) co_return Fail(ctx, filter.error());
  const engine::Actor actor = ActorOf(*principal);
  auto stats = co_await deps.engine.GetUserStats(actor, *user_id, *filter);
  if (!stats) co_return Fail(ctx, stats.error());
  co_return Json(ctx, 200, wire::StatsToJson(*stats));
}

}  // namespace

void RegisterConversationRoutes(http::Router& router, ApiDeps& deps) {
  const std::string base = "/api/conversations";
  router.Add(http::Verb::get, base, Bind(deps, &ListConversations));
  router.Add(http::Verb::post, base, Bind(deps, &CreateConversation));
  router.Add(http::Verb::post, base + "/reanalyze-sentiment", Bind(deps, &ReanalyzeSentiment));
  router.Add(http::Verb::get, base + "/stats/user/:userId", Bind(deps, &UserStats));
  router.Add(http::Verb::get, base + "/:id", Bind(deps, &GetConversation));
  router.Add(http::Verb::put, base + "/:id", Bind(deps, &UpdateConversation));
  router.Add(http::Verb::delete_, base + "/:id", Bind(deps, &DeleteConversation));
  router.Add(http::Verb::put, base + "/:id/end", Bind(deps, &EndConversation));
  router.Add(http::Verb::post, base + "/:id/takeover",
             Bind(deps, &ChangeStatus<&engine::Engine::TakeOver>));
  router.Add(http::Verb::post, base + "/:id/handback",
             Bind(deps, &ChangeStatus<&engine::Engine::HandBack>));
  router.Add(http::Verb::get, base + "/:id/messages", Bind(deps, &ListMessages));
  router.Add(http::Verb::post, base + "/:id/messages", Bind(deps, &PostMessage));
}

}  // namespace carevoice::api
