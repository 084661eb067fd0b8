// /api/livekit: access tokens (README and old-code paths) and room management. Authenticated,
// unlike the old backend. Tokens need LIVEKIT_API_KEY/SECRET (else 503 LIVEKIT_NOT_CONFIGURED);
// room management also needs LIVEKIT_URL (else 503 LIVEKIT_URL_NOT_CONFIGURED) and a RoomService
// adapter (else 501 NOT_IMPLEMENTED).

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "telephony/livekit_token.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

constexpr std::string_view kTestRoom = "test-room";

core::Error NotConfigured() {
  core::Error e = core::Error::Unavailable("LiveKit is not configured");
  e.code = "LIVEKIT_NOT_CONFIGURED";
  return e;
}

// Returns an error unless tokens can be signed.
std::optional<core::Error> CheckTokenConfig(const ApiConfig& config) {
  if (config.livekit_api_key.empty() || config.livekit_api_secret.empty()) return NotConfigured();
  return std::nullopt;
}

http::Response NotImplemented(const http::RequestContext& ctx) {
  return Json(ctx, 501,
              json::object{{"message", "LiveKit room management is not implemented yet"},
                           {"code", "NOT_IMPLEMENTED"}});
}

bool HasWsUrl(const ApiConfig& config) {
  return !telephony::LiveKitWsUrl(config.livekit_url).empty();
}

// Returns the error response when room management cannot run (503 without keys or LIVEKIT_URL,
// 501 without a RoomService adapter), or nullopt when it can.
std::optional<http::Response> RoomServiceUnavailable(const ApiDeps& deps,
                                                     const http::RequestContext& ctx) {
  if (auto e = CheckTokenConfig(deps.config)) return Fail(ctx, *e);
  if (!HasWsUrl(deps.config)) {
    core::Error e = core::Error::Unavailable("LiveKit RoomService not configured (LIVEKIT_URL)");
    e.code = "LIVEKIT_URL_NOT_CONFIGURED";
    return Fail(ctx, e);
  }
  if (deps.room_service == nullptr) return NotImplemented(ctx);
  return std::nullopt;
}

json::value WsUrl(const ApiConfig& config) {
  std::string url = telephony::LiveKitWsUrl(config.livekit_url);
  if (url.empty()) return nullptr;
  return json::value(std::move(url));
}

// A room name from `key` (required) of `body`.
std::optional<std::string> ReadRoomName(const json::object& body, const char* key,
                                        wire::FieldErrors& errors) {
  std::optional<std::string> name = wire::ReadString(body, key, errors);
  if (!name) {
    if (!errors.Has(key)) errors.Add(key, std::string(key) + " is required");
    return std::nullopt;
  }
  if (!telephony::IsValidRoomName(*name)) {
    errors.Add(key, std::string(key) + " must be 1-128 characters of letters, digits and _-.:=@");
    return std::nullopt;
  }
  return name;
}

// An optional identity or display name of at most 128 characters.
std::optional<std::string> ReadParticipantField(const json::object& body, const char* key,
                                                wire::FieldErrors& errors) {
  std::optional<std::string> value = wire::ReadString(body, key, errors);
  if (value) {
    *value = wire::Trimmed(*value);
    if (!wire::CheckLength(*value, key, 0, telephony::kMaxIdentityLength, errors))
      return std::nullopt;
    if (value->empty()) return std::nullopt;
  }
  return value;
}

telephony::LiveKitTokenOptions JoinToken(std::string room, std::string identity, std::string name) {
  telephony::LiveKitTokenOptions o;
  o.identity = std::move(identity);
  o.name = std::move(name);
  o.grant.room = std::move(room);
  o.grant.room_join = true;
  o.grant.can_publish = true;
  o.grant.can_subscribe = true;
  o.grant.can_publish_data = true;
  return o;
}

std::string Sign(const ApiDeps& deps, const telephony::LiveKitTokenOptions& options) {
  return telephony::CreateLiveKitToken(deps.config.livekit_api_key, deps.config.livekit_api_secret,
                                       options, deps.clock.NowMs());
}

