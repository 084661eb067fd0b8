// POST /api/conversations/:id/audio: a voice message as multipart/form-data with the file field
// `audio` and optional text fields `transcript` and `wantAudio` ("false" to skip the spoken
// reply). The file is checked, stored under the audio folder with a random name, and its
// transcript goes through the same pipeline as POST /messages.

#include "api/audio_check.hpp"
#include "api/file_storage.hpp"
#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/strings.hpp"
#include "http/multipart.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

// Extra bytes allowed on top of max_file_size for the multipart framing and text fields.
constexpr std::size_t kMultipartSlack = 64 * 1024;

core::Error TranscriptRequired() {
  return core::Error{core::ErrorKind::kUnprocessable,
                     "Transcript required until speech recognition is enabled",
                     "TRANSCRIPT_REQUIRED", nullptr, 0};
}

core::Error FieldError(const char* field, std::string message) {
  wire::FieldErrors errors;
  errors.Add(field, std::move(message));
  return errors.ToError();
}

struct AudioUpload {
  std::string_view bytes;  // A view into the request body.
  AudioType type;
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
  auto type = DetectUploadedAudio(audio->content_type, audio->filename, upload.bytes);
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
  // Speech-to-text hook: without an Stt port the client must send the transcript.
  if (upload->transcript.empty() && deps.stt == nullptr) co_return Fail(ctx, TranscriptRequired());

  // Check access before anything is written.
  store::Store& store = deps.store;
  const std::string scope = ConversationScope(*principal);
  auto conversation = co_await core::RunBlocking(
      deps.pool, [&store, &id, &scope] { return store.GetConversation(*id, scope); });
  if (!conversation) {
    co_return Fail(ctx, WithNotFoundMessage(conversation.error(), "Conversation not found"));
  }

  const std::string& folder = deps.config.audio_path;
  auto saved = co_await core::RunBlocking(
      deps.pool, [&] { return SaveFile(folder, upload->bytes, upload->type.extension); });
  if (!saved) co_return Fail(ctx, saved.error());
  const std::string file_name = *saved;
  const std::string upload_url = std::string(kAudioUrlPrefix) + file_name;

  std::string transcript = upload->transcript;
  if (transcript.empty()) {
    voice::Stt& stt = *deps.stt;
    auto heard = co_await core::RunBlocking(deps.pool, [&] {
      return stt.Transcribe(voice::Audio{std::string(upload->bytes), upload->type.mime_type});
    });
    if (heard) transcript = wire::Trimmed(*heard);
    if (!heard || transcript.empty()) {
      co_await core::RunBlocking(deps.pool, [&] {
        RemoveFileQuietly(folder, file_name);
        return true;
      });
      if (!heard) co_return Fail(ctx, heard.error());
      co_return Fail(
          ctx, core::Error{core::ErrorKind::kUnprocessable, "No speech was recognised in the audio",
                           "NO_SPEECH", nullptr, 0});
    }
  }

  engine::MessageOptions options;
  options.audio_url = upload_url;
  options.want_audio = upload->want_audio;
  const engine::Actor actor = ActorOf(*principal);
  auto turn = co_await deps.engine.HandleUserMessage(actor, *id, transcript, options);
  if (!turn) {
    co_await core::RunBlocking(deps.pool, [&] {
      RemoveFileQuietly(folder, file_name);
      return true;
    });
    co_return Fail(ctx, WithNotFoundMessage(turn.error(), "Conversation not found"));
  }
  const std::string reply_audio_url = co_await SaveReplyAudio(deps, *turn);
  json::object out = wire::TurnToJson(*turn, reply_audio_url);
  out["audioUrl"] = upload_url;
  if (!reply_audio_url.empty()) out["replyAudioUrl"] = reply_audio_url;
  out["transcript"] = transcript;
  co_return Json(ctx, 201, out);
}

}  // namespace

void RegisterAudioRoutes(http::Router& router, ApiDeps& deps) {
  http::RouteOptions options;
  options.body_limit = deps.config.max_file_size + kMultipartSlack;
  router.Add(http::Verb::post, "/api/conversations/:id/audio", Bind(deps, &UploadAudio), options);
}

}  // namespace carevoice::api
