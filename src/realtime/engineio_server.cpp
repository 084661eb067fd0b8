#include "realtime/engineio_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/serialize.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/ids.hpp"

namespace carevoice::realtime {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace json = boost::json;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
using Channel = asio::experimental::concurrent_channel<void(boost::system::error_code)>;
using WebSocket = websocket::stream<asio::ip::tcp::socket>;

// The official server's error codes (engine.io lib/server.ts).
enum class EioError {
  kUnknownTransport = 0,
  kUnknownSid = 1,
  kBadHandshakeMethod = 2,
  kBadRequest = 3,
  kForbidden = 4,
  kUnsupportedProtocol = 5
};

std::string_view EioErrorMessage(EioError e) {
  switch (e) {
    case EioError::kUnknownTransport:
      return "Transport unknown";
    case EioError::kUnknownSid:
      return "Session ID unknown";
    case EioError::kBadHandshakeMethod:
      return "Bad handshake method";
    case EioError::kBadRequest:
      return "Bad request";
    case EioError::kForbidden:
      return "Forbidden";
    case EioError::kUnsupportedProtocol:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

std::string EioErrorBody(EioError e) {
  return json::serialize(
      json::object{{"code", static_cast<int>(e)}, {"message", EioErrorMessage(e)}});
}

http::Response TextResponse(const http::RequestContext& ctx, unsigned status, std::string body,
                            std::string_view content_type) {
  http::Response res{static_cast<bhttp::status>(status), ctx.request->version()};
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.keep_alive(ctx.request->keep_alive());
  res.body() = std::move(body);
  return res;
}

http::Response ErrorResponse(const http::RequestContext& ctx, EioError e) {
  return TextResponse(ctx, 400, EioErrorBody(e), "application/json");
}

// Checks EIO and transport. Returns the error to answer, or nullopt.
std::optional<EioError> CheckQuery(const std::map<std::string, std::string>& query,
                                   std::string_view expected_transport) {
  const auto eio = query.find("EIO");
  if (eio == query.end() || eio->second != "4") return EioError::kUnsupportedProtocol;
  const auto transport = query.find("transport");
  if (transport == query.end() ||
      (transport->second != "polling" && transport->second != "websocket")) {
    return EioError::kUnknownTransport;
  }
  if (transport->second != expected_transport) return EioError::kBadRequest;
  return std::nullopt;
}

std::string_view HeaderOf(const http::Request& req, bhttp::field f) {
  const auto it = req.find(f);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

}  // namespace

// A session's WebSocket once accepted. It owns the socket (taken from the HTTP connection), so an
// idle connection costs this object, one pending read and nothing of the request that opened it.
// Kept alive by its pending read and, while frames are being written, by its writer; both run on
// the socket's executor (the connection's strand).
struct EioWebSocket {
  EioWebSocket(asio::ip::tcp::socket socket, EioSessionPtr s, std::shared_ptr<void> connection)
      : ws(std::move(socket)), session(std::move(s)), lease(std::move(connection)) {}
  WebSocket ws;
  beast::flat_buffer buffer;    // The message being read.
  EioSessionPtr session;        // Null until the handshake or the upgrade completes.
  std::shared_ptr<void> lease;  // http::RequestContext::upgrade_lease.
};

// Session state. `mu` guards the fields up to `transport`; `wake` is set before the session is
// published and never replaced; the rest is touched only on the strand.
struct EioSession::State {
  explicit State(const Strand& strand) : ping_timer(strand) {}
  std::mutex mu;
  std::vector<Frame> queue;
  std::size_t queued_bytes = 0;
  bool closed = false;
  bool websocket = false;    // The current transport.
  bool upgrading = false;    // A WebSocket probe is in progress.
  bool poll_active = false;  // A long-polling GET is waiting.
  bool writing = false;      // A WebSocket writer is scheduled or running (at most one).
  std::weak_ptr<EioWebSocket> transport;  // Set once the WebSocket carries the session.
  // Sessions opened by polling only: wakes the waiting GET.
  std::unique_ptr<Channel> wake;
  // Strand only.
  asio::steady_timer ping_timer;
  std::uint64_t ping_generation = 0;
  bool awaiting_pong = false;
};

class EngineIoServer::Impl {
 public:
  Impl(EngineIoServer& owner, asio::io_context& ioc, SessionHandler& handler)
      : owner_(owner), ioc_(ioc), handler_(handler) {}

  // Sessions whose OnClose has not run (the io_context stopped first) may be held in a cycle by
  // their handler's data: release it. REQUIRES: the io_context no longer runs.
  // A coroutine still waiting on a session's channel (a poll) holds the
  // session that owns the channel: cancel the waits so that the io_context's destruction frees
  // them.
  ~Impl() {
    for (auto& [raw, weak] : live_) {
      if (EioSessionPtr s = weak.lock()) {
        s->user_data.reset();
        if (s->state_->wake) s->state_->wake->cancel();
        s->state_->ping_timer.cancel();
      }
    }
  }

  const EngineIoOptions& Options() const { return owner_.options_; }
  SessionHandler& handler() { return handler_; }

  // --- Registry ---

  EioSessionPtr Find(const std::string& sid) {
    std::lock_guard lock(mu_);
    const auto it = sessions_.find(sid);
    return it == sessions_.end() ? nullptr : it->second;
  }

  static Handshake MakeHandshake(const http::RequestContext& ctx, const http::Request& request) {
    Handshake hs;
    hs.remote_ip = ctx.remote_ip;
    hs.query = ctx.query;
    hs.authorization = std::string(HeaderOf(request, bhttp::field::authorization));
    hs.origin = std::string(HeaderOf(request, bhttp::field::origin));
    return hs;
  }

  EioSessionPtr Create(Handshake hs, bool websocket) {
    auto session = std::make_shared<EioSession>(owner_, core::RandomBase64Url(15), std::move(hs),
                                                asio::make_strand(ioc_));
    session->state_->websocket = websocket;
    if (!websocket) session->state_->wake = std::make_unique<Channel>(session->GetStrand(), 1);
    {
      std::lock_guard lock(mu_);
      if (sessions_.size() >= Options().max_sessions) return nullptr;
      sessions_.emplace(session->Id(), session);
      if (++created_ % 1024 == 0) {
        std::erase_if(live_, [](const auto& entry) { return entry.second.expired(); });
      }
      live_.emplace(session.get(), session);
    }
    asio::post(session->GetStrand(), [this, session] {
      handler_.OnOpen(session);
      SchedulePing(session);
    });
    return session;
  }

  void Remove(const std::string& sid) {
    std::lock_guard lock(mu_);
    sessions_.erase(sid);
  }

  std::size_t Count() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
  }

  void CloseAll() {
    std::vector<EioSessionPtr> all;
    {
      std::lock_guard lock(mu_);
      for (auto& [id, s] : sessions_) all.push_back(s);
    }
    for (auto& s : all) s->Close("server shutting down");
  }

  std::string OpenPacket(const EioSession& session, bool websocket) const {
    json::array upgrades;
    if (!websocket) upgrades.emplace_back("websocket");
    std::string out = "0";
    out += json::serialize(json::object{{"sid", session.Id()},
                                        {"upgrades", std::move(upgrades)},
                                        {"pingInterval", Options().ping_interval.count()},
                                        {"pingTimeout", Options().ping_timeout.count()},
                                        {"maxPayload", Options().max_payload}});
    return out;
  }

  // --- Heartbeat (strand) ---

  void SchedulePing(const EioSessionPtr& s) {
    auto& st = *s->state_;
    const std::uint64_t generation = ++st.ping_generation;
    st.awaiting_pong = false;
    st.ping_timer.expires_after(Options().ping_interval);
    st.ping_timer.async_wait([this, s, generation](const boost::system::error_code& ec) {
      auto& state = *s->state_;
      if (ec || generation != state.ping_generation || s->IsClosed()) return;
      state.awaiting_pong = true;
      static const auto kEmpty = std::make_shared<const std::string>();
      s->Send(Frame{kEmpty, false, eio::PacketType::kPing});
      state.ping_timer.expires_after(Options().ping_timeout);
      state.ping_timer.async_wait([s, generation](const boost::system::error_code& ec2) {
        if (ec2 || generation != s->state_->ping_generation) return;
        if (s->state_->awaiting_pong) s->Close("ping timeout", false);
      });
    });
  }

  // --- Incoming packets (strand) ---

  void HandlePacket(const EioSessionPtr& s, eio::Packet& p) {
    if (s->IsClosed()) return;
    switch (p.type) {
      case eio::PacketType::kPong:
        if (s->state_->awaiting_pong) SchedulePing(s);
        break;
      case eio::PacketType::kMessage:
        handler_.OnMessage(s, std::move(p.data), p.binary);
        break;
      case eio::PacketType::kClose:
        s->Close("forced close", false);
        break;
      case eio::PacketType::kOpen:
        s->Close("parse error", false);
        break;
      default:  // ping (probe), upgrade and noop carry nothing here.
        break;
    }
  }

  void Dispatch(const EioSessionPtr& s, std::vector<eio::Packet> packets) {
    asio::post(s->GetStrand(), [this, s, packets = std::move(packets)]() mutable {
      for (eio::Packet& p : packets) HandlePacket(s, p);
    });
  }

  // --- HTTP long-polling ---

  asio::awaitable<http::Response> HandleHttp(http::RequestContext& ctx) {
    if (auto error = CheckQuery(ctx.query, "polling")) co_return ErrorResponse(ctx, *error);
    const http::Verb verb = ctx.request->method();
    const auto sid_it = ctx.query.find("sid");
    if (sid_it == ctx.query.end()) {
      if (verb != http::Verb::get) co_return ErrorResponse(ctx, EioError::kBadHandshakeMethod);
      if (auto refused = Admit(ctx.remote_ip); !refused) {
        co_return http::ErrorResponse(ctx, refused.error());
      }
      EioSessionPtr session = Create(MakeHandshake(ctx, *ctx.request), false);
      if (!session) co_return ErrorResponse(ctx, EioError::kForbidden);
      co_return TextResponse(ctx, 200, OpenPacket(*session, false), "text/plain; charset=UTF-8");
    }
    EioSessionPtr session = Find(sid_it->second);
    if (!session) co_return ErrorResponse(ctx, EioError::kUnknownSid);
    if (verb == http::Verb::get) co_return co_await Poll(ctx, session);
    if (verb == http::Verb::post) co_return Push(ctx, session);
    co_return ErrorResponse(ctx, EioError::kBadRequest);
  }

  asio::awaitable<http::Response> Poll(http::RequestContext& ctx, EioSessionPtr session) {
    auto& st = *session->state_;
    {
      std::unique_lock lock(st.mu);
      if (st.websocket) co_return ErrorResponse(ctx, EioError::kBadRequest);
      if (st.poll_active) {
        // Overlapping polls: the official server closes the session; the first poll gets the
        // close packet.
        lock.unlock();
        session->Close("transport error");
        co_return ErrorResponse(ctx, EioError::kBadRequest);
      }
      st.poll_active = true;
    }
    std::vector<Frame> frames;
    bool closed = false;
    for (;;) {
      {
        std::lock_guard lock(st.mu);
        if (!st.queue.empty() || st.closed || st.websocket) {
          frames.swap(st.queue);
          st.queued_bytes = 0;
          closed = st.closed;
          st.poll_active = false;
          break;
        }
      }
      co_await st.wake->async_receive(kNoThrow);
    }
    std::string body;
    for (const Frame& f : frames) {
      if (!body.empty()) body.push_back(eio::kSeparator);
      eio::AppendToPayload(body, f.type, *f.data, f.binary);
      if (f.on_sent) f.on_sent();
    }
    if (body.empty()) body = "6";  // A noop ends the poll (upgrade, or closed by the client).
    (void)closed;
    // NOLINTNEXTLINE(clang-analyzer-cplusplus.Move): moved once; a coroutine false positive.
    co_return TextResponse(ctx, 200, std::move(body), "text/plain; charset=UTF-8");
  }

  http::Response Push(http::RequestContext& ctx, const EioSessionPtr& session) {
    {
      std::lock_guard lock(session->state_->mu);
      if (session->state_->websocket) return ErrorResponse(ctx, EioError::kBadRequest);
    }
    std::optional<std::vector<eio::Packet>> packets = eio::DecodePayload(ctx.request->body());
    if (!packets) {
      session->Close("parse error", false);
      return ErrorResponse(ctx, EioError::kBadRequest);
    }
    Dispatch(session, std::move(*packets));
    return TextResponse(ctx, 200, "ok", "text/html");
  }

  // --- WebSocket ---

  asio::awaitable<void> HandleUpgrade(http::RequestContext& ctx, beast::tcp_stream& stream,
                                      http::Request request) {
    if (auto error = CheckQuery(ctx.query, "websocket")) {
      co_await RefuseUpgrade(stream, request, *error);
      co_return;
    }
    EioSessionPtr session;
    // An unknown sid, or one already upgraded: the WebSocket is accepted, then closed at once
    // (as the official server does; a 400 would be an error event without a close for clients).
    bool refuse_after_accept = false;
    const auto sid_it = ctx.query.find("sid");
    if (sid_it != ctx.query.end()) {
      session = Find(sid_it->second);
      bool can_upgrade = false;
      if (session) {
        std::lock_guard lock(session->state_->mu);
        can_upgrade =
            !session->state_->websocket && !session->state_->upgrading && !session->state_->closed;
        if (can_upgrade) session->state_->upgrading = true;
      }
      if (!can_upgrade) session = nullptr;
      refuse_after_accept = !can_upgrade;
    } else if (auto refused = Admit(ctx.remote_ip); !refused) {
      co_await RefuseUpgrade(stream, request, refused.error());
      co_return;
    }
    Handshake handshake = MakeHandshake(ctx, request);
    stream.expires_never();
    // The socket is ours from here on (http::UpgradeHandler): it outlives this coroutine, whose
    // frame and the HTTP connection's are freed once the WebSocket is open.
    auto transport =
        std::make_shared<EioWebSocket>(std::move(stream.socket()), nullptr, ctx.upgrade_lease);
    WebSocket& ws = transport->ws;
    ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(10),
                                                  websocket::stream_base::none(), false});
    ws.read_message_max(Options().max_payload);
    ws.auto_fragment(false);
    // Unfragmented, unmasked server writes go out without this buffer; keep it small (it stays
    // allocated for the connection's life).
    ws.write_buffer_bytes(256);
    {
      auto [ec] = co_await ws.async_accept(request, kNoThrow);
      if (ec) {
        if (session) {
          std::lock_guard lock(session->state_->mu);
          session->state_->upgrading = false;
        }
        co_return;
      }
    }
    if (refuse_after_accept) {
      co_await ws.async_close(websocket::close_code::policy_error, kNoThrow);
      co_return;
    }
    if (!session) {
      session = Create(std::move(handshake), true);
      if (!session) co_return;
      const std::string open = OpenPacket(*session, true);
      ws.text(true);
      auto [ec, n] = co_await ws.async_write(asio::buffer(open), kNoThrow);
      if (ec) {
        session->Close("transport close", false);
        co_return;
      }
    } else if (!co_await Probe(ws, session)) {
      co_await ws.async_close(websocket::close_code::normal, kNoThrow);
      co_return;
    }
    transport->session = std::move(session);
    Attach(transport);
    Read(std::move(transport));
  }

