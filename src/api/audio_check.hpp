#pragma once

// Checks of uploaded audio before it is stored: its type (from the part's Content-Type, else the
// file name's extension) and a container check of its first bytes. Pure; no I/O.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::api {

struct AudioType {
  std::string extension;  // "wav", "mp3", "ogg", "webm", "m4a", "flac", "raw".
  std::string mime_type;  // e.g. "audio/wav".
};

// Returns the type of an upload: the part's `content_type` when it names a supported audio type,
// otherwise (absent, "application/octet-stream", ...) the extension of `file_name`. 415
// UNSUPPORTED_MEDIA_TYPE when neither does.
core::Result<AudioType> DetectAudioType(std::string_view content_type, std::string_view file_name);

// Returns an error (422 INVALID_AUDIO, with a message saying what is wrong) unless `bytes` looks
// like a well-formed file of `type`: for WAV a RIFF/WAVE header with a valid "fmt " chunk
// (PCM/float/extensible, 1-16 channels, 1 Hz-768 kHz, 8/16/24/32/64 bits) followed by a "data"
// chunk; for the others the container's magic bytes (ID3 or an MPEG frame sync, "OggS", EBML,
// "ftyp", "fLaC"); raw PCM must have an even length.
core::Result<void> CheckAudioContainer(const AudioType& type, std::string_view bytes);

}  // namespace carevoice::api
