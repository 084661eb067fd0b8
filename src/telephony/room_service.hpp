#pragma once

// The LiveKit RoomService port (Twirp over HTTP: /twirp/livekit.RoomService/*); the adapter is
// livekit_room_service.hpp, wired when LIVEKIT_URL and the API key and secret are set (without
// them room management answers 503 with a clear code; tokens work without it). Blocking: run on
// the worker pool. Thread-safe. A LiveKit error is kNotFound for Twirp "not_found", kBadRequest
// for "invalid_argument"/"malformed", and kUnavailable "LIVEKIT_UNAVAILABLE" otherwise.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::telephony {

struct CreateRoomOptions {
  std::string name;                    // REQUIRES IsValidRoomName(name).
  std::int64_t empty_timeout_s = 600;  // Seconds an empty room lives.
  int max_participants = 20;
};

class RoomService {
 public:
  virtual ~RoomService() = default;
  // Returns LiveKit Room objects as LiveKit's JSON encodes them (name, sid, ...).
  virtual core::Result<boost::json::array> ListRooms() = 0;
  // Creates the room (or returns the existing one) as a LiveKit Room object.
  virtual core::Result<boost::json::object> CreateRoom(const CreateRoomOptions& options) = 0;
  // Deletes the room; kNotFound if LiveKit does not know it.
  virtual core::Result<void> DeleteRoom(std::string_view name) = 0;
  // Returns the room's participants as LiveKit ParticipantInfo objects.
  virtual core::Result<boost::json::array> ListParticipants(std::string_view room) = 0;
  // Removes participant `identity` from the room; kNotFound if it is not there.
  virtual core::Result<void> RemoveParticipant(std::string_view room,
                                               std::string_view identity) = 0;
};

}  // namespace carevoice::telephony