// POST /token {roomName, participantName?, identity?} → {token, wsUrl, roomName, identity}.
// identity defaults to the caller's user id; participantName to the identity.
HandlerResult Token(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  std::optional<std::string> room = ReadRoomName(*body, "roomName", errors);
  std::optional<std::string> name = ReadParticipantField(*body, "participantName", errors);
  std::optional<std::string> identity = ReadParticipantField(*body, "identity", errors);
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  const std::string who = identity.value_or(principal->user_id);
  const std::string token = Sign(deps, JoinToken(*room, who, name.value_or(who)));
  co_return Json(
      ctx, 200,
      json::object{
          {"token", token}, {"wsUrl", WsUrl(deps.config)}, {"roomName", *room}, {"identity", who}});
}

struct LegacyRoomRequest {
  std::string room;
  std::string name;
  std::string identity;
};

// The old {roomName, participantName, participantIdentity} body: all three required (400
// "Missing required parameters" otherwise, with per-field details).
core::Result<LegacyRoomRequest> ParseLegacyRoomRequest(const json::object& body) {
  wire::FieldErrors errors;
  std::optional<std::string> room = ReadRoomName(body, "roomName", errors);
  std::optional<std::string> name = ReadParticipantField(body, "participantName", errors);
  std::optional<std::string> identity = ReadParticipantField(body, "participantIdentity", errors);
  if (!name && !errors.Has("participantName")) {
    errors.Add("participantName", "participantName is required");
  }
  if (!identity && !errors.Has("participantIdentity")) {
    errors.Add("participantIdentity", "participantIdentity is required");
  }
  if (!errors.Empty()) return errors.ToError("Missing required parameters");
  return LegacyRoomRequest{std::move(*room), std::move(*name), std::move(*identity)};
}

// POST /create-room → {roomToken, participantToken, wsUrl, roomName}. Only tokens are made (as
// in the old code); LiveKit creates the room when the first participant joins.
HandlerResult CreateRoomTokens(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto req = ParseLegacyRoomRequest(*body);
  if (!req) co_return Fail(ctx, req.error());
  telephony::LiveKitTokenOptions creator = JoinToken(req->room, "room-creator", "Room Creator");
  creator.grant.room_create = true;
  co_return Json(
      ctx, 200,
      json::object{{"roomToken", Sign(deps, creator)},
                   {"participantToken", Sign(deps, JoinToken(req->room, req->identity, req->name))},
                   {"wsUrl", WsUrl(deps.config)},
                   {"roomName", req->room}});
}

// POST /join-room → {participantToken, wsUrl, roomName}.
HandlerResult JoinRoom(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto req = ParseLegacyRoomRequest(*body);
  if (!req) co_return Fail(ctx, req.error());
  co_return Json(
      ctx, 200,
      json::object{{"participantToken", Sign(deps, JoinToken(req->room, req->identity, req->name))},
                   {"wsUrl", WsUrl(deps.config)},
                   {"roomName", req->room}});
}

// POST /create-test-room → {name:"test-room", token, wsUrl}; the token is for identity
// "test-user" ("Test User"). The room is created through the RoomService when one is wired
// (failures ignored, as in the old code), else by LiveKit on first join.
HandlerResult CreateTestRoom(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  if (deps.room_service != nullptr && HasWsUrl(deps.config)) {
    telephony::RoomService& rooms = *deps.room_service;
    co_await core::RunBlocking(deps.pool, [&rooms] {
      telephony::CreateRoomOptions options;
      options.name = std::string(kTestRoom);
      return rooms.CreateRoom(options).has_value();
    });
  }
  const std::string token = Sign(deps, JoinToken(std::string(kTestRoom), "test-user", "Test User"));
  co_return Json(
      ctx, 200, json::object{{"name", kTestRoom}, {"token", token}, {"wsUrl", WsUrl(deps.config)}});
}

