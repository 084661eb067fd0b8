#include "realtime/chat_namespace.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "auth/token_verifier.hpp"
#include "auth/visitor_limits.hpp"
#include "auth/visitor_service.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "engine/demo_agents.hpp"
#include "http/server.hpp"
#include "realtime/socketio_packet.hpp"
#include "store/store.hpp"
#include "voice/audio_check.hpp"
#include "wire/json_codec.hpp"

namespace carevoice::realtime {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using core::Error;

constexpr std::size_t kMaxAgentInfoField = 20'000;
constexpr std::size_t kMaxAgentInfoPrompts = 100;

std::string ConvRoom(std::string_view id) { return "conv:" + std::string(id); }

// Joins the room of conversation `id` (once per socket), settled before the caller acknowledges
// anything: another process's next event of the conversation reaches the socket.
// A visitor's sockets are not put in the room: they hear their conversations through their own
// visitor room, where events carry the visitor's view (wire::PublicConversationJson).
asio::awaitable<void> JoinConvRoom(const SocketPtr& socket, std::unordered_set<std::string>& joined,
                                   const std::string& id, bool visitor) {
  if (!joined.insert(id).second || visitor) co_return;
  socket->Join(ConvRoom(id));
  co_await socket->Settle();
}
std::string UserRoom(std::string_view id) { return "user:" + std::string(id); }
std::string InboxRoom(std::string_view id) { return "inbox:" + std::string(id); }
std::string VisitorRoom(std::string_view id) { return "visitor:" + std::string(id); }

// The rooms that see everything of `conversation`.
std::vector<std::string> ConversationRooms(const core::Conversation& conversation) {
  std::vector<std::string> rooms{ConvRoom(conversation.id)};
  rooms.push_back(conversation.visitor_id.empty() ? UserRoom(conversation.user_id)
                                                  : VisitorRoom(conversation.visitor_id));
  return rooms;
}

// `conversation` as `visitor` (its customer) or staff may see it.
json::object ConversationJsonFor(bool visitor, const core::Conversation& conversation) {
  json::object o = wire::ConversationToJson(conversation);
  return visitor ? wire::PublicConversationJson(std::move(o)) : o;
}

const json::object* PayloadObject(const IncomingEvent& event) {
  if (event.args.empty() || !event.args[0].is_object()) return nullptr;
  return &event.args[0].get_object();
}

std::optional<std::string> StringField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

bool BoolField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

json::object DemoAgentJson(const core::Agent& agent) {
  return json::object{
      {"name", agent.name}, {"company", agent.company}, {"personality", agent.personality}};
}

json::value AudioData(const voice::Audio* audio) {
  if (audio == nullptr || audio->bytes.empty()) return nullptr;
  return json::string(core::Base64Encode(audio->bytes));
}

json::value AudioType(const voice::Audio* audio) {
  if (audio == nullptr || audio->bytes.empty()) return nullptr;
  return json::string(audio->mime_type);
}

// ai_response for the reply in `event` (kMessage or kReplyAudio).
json::object AiResponse(const engine::Event& event) {
  const core::Conversation& conv = *event.conversation;
  const core::Message& m = *event.message;
  const voice::Audio* audio = event.audio.get();
  // The stored URL names the file; without audio (synthesis failed) there is none to fetch.
  const bool has_audio = audio != nullptr && !audio->bytes.empty();
  json::object reply{{"conversationId", conv.id},
                     {"messageId", m.id},
                     {"message", m.content},
                     {"timestamp", core::ToIso8601(m.timestamp)},
                     {"audioData", AudioData(audio)},
                     {"audioType", AudioType(audio)},
                     {"audioUrl", has_audio ? json::value(m.audio_url) : json::value(nullptr)}};
  if (m.metadata) reply["metadata"] = wire::MetadataToJson(*m.metadata);
  if (conv.is_call_simulator) reply["demoAgent"] = DemoAgentJson(engine::SigmaAgent());
  return reply;
}

// The old frontend's `error` payload for a failure, with the new fields beside it.
json::object ErrorPayload(const Error& error, std::string_view legacy_message) {
  json::object o = error.ToJson();
  if (!legacy_message.empty()) {
    o["details"] = error.message;
    o["message"] = std::string(legacy_message);
  }
  return o;
}

Error MissingPayload(std::string_view what) {
  return Error::Validation(std::string(what) + " must be an object",
                           json::object{{"payload", "must be an object"}});
}

Error FieldError(std::string_view field, std::string_view message) {
  return Error::Validation(std::string(message), json::object{{field, std::string(message)}});
}

// Reads the old frontend's agentInfo {name, company, personality, companyInfo, prompts[]}.
core::Result<core::Agent> ParseAgentInfo(const json::object& info) {
  core::Agent agent = engine::DefaultAgent();
  auto text = [&](std::string_view key, std::string& out) -> bool {
    const auto* v = info.if_contains(key);
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_string() || v->get_string().size() > kMaxAgentInfoField) return false;
    out = std::string(v->get_string());
    return true;
  };
  if (!text("name", agent.name) || !text("company", agent.company) ||
      !text("personality", agent.personality) || !text("companyInfo", agent.company_info)) {
    return FieldError("agentInfo", "agentInfo fields must be strings of at most 20000 characters");
  }
  if (const auto* p = info.if_contains("prompts"); p != nullptr && !p->is_null()) {
    if (!p->is_array() || p->get_array().size() > kMaxAgentInfoPrompts) {
      return FieldError("agentInfo.prompts", "agentInfo.prompts must be an array of strings");
    }
    for (const auto& item : p->get_array()) {
      if (!item.is_string() || item.get_string().size() > kMaxAgentInfoField) {
        return FieldError("agentInfo.prompts", "agentInfo.prompts must be an array of strings");
      }
      agent.prompts.emplace_back(item.get_string());
    }
  }
  if (agent.name.empty()) agent.name = "Assistant";
  return agent;
}