  asio::awaitable<void> RefuseUpgrade(beast::tcp_stream& stream, const http::Request& request,
                                      EioError error) {
    co_await WriteRefusal(stream, request, 400, EioErrorBody(error), 0);
  }

  asio::awaitable<void> RefuseUpgrade(beast::tcp_stream& stream, const http::Request& request,
                                      const core::Error& error) {
    co_await WriteRefusal(stream, request, error.HttpStatus(), json::serialize(error.ToJson()),
                          error.retry_after_seconds);
  }

  core::Result<void> Admit(std::string_view remote_ip) const {
    if (!Options().admit) return {};
    return Options().admit(remote_ip);
  }

  asio::awaitable<void> WriteRefusal(beast::tcp_stream& stream, const http::Request& request,
                                     unsigned status, std::string body, int retry_after_seconds) {
    http::Response res{static_cast<bhttp::status>(status), request.version()};
    res.set(bhttp::field::content_type, "application/json");
    if (retry_after_seconds > 0) {
      res.set(bhttp::field::retry_after, std::to_string(retry_after_seconds));
    }
    res.keep_alive(false);
    res.body() = std::move(body);
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, res, kNoThrow);
  }

  // The upgrade of a polling session: "2probe" → "3probe", then "5". Returns false when the
  // client sent anything else (the session stays on polling).
  asio::awaitable<bool> Probe(WebSocket& ws, const EioSessionPtr& session) {
    auto& st = *session->state_;
    beast::flat_buffer buffer;
    bool probed = false;
    for (;;) {
      auto [ec, n] = co_await ws.async_read(buffer, kNoThrow);
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (ec || !ws.got_text()) break;
      if (!probed && text == "2probe") {
        probed = true;
        ws.text(true);
        static constexpr std::string_view kProbeReply = "3probe";
        auto [wec, wn] =
            co_await ws.async_write(asio::buffer(kProbeReply.data(), kProbeReply.size()), kNoThrow);
        if (wec) break;
        // End a waiting poll with a noop so that the client can complete the upgrade.
        static const auto kEmpty = std::make_shared<const std::string>();
        session->Send(Frame{kEmpty, false, eio::PacketType::kNoop});
        continue;
      }
      if (probed && text == "5") {
        {
          std::lock_guard lock(st.mu);
          st.websocket = true;
          st.upgrading = false;
          // Noops meant for the poll are not carried over.
          std::erase_if(st.queue, [](const Frame& f) { return f.type == eio::PacketType::kNoop; });
        }
        st.wake->try_send(boost::system::error_code{});
        co_return true;
      }
      break;
    }
    std::lock_guard lock(st.mu);
    st.upgrading = false;
    co_return false;
  }

  // --- WebSocket reads and writes (the socket's strand) ---

  // One read at a time, with a plain completion handler: an idle connection holds this pending
  // read and no coroutine frame.
  void Read(std::shared_ptr<EioWebSocket> transport) {
    EioWebSocket& t = *transport;
    t.ws.async_read(t.buffer, [this, transport = std::move(transport)](
                                  boost::system::error_code ec, std::size_t /*bytes*/) mutable {
      OnRead(std::move(transport), ec);
    });
  }

  void OnRead(std::shared_ptr<EioWebSocket> transport, boost::system::error_code ec) {
    EioWebSocket& t = *transport;
    if (ec) {
      t.session->Close("transport close", false);
      return;
    }
    eio::Packet packet;
    if (t.ws.got_binary()) {
      packet.binary = true;
      packet.data = beast::buffers_to_string(t.buffer.data());
    } else {
      std::optional<eio::Packet> decoded =
          eio::DecodeTextFrame(beast::buffers_to_string(t.buffer.data()));
      if (!decoded) {
        t.session->Close("parse error", false);
        return;
      }
      packet = std::move(*decoded);
    }
    // An idle connection keeps no read buffer.
    t.buffer.clear();
    t.buffer.shrink_to_fit();
    std::vector<eio::Packet> one;
    one.push_back(std::move(packet));
    Dispatch(t.session, std::move(one));
    Read(std::move(transport));
  }

  // The WebSocket carries the session from now on; frames already queued are written.
  void Attach(const std::shared_ptr<EioWebSocket>& transport) {
    auto& st = *transport->session->state_;
    std::shared_ptr<EioWebSocket> writer;
    {
      std::lock_guard lock(st.mu);
      st.transport = transport;
      writer = WriterToStartLocked(st);
    }
    if (writer) StartWriter(std::move(writer));
  }

  // REQUIRES: st.mu held. The transport to start a writer on, if the session's frames go over a
  // WebSocket, something is waiting to be written and no writer runs yet (there is at most one,
  // so frames leave in the order they were queued).
  static std::shared_ptr<EioWebSocket> WriterToStartLocked(EioSession::State& st) {
    if (st.writing || !st.websocket || (st.queue.empty() && !st.closed)) return nullptr;
    std::shared_ptr<EioWebSocket> transport = st.transport.lock();
    if (transport) st.writing = true;
    return transport;
  }

  void StartWriter(std::shared_ptr<EioWebSocket> transport) {
    auto executor = transport->ws.get_executor();
    asio::co_spawn(executor, WriteQueued(std::move(transport)), asio::detached);
  }

  // TCP_CORK on the connection's socket; a failure only costs segments, so it is ignored.
  static void SetCork(WebSocket& ws, bool on) {
    const int value = on ? 1 : 0;
    ::setsockopt(ws.next_layer().native_handle(), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
  }

  // Writes what is queued, then ends: an idle connection has no writer. Once the session is
  // closed, it writes what is left and the WebSocket close frame.
  asio::awaitable<void> WriteQueued(std::shared_ptr<EioWebSocket> transport) {
    EioSession& session = *transport->session;
    auto& st = *session.state_;
    WebSocket& ws = transport->ws;
    // A poll still waiting after the upgrade returns first, with what was queued before.
    for (;;) {
      {
        std::lock_guard lock(st.mu);
        if (!st.poll_active) break;
      }
      if (st.wake) st.wake->try_send(boost::system::error_code{});
      asio::steady_timer pause(co_await asio::this_coro::executor);
      pause.expires_after(std::chrono::milliseconds(2));
      co_await pause.async_wait(kNoThrow);
    }
    std::vector<Frame> frames;
    bool closed = false;
    for (;;) {
      {
        std::lock_guard lock(st.mu);
        if (st.queue.empty() && !st.closed) {
          st.writing = false;
          break;
        }
        frames.swap(st.queue);
        st.queued_bytes = 0;
        closed = st.closed;
      }
      // Several frames at once (a turn's events): the kernel sends them in as few segments as
      // it can (TCP_CORK until the last one is written), so the client wakes once, not per frame.
      const bool cork = frames.size() > 1;
      if (cork) SetCork(ws, true);
      for (const Frame& f : frames) {
        if (f.type == eio::PacketType::kNoop) continue;
        boost::system::error_code ec;
        if (f.binary) {
          ws.binary(true);
          std::tie(ec, std::ignore) = co_await ws.async_write(asio::buffer(*f.data), kNoThrow);
        } else {
          ws.text(true);
          const char type = static_cast<char>(f.type);
          const std::array<asio::const_buffer, 2> buffers{asio::buffer(&type, 1),
                                                          asio::buffer(*f.data)};
          std::tie(ec, std::ignore) = co_await ws.async_write(buffers, kNoThrow);
        }
        if (ec) {
          session.Close("transport error", false);
          closed = true;
          break;
        }
        if (f.on_sent) f.on_sent();
      }
      if (cork) SetCork(ws, false);
      frames.clear();
      if (closed) {
        // A close frame; a client that does not answer is cut off by the handshake timeout.
        // `writing` stays set: nothing is written after it.
        co_await ws.async_close(websocket::close_code::normal, kNoThrow);
        break;
      }
    }
  }

 private:
  EngineIoServer& owner_;
  asio::io_context& ioc_;
  SessionHandler& handler_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, EioSessionPtr> sessions_;
  // Every session not yet freed (pruned of expired entries as sessions are created).
  std::unordered_map<const EioSession*, std::weak_ptr<EioSession>> live_;
  std::uint64_t created_ = 0;
};

