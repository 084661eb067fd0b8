#pragma once

// Checks of untrusted audio bytes before they are stored or decoded. The container is detected from
// the bytes (DetectUploadedAudio): browsers label MediaRecorder's WebM/Opus "audio/wav" with file
// name "blob", so the declared type is only a fallback. Pure; no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::voice {

// Returns the MIME type for an audio file name by its extension ("x.wav" → "audio/wav"), or ""
// if the extension is not a supported audio format.
std::string AudioMimeTypeForName(std::string_view file_name);

// Returns the file extension (without dot) for an audio MIME type, or "" if unsupported.
std::string AudioExtensionForMimeType(std::string_view mime_type);

struct AudioType {
  std::string extension;  // "wav", "mp3", "ogg", "webm", "m4a", "flac", "raw".
  std::string mime_type;  // e.g. "audio/wav".
};

// Returns the type of an upload: the part's `content_type` when it names a supported audio type,
// otherwise (absent, "application/octet-stream", ...) the extension of `file_name`. 415
// UNSUPPORTED_MEDIA_TYPE when neither does.
core::Result<AudioType> DetectAudioType(std::string_view content_type, std::string_view file_name);

// Returns an error (422 INVALID_AUDIO, with a message saying what is wrong) unless `bytes` looks
// like a well-formed file of `type`: for WAV, that DecodeWav (voice/pcm.hpp) decodes it; for the
// others the container's magic bytes (ID3 or an MPEG frame sync, "OggS", EBML, "ftyp", "fLaC"); raw
// PCM must have an even length.
core::Result<void> CheckAudioContainer(const AudioType& type, std::string_view bytes);

// Returns the container of `bytes` from their first bytes, or nullopt: RIFF/WAVE → wav, EBML
// 1A45DFA3 (WebM/Matroska) → webm, "OggS" → ogg, "ID3" or a valid MPEG audio frame header → mp3,
// "fLaC" → flac, "ftyp" at offset 4 (MP4/M4A) → m4a. Opus, Vorbis... are all accepted inside
// WebM and Ogg.
std::optional<AudioType> SniffAudioType(std::string_view bytes);

// The type of an upload: raw PCM when declared so (checked: even length; PCM has no header);
// else the sniffed container when there is one (WAV is then fully checked with
// CheckAudioContainer), whatever `content_type` and `file_name` say; else 422 INVALID_AUDIO when
// declared as another audio type (the bytes are not audio in a supported container), 415
// UNSUPPORTED_MEDIA_TYPE when not declared as audio.
core::Result<AudioType> DetectUploadedAudio(std::string_view content_type,
                                            std::string_view file_name, std::string_view bytes);

}  // namespace carevoice::voice