// The bearer token of a handshake: auth.token, else "Authorization: Bearer", else ?token=.
std::string HandshakeToken(const Handshake& handshake, const json::value& auth) {
  if (auth.is_object()) {
    if (auto t = StringField(auth.get_object(), "token"); t && !t->empty()) return *t;
  }
  if (std::string_view bearer = http::BearerToken(handshake.authorization); !bearer.empty()) {
    return std::string(bearer);
  }
  if (auto it = handshake.query.find("token"); it != handshake.query.end()) return it->second;
  return {};
}

}  // namespace

// What a socket is (strand only, except the immutable identity fields).
struct ChatNamespace::Peer {
  enum class Kind { kStaff, kVisitor, kLegacy };
  Kind kind = Kind::kStaff;
  std::string user_id;  // Staff: the user. Visitor: the agent's owner. Legacy: unused.
  bool is_admin = false;
  auth::Principal principal;  // Staff: the verified token's claims (its session is re-checked).
  std::string visitor_id;
  std::string agent_id;  // Visitor: the widget's agent.
  // Visitor: sent on connection, then dropped (on the heap: a connected peer stays small).
  std::unique_ptr<auth::VisitorSession> session;
  std::unordered_map<std::string, std::string> legacy_owners;  // Conversation → payload userId.
  std::unordered_set<std::string> joined;                      // conv: rooms joined.
  // Visitor: the last typing state forwarded, and when (typing events are throttled).
  bool typing = false;
  std::chrono::steady_clock::time_point typing_at{};

  bool IsVisitor() const { return kind == Kind::kVisitor; }
  engine::Actor ActorFor(const std::string& owner = {}) const {
    engine::Actor actor;
    actor.user_id = kind == Kind::kLegacy ? owner : user_id;
    actor.is_admin = is_admin;
    actor.visitor_id = visitor_id;
    return actor;
  }
};

ChatNamespace::ChatNamespace(SocketIoServer& server, ChatDeps deps)
    : server_(server), deps_(deps) {}