// --- EioSession ---

EioSession::EioSession(EngineIoServer& server, std::string id, Handshake handshake, Strand strand)
    : server_(server),
      id_(std::move(id)),
      handshake_(std::move(handshake)),
      strand_(std::move(strand)),
      state_(std::make_unique<State>(strand_)) {}

EioSession::~EioSession() = default;

// Starts the WebSocket writer, or wakes a waiting poll.
void EioSession::Wake(std::shared_ptr<EioWebSocket> writer) {
  if (writer) {
    server_.impl_->StartWriter(std::move(writer));
  } else if (state_->wake) {
    state_->wake->try_send(boost::system::error_code{});
  }
}

bool EioSession::Send(const Frame* frames, std::size_t count) {
  std::shared_ptr<EioWebSocket> writer;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) bytes += frames[i].data->size() + 1;
  {
    std::unique_lock lock(state_->mu);
    if (state_->closed) return false;
    if (state_->queued_bytes + bytes > server_.options_.max_queued_bytes) {
      lock.unlock();
      spdlog::warn("realtime: session {} closed: send queue overflow", id_);
      Close("send queue overflow", false);
      return false;
    }
    for (std::size_t i = 0; i < count; ++i) state_->queue.push_back(frames[i]);
    state_->queued_bytes += bytes;
    writer = EngineIoServer::Impl::WriterToStartLocked(*state_);
  }
  Wake(std::move(writer));
  return true;
}

