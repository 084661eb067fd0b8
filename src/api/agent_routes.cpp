// /api/agents: CRUD of the caller's agents, POST /:id/test to try one out, and publishing
// (POST/DELETE /:id/publish, POST /:id/publish/rotate) for anonymous visitors.

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "auth/visitor_service.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

constexpr char kAgentNotFound[] = "Agent not found";

core::Error DemoReadOnly() { return core::Error::Forbidden("Demo agents are read-only"); }

HandlerResult ListAgents(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  store::Store& store = deps.store;
  auto agents = co_await core::RunBlocking(
      deps.pool, [&store, &principal] { return store.ListAgents(principal->user_id); });
  if (!agents) co_return Fail(ctx, agents.error());
  json::array out;
  for (const core::Agent& a : *agents) out.push_back(wire::AgentToJson(a));
  co_return Json(ctx, 200, out);
}

HandlerResult CreateAgent(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  core::Agent agent;
  if (auto applied = wire::ApplyAgentJson(*body, /*partial=*/false, agent); !applied) {
    co_return Fail(ctx, applied.error());
  }
  agent.id = core::NewObjectId();
  agent.user_id = principal->user_id;
  agent.is_demo = false;
  agent.created_at = agent.updated_at = deps.clock.NowMs();
  store::Store& store = deps.store;
  auto created =
      co_await core::RunBlocking(deps.pool, [&store, &agent] { return store.CreateAgent(agent); });
  if (!created) co_return Fail(ctx, created.error());
  co_return Json(ctx, 201, wire::AgentToJson(agent));
}

// Loads agent `id` visible to the caller (own or demo), mapping kNotFound to "Agent not found".
boost::asio::awaitable<core::Result<core::Agent>> LoadAgent(ApiDeps& deps, std::string id,
                                                            std::string user_id) {
  store::Store& store = deps.store;
  auto agent = co_await core::RunBlocking(
      deps.pool, [&store, &id, &user_id] { return store.GetAgent(id, user_id); });
  if (!agent) co_return WithNotFoundMessage(agent.error(), kAgentNotFound);
  co_return agent;
}

HandlerResult GetAgent(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto agent = co_await LoadAgent(deps, *id, principal->user_id);
  if (!agent) co_return Fail(ctx, agent.error());
  co_return Json(ctx, 200, wire::AgentToJson(*agent));
}

HandlerResult UpdateAgent(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto agent = co_await LoadAgent(deps, *id, principal->user_id);
  if (!agent) co_return Fail(ctx, agent.error());
  if (agent->is_demo || agent->user_id != principal->user_id) co_return Fail(ctx, DemoReadOnly());
  if (auto applied = wire::ApplyAgentJson(*body, /*partial=*/true, *agent); !applied) {
    co_return Fail(ctx, applied.error());
  }
  agent->updated_at = deps.clock.NowMs();
  store::Store& store = deps.store;
  const core::Agent& updated = *agent;
  auto saved = co_await core::RunBlocking(
      deps.pool, [&store, &updated] { return store.UpdateAgent(updated); });
  if (!saved) co_return Fail(ctx, WithNotFoundMessage(saved.error(), kAgentNotFound));
  co_return Json(ctx, 200, wire::AgentToJson(updated));
}

HandlerResult DeleteAgent(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto agent = co_await LoadAgent(deps, *id, principal->user_id);
  if (!agent) co_return Fail(ctx, agent.error());
  if (agent->is_demo || agent->user_id != principal->user_id) co_return Fail(ctx, DemoReadOnly());
  store::Store& store = deps.store;
  auto deleted = co_await core::RunBlocking(
      deps.pool, [&store, &id, &principal] { return store.DeleteAgent(*id, principal->user_id); });
  if (!deleted) co_return Fail(ctx, WithNotFoundMessage(deleted.error(), kAgentNotFound));
  co_return Json(ctx, 200, json::object{{"message", "Agent deleted successfully"}});
}