asio::awaitable<std::optional<ConnectError>> ChatNamespace::OnConnect(SocketPtr socket,
                                                                      json::value auth) {
  const Handshake& hs = socket->GetHandshake();
  auto peer = std::make_shared<Peer>();
  const json::object* auth_object = auth.is_object() ? &auth.get_object() : nullptr;
  const std::optional<std::string> widget_key =
      auth_object != nullptr ? StringField(*auth_object, "widgetKey") : std::nullopt;
  const std::string token = HandshakeToken(hs, auth);
  // Anonymous sessions (a widget's visitor, or the old frontend's tokenless socket) count
  // against the per-IP visitor-session limit.
  const bool anonymous = widget_key || (token.empty() && deps_.legacy);
  if (anonymous && deps_.visitor_limits != nullptr) {
    if (auto limited = deps_.visitor_limits->CheckSession(hs.remote_ip); !limited) {
      co_return ConnectError{limited.error().message, limited.error().ToJson()};
    }
  }
  if (widget_key) {
    if (deps_.visitors == nullptr) {
      co_return ConnectError{"Visitors are not enabled", json::object{{"code", "NOT_FOUND"}}};
    }
    std::optional<std::string> visitor_token =
        auth_object != nullptr ? StringField(*auth_object, "visitorToken") : std::nullopt;
    const auth::VisitorService& visitors = *deps_.visitors;
    const std::string& key = *widget_key;
    auto resolved = co_await core::RunBlocking(*deps_.pool, [&] {
      std::optional<std::string_view> vt;
      if (visitor_token) vt = *visitor_token;
      return visitors.ResolveVisitor(key, vt);
    });
    if (!resolved) co_return ConnectError{resolved.error().message, resolved.error().ToJson()};
    peer->kind = Peer::Kind::kVisitor;
    peer->user_id = resolved->agent.user_id;
    peer->visitor_id = resolved->visitor_id;
    peer->agent_id = resolved->agent.id;
    peer->session = std::make_unique<auth::VisitorSession>(std::move(*resolved));
  } else if (!token.empty()) {
    auto principal = deps_.tokens->VerifyAccessToken(token);
    if (!principal) {
      co_return ConnectError{"Invalid or expired token", principal.error().ToJson()};
    }
    peer->kind = Peer::Kind::kStaff;
    peer->user_id = principal->user_id;
    peer->is_admin = principal->role == core::UserRole::kAdmin;
    peer->principal = *principal;
  } else if (deps_.legacy) {
    peer->kind = Peer::Kind::kLegacy;
  } else {
    co_return ConnectError{
        "Authentication required: a token (auth.token) or a widget key (auth.widgetKey)",
        Error::Unauthorized("Authentication required").ToJson()};
  }
  // Rooms are joined before the CONNECT is acknowledged: a client that acts at once on
  // `connect` (another tab, say) never misses an event.
  switch (peer->kind) {
    case Peer::Kind::kStaff:
      socket->Join(UserRoom(peer->user_id));
      socket->Join(InboxRoom(peer->user_id));
      break;
    case Peer::Kind::kVisitor:
      socket->Join(VisitorRoom(peer->visitor_id));
      break;
    case Peer::Kind::kLegacy:
      break;
  }
  co_await socket->Settle();  // Other processes' broadcasts reach the rooms from the CONNECT on.
  socket->user_data = std::move(peer);
  co_return std::nullopt;
}

void ChatNamespace::OnConnected(const SocketPtr& socket) {
  auto peer = std::static_pointer_cast<Peer>(socket->user_data);
  switch (peer->kind) {
    case Peer::Kind::kStaff: {
      const std::lock_guard lock(staff_mu_);
      staff_.push_back(StaffSocket{socket, peer->principal});
      break;
    }
    case Peer::Kind::kVisitor: {
      const core::Agent& agent = peer->session->agent;
      socket->Emit("session",
                   json::array{json::object{{"visitorToken", peer->session->visitor_token},
                                            {"visitorId", peer->visitor_id},
                                            {"agent", json::object{{"_id", agent.id},
                                                                   {"name", agent.name},
                                                                   {"company", agent.company},
                                                                   {"avatar", agent.avatar},
                                                                   {"voice", agent.voice}}}}});
      peer->session.reset();  // The token is not kept in memory longer than needed.
      break;
    }
    case Peer::Kind::kLegacy:
      break;
  }
}

void ChatNamespace::EndRevoked(const SocketPtr& socket) {
  Error error = Error::Unauthorized("Session has ended");
  error.code = "SESSION_REVOKED";
  socket->Emit("error", json::array{error.ToJson()});
  socket->Disconnect("session revoked");
}

std::size_t ChatNamespace::DisconnectRevoked() {
  std::vector<SocketPtr> revoked;
  {
    const std::lock_guard lock(staff_mu_);
    std::erase_if(staff_, [&](const StaffSocket& s) {
      SocketPtr socket = s.socket.lock();
      if (!socket || !socket->Connected()) return true;
      if (!deps_.tokens->IsRevoked(s.principal)) return false;
      revoked.push_back(std::move(socket));
      return true;
    });
  }
  for (const SocketPtr& socket : revoked) EndRevoked(socket);
  return revoked.size();
}

