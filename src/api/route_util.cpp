#include "api/route_util.hpp"

#include "api/file_storage.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "voice/audio_file.hpp"

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

bool IsAdmin(const http::Principal& principal) { return principal.role == "admin"; }

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

boost::asio::awaitable<std::string> SaveReplyAudio(ApiDeps& deps, const engine::Turn& turn) {
  if (turn.reply && !turn.reply->audio_url.empty()) co_return turn.reply->audio_url;  // Stored.
  if (!turn.audio || turn.audio->bytes.empty()) co_return std::string();
  std::string extension = voice::AudioExtensionForMimeType(turn.audio->mime_type);
  if (extension.empty()) extension = "wav";
  const voice::Audio& audio = *turn.audio;
  const std::string& folder = deps.config.audio_path;
  auto name = co_await core::RunBlocking(deps.pool,
                                         [&] { return SaveFile(folder, audio.bytes, extension); });
  if (!name) co_return std::string();
  co_return std::string(kAudioUrlPrefix) + *name;
}

core::Error WithNotFoundMessage(core::Error error, const std::string& message) {
  if (error.kind == core::ErrorKind::kNotFound) error.message = message;
  return error;
}

}  // namespace carevoice::api
