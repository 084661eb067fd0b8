#pragma once

// The LiveKit RoomService port (Twirp over HTTP: /twirp/livekit.RoomService/*). The adapter
// arrives with the voice work; until then the API answers 501 NOT_IMPLEMENTED for room
// management (tokens work without it). Blocking: run on the worker pool. Thread-safe.

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
};

}  // namespace carevoice::telephony