asio::awaitable<void> ChatNamespace::OnEvent(SocketPtr socket, IncomingEvent event) {
  auto peer = std::static_pointer_cast<Peer>(socket->user_data);
  if (!peer) co_return;
  if (peer->kind == Peer::Kind::kStaff && deps_.tokens->IsRevoked(peer->principal)) {
    EndRevoked(socket);
    co_return;
  }
  const std::string& name = event.name;
  if (name == "start_conversation") {
    co_await StartConversation(socket, *peer, event);
  } else if (name == "user_message") {
    co_await UserMessage(socket, *peer, event);
  } else if (name == "user_audio") {
    co_await UserAudio(socket, *peer, event);
  } else if (name == "join_conversation") {
    co_await JoinConversation(socket, *peer, event);
  } else if (name == "leave_conversation") {
    const json::object* payload = PayloadObject(event);
    if (payload != nullptr) {
      if (auto id = StringField(*payload, "conversationId"); id && peer->joined.erase(*id) > 0) {
        socket->Leave(ConvRoom(*id));
      }
    }
    if (event.ack_id) socket->Ack(*event.ack_id, json::array{json::object{{"ok", true}}});
  } else if (name == "list_conversations") {
    co_await ListConversations(socket, *peer, event);
  } else if (name == "human_message" || name == "takeover" || name == "handback" ||
             name == "typing" || name == "end_conversation") {
    co_await StaffAction(socket, *peer, event);
  } else {
    const Error error =
        Error::BadRequest("Unknown event \"" + name.substr(0, 64) + "\"", "UNKNOWN_EVENT");
    socket->Emit("error", json::array{error.ToJson()});
    if (event.ack_id) {
      socket->Ack(*event.ack_id,
                  json::array{json::object{{"ok", false}, {"error", error.ToJson()}}});
    }
  }
}

namespace {

// Emits `error` (and a failed ack) for `error`.
void Fail(const SocketPtr& socket, const IncomingEvent& event, const Error& error,
          std::string_view legacy_message = {}) {
  socket->Emit("error", json::array{ErrorPayload(error, legacy_message)});
  if (event.ack_id) {
    socket->Ack(*event.ack_id, json::array{json::object{{"ok", false}, {"error", error.ToJson()}}});
  }
}

}  // namespace

asio::awaitable<void> ChatNamespace::StartConversation(SocketPtr socket, Peer& peer,
                                                       IncomingEvent& event) {
  const bool legacy = peer.kind == Peer::Kind::kLegacy;
  const std::string_view legacy_message = legacy ? "Failed to start conversation" : "";
  static const json::object kEmpty;
  const json::object* payload = PayloadObject(event);
  if (payload == nullptr && !event.args.empty() && !event.args[0].is_null()) {
    Fail(socket, event, MissingPayload("start_conversation payload"), legacy_message);
    co_return;
  }
  const json::object& p = payload != nullptr ? *payload : kEmpty;
  engine::StartOptions options;
  options.is_call_simulator = BoolField(p, "isCallSimulator");
  options.want_audio = BoolField(p, "wantAudio");
  // The console's "test this agent" chat: kept and listed, left out of the stats (staff only).
  options.is_test = BoolField(p, "isTest");
  if (const auto* t = p.if_contains("title"); t != nullptr && !t->is_null()) {
    if (!t->is_string()) {
      Fail(socket, event, FieldError("title", "title must be a string"), legacy_message);
      co_return;
    }
    options.title = std::string(t->get_string());
  }
  if (const auto* a = p.if_contains("agentId");
      a != nullptr && !a->is_null() && !(a->is_string() && a->get_string().empty())) {
    if (!a->is_string()) {
      Fail(socket, event, FieldError("agentId", "agentId must be a string"), legacy_message);
      co_return;
    }
    options.agent_id = std::string(a->get_string());
  }
  if (const auto* info = p.if_contains("agentInfo");
      info != nullptr && !info->is_null() && !options.is_call_simulator && !options.agent_id) {
    if (!info->is_object()) {
      Fail(socket, event, FieldError("agentInfo", "agentInfo must be an object"), legacy_message);
      co_return;
    }
    auto agent = ParseAgentInfo(info->get_object());
    if (!agent) {
      Fail(socket, event, agent.error(), legacy_message);
      co_return;
    }
    options.ad_hoc_agent = std::move(*agent);
  }

  std::string owner;
  if (peer.kind == Peer::Kind::kVisitor) {
    // A visitor talks to the widget's agent only.
    if ((options.agent_id && *options.agent_id != peer.agent_id) || options.is_call_simulator ||
        options.ad_hoc_agent) {
      Fail(socket, event, Error::NotFound("Agent not found"));
      co_return;
    }
    options.agent_id = peer.agent_id;
    options.is_test = false;  // A customer's conversation always counts.
    if (deps_.visitor_limits != nullptr) {
      if (auto limited = deps_.visitor_limits->CheckNewConversation(peer.visitor_id); !limited) {
        Fail(socket, event, limited.error());
        co_return;
      }
    }
  } else if (legacy) {
    const std::optional<std::string> user_id = StringField(p, "userId");
    if (!user_id || user_id->empty()) {
      Fail(socket, event, FieldError("userId", "userId is required"), legacy_message);
      co_return;
    }
    if (!options.is_call_simulator && !options.agent_id && !options.ad_hoc_agent) {
      Fail(socket, event,
           FieldError("agentId",
                      "agentId and agentInfo are required for non-simulator "
                      "conversations"),
           legacy_message);
      co_return;
    }
    // The old backend trusted any userId; we still require an account that exists.
    bool exists = core::IsObjectId(*user_id);
    if (exists) {
      store::Store& store = *deps_.store;
      const std::string& id = *user_id;
      auto user = co_await core::RunBlocking(*deps_.pool, [&] { return store.GetUserById(id); });
      exists = user.has_value();
    }
    if (!exists) {
      Fail(socket, event, Error::NotFound("User not found"), legacy_message);
      co_return;
    }
    owner = *user_id;
  }

  engine::Actor actor = peer.ActorFor(owner);
  auto started = co_await deps_.engine->StartConversation(actor, options);
  if (!started) {
    Fail(socket, event, started.error(), legacy_message);
    co_return;
  }
  const std::string& id = started->conversation.id;
  if (legacy) peer.legacy_owners.emplace(id, owner);
  co_await JoinConvRoom(socket, peer.joined, id, peer.IsVisitor());
  const voice::Audio* audio = started->welcome_audio ? &*started->welcome_audio : nullptr;
  json::object welcome{{"role", "assistant"},
                       {"content", started->welcome.content},
                       {"timestamp", core::ToIso8601(started->welcome.timestamp)},
                       {"audioData", AudioData(audio)},
                       {"audioType", AudioType(audio)}};
  if (!started->welcome.audio_url.empty()) welcome["audioUrl"] = started->welcome.audio_url;
  json::object out{{"conversationId", id},
                   {"welcomeMessage", std::move(welcome)},
                   {"conversation", ConversationJsonFor(peer.IsVisitor(), started->conversation)}};
  if (options.is_call_simulator) out["demoAgent"] = DemoAgentJson(started->agent);
  socket->Emit("conversation_started", json::array{std::move(out)});
  if (event.ack_id) {
    socket->Ack(*event.ack_id, json::array{json::object{{"ok", true}, {"conversationId", id}}});
  }
}

