#include "scale/redis_adapter.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/strings.hpp"

namespace carevoice::scale {
namespace json = boost::json;

namespace {
constexpr std::size_t kMaxRooms = 10'000;
constexpr std::size_t kMaxFrames = 1'000;
}  // namespace

std::string EncodeBroadcast(std::string_view origin, const std::vector<std::string>& rooms,
                            const realtime::EncodedPacket& packet) {
  json::array frames;
  for (const realtime::Frame& f : packet.frames) {
    static const std::string kEmpty;
    const std::string& data = f.data ? *f.data : kEmpty;
    frames.push_back(f.binary ? json::array{"b", core::Base64Encode(data)}
                              : json::array{"t", data});
  }
  json::array room_list;
  for (const std::string& r : rooms) room_list.emplace_back(r);
  json::array message{json::string(origin), json::object{{"frames", std::move(frames)}},
                      json::object{{"rooms", std::move(room_list)}, {"except", json::array{}}}};
  return json::serialize(message);
}

std::optional<RemoteBroadcast> DecodeBroadcast(std::string_view message, std::string* error) {
  const auto fail = [error](const char* why) -> std::optional<RemoteBroadcast> {
    if (error != nullptr) *error = why;
    return std::nullopt;
  };
  boost::system::error_code ec;
  json::value v = json::parse(message, ec);
  if (ec) return fail("not JSON");
  const json::array* top = v.if_array();
  if (top == nullptr || top->size() != 3) return fail("not [origin, packet, options]");
  const json::string* origin = (*top)[0].if_string();
  const json::object* packet = (*top)[1].if_object();
  const json::object* options = (*top)[2].if_object();
  if (origin == nullptr || packet == nullptr || options == nullptr) {
    return fail("not [string, object, object]");
  }
  RemoteBroadcast out;
  out.origin = std::string(*origin);
  const json::value* rooms = options->if_contains("rooms");
  if (rooms == nullptr || !rooms->is_array() || rooms->as_array().size() > kMaxRooms) {
    return fail("bad rooms");
  }
  for (const json::value& r : rooms->as_array()) {
    if (!r.is_string()) return fail("a room is not a string");
    out.rooms.emplace_back(r.as_string());
  }
  const json::value* frames = packet->if_contains("frames");
  if (frames == nullptr || !frames->is_array() || frames->as_array().empty() ||
      frames->as_array().size() > kMaxFrames) {
    return fail("bad frames");
  }
  bool first = true;
  for (const json::value& f : frames->as_array()) {
    const json::array* pair = f.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() ||
        !(*pair)[1].is_string()) {
      return fail("a frame is not [kind, data]");
    }
    const json::string& kind = (*pair)[0].as_string();
    const json::string& data = (*pair)[1].as_string();
    realtime::Frame frame;
    if (kind == "t") {
      if (!first || data.empty()) return fail("a text frame that is not the first or is empty");
      frame.data = std::make_shared<const std::string>(data);
    } else if (kind == "b") {
      if (first) return fail("a binary frame first");
      auto bytes = core::Base64Decode(data);
      if (!bytes) return fail("bad base64");
      frame.data = std::make_shared<const std::string>(std::move(*bytes));
      frame.binary = true;
    } else {
      return fail("unknown frame kind");
    }
    first = false;
    out.packet.frames.push_back(std::move(frame));
  }
  return out;
}

RedisAdapter::RedisAdapter(Redis& redis, const std::string& nsp, std::string origin,
                           const std::string& prefix)
    : redis_(redis), channel_(prefix + "#" + nsp + "#"), origin_(std::move(origin)) {
  redis_.Subscribe(channel_ + "*", [this](std::string_view channel, std::string_view message) {
    OnMessage(channel, message);
  });
}

void RedisAdapter::Join(const realtime::SocketPtr& socket, const std::string& room) {
  local_.Join(socket, room);
}

void RedisAdapter::Leave(const realtime::Socket* socket, const std::string& room) {
  local_.Leave(socket, room);
}

void RedisAdapter::LeaveAll(const realtime::Socket* socket) { local_.LeaveAll(socket); }

std::size_t RedisAdapter::RoomSize(const std::string& room) const { return local_.RoomSize(room); }

void RedisAdapter::Broadcast(const std::vector<std::string>& rooms,
                             const realtime::EncodedPacket& packet,
                             const realtime::Socket* except) {
  local_.Broadcast(rooms, packet, except);
  // `except` is a socket of this process: the other processes deliver to all of theirs.
  std::string channel = channel_;
  if (rooms.size() == 1) channel += rooms.front() + "#";
  redis_.Send({"PUBLISH", std::move(channel), EncodeBroadcast(origin_, rooms, packet)});
}

void RedisAdapter::OnMessage(std::string_view channel, std::string_view message) {
  std::string error;
  auto decoded = DecodeBroadcast(message, &error);
  if (!decoded) {
    spdlog::warn("redis adapter: dropped a malformed message on {} ({}, {} bytes)",
                 std::string(channel.substr(0, 200)), error, message.size());
    return;
  }
  if (decoded->origin == origin_) return;  // Delivered locally already.
  local_.Broadcast(decoded->rooms, decoded->packet, nullptr);
}

}  // namespace carevoice::scale
