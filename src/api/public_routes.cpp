// /api/public: the REST API of anonymous visitors of a published agent (design.md "Customers are
// visitors, not users"). No JWT: a visitor starts with POST /api/public/session {widgetKey,
// visitorToken?} and then authenticates every other call with two headers:
//
//   X-Widget-Key: wk_...        the published agent's widget key
//   X-Visitor-Token: <token>    the visitor token that POST /session returned
//
// The key is resolved to the published agent (a store read on the pool) and the token is verified
// for that agent only (auth::TokenVerifier::VerifyVisitorToken), so a token of another agent, a
// staff JWT and a tampered token are all 401; an unknown, rotated or unpublished key is 404
// WIDGET_NOT_FOUND. A visitor sees only their own conversations with that agent; anything else is
// 404 "Conversation not found". Visitors are rate limited (auth::VisitorLimits: 429 with
// Retry-After). Responses carry Cache-Control: no-store and never the owner's private fields.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/field.hpp>

#include <string>
#include <utility>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "auth/visitor_service.hpp"
#include "core/blocking.hpp"
#include "core/strings.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

constexpr const char* kConversationNotFound = "Conversation not found";
constexpr std::string_view kWidgetKeyHeader = "X-Widget-Key";
constexpr std::string_view kVisitorTokenHeader = "X-Visitor-Token";

// An authenticated visitor of one published agent.
struct Visitor {
  core::Agent agent;  // Published; agent.user_id owns the visitor's conversations.
  std::string visitor_id;
};

engine::Actor ActorOf(const Visitor& visitor) {
  return engine::Actor{visitor.agent.user_id, false, visitor.visitor_id};
}

// Returns `error` with its code replaced by `code`.
core::Error WithCode(core::Error error, std::string code) {
  error.code = std::move(code);
  return error;
}
core::Error Unavailable() {
  return WithCode(core::Error::Unavailable("The visitor API is not available"),
                  "VISITORS_UNAVAILABLE");
}

// Public responses are private to one visitor: never cached.
http::Response NoStore(http::Response res) {
  res.set(boost::beast::http::field::cache_control, "no-store");
  return res;
}
http::Response PublicJson(const http::RequestContext& ctx, unsigned status,
                          const json::value& body) {
  return NoStore(Json(ctx, status, body));
}
http::Response PublicFail(const http::RequestContext& ctx, const core::Error& error) {
  return NoStore(Fail(ctx, error));
}

// The agent as a visitor may see it: no system prompt, knowledge, widget key or owner.
json::object PublicAgentJson(const core::Agent& agent) {
  json::object out{{"_id", agent.id}, {"name", agent.name}, {"company", agent.company}};
  if (!agent.personality.empty()) out["personality"] = agent.personality;
  out["avatar"] = agent.avatar.empty() ? json::value(nullptr) : json::value(agent.avatar);
  out["voice"] = agent.voice.empty() ? json::value(nullptr) : json::value(agent.voice);
  return out;
}

// Returns the visitor of the request: X-Widget-Key names a published agent and X-Visitor-Token is
// a valid token for that agent. 401 WIDGET_KEY_REQUIRED / VISITOR_TOKEN_REQUIRED for a missing
// header, 401 INVALID_VISITOR_TOKEN / TOKEN_EXPIRED for a bad token, 404 WIDGET_NOT_FOUND for a
// malformed, unknown or unpublished key, 503 without the visitor ports.
boost::asio::awaitable<core::Result<Visitor>> Authenticate(ApiDeps& deps,
                                                           const http::RequestContext& ctx) {
  if (deps.visitors == nullptr || deps.visitor_limits == nullptr) co_return Unavailable();
  const std::string key(core::TrimAscii(ctx.Header(kWidgetKeyHeader)));
  const std::string token(core::TrimAscii(ctx.Header(kVisitorTokenHeader)));
  const auth::VisitorService& visitors = *deps.visitors;
  auto session =
      co_await core::RunBlocking(deps.pool, [&] { return visitors.Authenticate(key, token); });
  if (!session) co_return session.error();
  co_return Visitor{std::move(session->agent), std::move(session->visitor_id)};
}

// Parses the body as a JSON object; an empty body is {}.
core::Result<json::object> OptionalJsonObject(const http::RequestContext& ctx) {
  if (ctx.request->body().empty()) return json::object{};
  return http::ParseJsonObject(ctx);
}

