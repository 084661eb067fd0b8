#include "api/audio_check.hpp"

#include <cstdint>

#include "core/strings.hpp"
#include "voice/audio_file.hpp"

namespace carevoice::api {
namespace {

core::Error Invalid(std::string message) {
  return core::Error{core::ErrorKind::kUnprocessable, std::move(message), "INVALID_AUDIO", nullptr,
                     0};
}

std::uint32_t Le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::uint16_t Le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

core::Result<void> CheckWav(std::string_view b) {
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") {
    return Invalid("The audio is not a WAV file (no RIFF/WAVE header)");
  }
  bool have_fmt = false;
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const std::string_view id = b.substr(at, 4);
    const std::uint64_t size = Le32(b, at + 4);
    const std::size_t body = at + 8;
    if (id == "fmt ") {
      if (size < 16 || body + 16 > b.size()) return Invalid("The WAV fmt chunk is truncated");
      const std::uint16_t format = Le16(b, body);
      const std::uint16_t channels = Le16(b, body + 2);
      const std::uint32_t rate = Le32(b, body + 4);
      const std::uint16_t bits = Le16(b, body + 14);
      if (format != 1 && format != 3 && format != 0xFFFE) {
        return Invalid("Unsupported WAV encoding (only PCM and IEEE float)");
      }
      if (channels == 0 || channels > 16) return Invalid("Invalid WAV channel count");
      if (rate == 0 || rate > 768'000) return Invalid("Invalid WAV sample rate");
      if (bits != 8 && bits != 16 && bits != 24 && bits != 32 && bits != 64) {
        return Invalid("Invalid WAV bits per sample");
      }
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) return Invalid("The WAV data chunk comes before its fmt chunk");
      return {};  // A truncated data chunk still decodes (streaming recorders write 0 sizes).
    }
    at = body + size + (size & 1);  // Chunks are word-aligned.
  }
  return Invalid(have_fmt ? "The WAV file has no data chunk" : "The WAV file has no fmt chunk");
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
  return AudioType{extension, voice::AudioMimeTypeForName(std::string("x.") + extension)};
}

}  // namespace

core::Result<AudioType> DetectAudioType(std::string_view content_type, std::string_view file_name) {
  std::string extension = voice::AudioExtensionForMimeType(content_type);
  // MIME types are case-insensitive; voice's table spells raw PCM "audio/L16".
  if (extension.empty() &&
      core::StartsWith(core::ToLowerAscii(core::TrimAscii(content_type)), "audio/l16")) {
    extension = "raw";
  }
  if (extension.empty()) {
    const std::string mime = voice::AudioMimeTypeForName(file_name);
    if (!mime.empty()) extension = voice::AudioExtensionForMimeType(mime);
  }
  if (extension.empty()) {
    return core::Error{core::ErrorKind::kUnsupportedMediaType,
                       "Unsupported audio type: use wav, mp3, ogg, webm, m4a, flac or raw",
                       "UNSUPPORTED_MEDIA_TYPE", nullptr, 0};
  }
  std::string mime = voice::AudioMimeTypeForName("x." + extension);
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
  if (e == "wav") return CheckWav(b);
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

}  // namespace carevoice::api
