// /api/livekit: access tokens (README and old-code paths) and room management. Authenticated,
// unlike the old backend. Tokens need LIVEKIT_API_KEY/SECRET (else 503 LIVEKIT_NOT_CONFIGURED);
// room management also needs LIVEKIT_URL (else 503 LIVEKIT_URL_NOT_CONFIGURED); LiveKit itself
// unreachable or failing is 503 LIVEKIT_UNAVAILABLE. POST /webhook receives LiveKit's signed
// webhooks (no user token: the signature is the authentication).
//
// Who may get what (docs/API.md "LiveKit rooms"):
// - a token's identity is always the caller's user id; a request naming another identity is
//   refused (403 IDENTITY_MISMATCH);
// - a room name that contains an id (24 hex digits, between non-alphanumerics) is private: every
//   id in it must be the caller's user id or one of the caller's conversations (else 404
//   "Conversation not found", as for any resource of another user); admins may join any room;
// - roomCreate is granted only by POST /create-room (the room token), and roomAdmin/roomList by
//   no endpoint; listing rooms is for admins, deleting a room for admins or its private owner.

#include <spdlog/spdlog.h>

#include <cctype>
#include <vector>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "telephony/livekit_token.hpp"
#include "telephony/livekit_webhook.hpp"
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

bool HasWsUrl(const ApiConfig& config) {
  return !telephony::LiveKitWsUrl(config.livekit_url).empty();
}

// Returns the error response when room management cannot run (503 without keys, LIVEKIT_URL or a
// RoomService adapter), or nullopt when it can.
std::optional<http::Response> RoomServiceUnavailable(const ApiDeps& deps,
                                                     const http::RequestContext& ctx) {
  if (auto e = CheckTokenConfig(deps.config)) return Fail(ctx, *e);
  if (!HasWsUrl(deps.config)) {
    core::Error e = core::Error::Unavailable("LiveKit RoomService not configured (LIVEKIT_URL)");
    e.code = "LIVEKIT_URL_NOT_CONFIGURED";
    return Fail(ctx, e);
  }
  if (deps.room_service == nullptr) return Fail(ctx, NotConfigured());
  return std::nullopt;
}

