#include "call/call_routes.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <cstring>
#include <vector>

#include "auth/token_verifier.hpp"
#include "auth/visitor_limits.hpp"
#include "auth/visitor_service.hpp"
#include "call/twilio.hpp"
#include "call/ws_channel.hpp"
#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "http/server.hpp"
#include "voice/pcm.hpp"
#include "voice/resampler.hpp"
#include "voice/stt_bias.hpp"

namespace carevoice::call {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

constexpr std::size_t kMaxFrameBytes = 32000;  // 1 s of 16 kHz PCM16.
constexpr std::size_t kReadMessageMax =
    std::size_t{64} * 1024;  // Larger messages fail the connection.
constexpr int kTwilioRate = 8000;

core::Error WithCode(core::Error error, std::string code) {
  error.code = std::move(code);
  return error;
}

// Returns why `frame` is not raw PCM16 audio, or "" when it is.
std::string PcmFrameProblem(std::string_view frame) {
  if (frame.empty()) return "empty audio frame";
  if (frame.size() > kMaxFrameBytes) {
    return "audio frame too large: at most " + std::to_string(kMaxFrameBytes) +
           " bytes (1 s of 16 kHz PCM16) per frame";
  }
  for (const std::string_view magic :
       {std::string_view("RIFF"), std::string_view("OggS"), std::string_view("\x1a\x45\xdf\xa3"),
        std::string_view("ID3"), std::string_view("fLaC")}) {
    if (frame.starts_with(magic)) {
      return "audio frames are raw PCM16 16 kHz mono, not an audio file (WAV/Ogg/WebM/MP3/FLAC)";
    }
  }
  if (frame.size() % 2 != 0) return "PCM16 frames have an even number of bytes";
  return {};
}

std::vector<std::int16_t> LittleEndianSamples(std::string_view bytes) {
  std::vector<std::int16_t> samples(bytes.size() / 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto lo = static_cast<std::uint8_t>(bytes[2 * i]);
    const auto hi = static_cast<std::uint8_t>(bytes[2 * i + 1]);
    samples[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
  }
  return samples;
}

std::string_view BufferView(const beast::flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

void ConfigureSocket(WebSocket& ws) {
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws.read_message_max(kReadMessageMax);
  ws.auto_fragment(false);
}

// The browser/app call: JSON and PCM16 16 kHz over the WebSocket.
class StreamTransport final : public CallTransport {
 public:
  explicit StreamTransport(WsChannel& channel) : channel_(channel) {}
  void SendJson(const json::object& message) override { channel_.SendJson(message); }
  void SendAudio(std::span<const std::int16_t> pcm16k) override {
    channel_.SendBinary(voice::Pcm16Bytes(pcm16k));
  }
  void MarkAudio(const std::string&) override {}  // audio_end says it.
  void ClearAudio() override { channel_.SendJson(json::object{{"type", "clear"}}); }
  void EndCall(const std::string&) override { channel_.Close(websocket::close_code::normal); }

 private:
  WsChannel& channel_;
};

// Twilio Media Streams: media (μ-law 8 kHz), mark and clear.
class TwilioTransport final : public CallTransport {
 public:
  explicit TwilioTransport(WsChannel& channel) : channel_(channel) {}
  void SetStreamSid(std::string sid) { sid_ = std::move(sid); }
  void SendJson(const json::object&) override {}  // Twilio takes media, mark and clear only.
  void SendAudio(std::span<const std::int16_t> pcm16k) override {
    const std::vector<std::int16_t> narrow = down_.Process(pcm16k);
    channel_.SendText(TwilioMediaMessage(sid_, voice::MuLawEncode(narrow)));
  }
  void MarkAudio(const std::string& name) override {
    channel_.SendText(TwilioMarkMessage(sid_, name));
  }
  void ClearAudio() override { channel_.SendText(TwilioClearMessage(sid_)); }
  void EndCall(const std::string&) override { channel_.Close(websocket::close_code::normal); }

 private:
  WsChannel& channel_;
  std::string sid_;
  voice::Resampler down_{kCallRate, kTwilioRate};
};

}  // namespace

class CallRoutes::Impl {
 public:
  explicit Impl(CallRoutesDeps deps) : deps_(std::move(deps)) {}

  // Keeps `channel` in the set CloseAll closes, for the life of this object.
  class Tracked {
   public:
    Tracked(Impl& impl, std::shared_ptr<WsChannel> channel) : impl_(impl), channel_(channel) {
      std::lock_guard lock(impl_.mu_);
      impl_.live_.insert(std::move(channel));
    }
    ~Tracked() {
      std::lock_guard lock(impl_.mu_);
      impl_.live_.erase(channel_);
    }
    Tracked(const Tracked&) = delete;
    Tracked& operator=(const Tracked&) = delete;

   private:
    Impl& impl_;
    std::shared_ptr<WsChannel> channel_;
  };

  void CloseAll() {
    std::lock_guard lock(mu_);
    for (const auto& channel : live_) channel->Shutdown();
  }

  // --- /api/voice/stream ---

  asio::awaitable<void> Stream(http::RequestContext& ctx, beast::tcp_stream& stream,
                               http::Request request) {
    stream.expires_never();
    WebSocket ws(stream);
    ConfigureSocket(ws);
    if (auto [ec] = co_await ws.async_accept(request, kNoThrow); ec) co_return;
    auto channel = std::make_shared<WsChannel>(ws);
    const Tracked tracked(*this, channel);
    auto actor = co_await Authenticate(ctx);
    const std::string conversation_id = ctx.Query("conversationId").value_or("");
    std::optional<engine::ConversationWithMessages> conversation;
    if (!actor) {
      channel->Refuse(actor.error().code.empty() ? "UNAUTHORIZED" : actor.error().code,
                      actor.error().message);
    } else if (!core::IsObjectId(conversation_id)) {
      channel->Refuse("INVALID_CONVERSATION_ID",
                      "conversationId (a 24-hex conversation id) is required");
    } else {
      auto loaded = co_await deps_.call.engine->GetConversation(*actor, conversation_id);
      if (!loaded) {
        channel->Refuse(loaded.error().kind == core::ErrorKind::kNotFound ? "CONVERSATION_NOT_FOUND"
                                                                          : "UNAVAILABLE",
                        loaded.error().message);
      } else {
        conversation = std::move(*loaded);
      }
    }
    if (!conversation) {
      co_await channel->WriteLoop();
      co_return;
    }
    conversation->messages.clear();
    // The agent's words for the recogniser; without them (a store error) the call goes on
    // unbiased.
    // A named value: a temporary SttBias in the co_await full-expression below was destroyed twice
    // (GCC 12, docs/ARCHITECTURE.md "Coroutines and GCC 12").
    voice::SttBias bias;
    if (auto got = co_await deps_.call.engine->SpeechBias(*actor, conversation_id); got) {
      bias = std::move(*got);
    }
    StreamTransport transport(*channel);
    std::string voice;  // The default voice (named, like `bias`).
    auto session = CallSession::Create(co_await asio::this_coro::executor, deps_.call, transport,
                                       *actor, conversation_id, std::move(voice), std::move(bias));
    session->Start(std::string());
    using asio::experimental::awaitable_operators::operator&&;
    co_await (StreamReadLoop(ws, *channel, *session) && channel->WriteLoop());
    session->Stop();
  }

  asio::awaitable<void> StreamReadLoop(WebSocket& ws, WsChannel& channel, CallSession& session) {
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws.async_read(buffer, kNoThrow);
      if (ec) break;
      if (!channel.Closing()) {
        const std::string_view data = BufferView(buffer);
        if (ws.got_binary()) {
          if (std::string problem = PcmFrameProblem(data); !problem.empty()) {
            channel.Refuse("INVALID_AUDIO_FRAME", problem);
          } else {
            const std::vector<std::int16_t> samples = LittleEndianSamples(data);
            session.OnAudio(samples);
          }
        } else {
          HandleControl(data, channel, session);
        }
      }
      buffer.consume(buffer.size());
    }
    channel.Abort();
  }

  static void HandleControl(std::string_view text, WsChannel& channel, CallSession& session) {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    const json::value* type = (!ec && v.is_object()) ? v.get_object().if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string()) {
      channel.Refuse("INVALID_MESSAGE",
                     "control messages are JSON objects with a string \"type\"; audio is binary");
      return;
    }
    const std::string_view kind = type->get_string();
    if (kind == "end" || kind == "hangup") {
      session.Hangup();
    } else if (kind == "ping") {
      channel.SendJson(json::object{{"type", "pong"}});
    } else if (kind == "dtmf") {
      const json::value* digit = v.get_object().if_contains("digit");
      if (digit != nullptr && digit->is_string() && digit->get_string().size() == 1 &&
          std::strchr("0123456789*#", digit->get_string()[0]) != nullptr) {
        session.OnDtmf(digit->get_string()[0]);
      } else {
        channel.SendJson(json::object{{"type", "error"},
                                      {"code", "INVALID_MESSAGE"},
                                      {"message", "dtmf needs a digit 0-9, * or #"}});
      }
    } else {
      channel.SendJson(json::object{
          {"type", "error"}, {"code", "UNKNOWN_MESSAGE"}, {"message", "unknown message type"}});
    }
  }

