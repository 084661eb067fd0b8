// POST /api/conversations/:id/audio: a voice message as multipart/form-data with the file field
// `audio` and optional text fields `transcript` and `wantAudio` ("false" to skip the spoken
// reply). The container is checked here (voice::DetectUploadedAudio); the engine stores the file
// in the owner's audio folder, transcribes it when no transcript is given and runs the same
// pipeline as POST /messages.
// GET /api/voices: the installed voices (an agent's `voice` names one).
// POST /api/voices/preview {voice?, text?}: a short sample in that voice as audio/wav (the
// console's "listen" button), through the same Tts port as replies. Rate limited per user
// (kPreviewsPerMinute; 429 TOO_MANY_REQUESTS with Retry-After, details.limit "voice_preview").

#include <algorithm>
#include <memory>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "auth/rate_limiter.hpp"
#include "core/blocking.hpp"
#include "core/strings.hpp"
#include "http/multipart.hpp"
#include "voice/audio_check.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

// Extra bytes allowed on top of max_file_size for the multipart framing and text fields.
constexpr std::size_t kMultipartSlack = std::size_t{64} * 1024;

core::Error FieldError(const char* field, std::string message) {
  wire::FieldErrors errors;
  errors.Add(field, std::move(message));
  return errors.ToError();
}

struct AudioUpload {
  std::string_view bytes;  // A view into the request body.
  voice::AudioType type;
  std::string transcript;  // "" = none given.
  bool want_audio = true;
};

// Parses and checks the multipart body (no I/O).
core::Result<AudioUpload> ParseUpload(const http::RequestContext& ctx, std::size_t max_size) {
  const std::string_view content_type = ctx.Header("Content-Type");
  if (!core::StartsWith(core::ToLowerAscii(core::TrimAscii(content_type)), "multipart/form-data")) {
    return core::Error{core::ErrorKind::kUnsupportedMediaType,
                       "Content-Type must be multipart/form-data", "UNSUPPORTED_MEDIA_TYPE",
                       nullptr, 0};
  }
  auto parts = http::ParseMultipart(content_type, ctx.request->body());
  if (!parts) return parts.error();
  const http::Part* audio = http::FindPart(*parts, "audio");
  if (audio == nullptr) return FieldError("audio", "audio file is required");
  if (audio->data.empty()) return FieldError("audio", "audio file is empty");
  if (audio->data.size() > max_size) {
    return core::Error{core::ErrorKind::kPayloadTooLarge,
                       "The audio file exceeds " + std::to_string(max_size) + " bytes",
                       "PAYLOAD_TOO_LARGE", nullptr, 0};
  }
  AudioUpload upload;
  upload.bytes = audio->data;
  // The container comes from the bytes: MediaRecorder's WebM/Opus arrives labelled audio/wav.
  auto type = voice::DetectUploadedAudio(audio->content_type, audio->filename, upload.bytes);
  if (!type) return type.error();
  upload.type = std::move(*type);
  if (const http::Part* transcript = http::FindPart(*parts, "transcript")) {
    upload.transcript = wire::Trimmed(transcript->data);
    wire::FieldErrors errors;
    if (!wire::CheckLength(upload.transcript, "transcript", 0, wire::kMaxMessageLength, errors)) {
      return errors.ToError();
    }
  }
  if (const http::Part* want = http::FindPart(*parts, "wantAudio")) {
    const std::string value = core::ToLowerAscii(core::TrimAscii(want->data));
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return FieldError("wantAudio", "wantAudio must be true or false");
    }
    upload.want_audio = value == "true" || value == "1";
  }
  return upload;
}