// POST /api/public/session {widgetKey, visitorToken?}
HandlerResult StartSession(ApiDeps& deps, http::RequestContext& ctx) {
  if (deps.visitors == nullptr || deps.visitor_limits == nullptr) {
    co_return PublicFail(ctx, Unavailable());
  }
  if (auto allowed = deps.visitor_limits->CheckSession(ctx.remote_ip); !allowed) {
    co_return PublicFail(ctx, allowed.error());
  }
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return PublicFail(ctx, body.error());
  wire::FieldErrors errors;
  std::optional<std::string> key = wire::ReadString(*body, "widgetKey", errors);
  if (!key && !errors.Has("widgetKey")) {
    const std::string_view header = core::TrimAscii(ctx.Header(kWidgetKeyHeader));
    if (!header.empty()) key = std::string(header);
  }
  if (!errors.Has("widgetKey") && (!key || key->empty())) {
    errors.Add("widgetKey", "widgetKey is required");
  }
  std::optional<std::string> token = wire::ReadString(*body, "visitorToken", errors);
  if (!errors.Empty()) co_return PublicFail(ctx, errors.ToError());
  const auth::VisitorService& visitors = *deps.visitors;
  const std::string& widget_key = *key;
  const std::optional<std::string_view> visitor_token =
      token ? std::optional<std::string_view>(*token) : std::nullopt;
  auto session = co_await core::RunBlocking(
      deps.pool, [&] { return visitors.ResolveVisitor(widget_key, visitor_token); });
  if (!session) co_return PublicFail(ctx, session.error());
  co_return PublicJson(ctx, 200,
                       json::object{{"visitorToken", session->visitor_token},
                                    {"visitorId", session->visitor_id},
                                    {"newVisitor", session->new_visitor},
                                    {"agent", PublicAgentJson(session->agent)}});
}

// GET /api/public/conversations
HandlerResult ListConversations(ApiDeps& deps, http::RequestContext& ctx) {
  auto visitor = co_await Authenticate(deps, ctx);
  if (!visitor) co_return PublicFail(ctx, visitor.error());
  const engine::Actor actor = ActorOf(*visitor);
  const std::string& agent_id = visitor->agent.id;
  auto list = co_await deps.engine.ListVisitorConversations(actor, agent_id);
  if (!list) co_return PublicFail(ctx, list.error());
  json::array out;
  out.reserve(list->size());
  for (const core::Conversation& c : *list) {
    out.push_back(wire::PublicConversationJson(wire::ConversationToJson(c)));
  }
  co_return PublicJson(ctx, 200, out);
}

// POST /api/public/conversations {title?}
HandlerResult CreateConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto visitor = co_await Authenticate(deps, ctx);
  if (!visitor) co_return PublicFail(ctx, visitor.error());
  auto body = OptionalJsonObject(ctx);
  if (!body) co_return PublicFail(ctx, body.error());
  wire::FieldErrors refused;
  for (const char* key : {"agentId", "agentInfo", "isCallSimulator"}) {
    if (body->contains(key)) {
      refused.Add(key, std::string(key) + " is not accepted here: the widget names the agent");
    }
  }
  if (!refused.Empty()) co_return PublicFail(ctx, refused.ToError());
  auto input = wire::ParseConversationCreate(*body);
  if (!input) co_return PublicFail(ctx, input.error());
  if (auto allowed = deps.visitor_limits->CheckNewConversation(visitor->visitor_id); !allowed) {
    co_return PublicFail(ctx, allowed.error());
  }
  engine::StartOptions options;
  options.agent_id = visitor->agent.id;
  options.title = input->title;
  const engine::Actor actor = ActorOf(*visitor);
  auto started = co_await deps.engine.StartConversation(actor, options);
  if (!started) co_return PublicFail(ctx, WithNotFoundMessage(started.error(), "Widget not found"));
  json::object out = wire::PublicConversationJson(
      wire::ConversationToJson(started->conversation, {started->welcome}));
  out["welcomeMessage"] = wire::MessageToJson(started->welcome);
  co_return PublicJson(ctx, 201, out);
}