std::optional<engine::Actor> ChatNamespace::MessageActor(const SocketPtr& socket, Peer& peer,
                                                         const IncomingEvent& event,
                                                         const std::string& id,
                                                         std::string_view legacy_message) {
  const bool legacy = peer.kind == Peer::Kind::kLegacy;
  std::string owner;
  if (legacy) {
    const auto it = peer.legacy_owners.find(id);
    if (it == peer.legacy_owners.end()) {
      Fail(socket, event, Error::NotFound("Conversation not found"), legacy_message);
      return std::nullopt;
    }
    owner = it->second;
  }
  if ((legacy || peer.kind == Peer::Kind::kVisitor) && deps_.visitor_limits != nullptr) {
    const std::string who = legacy ? "legacy:" + socket->SessionId() : peer.visitor_id;
    if (auto limited = deps_.visitor_limits->CheckMessage(socket->GetHandshake().remote_ip, who);
        !limited) {
      Fail(socket, event, limited.error(), legacy_message);
      return std::nullopt;
    }
  }
  return peer.ActorFor(owner);
}

asio::awaitable<void> ChatNamespace::UserMessage(SocketPtr socket, Peer& peer,
                                                 IncomingEvent& event) {
  const bool legacy = peer.kind == Peer::Kind::kLegacy;
  const std::string_view legacy_message = legacy ? "Failed to process message" : "";
  const json::object* payload = PayloadObject(event);
  if (payload == nullptr) {
    Fail(socket, event, MissingPayload("user_message payload"), legacy_message);
    co_return;
  }
  const std::optional<std::string> id = StringField(*payload, "conversationId");
  std::optional<std::string> content = StringField(*payload, "message");
  if (!content) content = StringField(*payload, "content");
  if (!id || id->empty()) {
    Fail(socket, event, FieldError("conversationId", "conversationId is required"), legacy_message);
    co_return;
  }
  if (!content) {
    Fail(socket, event, FieldError("message", "message must be a string"), legacy_message);
    co_return;
  }
  std::optional<engine::Actor> actor = MessageActor(socket, peer, event, *id, legacy_message);
  if (!actor) co_return;
  engine::MessageOptions options;
  options.want_audio = BoolField(*payload, "wantAudio");
  if (event.ack_id) {
    const std::uint64_t ack_id = *event.ack_id;
    options.on_persisted = [socket, ack_id](const core::Message& m) {
      socket->Ack(ack_id, json::array{json::object{{"ok", true}, {"messageId", m.id}}});
    };
  }
  const std::string& conversation_id = *id;
  std::string text = std::move(*content);
  auto turn = co_await deps_.engine->HandleUserMessage(*actor, conversation_id, text, options);
  if (!turn) {
    // The ack was not sent (nothing was stored): it carries the error.
    Fail(socket, event, turn.error(), legacy_message);
    co_return;
  }
  co_await JoinConvRoom(socket, peer.joined, conversation_id, peer.IsVisitor());
}