  // A staff JWT (Authorization: Bearer, or ?token=) or a visitor of a published agent (widget
  // key + visitor token, in the query or the X-Widget-Key / X-Visitor-Token headers).
  asio::awaitable<core::Result<engine::Actor>> Authenticate(const http::RequestContext& ctx) {
    std::string key = ctx.Query("widgetKey").value_or(std::string(ctx.Header("X-Widget-Key")));
    std::string visitor_token =
        ctx.Query("visitorToken").value_or(std::string(ctx.Header("X-Visitor-Token")));
    if (!key.empty()) {
      if (deps_.visitors == nullptr) {
        co_return WithCode(core::Error::Unavailable("Visitors are not enabled"),
                           "VISITORS_UNAVAILABLE");
      }
      // Anonymous: limited per IP before any work is done for it.
      if (deps_.visitor_limits != nullptr) {
        if (auto limited = deps_.visitor_limits->CheckSession(ctx.remote_ip); !limited) {
          co_return limited.error();
        }
      }
      const auth::VisitorService& visitors = *deps_.visitors;
      auto session = co_await core::RunBlocking(
          *deps_.call.pool, [&] { return visitors.Authenticate(key, visitor_token); });
      if (!session) co_return session.error();
      co_return engine::Actor{session->agent.user_id, false, session->visitor_id};
    }
    std::string token(http::BearerToken(ctx.Header("Authorization")));
    if (token.empty()) token = ctx.Query("token").value_or("");
    if (token.empty()) {
      co_return WithCode(core::Error::Unauthorized(
                             "Authentication required: a token, or a widgetKey and visitorToken"),
                         "AUTH_REQUIRED");
    }
    auto principal = deps_.tokens->VerifyAccessToken(token);
    if (!principal) co_return principal.error();
    co_return engine::Actor{principal->user_id, principal->role == core::UserRole::kAdmin};
  }

