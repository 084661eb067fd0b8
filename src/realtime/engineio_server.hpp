#pragma once

// An Engine.IO v4 server (https://github.com/socketio/engine.io-protocol): HTTP long-polling and
// WebSocket transports, the polling → WebSocket upgrade, server-initiated heartbeats, the
// official server's HTTP error codes, and a bounded send queue per session. It runs on the HTTP
// server's routes (http::Router) and its upgrade hook; what a session carries is up to its
// SessionHandler (the Socket.IO layer, or the conformance echo app).
//
// Threading: every session has its own strand. Handler callbacks for one session run on that
// strand, one at a time, in arrival order. Send and Close are thread-safe and never block.

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/router.hpp"
#include "realtime/engineio_packet.hpp"

namespace carevoice::realtime {

struct EngineIoOptions {
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  std::size_t max_payload = 1'000'000;  // Largest HTTP body and WebSocket message, in bytes.
  // Bytes a session may have queued for a slow client; beyond it the session is closed with the
  // reason "send queue overflow" so that it never delays the others.
  std::size_t max_queued_bytes = std::size_t{4} * 1024 * 1024;
  std::size_t max_sessions = 200'000;
  // Asked before every new session (a handshake without sid, polling or WebSocket) with the
  // client's address; an error refuses it with its status (429 and Retry-After for a rate limit)
  // and the JSON {message, code}. Empty: every handshake is admitted. Thread-safe, must not block.
  std::function<core::Result<void>(std::string_view remote_ip)> admit = {};
};

// What a session knows of the request that opened it.
struct Handshake {
  std::string remote_ip;
  std::map<std::string, std::string> query;
  std::string authorization;  // The Authorization header, "" when absent.
  std::string origin;
};

// One outgoing message. Its bytes are shared, so a broadcast is encoded once.
struct Frame {
  std::shared_ptr<const std::string> data;
  bool binary = false;
  eio::PacketType type = eio::PacketType::kMessage;
  // Called (on the transport's thread) once the frame has been handed to the transport: written
  // to the WebSocket, or taken by a long-polling response. Must not block.
  std::function<void()> on_sent = {};
};

class EioSession;
using EioSessionPtr = std::shared_ptr<EioSession>;
struct EioWebSocket;

class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  // The session is open (before any message). On the session's strand.
  virtual void OnOpen(const EioSessionPtr& session) = 0;
  // A message packet. On the session's strand, in arrival order.
  virtual void OnMessage(const EioSessionPtr& session, std::string data, bool binary) = 0;
  // The session is closed; called once, on its strand. `reason` as in the official server
  // ("transport close", "ping timeout", "parse error", "forced close", "send queue overflow",
  // "server shutting down").
  virtual void OnClose(const EioSessionPtr& session, std::string_view reason) = 0;
};

class EngineIoServer;

class EioSession : public std::enable_shared_from_this<EioSession> {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  EioSession(EngineIoServer& server, std::string id, Handshake handshake, Strand strand);
  ~EioSession();
  EioSession(const EioSession&) = delete;
  EioSession& operator=(const EioSession&) = delete;

  const std::string& Id() const { return id_; }
  const Handshake& GetHandshake() const { return handshake_; }
  Strand& GetStrand() { return strand_; }

  // Queues `frames` together (a Socket.IO packet and its binary attachments stay contiguous).
  // Thread-safe. Returns false if the session is closed, or if the queue would exceed
  // max_queued_bytes, in which case the session is closed ("send queue overflow").
  bool Send(const Frame* frames, std::size_t count);
  bool Send(const Frame& frame) { return Send(&frame, 1); }

  // Closes the session (idempotent, thread-safe). With `notify_client`, a close packet is sent
  // first when the transport can still carry it.
  void Close(std::string_view reason, bool notify_client = true);
  bool IsClosed() const;

  // Free for the handler (set in OnOpen, used on the strand).
  std::shared_ptr<void> user_data;

 private:
  friend class EngineIoServer;
  struct State;
  void Wake(std::shared_ptr<EioWebSocket> writer);

  EngineIoServer& server_;
  const std::string id_;
  const Handshake handshake_;
  Strand strand_;
  std::unique_ptr<State> state_;
};

class EngineIoServer {
 public:
  // REQUIRES: `ioc` and `handler` outlive the server.
  EngineIoServer(boost::asio::io_context& ioc, EngineIoOptions options, SessionHandler& handler);
  ~EngineIoServer();
  EngineIoServer(const EngineIoServer&) = delete;
  EngineIoServer& operator=(const EngineIoServer&) = delete;

  // Registers the Engine.IO endpoint at `path` (e.g. "/socket.io"; one trailing slash is
  // ignored): GET/POST for long-polling, other verbs answered 400 as the official server does,
  // and the WebSocket upgrade. No authentication at this layer.
  void RegisterRoutes(http::Router& router, const std::string& path);

  // Closes every session ("server shutting down"): for http::Server::OnStop.
  void CloseAll();

  std::size_t SessionCount() const;
  const EngineIoOptions& Options() const { return options_; }

 private:
  friend class EioSession;
  class Impl;
  EngineIoOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace carevoice::realtime