// user_audio {conversationId, audio: <binary>, mimeType?, transcript?, wantAudio?} (the binary
// may also be the second argument): a voice message. WAV, or raw PCM16 16 kHz mono with
// mimeType "audio/L16"; other containers are stored and refused with 415
// UNSUPPORTED_AUDIO_CODEC. Emits `transcript` to this socket, then the reply comes as usual.
asio::awaitable<void> ChatNamespace::UserAudio(SocketPtr socket, Peer& peer, IncomingEvent& event) {
  const bool legacy = peer.kind == Peer::Kind::kLegacy;
  const std::string_view legacy_message = legacy ? "Failed to process audio" : "";
  const json::object* payload = PayloadObject(event);
  if (payload == nullptr) {
    Fail(socket, event, MissingPayload("user_audio payload"), legacy_message);
    co_return;
  }
  const std::optional<std::string> id = StringField(*payload, "conversationId");
  if (!id || id->empty()) {
    Fail(socket, event, FieldError("conversationId", "conversationId is required"), legacy_message);
    co_return;
  }
  const json::value* placeholder = payload->if_contains("audio");
  if (placeholder == nullptr && event.args.size() > 1) placeholder = &event.args[1];
  if (placeholder == nullptr || !sio::IsPlaceholder(*placeholder, event.attachments.size())) {
    Fail(socket, event, FieldError("audio", "audio must be a binary attachment"), legacy_message);
    co_return;
  }
  const auto num =
      static_cast<std::size_t>(placeholder->as_object().at("num").to_number<std::int64_t>());
  engine::AudioMessage audio;
  audio.bytes = std::move(event.attachments[num]);
  // Without a mimeType the bytes must be a container (WAV); raw PCM says "audio/L16".
  const std::string mime = StringField(*payload, "mimeType").value_or("audio/wav");
  auto type = voice::DetectUploadedAudio(mime, "", audio.bytes);
  if (!type) {
    Fail(socket, event, type.error(), legacy_message);
    co_return;
  }
  audio.type = std::move(*type);
  audio.transcript = StringField(*payload, "transcript").value_or("");
  std::optional<engine::Actor> actor = MessageActor(socket, peer, event, *id, legacy_message);
  if (!actor) co_return;
  const std::string& conversation_id = *id;
  audio.on_transcript = [socket, conversation_id](const std::string& text) {
    socket->Emit("transcript",
                 json::array{json::object{{"conversationId", conversation_id}, {"text", text}}});
  };
  engine::MessageOptions options;
  options.want_audio = BoolField(*payload, "wantAudio");
  if (event.ack_id) {
    const std::uint64_t ack_id = *event.ack_id;
    options.on_persisted = [socket, ack_id](const core::Message& m) {
      socket->Ack(ack_id, json::array{json::object{
                              {"ok", true}, {"messageId", m.id}, {"transcript", m.content}}});
    };
  }
  auto turn = co_await deps_.engine->HandleUserAudio(*actor, conversation_id, audio, options);
  if (!turn) {
    Fail(socket, event, turn.error(), legacy_message);
    co_return;
  }
  co_await JoinConvRoom(socket, peer.joined, conversation_id, peer.IsVisitor());
}

