#include "voice/audio_file.hpp"

#include <array>
#include <utility>

#include "core/strings.hpp"

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
    if (t == m) return std::string(e);
  }
  return "";
}

}  // namespace carevoice::voice
