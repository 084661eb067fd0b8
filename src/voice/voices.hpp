#pragma once

// The Tts the application uses: one port over every installed engine, routed by voice id.

#include <memory>
#include <vector>

#include "voice/tts.hpp"

namespace carevoice::voice {

// Returns a Tts that sends "espeak:<lang>" voices to `espeak`, "openai:<name>" voices to
// `openai`, and every other voice ("" included) to `primary`. `espeak` and `openai` may be null
// (their voices then fall back to `primary`). Voices() lists all of them, primary first.
// REQUIRES: primary != nullptr.
std::unique_ptr<Tts> MakeVoiceRouter(std::unique_ptr<Tts> primary, std::unique_ptr<Tts> espeak,
                                     std::unique_ptr<Tts> openai);

// Returns an Stt whose Transcribe asks `primary` and, when it fails with kUnavailable (an
// endpoint down), `fallback`; Start() (streaming) is always `fallback`'s.
// REQUIRES: both non-null.
std::unique_ptr<Stt> MakeFallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback);

}  // namespace carevoice::voice