  // --- Twilio ---

  std::string PublicBase(const http::RequestContext& ctx) const {
    if (!deps_.public_url.empty()) return deps_.public_url;
    return "https://" + std::string(ctx.Header("Host"));
  }

  static http::Response Xml(const http::RequestContext& ctx, std::string twiml) {
    http::Response res{beast::http::status::ok, ctx.request->version()};
    res.set(beast::http::field::content_type, "text/xml; charset=utf-8");
    res.keep_alive(ctx.request->keep_alive());
    res.body() = std::move(twiml);
    res.prepare_payload();
    return res;
  }

  asio::awaitable<http::Response> TwilioVoice(http::RequestContext& ctx) {
    auto params = ParseForm(ctx.request->body());
    if (!params) {
      co_return http::ErrorResponse(
          ctx, WithCode(core::Error::BadRequest("The body is not a valid form"), "INVALID_FORM"));
    }
    if (!deps_.twilio_auth_token.empty()) {
      const std::string url = PublicBase(ctx) + std::string(ctx.request->target());
      if (!ValidTwilioSignature(deps_.twilio_auth_token, url, *params,
                                ctx.Header("X-Twilio-Signature"))) {
        co_return http::ErrorResponse(
            ctx, WithCode(core::Error::Forbidden("Invalid or missing X-Twilio-Signature"),
                          "INVALID_TWILIO_SIGNATURE"));
      }
    }
    const auto to = params->find("To");
    const auto number =
        to == params->end() ? deps_.twilio_numbers.end() : deps_.twilio_numbers.find(to->second);
    if (number == deps_.twilio_numbers.end() || deps_.visitors == nullptr) {
      co_return Xml(ctx, SayAndHangupTwiml("Sorry, this number is not in service."));
    }
    const std::string& key = number->second;
    const auth::VisitorService& visitors = *deps_.visitors;
    auto visitor = co_await core::RunBlocking(
        *deps_.call.pool, [&] { return visitors.ResolveVisitor(key, std::nullopt); });
    if (!visitor) {
      spdlog::warn("twilio: the number {} names no published agent: {}", to->second,
                   visitor.error().message);
      co_return Xml(ctx, SayAndHangupTwiml("Sorry, this number is not in service."));
    }
    std::string base = PublicBase(ctx);
    if (core::StartsWith(base, "https://")) {
      base = "wss://" + base.substr(8);
    } else if (core::StartsWith(base, "http://")) {
      base = "ws://" + base.substr(7);
    }
    const std::map<std::string, std::string> parameters{{"widgetKey", key},
                                                        {"visitorToken", visitor->visitor_token}};
    co_return Xml(ctx, ConnectStreamTwiml(base + "/twilio/media", parameters));
  }