HandlerResult UploadAudio(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  auto upload = ParseUpload(ctx, deps.config.max_file_size);
  if (!upload) co_return Fail(ctx, upload.error());
  engine::AudioMessage audio;
  audio.bytes = std::string(upload->bytes);
  audio.type = upload->type;
  audio.transcript = upload->transcript;
  engine::MessageOptions options;
  options.want_audio = upload->want_audio;
  const engine::Actor actor = ActorOf(*principal);
  auto done = co_await deps.engine.HandleUserAudio(actor, *id, audio, options);
  if (!done) co_return Fail(ctx, WithNotFoundMessage(done.error(), "Conversation not found"));
  const std::string reply_audio_url = ReplyAudioUrl(done->turn);
  json::object out = wire::TurnToJson(done->turn, reply_audio_url);
  out["audioUrl"] = done->audio_url;
  if (!reply_audio_url.empty()) out["replyAudioUrl"] = reply_audio_url;
  out["transcript"] = done->transcript;
  co_return Json(ctx, 201, out);
}

HandlerResult ListVoices(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  json::array voices;
  if (deps.tts != nullptr) {
    for (const voice::VoiceInfo& v : deps.tts->Voices()) {
      voices.push_back(json::object{
          {"id", v.id},
          {"name", v.name},
          {"engine", v.engine},
          {"language", v.language},
          {"gender", v.gender.empty() ? json::value(nullptr) : json::value(v.gender)}});
    }
  }
  const json::value default_voice =
      voices.empty() ? json::value(nullptr) : voices.front().as_object().at("id");
  co_return Json(ctx, 200, json::object{{"voices", std::move(voices)}, {"default", default_voice}});
}

constexpr int kPreviewsPerMinute = 10;
constexpr std::size_t kMaxPreviewText = 200;
constexpr std::size_t kMaxVoiceId = 64;
constexpr const char* kPreviewText =
    "Hello! I am your CareVoice assistant. How can I help you today?";

HandlerResult PreviewVoice(ApiDeps& deps, auth::RateLimiter& limiter, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  std::string voice = wire::ReadString(*body, "voice", errors).value_or("");
  wire::CheckLength(voice, "voice", 0, kMaxVoiceId, errors);
  std::string text = wire::Trimmed(wire::ReadString(*body, "text", errors).value_or(""));
  wire::CheckLength(text, "text", 0, kMaxPreviewText, errors);
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  if (deps.tts == nullptr) {
    co_return Fail(ctx, core::Error{core::ErrorKind::kUnavailable,
                                    "Speech synthesis is not available on this server",
                                    "SPEECH_UNAVAILABLE", nullptr, 0});
  }
  if (const std::int64_t wait = limiter.TryAcquire(principal->user_id); wait > 0) {
    core::Error e{core::ErrorKind::kTooManyRequests,
                  "Too many voice previews. Please wait a moment and try again.",
                  "TOO_MANY_REQUESTS", json::object{{"limit", "voice_preview"}}, 0};
    e.retry_after_seconds = static_cast<int>(std::clamp<std::int64_t>(wait, 1, 3600));
    co_return Fail(ctx, e);
  }
  if (text.empty()) text = kPreviewText;
  voice::Tts& tts = *deps.tts;
  auto audio = co_await core::RunBlocking(
      deps.pool, [&tts, &text, &voice] { return tts.Synthesize(text, voice, "audio/wav"); });
  if (!audio) co_return Fail(ctx, audio.error());
  http::Response res{boost::beast::http::status::ok, ctx.request->version()};
  res.set(boost::beast::http::field::content_type, audio->mime_type);
  res.set(boost::beast::http::field::cache_control, "no-store");
  res.body() = std::move(audio->bytes);
  res.keep_alive(ctx.request->keep_alive());
  co_return res;
}

}  // namespace

void RegisterAudioRoutes(http::Router& router, ApiDeps& deps) {
  http::RouteOptions options;
  options.body_limit = deps.config.max_file_size + kMultipartSlack;
  router.Add(http::Verb::post, "/api/conversations/:id/audio", Bind(deps, &UploadAudio), options);
  router.Add(http::Verb::get, "/api/voices", Bind(deps, &ListVoices));
  auto limiter = std::make_shared<auth::RateLimiter>(deps.clock, kPreviewsPerMinute, 60);
  router.Add(http::Verb::post, "/api/voices/preview", [&deps, limiter](http::RequestContext& ctx) {
    return PreviewVoice(deps, *limiter, ctx);
  });
}

}  // namespace carevoice::api
