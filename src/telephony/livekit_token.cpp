#include "telephony/livekit_token.hpp"

#include <boost/json/object.hpp>

#include <cassert>

#include "auth/jwt.hpp"
#include "core/strings.hpp"

namespace carevoice::telephony {

std::string CreateLiveKitToken(std::string_view api_key, std::string_view api_secret,
                               const LiveKitTokenOptions& options, core::TimeMs now_ms) {
  assert(!api_key.empty() && !api_secret.empty());
  assert(!options.identity.empty() && options.ttl_seconds > 0);
  const std::int64_t now = now_ms / 1000;

  boost::json::object video;
  video["roomJoin"] = options.grant.room_join;
  video["room"] = options.grant.room;
  video["canPublish"] = options.grant.can_publish;
  video["canSubscribe"] = options.grant.can_subscribe;
  video["canPublishData"] = options.grant.can_publish_data;
  if (options.grant.room_create) video["roomCreate"] = true;
  if (options.grant.room_list) video["roomList"] = true;
  if (options.grant.room_admin) video["roomAdmin"] = true;

  boost::json::object payload;
  payload["iss"] = api_key;
  payload["sub"] = options.identity;
  payload["jti"] = options.identity;
  if (!options.name.empty()) payload["name"] = options.name;
  if (!options.metadata.empty()) payload["metadata"] = options.metadata;
  payload["nbf"] = now;
  payload["exp"] = now + options.ttl_seconds;
  payload["video"] = std::move(video);
  return auth::SignHs256(payload, api_secret);
}

std::string LiveKitWsUrl(std::string_view livekit_url) {
  std::string_view url = core::TrimAscii(livekit_url);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  if (url.empty()) return "";
  const std::string lower = core::ToLowerAscii(url);
  struct Mapping {
    std::string_view from;
    std::string_view to;
  };
  constexpr Mapping kMappings[] = {
      {"https://", "wss://"}, {"http://", "ws://"}, {"wss://", "wss://"}, {"ws://", "ws://"}};
  for (const Mapping& m : kMappings) {
    if (core::StartsWith(lower, m.from)) {
      return std::string(m.to) + std::string(url.substr(m.from.size()));
    }
  }
  return "wss://" + std::string(url);
}

bool IsValidRoomName(std::string_view name) {
  if (name.empty() || name.size() > kMaxRoomNameLength) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == ':' || c == '=' || c == '@';
    if (!ok) return false;
  }
  return true;
}

}  // namespace carevoice::telephony