asio::awaitable<void> ChatNamespace::StaffAction(SocketPtr socket, Peer& peer,
                                                 IncomingEvent& event) {
  const json::object* payload = PayloadObject(event);
  if (payload == nullptr) {
    Fail(socket, event, MissingPayload(event.name + " payload"));
    co_return;
  }
  const std::optional<std::string> id = StringField(*payload, "conversationId");
  if (!id || id->empty()) {
    Fail(socket, event, FieldError("conversationId", "conversationId is required"));
    co_return;
  }
  if (event.name == "typing" && peer.kind == Peer::Kind::kVisitor) {
    co_await CustomerTyping(socket, peer, event, *id, BoolField(*payload, "typing"));
    co_return;
  }
  if (peer.kind != Peer::Kind::kStaff) {
    Fail(socket, event, Error::NotFound("Conversation not found"));
    co_return;
  }
  engine::Actor actor = peer.ActorFor();
  const std::string& conversation_id = *id;
  json::object ok{{"ok", true}};
  if (event.name == "human_message") {
    std::optional<std::string> content = StringField(*payload, "message");
    if (!content) content = StringField(*payload, "content");
    if (!content) {
      Fail(socket, event, FieldError("message", "message must be a string"));
      co_return;
    }
    std::string text = std::move(*content);
    auto posted = co_await deps_.engine->PostHumanMessage(actor, conversation_id, text);
    if (!posted) {
      Fail(socket, event, posted.error());
      co_return;
    }
    ok["messageId"] = posted->id;
  } else if (event.name == "typing") {
    const bool typing = BoolField(*payload, "typing");
    auto r = co_await deps_.engine->SetTyping(actor, conversation_id, typing);
    if (!r) {
      Fail(socket, event, r.error());
      co_return;
    }
  } else {
    core::Result<core::Conversation> changed = Error::Internal();
    if (event.name == "takeover") {
      changed = co_await deps_.engine->TakeOver(actor, conversation_id);
    } else if (event.name == "handback") {
      changed = co_await deps_.engine->HandBack(actor, conversation_id);
    } else {
      changed = co_await deps_.engine->EndConversation(actor, conversation_id);
    }
    if (!changed) {
      Fail(socket, event, changed.error());
      co_return;
    }
    ok["conversation"] = ConversationJsonFor(peer.IsVisitor(), *changed);
  }
  co_await JoinConvRoom(socket, peer.joined, conversation_id, peer.IsVisitor());
  if (event.ack_id) socket->Ack(*event.ack_id, json::array{std::move(ok)});
}

// A customer's typing reaches the staff watching the conversation (`customer_typing`). Anonymous
// input, so it is throttled: a repeat of the same state within kTypingRepeat is acknowledged and
// dropped. Only the visitor's own conversations are accepted (engine::SetTyping checks).
asio::awaitable<void> ChatNamespace::CustomerTyping(SocketPtr socket, Peer& peer,
                                                    IncomingEvent& event,
                                                    std::string conversation_id, bool typing) {
  constexpr auto kTypingRepeat = std::chrono::milliseconds(2000);
  const auto now = std::chrono::steady_clock::now();
  const bool repeat = typing == peer.typing && now - peer.typing_at < kTypingRepeat;
  if (!repeat) {
    auto r = co_await deps_.engine->SetTyping(peer.ActorFor(), conversation_id, typing);
    if (!r) {
      Fail(socket, event, r.error());
      co_return;
    }
    peer.typing = typing;
    peer.typing_at = now;
  }
  if (event.ack_id) socket->Ack(*event.ack_id, json::array{json::object{{"ok", true}}});
}

asio::awaitable<void> ChatNamespace::JoinConversation(SocketPtr socket, Peer& peer,
                                                      IncomingEvent& event) {
  const json::object* payload = PayloadObject(event);
  const std::optional<std::string> id =
      payload != nullptr ? StringField(*payload, "conversationId") : std::nullopt;
  if (!id || id->empty() || peer.kind == Peer::Kind::kLegacy) {
    Fail(socket, event,
         peer.kind == Peer::Kind::kLegacy
             ? Error::NotFound("Conversation not found")
             : FieldError("conversationId", "conversationId is required"));
    co_return;
  }
  engine::Actor actor = peer.ActorFor();
  const std::string& conversation_id = *id;
  auto found = co_await deps_.engine->GetConversation(actor, conversation_id);
  if (!found) {
    Fail(socket, event, found.error());
    co_return;
  }
  co_await JoinConvRoom(socket, peer.joined, conversation_id, peer.IsVisitor());
  if (event.ack_id) {
    json::array messages;
    for (const core::Message& m : found->messages) messages.push_back(wire::MessageToJson(m));
    socket->Ack(*event.ack_id,
                json::array{json::object{
                    {"ok", true},
                    {"conversation", ConversationJsonFor(peer.IsVisitor(), found->conversation)},
                    {"messages", std::move(messages)}}});
  }
}

asio::awaitable<void> ChatNamespace::ListConversations(SocketPtr socket, Peer& peer,
                                                       IncomingEvent& event) {
  if (peer.kind == Peer::Kind::kLegacy) {
    Fail(socket, event, Error::NotFound("Not found"));
    co_return;
  }
  engine::Actor actor = peer.ActorFor();
  core::Result<std::vector<core::Conversation>> listed = Error::Internal();
  if (peer.kind == Peer::Kind::kVisitor) {
    const std::string agent_id = peer.agent_id;
    listed = co_await deps_.engine->ListVisitorConversations(actor, agent_id);
  } else {
    store::ListOptions options;
    listed = co_await deps_.engine->ListConversations(actor, options);
  }
  if (!listed) {
    Fail(socket, event, listed.error());
    co_return;
  }
  json::array out;
  for (const core::Conversation& c : *listed) {
    out.push_back(ConversationJsonFor(peer.IsVisitor(), c));
  }
  if (event.ack_id) {
    socket->Ack(*event.ack_id,
                json::array{json::object{{"ok", true}, {"conversations", std::move(out)}}});
  }
}

