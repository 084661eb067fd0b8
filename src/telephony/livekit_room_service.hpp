#pragma once

// The LiveKit RoomService adapter: Twirp with JSON bodies over HTTP(S)
// (POST <LIVEKIT_URL as http(s)>/twirp/livekit.RoomService/<Method>), authorised by a short-lived
// server token whose video grant carries exactly what the method needs (roomCreate, roomList or
// roomAdmin + room), as livekit-server-sdk's RoomServiceClient sends them. Blocking (net::Send):
// run on the worker pool. Thread-safe.

#include <memory>
#include <string>

#include "core/time.hpp"
#include "telephony/room_service.hpp"

namespace carevoice::telephony {

struct LiveKitServerConfig {
  std::string url;         // LIVEKIT_URL: ws(s)://, http(s):// or a bare host (https).
  std::string api_key;     // REQUIRES non-empty.
  std::string api_secret;  // REQUIRES non-empty.
  std::chrono::milliseconds timeout{10'000};
};

// Returns the Twirp base URL for `livekit_url` ("wss://h" → "https://h", "ws://h" → "http://h",
// a bare host → "https://host"; no trailing slash), or "" for an empty value.
std::string LiveKitHttpUrl(std::string_view livekit_url);

// REQUIRES: `clock` outlives the result.
std::unique_ptr<RoomService> MakeLiveKitRoomService(LiveKitServerConfig config,
                                                    const core::Clock& clock);

}  // namespace carevoice::telephony
