#pragma once

// LiveKit access tokens: HS256 JWTs signed with the LiveKit API secret, carrying LiveKit's own
// claim names (https://docs.livekit.io/home/get-started/authentication/): iss = API key,
// sub = participant identity, name, nbf, exp, jti and the `video` grant. Pure functions: no I/O,
// thread-safe, cheap enough for an I/O thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace carevoice::telephony {

// The livekit-server-sdk default token lifetime.
inline constexpr std::int64_t kDefaultLiveKitTokenTtlSeconds = std::int64_t{6} * 3600;
// Longest room name, participant identity and participant name we accept.
inline constexpr std::size_t kMaxRoomNameLength = 128;
inline constexpr std::size_t kMaxIdentityLength = 128;
inline constexpr std::size_t kMaxParticipantNameLength = 128;

// LiveKit's VideoGrant. Serialised as {roomJoin, room, canPublish, canSubscribe,
// canPublishData} always, plus roomCreate / roomList / roomAdmin only when true.
struct VideoGrant {
  std::string room;
  bool room_join = false;
  bool can_publish = false;
  bool can_subscribe = false;
  bool can_publish_data = false;
  bool room_create = false;
  bool room_list = false;
  bool room_admin = false;
};

struct LiveKitTokenOptions {
  std::string identity;  // `sub` and `jti` (as the official SDK does). REQUIRES non-empty.
  std::string name;      // Display name; omitted when empty.
  std::string metadata;  // Participant metadata; omitted when empty.
  VideoGrant grant;
  std::int64_t ttl_seconds = kDefaultLiveKitTokenTtlSeconds;  // REQUIRES > 0.
};

// Returns the signed token: header {"alg":"HS256","typ":"JWT"}, payload {iss, sub, jti, name?,
// metadata?, nbf = now, exp = now + ttl, video}. REQUIRES: api_key and api_secret non-empty.
std::string CreateLiveKitToken(std::string_view api_key, std::string_view api_secret,
                               const LiveKitTokenOptions& options, core::TimeMs now_ms);

// Returns the WebSocket URL clients connect to for LIVEKIT_URL: "https://h" → "wss://h",
// "http://h" → "ws://h", ws:// and wss:// unchanged, a bare host → "wss://host"; trailing
// slashes removed. Returns "" for an empty or blank value.
std::string LiveKitWsUrl(std::string_view livekit_url);

// Returns true iff `name` is 1..kMaxRoomNameLength characters of [A-Za-z0-9_.:=@-] (LiveKit
// accepts more, but these are safe in URLs, file names and logs).
bool IsValidRoomName(std::string_view name);

}  // namespace carevoice::telephony