  asio::awaitable<void> TwilioMedia(http::RequestContext&, beast::tcp_stream& stream,
                                    http::Request request) {
    stream.expires_never();
    WebSocket ws(stream);
    ConfigureSocket(ws);
    if (auto [ec] = co_await ws.async_accept(request, kNoThrow); ec) co_return;
    auto channel = std::make_shared<WsChannel>(ws);
    const Tracked tracked(*this, channel);
    TwilioTransport transport(*channel);
    std::shared_ptr<CallSession> session;
    using asio::experimental::awaitable_operators::operator&&;
    co_await (TwilioReadLoop(ws, *channel, transport, session) && channel->WriteLoop());
    if (session) session->Stop();
  }

  asio::awaitable<void> TwilioReadLoop(WebSocket& ws, WsChannel& channel,
                                       TwilioTransport& transport,
                                       std::shared_ptr<CallSession>& session) {
    beast::flat_buffer buffer;
    voice::Resampler up(kTwilioRate, kCallRate);
    for (;;) {
      auto [ec, n] = co_await ws.async_read(buffer, kNoThrow);
      if (ec) break;
      if (channel.Closing()) {
        buffer.consume(buffer.size());
        continue;
      }
      std::string error;
      std::optional<TwilioMessage> message;
      if (ws.got_binary()) {
        error = "Media Streams messages are JSON text";
      } else {
        message = ParseTwilioMessage(BufferView(buffer), error);
      }
      buffer.consume(buffer.size());
      if (!message) {
        channel.Refuse("INVALID_MESSAGE", error);
        continue;
      }
      switch (message->kind) {
        case TwilioMessage::Kind::kConnected:
        case TwilioMessage::Kind::kMark:
          break;
        case TwilioMessage::Kind::kStart:
          if (!session) session = co_await StartTwilioCall(channel, transport, *message);
          break;
        case TwilioMessage::Kind::kMedia:
          if (session && message->track == "inbound") {
            const std::vector<std::int16_t> narrow = voice::MuLawDecode(message->audio);
            const std::vector<std::int16_t> wide = up.Process(narrow);
            session->OnAudio(wide);
          }
          break;
        case TwilioMessage::Kind::kDtmf:
          if (session) session->OnDtmf(message->digit[0]);
          break;
        case TwilioMessage::Kind::kStop:
          if (session) {
            session->Hangup();
          } else {
            channel.Close(websocket::close_code::normal);
          }
          break;
      }
    }
    channel.Abort();
  }