// --- The feed → rooms ---

void ChatNamespace::OnEvent(const engine::Event& event) {
  if (!event.conversation) return;
  const core::Conversation& conv = *event.conversation;
  const std::vector<std::string> rooms = ConversationRooms(conv);
  const std::vector<std::string> inbox{InboxRoom(conv.user_id)};
  auto to_rooms = [&](std::string_view name, json::value payload) {
    server_.Broadcast("/", rooms, EncodeEvent("/", name, json::array{std::move(payload)}));
  };
  // The conversation's JSON, made once per event (the rooms and the inbox both carry it).
  std::optional<json::object> whole;
  auto conversation_json = [&]() -> const json::object& {
    if (!whole) whole = wire::ConversationToJson(conv);
    return *whole;
  };
  // An event that carries the conversation: staff get all of it, a visitor (who hears through
  // the visitor room alone) the public view.
  auto with_conversation = [&](std::string_view name, json::object payload) {
    if (conv.visitor_id.empty()) {
      payload["conversation"] = conversation_json();
      to_rooms(name, std::move(payload));
      return;
    }
    json::object visible = payload;
    payload["conversation"] = conversation_json();
    visible["conversation"] = wire::PublicConversationJson(conversation_json());
    server_.Broadcast("/", {ConvRoom(conv.id)},
                      EncodeEvent("/", name, json::array{std::move(payload)}));
    server_.Broadcast("/", {VisitorRoom(conv.visitor_id)},
                      EncodeEvent("/", name, json::array{std::move(visible)}));
  };
  auto to_inbox = [&](std::string_view type, json::object extra = {}) {
    extra["type"] = type;
    extra["conversationId"] = conv.id;
    extra["conversation"] = conversation_json();
    server_.Broadcast("/", inbox, EncodeEvent("/", "inbox_update", json::array{std::move(extra)}));
  };
  switch (event.type) {
    case engine::EventType::kConversationStarted:
      to_inbox("conversation_started");
      break;
    case engine::EventType::kMessage: {
      if (!event.message) break;
      const core::Message& m = *event.message;
      to_rooms("message",
               json::object{{"conversationId", conv.id}, {"message", wire::MessageToJson(m)}});
      // A reply whose audio follows gets its ai_response with kReplyAudio.
      if (m.role == core::MessageRole::kAssistant && !event.audio_pending)
        to_rooms("ai_response", AiResponse(event));
      break;
    }
    case engine::EventType::kReplyAudio:
      if (event.message) to_rooms("ai_response", AiResponse(event));
      break;
    case engine::EventType::kSpeech: {
      if (!event.message || !event.audio) break;
      to_rooms("ai_audio_chunk", json::object{{"conversationId", conv.id},
                                              {"messageId", event.message->id},
                                              {"sequence", event.sequence},
                                              {"audioData", AudioData(event.audio.get())},
                                              {"audioType", AudioType(event.audio.get())}});
      break;
    }
    case engine::EventType::kTyping:
      if (event.text == "human") {
        to_rooms("agent_typing",
                 json::object{{"conversationId", conv.id}, {"typing", event.typing}});
      } else if (event.text == "customer") {
        // Staff only (the business's inbox room), so the customer gets no echo.
        server_.Broadcast("/", inbox,
                          EncodeEvent("/", "customer_typing",
                                      json::array{json::object{{"conversationId", conv.id},
                                                               {"typing", event.typing}}}));
      } else {
        to_rooms("typing", event.typing);  // The old frontend's bare boolean.
      }
      break;
    case engine::EventType::kToken:
      to_rooms("ai_response_chunk",
               json::object{{"conversationId", conv.id}, {"delta", event.text}});
      break;
    case engine::EventType::kEscalated:
      with_conversation("escalation",
                        json::object{{"conversationId", conv.id}, {"reason", event.text}});
      to_inbox("escalated", json::object{{"reason", event.text}});
      break;
    case engine::EventType::kConversationUpdated:
      with_conversation("conversation_updated", json::object{{"conversationId", conv.id}});
      to_inbox("conversation_updated");
      break;
    case engine::EventType::kConversationDeleted:
      to_rooms("conversation_deleted", json::object{{"conversationId", conv.id}});
      to_inbox("conversation_deleted");
      break;
  }
}

}  // namespace carevoice::realtime
