#include "realtime/socketio_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>

#include <exception>
#include <utility>

#include "core/ids.hpp"

namespace carevoice::realtime {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The official server sends what its connection handler emits one event-loop turn after the
// CONNECT acknowledgement, and raw WebSocket clients that wait for one message at a time (the
// official protocol test suite) rely on the two arriving in separate reads.
constexpr std::chrono::microseconds kConnectedDelay{3000};

Frame TextFrame(std::string text) {
  return Frame{std::make_shared<const std::string>(std::move(text)), false,
               eio::PacketType::kMessage};
}

EncodedPacket Encode(sio::Packet packet, std::vector<std::string> attachments) {
  EncodedPacket out;
  packet.attachments = attachments.size();
  if (!attachments.empty()) {
    packet.type = packet.type == sio::PacketType::kAck ? sio::PacketType::kBinaryAck
                                                       : sio::PacketType::kBinaryEvent;
  }
  out.frames.reserve(1 + attachments.size());
  out.frames.push_back(TextFrame(sio::Encode(packet)));
  for (std::string& a : attachments) {
    out.frames.push_back(
        Frame{std::make_shared<const std::string>(std::move(a)), true, eio::PacketType::kMessage});
  }
  return out;
}

}  // namespace

EncodedPacket EncodeEvent(std::string_view nsp, std::string_view event, json::array args,
                          std::vector<std::string> attachments) {
  sio::Packet p;
  p.type = sio::PacketType::kEvent;
  p.nsp = std::string(nsp);
  json::array data;
  data.reserve(args.size() + 1);
  data.emplace_back(event);
  for (auto& a : args) data.push_back(std::move(a));
  p.data = std::move(data);
  return Encode(std::move(p), std::move(attachments));
}

// The Socket.IO state of one Engine.IO session (strand only).
struct SocketIoServer::Client {
  explicit Client(const EioSession::Strand& strand) : connect_timer(strand) {}
  std::map<std::string, SocketPtr> sockets;  // By namespace.
  std::optional<sio::Packet> pending;        // A binary packet waiting for its attachments.
  std::vector<std::string> pending_attachments;
  asio::steady_timer connect_timer;
  bool ever_connected = false;
};

// --- Socket ---

Socket::Socket(SocketIoServer& server, EioSessionPtr session, std::string nsp, Adapter& adapter)
    : server_(server),
      session_(std::move(session)),
      nsp_(std::move(nsp)),
      id_(core::RandomBase64Url(15)),
      adapter_(adapter) {}

Socket::~Socket() = default;

bool Socket::Send(const EncodedPacket& packet) {
  return session_->Send(packet.frames.data(), packet.frames.size());
}

bool Socket::Emit(std::string_view event, json::array args, std::vector<std::string> attachments) {
  return Send(EncodeEvent(nsp_, event, std::move(args), std::move(attachments)));
}

bool Socket::Ack(std::uint64_t id, json::array args, std::vector<std::string> attachments) {
  sio::Packet p;
  p.type = sio::PacketType::kAck;
  p.nsp = nsp_;
  p.id = id;
  p.data = std::move(args);
  return Send(Encode(std::move(p), std::move(attachments)));
}

bool Socket::EmitWithAck(std::string_view event, json::array args,
                         std::function<void(json::array)> callback) {
  sio::Packet p;
  p.type = sio::PacketType::kEvent;
  p.nsp = nsp_;
  json::array data;
  data.emplace_back(event);
  for (auto& a : args) data.push_back(std::move(a));
  p.data = std::move(data);
  // The id is allocated on the strand, where acknowledgements are matched.
  auto self = shared_from_this();
  asio::post(session_->GetStrand(),
             [self, p = std::move(p), callback = std::move(callback)]() mutable {
               if (!self->Connected()) return;
               const std::uint64_t id = self->next_ack_id_++;
               p.id = id;
               self->acks_.emplace(id, std::move(callback));
               self->Send(Encode(std::move(p), {}));
             });
  return Connected();
}

void Socket::Join(const std::string& room) { adapter_.Join(shared_from_this(), room); }

asio::awaitable<void> Socket::Settle() { co_await adapter_.Settle(this); }

void Socket::Leave(const std::string& room) { adapter_.Leave(this, room); }

void Socket::Disconnect(std::string_view reason) {
  auto self = shared_from_this();
  asio::post(session_->GetStrand(), [self, reason = std::string(reason)] {
    auto client = std::static_pointer_cast<SocketIoServer::Client>(self->session_->user_data);
    if (!client || !self->Connected()) return;
    sio::Packet p;
    p.type = sio::PacketType::kDisconnect;
    p.nsp = self->nsp_;
    self->session_->Send(TextFrame(sio::Encode(p)));
    self->server_.RemoveSocket(*client, self, reason);
  });
}

// --- SocketIoServer ---

SocketIoServer::SocketIoServer(asio::io_context& ioc, const SocketIoOptions& options)
    : options_(options), engine_(ioc, options.engine, *this) {}

SocketIoServer::~SocketIoServer() = default;

