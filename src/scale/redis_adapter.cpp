#include "scale/redis_adapter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/strings.hpp"

namespace carevoice::scale {
namespace json = boost::json;

namespace {
constexpr std::size_t kMaxRooms = 10'000;
constexpr std::size_t kMaxFrames = 1'000;
}  // namespace

std::string EncodeFrames(const realtime::EncodedPacket& packet) {
  json::array frames;
  for (const realtime::Frame& f : packet.frames) {
    static const std::string kEmpty;
    const std::string& data = f.data ? *f.data : kEmpty;
    frames.push_back(f.binary ? json::array{"b", core::Base64Encode(data)}
                              : json::array{"t", data});
  }
  return json::serialize(json::object{{"frames", std::move(frames)}});
}

std::string EncodeBroadcast(std::string_view origin, std::string_view frames,
                            const std::vector<std::string>& rooms,
                            const std::vector<std::string>& except_rooms) {
  json::array room_list;
  for (const std::string& r : rooms) room_list.emplace_back(r);
  json::array except_list;
  for (const std::string& r : except_rooms) except_list.emplace_back(r);
  const std::string options = json::serialize(
      json::object{{"rooms", std::move(room_list)}, {"except", std::move(except_list)}});
  std::string out = "[";
  out += json::serialize(json::string(origin));
  out += ',';
  out += frames;
  out += ',';
  out += options;
  out += ']';
  return out;
}

std::string EncodeBroadcast(std::string_view origin, const std::vector<std::string>& rooms,
                            const realtime::EncodedPacket& packet,
                            const std::vector<std::string>& except_rooms) {
  return EncodeBroadcast(origin, EncodeFrames(packet), rooms, except_rooms);
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
  // "except" may be absent (older processes always wrote []).
  if (const json::value* except = options->if_contains("except"); except != nullptr) {
    if (!except->is_array() || except->as_array().size() > kMaxRooms) return fail("bad except");
    for (const json::value& r : except->as_array()) {
      if (!r.is_string()) return fail("an except room is not a string");
      out.except_rooms.emplace_back(r.as_string());
    }
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
  auto handler = [this](std::string_view channel, std::string_view message) {
    OnMessage(channel, message);
  };
  redis_.Subscribe(channel_, handler);
  redis_.SubscribeDynamic(channel_, handler);
}

void RedisAdapter::Join(const realtime::SocketPtr& socket, const std::string& room) {
  std::lock_guard lock(membership_mu_);
  const bool first = local_.RoomSize(room) == 0;
  local_.Join(socket, room);
  if (first) redis_.AddChannel(RoomChannel(room));
}

void RedisAdapter::Leave(const realtime::Socket* socket, const std::string& room) {
  std::lock_guard lock(membership_mu_);
  local_.Leave(socket, room);
  if (local_.RoomSize(room) == 0) redis_.RemoveChannel(RoomChannel(room));
}

void RedisAdapter::LeaveAll(const realtime::Socket* socket) {
  std::lock_guard lock(membership_mu_);
  const std::vector<std::string> rooms = local_.RoomsOf(socket);
  local_.LeaveAll(socket);
  for (const std::string& room : rooms) {
    if (local_.RoomSize(room) == 0) redis_.RemoveChannel(RoomChannel(room));
  }
}

std::size_t RedisAdapter::RoomSize(const std::string& room) const { return local_.RoomSize(room); }

void RedisAdapter::Broadcast(const std::vector<std::string>& rooms,
                             const realtime::EncodedPacket& packet,
                             const realtime::Socket* except) {
  local_.Broadcast(rooms, packet, except);
  // `except` is a socket of this process: the other processes deliver to all of theirs.
  const std::string frames = EncodeFrames(packet);  // Once, for every room's message.
  if (rooms.empty()) {
    redis_.Send({"PUBLISH", channel_, EncodeBroadcast(origin_, frames, rooms, {})});
    return;
  }
  std::vector<std::string> earlier;  // Ri's message skips the sockets of R0..Ri-1.
  std::vector<std::vector<std::string>> publishes;
  for (const std::string& room : rooms) {
    if (std::find(earlier.begin(), earlier.end(), room) != earlier.end()) continue;
    publishes.push_back(
        {"PUBLISH", RoomChannel(room), EncodeBroadcast(origin_, frames, {room}, earlier)});
    earlier.push_back(room);
  }
  redis_.SendAll(std::move(publishes));
}

void RedisAdapter::OnMessage(std::string_view channel, std::string_view message) {
  // A room's channel heard after its last local socket left: nobody here to deliver to.
  if (channel.size() > channel_.size() + 1 && core::StartsWith(channel, channel_) &&
      channel.back() == '#' &&
      local_.RoomSize(std::string(
          channel.substr(channel_.size(), channel.size() - channel_.size() - 1))) == 0) {
    return;
  }
  std::string error;
  auto decoded = DecodeBroadcast(message, &error);
  if (!decoded) {
    spdlog::warn("redis adapter: dropped a malformed message on {} ({}, {} bytes)",
                 std::string(channel.substr(0, 200)), error, message.size());
    return;
  }
  if (decoded->origin == origin_) return;  // Delivered locally already.
  local_.Broadcast(decoded->rooms, decoded->except_rooms, decoded->packet, nullptr);
}

}  // namespace carevoice::scale
