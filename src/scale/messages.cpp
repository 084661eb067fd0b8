#include "scale/messages.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <iterator>
#include <memory>

#include "core/strings.hpp"

namespace carevoice::scale {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxRooms = 10'000;
constexpr std::size_t kMaxFrames = 1'000;
constexpr std::size_t kMaxStateRooms = 10'000'000;

constexpr std::pair<RoomsMessage::Op, std::string_view> kOps[] = {
    {RoomsMessage::Op::kAdd, "add"},
    {RoomsMessage::Op::kDel, "del"},
    {RoomsMessage::Op::kAck, "ack"},
    {RoomsMessage::Op::kState, "state"},
    {RoomsMessage::Op::kSync, "sync"}};

// A message's top-level object and typed reads of its fields (null / nullopt for a field that is
// absent or of another type).
class Fields {
 public:
  static std::optional<Fields> Parse(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return Fields(std::move(v.as_object()));
  }
  const json::object& Object() const { return object_; }
  const json::string* String(const char* key) const {
    const json::value* f = object_.if_contains(key);
    return f == nullptr ? nullptr : f->if_string();
  }
  std::optional<std::int64_t> Int(const char* key) const {
    const json::value* f = object_.if_contains(key);
    if (f == nullptr || !f->is_int64()) return std::nullopt;
    return f->as_int64();
  }
  std::optional<std::uint64_t> Unsigned(const char* key) const {
    const json::value* f = object_.if_contains(key);
    if (f == nullptr) return std::nullopt;
    if (f->is_uint64()) return f->as_uint64();
    if (f->is_int64() && f->as_int64() >= 0) return static_cast<std::uint64_t>(f->as_int64());
    return std::nullopt;
  }

 private:
  explicit Fields(json::object object) : object_(std::move(object)) {}
  json::object object_;
};

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

std::string EncodeRoomsMessage(const RoomsMessage& m) {
  std::string_view op;
  for (const auto& [o, name] : kOps) {
    if (o == m.op) op = name;
  }
  json::object out{{"op", op}, {"from", m.from}};
  switch (m.op) {
    case RoomsMessage::Op::kAdd:
    case RoomsMessage::Op::kDel:
      out["seq"] = m.seq;
      out["room"] = m.room;
      break;
    case RoomsMessage::Op::kAck:
      out["seq"] = m.seq;
      out["to"] = m.to;
      break;
    case RoomsMessage::Op::kState: {
      json::array rooms;
      for (const std::string& r : m.rooms) rooms.emplace_back(r);
      out["seq"] = m.seq;
      out["rooms"] = std::move(rooms);
      if (!m.to.empty()) {
        out["to"] = m.to;
        out["req"] = m.req;
      }
      break;
    }
    case RoomsMessage::Op::kSync:
      out["req"] = m.req;
      break;
  }
  return json::serialize(out);
}

std::optional<RoomsMessage> DecodeRoomsMessage(std::string_view message) {
  const auto o = Fields::Parse(message);
  if (!o) return std::nullopt;
  const json::string* op = o->String("op");
  const json::string* from = o->String("from");
  if (op == nullptr || from == nullptr || from->empty()) return std::nullopt;
  RoomsMessage m;
  const auto* found = std::find_if(std::begin(kOps), std::end(kOps),
                                   [op](const auto& entry) { return *op == entry.second; });
  if (found == std::end(kOps)) return std::nullopt;
  m.op = found->first;
  m.from = std::string(*from);
  const bool needs_seq = m.op != RoomsMessage::Op::kSync;
  const auto seq = o->Unsigned("seq");
  if (needs_seq && !seq) return std::nullopt;
  m.seq = seq.value_or(0);
  switch (m.op) {
    case RoomsMessage::Op::kAdd:
    case RoomsMessage::Op::kDel: {
      const json::string* room = o->String("room");
      if (room == nullptr) return std::nullopt;
      m.room = std::string(*room);
      break;
    }
    case RoomsMessage::Op::kAck: {
      const json::string* to = o->String("to");
      if (to == nullptr) return std::nullopt;
      m.to = std::string(*to);
      break;
    }
    case RoomsMessage::Op::kState: {
      const json::value* rooms = o->Object().if_contains("rooms");
      if (rooms == nullptr || !rooms->is_array() || rooms->as_array().size() > kMaxStateRooms) {
        return std::nullopt;
      }
      for (const json::value& r : rooms->as_array()) {
        if (!r.is_string()) return std::nullopt;
        m.rooms.emplace_back(r.as_string());
      }
      if (o->Object().contains("to")) {
        const json::string* to = o->String("to");
        const auto req = o->Unsigned("req");
        if (to == nullptr || !req) return std::nullopt;
        m.to = std::string(*to);
        m.req = *req;
      }
      break;
    }
    case RoomsMessage::Op::kSync: {
      const auto req = o->Unsigned("req");
      if (!req) return std::nullopt;
      m.req = *req;
      break;
    }
  }
  return m;
}

std::string EncodeRevocation(const RevocationMessage& m) {
  json::object o{{"o", m.origin}, {"k", m.session ? "s" : "u"}, {"until", m.until}};
  if (m.session) {
    o["sid"] = m.id;
  } else {
    o["user"] = m.id;
    o["iat"] = m.issued_at;
  }
  return json::serialize(o);
}

std::optional<RevocationMessage> DecodeRevocation(std::string_view message) {
  const auto o = Fields::Parse(message);
  if (!o) return std::nullopt;
  const json::string* origin = o->String("o");
  const json::string* kind = o->String("k");
  const auto until = o->Int("until");
  if (origin == nullptr || kind == nullptr || !until) return std::nullopt;
  RevocationMessage m;
  m.origin = std::string(*origin);
  m.until = *until;
  if (*kind == "s") {
    const json::string* sid = o->String("sid");
    if (sid == nullptr || sid->empty() || sid->size() > 256) return std::nullopt;
    m.id = std::string(*sid);
  } else if (*kind == "u") {
    const json::string* user = o->String("user");
    const auto iat = o->Int("iat");
    if (user == nullptr || user->empty() || user->size() > 256 || !iat) return std::nullopt;
    m.session = false;
    m.id = std::string(*user);
    m.issued_at = *iat;
  } else {
    return std::nullopt;
  }
  return m;
}

}  // namespace carevoice::scale