void SocketIoServer::AddNamespace(const std::string& nsp, NamespaceHandler& handler,
                                  std::unique_ptr<Adapter> adapter) {
  Namespace& ns = namespaces_[nsp];
  ns.handler = &handler;
  ns.adapter = adapter ? std::move(adapter) : std::make_unique<LocalAdapter>();
}

void SocketIoServer::RegisterRoutes(http::Router& router, const std::string& path) {
  engine_.RegisterRoutes(router, path);
}

Adapter* SocketIoServer::AdapterOf(const std::string& nsp) {
  const auto it = namespaces_.find(nsp);
  return it == namespaces_.end() ? nullptr : it->second.adapter.get();
}

void SocketIoServer::Broadcast(const std::string& nsp, const std::vector<std::string>& rooms,
                               const EncodedPacket& packet, const Socket* except) {
  if (Adapter* adapter = AdapterOf(nsp)) adapter->Broadcast(rooms, packet, except);
}

void SocketIoServer::OnOpen(const EioSessionPtr& session) {
  auto client = std::make_shared<Client>(session->GetStrand());
  session->user_data = client;
  client->connect_timer.expires_after(options_.connect_timeout);
  std::weak_ptr<EioSession> weak = session;
  client->connect_timer.async_wait([weak](const boost::system::error_code& ec) {
    if (ec) return;
    EioSessionPtr s = weak.lock();
    if (!s) return;
    auto c = std::static_pointer_cast<Client>(s->user_data);
    if (c && !c->ever_connected) s->Close("connect timeout", false);
  });
}

void SocketIoServer::OnMessage(const EioSessionPtr& session, std::string data, bool binary) {
  auto client = std::static_pointer_cast<Client>(session->user_data);
  if (!client) return;
  if (binary) {
    if (!client->pending) {
      session->Close("parse error", false);  // An attachment nobody announced.
      return;
    }
    client->pending_attachments.push_back(std::move(data));
    if (client->pending_attachments.size() == client->pending->attachments) {
      sio::Packet packet = std::move(*client->pending);
      client->pending.reset();
      std::vector<std::string> attachments;
      attachments.swap(client->pending_attachments);
      HandlePacket(session, *client, std::move(packet), std::move(attachments));
    }
    return;
  }
  if (client->pending) {
    session->Close("parse error", false);  // Text while attachments were due.
    return;
  }
  std::optional<sio::Packet> packet = sio::Decode(data);
  if (!packet) {
    session->Close("parse error", false);
    return;
  }
  if (packet->attachments > 0) {
    client->pending = std::move(*packet);
    return;
  }
  HandlePacket(session, *client, std::move(*packet), {});
}

void SocketIoServer::HandlePacket(const EioSessionPtr& session, Client& client, sio::Packet packet,
                                  std::vector<std::string> attachments) {
  switch (packet.type) {
    case sio::PacketType::kConnect:
      Connect(session, client, packet.nsp, std::move(packet.data));
      return;
    case sio::PacketType::kDisconnect: {
      const auto it = client.sockets.find(packet.nsp);
      if (it != client.sockets.end()) {
        SocketPtr socket = it->second;
        RemoveSocket(client, socket, "client namespace disconnect");
      }
      return;
    }
    case sio::PacketType::kEvent:
    case sio::PacketType::kBinaryEvent: {
      const auto it = client.sockets.find(packet.nsp);
      if (it == client.sockets.end()) return;  // Not connected to it: ignored, as upstream.
      IncomingEvent event;
      json::array& data = packet.data.get_array();
      event.name = std::string(data[0].get_string());
      event.args.reserve(data.size() - 1);
      for (std::size_t i = 1; i < data.size(); ++i) event.args.push_back(std::move(data[i]));
      event.attachments = std::move(attachments);
      event.ack_id = packet.id;
      Enqueue(it->second, std::move(event));
      return;
    }
    case sio::PacketType::kAck:
    case sio::PacketType::kBinaryAck: {
      const auto it = client.sockets.find(packet.nsp);
      if (it == client.sockets.end()) return;
      Socket& socket = *it->second;
      const auto ack = socket.acks_.find(*packet.id);
      if (ack == socket.acks_.end()) return;
      auto callback = std::move(ack->second);
      socket.acks_.erase(ack);
      try {
        callback(std::move(packet.data.get_array()));
      } catch (const std::exception& e) {
        spdlog::error("realtime: BUG: exception escaped an ack callback: {}", e.what());
      }
      return;
    }
    case sio::PacketType::kConnectError:
      return;
  }
}

