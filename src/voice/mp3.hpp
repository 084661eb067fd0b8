#pragma once

// MP3 encoding (libmp3lame), for clients that play reply audio as audio/mpeg (the old frontend).

#include <string>

#include "core/error.hpp"
#include "voice/pcm.hpp"

namespace carevoice::voice {

// Returns `pcm` (mono or stereo) encoded as MP3 (CBR `kbps`, the input's rate when MP3 has it,
// else resampled to 16 kHz). kInternal if the encoder refuses.
core::Result<std::string> EncodeMp3(const Pcm& pcm, int kbps = 48);

}  // namespace carevoice::voice