// POST /:id/test {message}: runs one turn as the agent in a new conversation titled "Agent test"
// (kept, so the exchange can be reviewed; marked is_test, so the stats leave it out) and returns
// {message, response, metadata, conversationId}.
HandlerResult TestAgent(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  std::optional<std::string> message = wire::ReadString(*body, "message", errors);
  if (message) {
    *message = wire::Trimmed(*message);
    wire::CheckLength(*message, "message", 1, wire::kMaxMessageLength, errors);
  } else if (errors.Empty()) {
    errors.Add("message", "message is required");
  }
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  auto agent = co_await LoadAgent(deps, *id, principal->user_id);
  if (!agent) co_return Fail(ctx, agent.error());

  const engine::Actor actor = ActorOf(*principal);
  engine::StartOptions start;
  start.agent_id = *id;
  start.title = "Agent test";
  start.is_test = true;  // Listed as before, but not a customer conversation in the stats.
  auto started = co_await deps.engine.StartConversation(actor, start);
  if (!started) co_return Fail(ctx, WithNotFoundMessage(started.error(), kAgentNotFound));
  const std::string conversation_id = started->conversation.id;
  const engine::MessageOptions options;
  auto turn = co_await deps.engine.HandleUserMessage(actor, conversation_id, *message, options);
  if (!turn) co_return Fail(ctx, turn.error());

  json::object out;
  const std::string reply = turn->reply ? turn->reply->content : std::string();
  out["message"] = reply;
  out["response"] = reply;
  out["metadata"] = turn->user_message.metadata ? wire::MetadataToJson(*turn->user_message.metadata)
                                                : wire::MetadataToJson(core::MessageMetadata{});
  out["conversationId"] = conversation_id;
  out["escalated"] = turn->conversation.status == core::ConversationStatus::kEscalated;
  co_return Json(ctx, 200, out);
}

// The body of the publishing routes: {agentId, published, widgetKey, embed} while published or
// when `with_key`, {agentId, published:false} otherwise.
json::object PublicationJson(const core::Agent& agent, bool with_key) {
  json::object out;
  out["agentId"] = agent.id;
  out["published"] = agent.published;
  if (agent.published || with_key) {
    out["widgetKey"] = agent.widget_key;
    // Widget keys are base64url: nothing to escape in the attribute.
    out["embed"] =
        "<script src=\"/widget.js\" data-widget-key=\"" + agent.widget_key + "\" async></script>";
  }
  return out;
}

enum class PublishAction { kPublish, kUnpublish, kRotate };

// Applies `action` to the caller's agent `:id`. Another user's agent, a demo agent and an unknown
// id are all 404 "Agent not found".
HandlerResult ChangePublication(ApiDeps& deps, http::RequestContext& ctx, PublishAction action) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  store::Store& store = deps.store;
  const std::string& user_id = principal->user_id;
  const std::string new_key = auth::NewWidgetKey();
  auto agent = co_await core::RunBlocking(deps.pool, [&]() -> core::Result<core::Agent> {
    switch (action) {
      case PublishAction::kPublish:
        return store.PublishAgent(*id, user_id, new_key);
      case PublishAction::kUnpublish:
        return store.UnpublishAgent(*id, user_id);
      case PublishAction::kRotate:
        return store.RotateAgentWidgetKey(*id, user_id, new_key);
    }
    return core::Error::Internal();
  });
  if (!agent) co_return Fail(ctx, WithNotFoundMessage(agent.error(), kAgentNotFound));
  co_return Json(ctx, 200, PublicationJson(*agent, action == PublishAction::kRotate));
}

HandlerResult PublishAgent(ApiDeps& deps, http::RequestContext& ctx) {
  co_return co_await ChangePublication(deps, ctx, PublishAction::kPublish);
}

HandlerResult UnpublishAgent(ApiDeps& deps, http::RequestContext& ctx) {
  co_return co_await ChangePublication(deps, ctx, PublishAction::kUnpublish);
}

HandlerResult RotateWidgetKey(ApiDeps& deps, http::RequestContext& ctx) {
  co_return co_await ChangePublication(deps, ctx, PublishAction::kRotate);
}

}  // namespace

void RegisterAgentRoutes(http::Router& router, ApiDeps& deps) {
  router.Add(http::Verb::get, "/api/agents", Bind(deps, &ListAgents));
  router.Add(http::Verb::post, "/api/agents", Bind(deps, &CreateAgent));
  router.Add(http::Verb::get, "/api/agents/:id", Bind(deps, &GetAgent));
  router.Add(http::Verb::put, "/api/agents/:id", Bind(deps, &UpdateAgent));
  router.Add(http::Verb::delete_, "/api/agents/:id", Bind(deps, &DeleteAgent));
  router.Add(http::Verb::post, "/api/agents/:id/test", Bind(deps, &TestAgent));
  router.Add(http::Verb::post, "/api/agents/:id/publish", Bind(deps, &PublishAgent));
  router.Add(http::Verb::delete_, "/api/agents/:id/publish", Bind(deps, &UnpublishAgent));
  router.Add(http::Verb::post, "/api/agents/:id/publish/rotate", Bind(deps, &RotateWidgetKey));
}

}  // namespace carevoice::api