json::value WsUrl(const ApiConfig& config) {
  const std::string url = telephony::LiveKitWsUrl(config.livekit_url);
  if (url.empty()) return nullptr;
  return json::value(url);
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

// Returns the ids (24 hex digits bounded by non-alphanumerics) that `room` contains.
std::vector<std::string> IdsInRoomName(std::string_view room) {
  std::vector<std::string> ids;
  std::size_t i = 0;
  while (i < room.size()) {
    std::size_t j = i;
    while (j < room.size() && std::isalnum(static_cast<unsigned char>(room[j])) != 0) ++j;
    if (j - i == 24 && core::IsObjectId(room.substr(i, 24))) ids.emplace_back(room.substr(i, 24));
    i = j + 1;
  }
  return ids;
}

// Returns an error unless the caller may join (or manage) `room`: every id in the name is the
// caller or a conversation of the caller. `require_private`: a name without an id is refused
// too (403), for room management.
boost::asio::awaitable<std::optional<core::Error>> CheckRoomAccess(ApiDeps& deps,
                                                                   const http::Principal& principal,
                                                                   const std::string& room,
                                                                   bool require_private) {
  if (IsAdmin(principal)) co_return std::nullopt;
  std::vector<std::string> ids = IdsInRoomName(room);
  if (ids.empty()) {
    if (!require_private) co_return std::nullopt;
    core::Error e = core::Error::Forbidden("Only an admin can manage a shared room");
    e.code = "ROOM_FORBIDDEN";
    co_return e;
  }
  std::erase(ids, principal.user_id);
  if (ids.empty()) co_return std::nullopt;
  store::Store& store = deps.store;
  const std::string& user_id = principal.user_id;
  auto owned =
      co_await core::RunBlocking(deps.pool, [&store, &ids, &user_id]() -> core::Result<void> {
        for (const std::string& id : ids) {
          core::Result<core::Conversation> conversation = store.GetConversation(id, user_id);
          if (!conversation) return conversation.error();
        }
        return {};
      });
  if (!owned) co_return WithNotFoundMessage(owned.error(), "Conversation not found");
  co_return std::nullopt;
}

// Returns 403 IDENTITY_MISMATCH if a requested identity is not the caller's user id.
std::optional<core::Error> CheckIdentity(const http::Principal& principal,
                                         const std::optional<std::string>& identity) {
  if (!identity || *identity == principal.user_id) return std::nullopt;
  core::Error e = core::Error::Forbidden("A LiveKit token's identity is always the caller's id");
  e.code = "IDENTITY_MISMATCH";
  e.details = json::object{{"identity", principal.user_id}};
  return e;
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
  if (auto e = CheckIdentity(*principal, identity)) co_return Fail(ctx, *e);
  if (auto e = co_await CheckRoomAccess(deps, *principal, *room, false)) co_return Fail(ctx, *e);
  const std::string& who = principal->user_id;
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

// Parses and authorizes an old-code room request: the identity must be the caller, the room
// one the caller may join.
boost::asio::awaitable<core::Result<LegacyRoomRequest>> AuthorizedLegacyRoomRequest(
    ApiDeps& deps, http::RequestContext& ctx, const http::Principal& principal) {
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return body.error();
  auto req = ParseLegacyRoomRequest(*body);
  if (!req) co_return req.error();
  if (auto e = CheckIdentity(principal, req->identity)) co_return *e;
  if (auto e = co_await CheckRoomAccess(deps, principal, req->room, false)) co_return *e;
  co_return req;
}

// POST /create-room → {roomToken, participantToken, wsUrl, roomName}. Only tokens are made (as
// in the old code); LiveKit creates the room when the first participant joins. The room token
// (the caller, with roomCreate) is the only token any endpoint grants roomCreate.
HandlerResult CreateRoomTokens(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  auto req = co_await AuthorizedLegacyRoomRequest(deps, ctx, *principal);
  if (!req) co_return Fail(ctx, req.error());
  telephony::LiveKitTokenOptions creator = JoinToken(req->room, req->identity, req->name);
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
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  auto req = co_await AuthorizedLegacyRoomRequest(deps, ctx, *principal);
  if (!req) co_return Fail(ctx, req.error());
  co_return Json(
      ctx, 200,
      json::object{{"participantToken", Sign(deps, JoinToken(req->room, req->identity, req->name))},
                   {"wsUrl", WsUrl(deps.config)},
                   {"roomName", req->room}});
}

// POST /create-test-room → {name:"test-room", token, wsUrl}; the token is for the caller (display
// name "Test User"). The room is created through the RoomService when one is wired
// (failures ignored, as in the old code), else by LiveKit on first join.
HandlerResult CreateTestRoom(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  if (deps.room_service != nullptr && HasWsUrl(deps.config)) {
    telephony::RoomService& rooms = *deps.room_service;
    co_await core::RunBlocking(deps.pool, [&rooms] {
      telephony::CreateRoomOptions options;
      options.name = std::string(kTestRoom);
      return rooms.CreateRoom(options).has_value();
    });
  }
  const std::string token =
      Sign(deps, JoinToken(std::string(kTestRoom), principal->user_id, "Test User"));
  co_return Json(
      ctx, 200, json::object{{"name", kTestRoom}, {"token", token}, {"wsUrl", WsUrl(deps.config)}});
}

// POST /room {roomName | name, emptyTimeout?, maxParticipants?} → the LiveKit Room object (201).
HandlerResult CreateRoom(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
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
  if (auto e = co_await CheckRoomAccess(deps, *principal, *room, true)) co_return Fail(ctx, *e);
  options.name = *room;
  telephony::RoomService& rooms = *deps.room_service;
  auto created = co_await core::RunBlocking(
      deps.pool, [&rooms, &options] { return rooms.CreateRoom(options); });
  if (!created) co_return Fail(ctx, created.error());
  co_return Json(ctx, 201, *created);
}

// GET /rooms → bare array of LiveKit Room objects.
HandlerResult ListRooms(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  if (!IsAdmin(*principal)) {
    core::Error e = core::Error::Forbidden("Only an admin can list rooms");
    e.code = "ROOM_FORBIDDEN";
    co_return Fail(ctx, e);
  }
  telephony::RoomService& rooms = *deps.room_service;
  auto list = co_await core::RunBlocking(deps.pool, [&rooms] { return rooms.ListRooms(); });
  if (!list) co_return Fail(ctx, list.error());
  co_return Json(ctx, 200, *list);
}

// Returns the validated room name in path parameter `param`, or the error.
core::Result<std::string> RoomParam(const http::RequestContext& ctx, const std::string& param) {
  const std::string& name = ctx.Param(param);
  if (!telephony::IsValidRoomName(name)) {
    wire::FieldErrors errors;
    errors.Add(param, param + " must be 1-128 characters of letters, digits and _-.:=@");
    return errors.ToError();
  }
  return name;
}

// DELETE /room/:id and /rooms/:roomName → {message:"Room deleted successfully"}.
HandlerResult DeleteRoomNamed(ApiDeps& deps, http::RequestContext& ctx, const char* param_name) {
  const std::string param = param_name;
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto room = RoomParam(ctx, param);
  if (!room) co_return Fail(ctx, room.error());
  const std::string& name = *room;
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  if (auto e = co_await CheckRoomAccess(deps, *principal, name, true)) co_return Fail(ctx, *e);
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

// GET /rooms/:roomName/participants → bare array of LiveKit ParticipantInfo objects.
HandlerResult ListParticipants(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto room = RoomParam(ctx, "roomName");
  if (!room) co_return Fail(ctx, room.error());
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  if (auto e = co_await CheckRoomAccess(deps, *principal, *room, true)) co_return Fail(ctx, *e);
  telephony::RoomService& rooms = *deps.room_service;
  const std::string& name = *room;
  auto list = co_await core::RunBlocking(deps.pool,
                                         [&rooms, &name] { return rooms.ListParticipants(name); });
  if (!list) co_return Fail(ctx, WithNotFoundMessage(list.error(), "Room not found"));
  co_return Json(ctx, 200, *list);
}

// DELETE /rooms/:roomName/participants/:identity → {message}.
HandlerResult RemoveParticipant(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto room = RoomParam(ctx, "roomName");
  if (!room) co_return Fail(ctx, room.error());
  const std::string& identity = ctx.Param("identity");
  if (identity.empty() || identity.size() > telephony::kMaxIdentityLength) {
    wire::FieldErrors errors;
    errors.Add("identity", "identity must be 1-128 characters");
    co_return Fail(ctx, errors.ToError());
  }
  if (auto unavailable = RoomServiceUnavailable(deps, ctx)) co_return std::move(*unavailable);
  if (auto e = co_await CheckRoomAccess(deps, *principal, *room, true)) co_return Fail(ctx, *e);
  telephony::RoomService& rooms = *deps.room_service;
  const std::string& name = *room;
  auto removed = co_await core::RunBlocking(
      deps.pool, [&rooms, &name, &identity] { return rooms.RemoveParticipant(name, identity); });
  if (!removed) co_return Fail(ctx, WithNotFoundMessage(removed.error(), "Participant not found"));
  co_return Json(ctx, 200, json::object{{"message", "Participant removed"}});
}

// POST /webhook: a LiveKit webhook, authenticated by its signed Authorization JWT (iss = our API
// key, sha256 = the body's digest). room_finished for a conversation's room
// (conv-<conversationId>) ends that conversation. Answers 200 {received, event}.
HandlerResult Webhook(ApiDeps& deps, http::RequestContext& ctx) {
  if (auto e = CheckTokenConfig(deps.config)) co_return Fail(ctx, *e);
  const auto auth = ctx.request->find(boost::beast::http::field::authorization);
  const std::string_view header =
      auth == ctx.request->end() ? std::string_view{} : std::string_view{auth->value()};
  auto event = telephony::VerifyWebhook(ctx.request->body(), header, deps.config.livekit_api_key,
                                        deps.config.livekit_api_secret, deps.clock.NowMs());
  if (!event) co_return Fail(ctx, event.error());
  spdlog::info("livekit webhook: {} room={} participant={}", event->event,
               event->room_name.substr(0, 128), event->participant.substr(0, 128));
  if (event->event == "room_finished") {
    const std::vector<std::string> ids = IdsInRoomName(event->room_name);
    if (ids.size() == 1 && core::StartsWith(event->room_name, "conv-")) {
      engine::Actor system;
      system.is_admin = true;  // LiveKit, authenticated by the signature, acts for the owner.
      auto ended = co_await deps.engine.EndConversation(system, ids.front());
      if (!ended && ended.error().kind != core::ErrorKind::kNotFound) {
        spdlog::warn("livekit webhook: cannot end conversation {}: {}", ids.front(),
                     ended.error().message);
      }
    }
  }
  co_return Json(ctx, 200, json::object{{"received", true}, {"event", event->event}});
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
  router.Add(http::Verb::get, base + "/rooms/:roomName/participants",
             Bind(deps, &ListParticipants));
  router.Add(http::Verb::delete_, base + "/rooms/:roomName/participants/:identity",
             Bind(deps, &RemoveParticipant));
  router.Add(http::Verb::post, base + "/webhook", Bind(deps, &Webhook),
             http::RouteOptions{.requires_auth = false, .body_limit = std::size_t{256} * 1024});
}

}  // namespace carevoice::api