  // The start message: the visitor the TwiML named, a new conversation, its welcome spoken.
  asio::awaitable<std::shared_ptr<CallSession>> StartTwilioCall(WsChannel& channel,
                                                                TwilioTransport& transport,
                                                                const TwilioMessage& start) {
    if (start.encoding != "audio/x-mulaw" || start.sample_rate != kTwilioRate) {
      channel.Refuse("UNSUPPORTED_MEDIA_FORMAT", "Media Streams must be audio/x-mulaw at 8000 Hz");
      co_return nullptr;
    }
    if (deps_.visitors == nullptr) {
      channel.Refuse("VISITORS_UNAVAILABLE", "Visitors are not enabled");
      co_return nullptr;
    }
    const auto key = start.custom.find("widgetKey");
    const auto token = start.custom.find("visitorToken");
    const std::string widget_key = key == start.custom.end() ? "" : key->second;
    const std::string visitor_token = token == start.custom.end() ? "" : token->second;
    const auth::VisitorService& visitors = *deps_.visitors;
    auto visitor = co_await core::RunBlocking(
        *deps_.call.pool, [&] { return visitors.Authenticate(widget_key, visitor_token); });
    if (!visitor) {
      channel.Refuse(visitor.error().code.empty() ? "UNAUTHORIZED" : visitor.error().code,
                     visitor.error().message);
      co_return nullptr;
    }
    const engine::Actor actor{visitor->agent.user_id, false, visitor->visitor_id};
    engine::StartOptions options;
    options.agent_id = visitor->agent.id;
    options.title = "Phone call";
    auto started = co_await deps_.call.engine->StartConversation(actor, std::move(options));
    if (!started) {
      channel.Refuse(started.error().code.empty() ? "UNAVAILABLE" : started.error().code,
                     started.error().message);
      co_return nullptr;
    }
    transport.SetStreamSid(start.stream_sid);
    voice::SttBias bias = voice::AgentSttBias(started->agent);  // Named: see Stream().
    auto session =
        CallSession::Create(co_await asio::this_coro::executor, deps_.call, transport, actor,
                            started->conversation.id, started->agent.voice, std::move(bias));
    session->Start(started->welcome.content);
    co_return session;
  }

  CallRoutesDeps deps_;
  std::mutex mu_;
  std::set<std::shared_ptr<WsChannel>> live_;
};

CallRoutes::CallRoutes(CallRoutesDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}
CallRoutes::~CallRoutes() = default;

void CallRoutes::Register(http::Router& router) {
  Impl* impl = impl_.get();
  // Plain GETs (not upgrades) get a JSON 426 pointing at the WebSocket.
  const http::Handler upgrade_required =
      [](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
    core::Error error = WithCode(core::Error::BadRequest("This endpoint is a WebSocket: connect "
                                                         "with Upgrade: websocket"),
                                 "UPGRADE_REQUIRED");
    http::Response res = http::ErrorResponse(ctx, error);
    res.result(beast::http::status::upgrade_required);
    co_return res;
  };
  http::RouteOptions stream_options;
  stream_options.requires_auth = false;  // The upgrade authenticates (JWT or visitor).
  stream_options.upgrade = [impl](http::RequestContext& ctx, beast::tcp_stream& stream,
                                  http::Request request) {
    return impl->Stream(ctx, stream, std::move(request));
  };
  router.Add(http::Verb::get, "/api/voice/stream", upgrade_required, stream_options);

  http::RouteOptions voice_options;
  voice_options.requires_auth = false;  // Twilio's signature, when TWILIO_AUTH_TOKEN is set.
  voice_options.body_limit = std::size_t{64} * 1024;
  router.Add(
      http::Verb::post, "/twilio/voice",
      [impl](http::RequestContext& ctx) { return impl->TwilioVoice(ctx); }, voice_options);

  http::RouteOptions media_options;
  media_options.requires_auth = false;  // The start message's visitor token.
  media_options.upgrade = [impl](http::RequestContext& ctx, beast::tcp_stream& stream,
                                 http::Request request) {
    return impl->TwilioMedia(ctx, stream, std::move(request));
  };
  router.Add(http::Verb::get, "/twilio/media", upgrade_required, media_options);
}

void CallRoutes::CloseAll() { impl_->CloseAll(); }

}  // namespace carevoice::call
