#include "voice/audio_check.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "core/strings.hpp"
#include "voice/pcm.hpp"

namespace carevoice::voice {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTypes{{
    {"wav", "audio/wav"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"webm", "audio/webm"},
    {"m4a", "audio/mp4"},
    {"flac", "audio/flac"},
    {"raw", "audio/L16"},
}};

core::Error Invalid(std::string message) {
  return core::Error{core::ErrorKind::kUnprocessable, std::move(message), "INVALID_AUDIO", nullptr,
                     0};
}

// An ID3 tag or an MPEG audio frame header: 11 sync bits, a version other than "reserved", a
// layer other than "reserved", a bitrate index other than "bad" and a known sample rate.
bool IsMp3(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "ID3") return true;
  if (b.size() < 3) return false;
  const auto b1 = static_cast<unsigned char>(b[1]);
  const auto b2 = static_cast<unsigned char>(b[2]);
  return static_cast<unsigned char>(b[0]) == 0xFF && (b1 & 0xE0) == 0xE0 && ((b1 >> 3) & 3) != 1 &&
         ((b1 >> 1) & 3) != 0 && (b2 >> 4) != 15 && ((b2 >> 2) & 3) != 3;
}

AudioType TypeOf(const char* extension) {
  return AudioType{extension, AudioMimeTypeForName(std::string("x.") + extension)};
}

}  // namespace

std::string AudioMimeTypeForName(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "";
  const std::string ext = core::ToLowerAscii(file_name.substr(dot + 1));
  for (const auto& [e, m] : kTypes) {
    if (e == ext) return std::string(m);
  }
  return "";
}

std::string AudioExtensionForMimeType(std::string_view mime_type) {
  const std::string m =
      core::ToLowerAscii(core::TrimAscii(mime_type.substr(0, mime_type.find(';'))));
  if (m == "audio/x-wav" || m == "audio/wave") return "wav";
  for (const auto& [e, t] : kTypes) {
    if (core::ToLowerAscii(t) == m) return std::string(e);
  }
  return "";
}

core::Result<AudioType> DetectAudioType(std::string_view content_type, std::string_view file_name) {
  std::string extension = AudioExtensionForMimeType(content_type);
  // MIME types are case-insensitive; voice's table spells raw PCM "audio/L16".
  if (extension.empty() &&
      core::StartsWith(core::ToLowerAscii(core::TrimAscii(content_type)), "audio/l16")) {
    extension = "raw";
  }
  if (extension.empty()) {
    const std::string mime = AudioMimeTypeForName(file_name);
    if (!mime.empty()) extension = AudioExtensionForMimeType(mime);
  }
  if (extension.empty()) {
    return core::Error{core::ErrorKind::kUnsupportedMediaType,
                       "Unsupported audio type: use wav, mp3, ogg, webm, m4a, flac or raw",
                       "UNSUPPORTED_MEDIA_TYPE", nullptr, 0};
  }
  std::string mime = AudioMimeTypeForName("x." + extension);
  return AudioType{std::move(extension), std::move(mime)};
}

std::optional<AudioType> SniffAudioType(std::string_view b) {
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WAVE") return TypeOf("wav");
  if (core::StartsWith(b, "\x1A\x45\xDF\xA3")) return TypeOf("webm");
  if (core::StartsWith(b, "OggS")) return TypeOf("ogg");
  if (core::StartsWith(b, "fLaC")) return TypeOf("flac");
  if (b.size() >= 8 && b.substr(4, 4) == "ftyp") return TypeOf("m4a");
  if (IsMp3(b)) return TypeOf("mp3");
  return std::nullopt;
}

core::Result<AudioType> DetectUploadedAudio(std::string_view content_type,
                                            std::string_view file_name, std::string_view bytes) {
  if (bytes.empty()) return Invalid("The audio file is empty");
  core::Result<AudioType> declared = DetectAudioType(content_type, file_name);
  // Raw PCM has no header to sniff (and may start like an MPEG frame by chance).
  const bool raw = declared && declared->extension == "raw";
  if (std::optional<AudioType> sniffed = raw ? std::nullopt : SniffAudioType(bytes)) {
    if (auto checked = CheckAudioContainer(*sniffed, bytes); !checked) return checked.error();
    return std::move(*sniffed);
  }
  if (!declared) return declared.error();
  if (!raw) {
    return Invalid(
        "The file is not audio in a supported container (WAV, WebM, Ogg, MP3, FLAC or MP4/M4A)");
  }
  if (auto checked = CheckAudioContainer(*declared, bytes); !checked) return checked.error();
  return declared;
}

core::Result<void> CheckAudioContainer(const AudioType& type, std::string_view b) {
  if (b.empty()) return Invalid("The audio file is empty");
  const std::string& e = type.extension;
  if (e == "wav") {
    // One WAV parser: a file is accepted iff it decodes.
    auto pcm = DecodeWav(b);
    if (!pcm) return pcm.error();
    return {};
  }
  bool ok = true;
  if (e == "mp3") {
    ok = IsMp3(b);
  } else if (e == "ogg") {
    ok = core::StartsWith(b, "OggS");
  } else if (e == "webm") {
    ok = core::StartsWith(b, "\x1A\x45\xDF\xA3");
  } else if (e == "m4a") {
    ok = b.size() >= 8 && b.substr(4, 4) == "ftyp";
  } else if (e == "flac") {
    ok = core::StartsWith(b, "fLaC");
  } else if (e == "raw") {
    ok = b.size() % 2 == 0;
  }
  if (!ok) return Invalid("The audio is not a valid " + e + " file");
  return {};
}

}  // namespace carevoice::voice