// POST /room {roomName | name, emptyTimeout?, maxParticipants?} → the LiveKit Room object (201).
HandlerResult CreateRoom(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  const char* key = body->contains("roomName") ? "roomName" : "name";
  std::optional<std::string> room = ReadRoomName(*body, key, errors);
  telephony::CreateRoomOptions options;
  if (auto t = wire::ReadInteger(*body, "emptyTimeout", errors)) {
    if (*t < 0 || *t > 86'400) {
      errors.Add("emptyTimeout", "emptyTimeout must be an integer from 0 to 86400");
    } else {
      options.empty_timeout_s = *t;
    }
  }
  if (auto m = wire::ReadInteger(*body, "maxParticipants", errors)) {
    if (*m < 0 || *m > 10'000) {
      errors.Add("maxParticipants", "maxParticipants must be an integer from 0 to 10000");
    } else {
      options.max_participants = static_cast<int>(*m);
    }
  }
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  options.name = *room;
  telephony::RoomService& rooms = *deps.room_service;
  auto created = co_await core::RunBlocking(
      deps.pool, [&rooms, &options] { return rooms.CreateRoom(options); });
  if (!created) co_return Fail(ctx, created.error());
  co_return Json(ctx, 201, *created);
}

// GET /rooms → bare array of LiveKit Room objects.
HandlerResult ListRooms(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  telephony::RoomService& rooms = *deps.room_service;
  auto list = co_await core::RunBlocking(deps.pool, [&rooms] { return rooms.ListRooms(); });
  if (!list) co_return Fail(ctx, list.error());
  co_return Json(ctx, 200, *list);
}

// DELETE /room/:id and /rooms/:roomName → {message:"Room deleted successfully"}.
HandlerResult DeleteRoomNamed(ApiDeps& deps, http::RequestContext& ctx, const char* param_name) {
  const std::string param = param_name;
  if (auto principal = RequirePrincipal(ctx); !principal) co_return Fail(ctx, principal.error());
  const std::string& name = ctx.Param(param);
  if (!telephony::IsValidRoomName(name)) {
    wire::FieldErrors errors;
    errors.Add(param, param + " must be 1-128 characters of letters, digits and _-.:=@");
    co_return Fail(ctx, errors.ToError());
  }
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  telephony::RoomService& rooms = *deps.room_service;
  auto deleted =
      co_await core::RunBlocking(deps.pool, [&rooms, &name] { return rooms.DeleteRoom(name); });
  if (!deleted) co_return Fail(ctx, WithNotFoundMessage(deleted.error(), "Room not found"));
  co_return Json(ctx, 200, json::object{{"message", "Room deleted successfully"}});
}

HandlerResult DeleteRoomById(ApiDeps& deps, http::RequestContext& ctx) {
  return DeleteRoomNamed(deps, ctx, "id");
}

HandlerResult DeleteRoomByName(ApiDeps& deps, http::RequestContext& ctx) {
  return DeleteRoomNamed(deps, ctx, "roomName");
}

}  // namespace

void RegisterLiveKitRoutes(http::Router& router, ApiDeps& deps) {
  const std::string base = "/api/livekit";
  router.Add(http::Verb::post, base + "/token", Bind(deps, &Token));
  router.Add(http::Verb::post, base + "/room", Bind(deps, &CreateRoom));
  router.Add(http::Verb::get, base + "/rooms", Bind(deps, &ListRooms));
  router.Add(http::Verb::delete_, base + "/room/:id", Bind(deps, &DeleteRoomById));
  router.Add(http::Verb::post, base + "/create-room", Bind(deps, &CreateRoomTokens));
  router.Add(http::Verb::post, base + "/join-room", Bind(deps, &JoinRoom));
  router.Add(http::Verb::post, base + "/create-test-room", Bind(deps, &CreateTestRoom));
  router.Add(http::Verb::delete_, base + "/rooms/:roomName", Bind(deps, &DeleteRoomByName));
}

}  // namespace carevoice::api