// Loads conversation `:id` of the visitor (and of the widget's agent), else 404.
boost::asio::awaitable<core::Result<engine::ConversationWithMessages>> LoadOwn(
    ApiDeps& deps, const http::RequestContext& ctx, const Visitor& visitor) {
  auto id = IdParam(ctx, "id");
  if (!id) co_return id.error();
  const engine::Actor actor = ActorOf(visitor);
  auto loaded = co_await deps.engine.GetConversation(actor, *id);
  if (!loaded) co_return WithNotFoundMessage(loaded.error(), kConversationNotFound);
  if (loaded->conversation.visitor_id != visitor.visitor_id ||
      loaded->conversation.agent_id != visitor.agent.id) {
    co_return core::Error::NotFound(kConversationNotFound);
  }
  co_return std::move(*loaded);
}

// GET /api/public/conversations/:id
HandlerResult GetConversation(ApiDeps& deps, http::RequestContext& ctx) {
  auto visitor = co_await Authenticate(deps, ctx);
  if (!visitor) co_return PublicFail(ctx, visitor.error());
  auto loaded = co_await LoadOwn(deps, ctx, *visitor);
  if (!loaded) co_return PublicFail(ctx, loaded.error());
  co_return PublicJson(ctx, 200,
                       wire::PublicConversationJson(
                           wire::ConversationToJson(loaded->conversation, loaded->messages)));
}

// GET /api/public/conversations/:id/messages
HandlerResult ListMessages(ApiDeps& deps, http::RequestContext& ctx) {
  auto visitor = co_await Authenticate(deps, ctx);
  if (!visitor) co_return PublicFail(ctx, visitor.error());
  auto loaded = co_await LoadOwn(deps, ctx, *visitor);
  if (!loaded) co_return PublicFail(ctx, loaded.error());
  json::array out;
  for (const core::Message& m : loaded->messages) {
    if (m.role != core::MessageRole::kSystem) out.push_back(wire::MessageToJson(m));
  }
  co_return PublicJson(ctx, 200, out);
}

// POST /api/public/conversations/:id/messages {content, wantAudio?}
HandlerResult PostMessage(ApiDeps& deps, http::RequestContext& ctx) {
  auto visitor = co_await Authenticate(deps, ctx);
  if (!visitor) co_return PublicFail(ctx, visitor.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return PublicFail(ctx, id.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return PublicFail(ctx, body.error());
  auto input = wire::ParseMessageInput(*body);
  if (!input) co_return PublicFail(ctx, input.error());
  if (input->role != core::MessageRole::kUser) {
    wire::FieldErrors errors;
    errors.Add("role", "role must be user");
    co_return PublicFail(ctx, errors.ToError());
  }
  if (auto allowed = deps.visitor_limits->CheckMessage(ctx.remote_ip, visitor->visitor_id);
      !allowed) {
    co_return PublicFail(ctx, allowed.error());
  }
  const engine::Actor actor = ActorOf(*visitor);
  engine::MessageOptions options;
  options.want_audio = input->want_audio;
  auto turn = co_await deps.engine.HandleUserMessage(actor, *id, input->content, options);
  if (!turn) co_return PublicFail(ctx, WithNotFoundMessage(turn.error(), kConversationNotFound));
  co_return PublicJson(ctx, 201, wire::TurnToJson(*turn, ReplyAudioUrl(*turn)));
}

}  // namespace

void RegisterPublicRoutes(http::Router& router, ApiDeps& deps) {
  const std::string base = "/api/public";
  http::RouteOptions open;
  open.requires_auth = false;
  open.cors_any_origin = true;  // Widgets call these from any site; the widget key picks the agent.
  router.Add(http::Verb::post, base + "/session", Bind(deps, &StartSession), open);
  router.Add(http::Verb::get, base + "/conversations", Bind(deps, &ListConversations), open);
  router.Add(http::Verb::post, base + "/conversations", Bind(deps, &CreateConversation), open);
  router.Add(http::Verb::get, base + "/conversations/:id", Bind(deps, &GetConversation), open);
  router.Add(http::Verb::get, base + "/conversations/:id/messages", Bind(deps, &ListMessages),
             open);
  router.Add(http::Verb::post, base + "/conversations/:id/messages", Bind(deps, &PostMessage),
             open);
}

}  // namespace carevoice::api
