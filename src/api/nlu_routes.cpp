// POST /api/nlu/analyze {text, agentId?}: the NLU analysis of one message.

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

HandlerResult Analyze(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  std::optional<std::string> text = wire::ReadString(*body, "text", errors);
  if (text) {
    wire::CheckLength(*text, "text", 1, wire::kMaxMessageLength, errors);
  } else if (!errors.Has("text")) {
    errors.Add("text", "text is required");
  }
  std::optional<std::string> agent_id = wire::ReadString(*body, "agentId", errors);
  if (agent_id && !agent_id->empty() && !core::IsObjectId(*agent_id)) {
    errors.Add("agentId", "agentId must be a 24-character hex id");
  }
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());

  store::Store& store = deps.store;
  const nlu::Nlu& nlu = deps.nlu;
  const std::string user_id = principal->user_id;
  auto analysis =
      co_await core::RunBlocking(deps.pool, [&]() -> core::Result<core::MessageMetadata> {
        if (!agent_id || agent_id->empty()) return nlu.Analyze(*text, nullptr);
        auto agent = store.GetAgent(*agent_id, user_id);
        if (!agent) return WithNotFoundMessage(agent.error(), "Agent not found");
        return nlu.Analyze(*text, &*agent);
      });
  if (!analysis) co_return Fail(ctx, analysis.error());
  co_return Json(ctx, 200, wire::MetadataToJson(*analysis));
}

}  // namespace

void RegisterNluRoutes(http::Router& router, ApiDeps& deps) {
  router.Add(http::Verb::post, "/api/nlu/analyze", Bind(deps, &Analyze));
}

}  // namespace carevoice::api
