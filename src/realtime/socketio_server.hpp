#pragma once

// A Socket.IO v5 server (https://github.com/socketio/socket.io-protocol) over EngineIoServer:
// namespaces (an unknown one gets CONNECT_ERROR "Invalid namespace"), CONNECT with an `auth`
// payload, EVENT and ACK both ways, BINARY_EVENT/BINARY_ACK with attachments, DISCONNECT, the
// connect timeout, rooms through an Adapter per namespace.
//
// A socket's events are handled one at a time, in arrival order, on its session's strand; a
// malformed packet closes the connection (as the official server does). Emitting is thread-safe.

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/adapter.hpp"
#include "realtime/engineio_server.hpp"
#include "realtime/socketio_packet.hpp"

namespace carevoice::realtime {

struct SocketIoOptions {
  EngineIoOptions engine;
  std::chrono::milliseconds connect_timeout{45'000};
  // Events a socket may have waiting for its handler; beyond it new ones are refused with an
  // `error` event {code: "TOO_MANY_PENDING"}.
  std::size_t max_pending_events = 64;
};

struct IncomingEvent {
  std::string name;
  boost::json::array args;               // After the name; binary values are placeholders.
  std::vector<std::string> attachments;  // Placeholder num N is attachments[N].
  std::optional<std::uint64_t> ack_id;   // The client wants an acknowledgement.
};

struct ConnectError {
  std::string message;
  boost::json::value data;  // Sent as CONNECT_ERROR's `data` when not null.
};

class Socket;

class NamespaceHandler {
 public:
  virtual ~NamespaceHandler() = default;
  // Decides on a CONNECT: nullopt accepts. May suspend (a store read). On the session's strand.
  virtual boost::asio::awaitable<std::optional<ConnectError>> OnConnect(
      SocketPtr socket, boost::json::value auth) = 0;
  // The CONNECT has been acknowledged: emits from here reach the client after it.
  virtual void OnConnected(const SocketPtr& /*socket*/) {}
  // One event. A socket's events run one at a time, in order.
  virtual boost::asio::awaitable<void> OnEvent(SocketPtr socket, IncomingEvent event) = 0;
  // The socket left (client or server disconnect, or the connection closed).
  virtual void OnDisconnect(const SocketPtr& /*socket*/, std::string_view /*reason*/) {}
};

// Encodes an EVENT packet (BINARY_EVENT when there are attachments) for namespace `nsp`.
// `args` follow the event name; attachment N replaces the placeholder {"_placeholder":true,
// "num":N} in them. REQUIRES: the placeholders match `attachments`.
EncodedPacket EncodeEvent(std::string_view nsp, std::string_view event, boost::json::array args,
                          std::vector<std::string> attachments = {});

class SocketIoServer;

class Socket : public std::enable_shared_from_this<Socket> {
 public:
  Socket(SocketIoServer& server, EioSessionPtr session, std::string nsp, Adapter& adapter);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  const std::string& Id() const { return id_; }
  const std::string& Nsp() const { return nsp_; }
  const Handshake& GetHandshake() const { return session_->GetHandshake(); }
  const std::string& SessionId() const { return session_->Id(); }
  bool Connected() const { return connected_.load(); }

  // Thread-safe. Return false when the connection is gone.
  bool Emit(std::string_view event, boost::json::array args,
            std::vector<std::string> attachments = {});
  bool Send(const EncodedPacket& packet);
  // Answers the client's acknowledgement request `id` with `args`.
  bool Ack(std::uint64_t id, boost::json::array args, std::vector<std::string> attachments = {});
  // Emits and calls `callback` with the client's acknowledgement arguments (on the session's
  // strand). The callback is dropped if the socket disconnects first.
  bool EmitWithAck(std::string_view event, boost::json::array args,
                   std::function<void(boost::json::array)> callback);

  // Joins `room`; allowed from OnConnect already, so that nothing broadcast between the
  // acceptance and the client's CONNECT is missed (the client buffers it).
  void Join(const std::string& room);
  // Completes when the rooms joined so far reach this socket from every process (the adapter's
  // Settle): awaited before a join is acknowledged.
  boost::asio::awaitable<void> Settle();
  void Leave(const std::string& room);
  // Disconnects this namespace socket from the server side (the client gets DISCONNECT).
  void Disconnect(std::string_view reason = "server namespace disconnect");

  // Free for the namespace handler (set in OnConnect, used on the strand).
  std::shared_ptr<void> user_data;

 private:
  friend class SocketIoServer;
  SocketIoServer& server_;
  EioSessionPtr session_;
  const std::string nsp_;
  const std::string id_;
  Adapter& adapter_;
  std::atomic<bool> connected_{false};
  // Strand only.
  std::list<IncomingEvent> inbox_;  // A list allocates nothing while empty.
  bool draining_ = false;
  std::uint64_t next_ack_id_ = 0;
  std::map<std::uint64_t, std::function<void(boost::json::array)>> acks_;
};

class SocketIoServer final : public SessionHandler {
 public:
  // REQUIRES: `ioc` outlives the server.
  SocketIoServer(boost::asio::io_context& ioc, const SocketIoOptions& options);
  ~SocketIoServer() override;

  // Serves namespace `nsp` ("/" or "/name") with `handler`, whose rooms live in `adapter` (a
  // LocalAdapter when null). REQUIRES: before RegisterRoutes; `handler` outlives the server.
  void AddNamespace(const std::string& nsp, NamespaceHandler& handler,
                    std::unique_ptr<Adapter> adapter = nullptr);

  // Serves Engine.IO/Socket.IO at `path` (default "/socket.io").
  void RegisterRoutes(http::Router& router, const std::string& path = "/socket.io");

  // Sends `packet` to every socket of `nsp` in any of `rooms` (each once), except `except`.
  void Broadcast(const std::string& nsp, const std::vector<std::string>& rooms,
                 const EncodedPacket& packet, const Socket* except = nullptr);

  Adapter* AdapterOf(const std::string& nsp);
  EngineIoServer& Engine() { return engine_; }
  void CloseAll() { engine_.CloseAll(); }

  // SessionHandler.
  void OnOpen(const EioSessionPtr& session) override;
  void OnMessage(const EioSessionPtr& session, std::string data, bool binary) override;
  void OnClose(const EioSessionPtr& session, std::string_view reason) override;

 private:
  friend class Socket;
  struct Client;
  struct Namespace {
    NamespaceHandler* handler = nullptr;
    std::unique_ptr<Adapter> adapter;
  };

  void HandlePacket(const EioSessionPtr& session, Client& client, sio::Packet packet,
                    std::vector<std::string> attachments);
  void Connect(const EioSessionPtr& session, Client& client, const std::string& nsp,
               boost::json::value auth);
  void Enqueue(const SocketPtr& socket, IncomingEvent event);
  boost::asio::awaitable<void> Drain(SocketPtr socket);
  void RemoveSocket(Client& client, const SocketPtr& socket, std::string_view reason);

  SocketIoOptions options_;
  EngineIoServer engine_;
  std::map<std::string, Namespace> namespaces_;
};

}  // namespace carevoice::realtime