void SocketIoServer::Connect(const EioSessionPtr& session, Client& client, const std::string& nsp,
                             json::value auth) {
  const auto ns = namespaces_.find(nsp);
  if (ns == namespaces_.end()) {
    sio::Packet p;
    p.type = sio::PacketType::kConnectError;
    p.nsp = nsp;
    p.data = json::object{{"message", "Invalid namespace"}};
    session->Send(TextFrame(sio::Encode(p)));
    return;
  }
  if (client.sockets.contains(nsp)) return;  // Already connected (or connecting).
  auto socket = std::make_shared<Socket>(*this, session, nsp, *ns->second.adapter);
  client.sockets.emplace(nsp, socket);
  NamespaceHandler* handler = ns->second.handler;
  auto decide = [this, handler, socket, auth = std::move(auth)]() mutable -> asio::awaitable<void> {
    std::optional<ConnectError> refused;
    try {
      refused = co_await handler->OnConnect(socket, std::move(auth));
    } catch (const std::exception& e) {
      spdlog::error("realtime: BUG: exception escaped OnConnect: {}", e.what());
      refused = ConnectError{"Internal error", nullptr};
    }
    auto c = std::static_pointer_cast<Client>(socket->session_->user_data);
    if (!c || socket->session_->IsClosed()) {
      socket->adapter_.LeaveAll(socket.get());
      co_return;
    }
    sio::Packet p;
    p.nsp = socket->Nsp();
    if (refused) {
      p.type = sio::PacketType::kConnectError;
      json::object body{{"message", refused->message}};
      if (!refused->data.is_null()) body["data"] = refused->data;
      p.data = std::move(body);
      socket->session_->Send(TextFrame(sio::Encode(p)));
      socket->adapter_.LeaveAll(socket.get());
      c->sockets.erase(socket->Nsp());
      co_return;
    }
    c->ever_connected = true;
    c->connect_timer.cancel();
    socket->connected_ = true;
    p.type = sio::PacketType::kConnect;
    p.data = json::object{{"sid", socket->Id()}};
    // As the official server, what the handler emits on connection follows the CONNECT
    // acknowledgement in a later write, once the acknowledgement has gone out.
    Frame ack = TextFrame(sio::Encode(p));
    ack.on_sent = [this, handler, socket] {
      auto timer = std::make_shared<asio::steady_timer>(socket->session_->GetStrand());
      timer->expires_after(kConnectedDelay);
      timer->async_wait([this, handler, socket, timer](const boost::system::error_code&) {
        if (!socket->Connected()) return;
        handler->OnConnected(socket);
        if (!socket->inbox_.empty() && !socket->draining_) {
          socket->draining_ = true;
          asio::co_spawn(socket->session_->GetStrand(), Drain(socket), asio::detached);
        }
      });
    };
    socket->session_->Send(ack);
  };
  asio::co_spawn(session->GetStrand(), std::move(decide), asio::detached);
}

void SocketIoServer::Enqueue(const SocketPtr& socket, IncomingEvent event) {
  if (socket->inbox_.size() >= options_.max_pending_events) {
    // Refused, not queued: nothing of it is stored. An event with an ack gets a failed ack too,
    // so the client knows which one to send again.
    const json::object error{{"message", "Too many events waiting; slow down"},
                             {"code", "TOO_MANY_PENDING"},
                             {"event", event.name.substr(0, 64)}};
    socket->Emit("error", json::array{error});
    if (event.ack_id) {
      socket->Ack(*event.ack_id, json::array{json::object{{"ok", false}, {"error", error}}});
    }
    return;
  }
  socket->inbox_.push_back(std::move(event));
  if (socket->Connected() && !socket->draining_) {
    socket->draining_ = true;
    asio::co_spawn(socket->session_->GetStrand(), Drain(socket), asio::detached);
  }
}

asio::awaitable<void> SocketIoServer::Drain(SocketPtr socket) {
  NamespaceHandler* handler = namespaces_.at(socket->Nsp()).handler;
  while (!socket->inbox_.empty() && socket->Connected()) {
    IncomingEvent event = std::move(socket->inbox_.front());
    socket->inbox_.pop_front();
    try {
      co_await handler->OnEvent(socket, std::move(event));
    } catch (const std::exception& e) {
      spdlog::error("realtime: BUG: exception escaped an event handler: {}", e.what());
    }
  }
  socket->draining_ = false;
}

void SocketIoServer::RemoveSocket(Client& client, const SocketPtr& socket,
                                  std::string_view reason) {
  const auto it = client.sockets.find(socket->Nsp());
  if (it == client.sockets.end() || it->second != socket) return;
  client.sockets.erase(it);
  const bool was_connected = socket->connected_.exchange(false);
  socket->inbox_.clear();
  socket->acks_.clear();
  Namespace& ns = namespaces_.at(socket->Nsp());
  ns.adapter->LeaveAll(socket.get());
  if (was_connected) ns.handler->OnDisconnect(socket, reason);
}

void SocketIoServer::OnClose(const EioSessionPtr& session, std::string_view reason) {
  auto client = std::static_pointer_cast<Client>(session->user_data);
  if (!client) return;
  client->connect_timer.cancel();
  std::vector<SocketPtr> sockets;
  for (auto& [nsp, s] : client->sockets) sockets.push_back(s);
  for (const SocketPtr& s : sockets) RemoveSocket(*client, s, reason);
  client->pending.reset();
  session->user_data.reset();  // Breaks the session ↔ client ↔ socket cycle.
}

}  // namespace carevoice::realtime
