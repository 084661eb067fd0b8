#include "api/route_util.hpp"

#include "core/blocking.hpp"
#include "core/ids.hpp"

namespace carevoice::api {

http::Handler Bind(ApiDeps& deps, ApiHandlerFn fn) {
  return [&deps, fn](http::RequestContext& ctx) { return fn(deps, ctx); };
}

core::Result<http::Principal> RequirePrincipal(const http::RequestContext& ctx) {
  if (!ctx.principal || ctx.principal->user_id.empty()) {
    return core::Error::Unauthorized("Please authenticate.");
  }
  return *ctx.principal;
}

bool IsAdmin(const http::Principal& principal) { return principal.role == core::UserRole::kAdmin; }

engine::Actor ActorOf(const http::Principal& principal) {
  return engine::Actor{principal.user_id, IsAdmin(principal)};
}

std::string ConversationScope(const http::Principal& principal) {
  return IsAdmin(principal) ? std::string() : principal.user_id;
}

core::Result<std::string> IdParam(const http::RequestContext& ctx, const std::string& name) {
  const auto it = ctx.params.find(name);
  if (it == ctx.params.end() || !core::IsObjectId(it->second)) {
    core::Error e = core::Error::BadRequest("Invalid id: " + name, "INVALID_ID");
    e.details = boost::json::object{{name, name + " must be a 24-character hex id"}};
    return e;
  }
  return it->second;
}

http::Response Json(const http::RequestContext& ctx, unsigned status,
                    const boost::json::value& body) {
  return http::JsonResponse(ctx, status, body);
}

http::Response Fail(const http::RequestContext& ctx, const core::Error& error) {
  return http::ErrorResponse(ctx, error);
}

std::string ReplyAudioUrl(const engine::Turn& turn) {
  if (!turn.reply || !turn.audio || turn.audio->bytes.empty()) return "";
  return turn.reply->audio_url;
}

core::Error WithNotFoundMessage(core::Error error, const std::string& message) {
  if (error.kind == core::ErrorKind::kNotFound) error.message = message;
  return error;
}

}  // namespace carevoice::api
