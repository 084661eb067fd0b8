#include "telephony/livekit_room_service.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "net/http_client.hpp"
#include "telephony/livekit_token.hpp"

namespace carevoice::telephony {
namespace {

namespace json = boost::json;

// The lifetime of a server token (the SDK's default is 10 minutes; one call needs seconds).
constexpr std::int64_t kServerTokenTtlSeconds = 600;
constexpr std::size_t kMaxErrorMessage = 200;

core::Error LiveKitError(long status, const std::string& body) {
  // Twirp errors are {"code": "...", "msg": "..."}.
  std::string code;
  std::string msg;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    if (const auto* c = v.get_object().if_contains("code"); c != nullptr && c->is_string()) {
      code = std::string(c->get_string());
    }
    if (const auto* m = v.get_object().if_contains("msg"); m != nullptr && m->is_string()) {
      msg = std::string(m->get_string());
    }
  }
  if (msg.size() > kMaxErrorMessage) msg.resize(kMaxErrorMessage);
  if (code == "not_found" || status == 404)
    return core::Error::NotFound(msg.empty() ? "Not found" : msg);
  if (code == "invalid_argument" || code == "malformed" || code == "bad_route") {
    return core::Error::BadRequest("LiveKit refused the request: " + msg, "LIVEKIT_BAD_REQUEST");
  }
  core::Error e =
      core::Error::Unavailable("LiveKit RoomService error (HTTP " + std::to_string(status) +
                               (code.empty() ? "" : ", " + code) + ")");
  e.code = "LIVEKIT_UNAVAILABLE";
  return e;
}

class LiveKitRoomService final : public RoomService {
 public:
  LiveKitRoomService(LiveKitServerConfig config, const core::Clock& clock)
      : config_(std::move(config)), base_(LiveKitHttpUrl(config_.url)), clock_(clock) {}

  core::Result<json::array> ListRooms() override {
    VideoGrant grant;
    grant.room_list = true;
    auto r = Call("ListRooms", json::object{}, grant);
    if (!r) return r.error();
    return ArrayField(*r, "rooms");
  }

  core::Result<json::object> CreateRoom(const CreateRoomOptions& options) override {
    json::object body{{"name", options.name}};
    // proto3 JSON omits default (zero) values, as the SDK's toJson() does.
    if (options.empty_timeout_s != 0) body["emptyTimeout"] = options.empty_timeout_s;
    if (options.max_participants != 0) body["maxParticipants"] = options.max_participants;
    VideoGrant grant;
    grant.room_create = true;
    return Call("CreateRoom", body, grant);
  }

  core::Result<void> DeleteRoom(std::string_view name) override {
    VideoGrant grant;
    grant.room_create = true;
    auto r = Call("DeleteRoom", json::object{{"room", name}}, grant);
    if (!r) return r.error();
    return {};
  }

  core::Result<json::array> ListParticipants(std::string_view room) override {
    VideoGrant grant;
    grant.room_admin = true;
    grant.room = std::string(room);
    auto r = Call("ListParticipants", json::object{{"room", room}}, grant);
    if (!r) return r.error();
    return ArrayField(*r, "participants");
  }

  core::Result<void> RemoveParticipant(std::string_view room, std::string_view identity) override {
    VideoGrant grant;
    grant.room_admin = true;
    grant.room = std::string(room);
    auto r = Call("RemoveParticipant", json::object{{"room", room}, {"identity", identity}}, grant);
    if (!r) return r.error();
    return {};
  }

 private:
  static json::array ArrayField(const json::object& o, std::string_view key) {
    if (const auto* a = o.if_contains(key); a != nullptr && a->is_array()) return a->get_array();
    return {};
  }

  core::Result<json::object> Call(std::string_view method, const json::object& body,
                                  const VideoGrant& grant) {
    LiveKitTokenOptions token;
    token.identity = "carevoice-server";
    token.grant = grant;
    token.ttl_seconds = kServerTokenTtlSeconds;
    net::HttpRequest request;
    request.url = base_ + "/twirp/livekit.RoomService/" + std::string(method);
    request.headers = {
        "Content-Type: application/json;charset=UTF-8",
        "Authorization: Bearer " +
            CreateLiveKitToken(config_.api_key, config_.api_secret, token, clock_.NowMs()),
        "X-Livekit-Request-Id: " + core::NewObjectId()};
    request.body = json::serialize(body);
    request.connect_timeout = std::min(config_.timeout, std::chrono::milliseconds(5'000));
    request.total_timeout = config_.timeout;
    request.max_body_bytes = std::size_t{4} << 20;
    auto response = net::Send(request);
    if (!response) {
      core::Error e = response.error();
      e.message = "LiveKit RoomService unreachable: " + e.message;
      e.code = "LIVEKIT_UNAVAILABLE";
      return e;
    }
    if (response->status != 200) return LiveKitError(response->status, response->body);
    boost::system::error_code ec;
    json::value v = json::parse(response->body, ec);
    if (ec || !v.is_object()) {
      core::Error e = core::Error::Unavailable("LiveKit RoomService sent a malformed answer");
      e.code = "LIVEKIT_UNAVAILABLE";
      return e;
    }
    return std::move(v.get_object());
  }

  LiveKitServerConfig config_;
  std::string base_;
  const core::Clock& clock_;
};

}  // namespace

std::string LiveKitHttpUrl(std::string_view livekit_url) {
  std::string ws = LiveKitWsUrl(livekit_url);
  if (core::StartsWith(ws, "wss://")) return "https://" + ws.substr(6);
  if (core::StartsWith(ws, "ws://")) return "http://" + ws.substr(5);
  return ws;
}

std::unique_ptr<RoomService> MakeLiveKitRoomService(LiveKitServerConfig config,
                                                    const core::Clock& clock) {
  return std::make_unique<LiveKitRoomService>(std::move(config), clock);
}

}  // namespace carevoice::telephony
