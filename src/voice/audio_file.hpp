#pragma once

#include <string>
#include <string_view>

namespace carevoice::voice {

// Returns the MIME type for an audio file name by its extension ("x.wav" → "audio/wav"), or ""
// if the extension is not a supported audio format.
std::string AudioMimeTypeForName(std::string_view file_name);

// Returns the file extension (without dot) for an audio MIME type, or "" if unsupported.
std::string AudioExtensionForMimeType(std::string_view mime_type);

}  // namespace carevoice::voice
