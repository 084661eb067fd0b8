#pragma once

// The CareVoice events on the default Socket.IO namespace (design.md "Socket.IO events"), for
// three kinds of peer:
// - staff: a signed-in user (JWT in auth.token, the Authorization header or a `token` query
//   parameter). Joins rooms "user:<id>" (every conversation of theirs) and "inbox:<id>".
// - visitors: anonymous customers of a published agent (auth {widgetKey, visitorToken?}); they
//   get a signed visitor token in a `session` event, talk only to that agent and see only their
//   own conversations. Joins "visitor:<id>". Rate-limited.
// - legacy: the old frontend, which connects with no token and names userId in its payloads.
//   Accepted only while the legacy switch is on (a migration aid with the old backend's trust
//   model); a legacy socket reaches only the conversations it started. Rate-limited as visitors.
//
// Every change reaches sockets through the engine's one event feed (OnEvent): a conversation's
// events go to "conv:<id>" plus its owner's "user:<id>" (staff conversations) or its visitor's
// "visitor:<id>" room; starts, escalations and status changes also go to "inbox:<owner>".

#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/token_verifier.hpp"
#include "engine/engine.hpp"
#include "engine/events.hpp"
#include "realtime/socketio_server.hpp"

namespace carevoice::auth {
class VisitorService;
class VisitorLimits;
}  // namespace carevoice::auth
namespace carevoice::store {
class Store;
}  // namespace carevoice::store

namespace carevoice::realtime {

struct ChatDeps {
  engine::Engine* engine = nullptr;                // REQUIRED
  const auth::TokenVerifier* tokens = nullptr;     // REQUIRED
  const auth::VisitorService* visitors = nullptr;  // Optional: without it, no visitors.
  auth::VisitorLimits* visitor_limits = nullptr;   // Optional: without it, no limits.
  store::Store* store = nullptr;                   // REQUIRED for legacy (does userId exist?).
  boost::asio::thread_pool* pool = nullptr;        // REQUIRED
  bool legacy = false;                             // Accept the old frontend's tokenless sockets.
};

class ChatNamespace final : public NamespaceHandler, public engine::EventSink {
 public:
  // REQUIRES: `server` and every REQUIRED dependency outlive this.
  ChatNamespace(SocketIoServer& server, ChatDeps deps);

  // NamespaceHandler.
  boost::asio::awaitable<std::optional<ConnectError>> OnConnect(SocketPtr socket,
                                                                boost::json::value auth) override;
  void OnConnected(const SocketPtr& socket) override;
  boost::asio::awaitable<void> OnEvent(SocketPtr socket, IncomingEvent event) override;

  // engine::EventSink: fans the feed out to rooms.
  void OnEvent(const engine::Event& event) override;

  // Disconnects every staff socket whose session has been revoked since it connected (logout,
  // a password change, refresh-token reuse), after an `error` {code SESSION_REVOKED}. The server
  // calls it every second; a revoked socket's next event is refused at once anyway. Returns the
  // number disconnected. Thread-safe.
  std::size_t DisconnectRevoked();

 private:
  struct StaffSocket {
    std::weak_ptr<Socket> socket;
    auth::Principal principal;
  };
  // Emits `error` SESSION_REVOKED to `socket` and disconnects it.
  static void EndRevoked(const SocketPtr& socket);
  struct Peer;
  boost::asio::awaitable<void> StartConversation(SocketPtr socket, Peer& peer,
                                                 IncomingEvent& event);
  boost::asio::awaitable<void> UserMessage(SocketPtr socket, Peer& peer, IncomingEvent& event);
  boost::asio::awaitable<void> UserAudio(SocketPtr socket, Peer& peer, IncomingEvent& event);
  // The actor a user_message/user_audio acts as, after the conversation id (legacy: one this
  // socket started) and the visitor limits are checked; nullopt after emitting the error.
  std::optional<engine::Actor> MessageActor(const SocketPtr& socket, Peer& peer,
                                            const IncomingEvent& event, const std::string& id,
                                            std::string_view legacy_message);
  boost::asio::awaitable<void> StaffAction(SocketPtr socket, Peer& peer, IncomingEvent& event);
  boost::asio::awaitable<void> JoinConversation(SocketPtr socket, Peer& peer, IncomingEvent& event);
  boost::asio::awaitable<void> CustomerTyping(SocketPtr socket, Peer& peer, IncomingEvent& event,
                                              std::string conversation_id, bool typing);
  boost::asio::awaitable<void> ListConversations(SocketPtr socket, Peer& peer,
                                                 IncomingEvent& event);

  SocketIoServer& server_;
  ChatDeps deps_;
  std::mutex staff_mu_;
  std::vector<StaffSocket> staff_;  // Connected staff sockets (pruned by DisconnectRevoked).
};

}  // namespace carevoice::realtime