void EioSession::Close(std::string_view reason, bool notify_client) {
  std::shared_ptr<EioWebSocket> writer;
  {
    std::lock_guard lock(state_->mu);
    if (state_->closed) return;
    // Callbacks of frames never sent may hold what holds this session (a socket): drop them.
    for (Frame& f : state_->queue) f.on_sent = nullptr;
    if (notify_client) {
      static const auto kEmpty = std::make_shared<const std::string>();
      state_->queue.push_back(Frame{kEmpty, false, eio::PacketType::kClose});
    }
    state_->closed = true;
    writer = EngineIoServer::Impl::WriterToStartLocked(*state_);
  }
  Wake(std::move(writer));
  server_.impl_->Remove(id_);
  auto self = shared_from_this();
  asio::post(strand_, [self, reason = std::string(reason)] {
    self->state_->ping_timer.cancel();
    ++self->state_->ping_generation;
    self->server_.impl_->handler().OnClose(self, reason);
  });
}

bool EioSession::IsClosed() const {
  std::lock_guard lock(state_->mu);
  return state_->closed;
}

// --- EngineIoServer ---

EngineIoServer::EngineIoServer(asio::io_context& ioc, EngineIoOptions options,
                               SessionHandler& handler)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(*this, ioc, handler)) {}

EngineIoServer::~EngineIoServer() = default;

void EngineIoServer::RegisterRoutes(http::Router& router, const std::string& path) {
  Impl* impl = impl_.get();
  http::Handler handler = [impl](http::RequestContext& ctx) { return impl->HandleHttp(ctx); };
  http::RouteOptions options;
  options.requires_auth = false;
  options.body_limit = options_.max_payload;
  http::RouteOptions get_options = options;
  get_options.upgrade = [impl](http::RequestContext& ctx, beast::tcp_stream& stream,
                               http::Request request) {
    return impl->HandleUpgrade(ctx, stream, std::move(request));
  };
  router.Add(http::Verb::get, path, handler, get_options);
  for (const http::Verb verb :
       {http::Verb::post, http::Verb::put, http::Verb::delete_, http::Verb::patch}) {
    router.Add(verb, path, handler, options);
  }
}

void EngineIoServer::CloseAll() { impl_->CloseAll(); }

std::size_t EngineIoServer::SessionCount() const { return impl_->Count(); }

}  // namespace carevoice::realtime
