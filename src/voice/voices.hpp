#pragma once

// The Tts the application uses: one port over every installed engine, routed by voice id.

#include <cstddef>
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

// Returns a Tts that keeps the audio of the sentences `inner` spoke (per voice, least recently
// used dropped first, at most `max_bytes` of samples) and hands a sentence it has already made to
// the sink at once: an agent's greeting, re-prompts and recurring answers cost no synthesis (and
// no wait for a voice's lock) on later calls. A sentence is kept only when `inner` made all of
// it. `max_bytes` 0 = `inner` itself.
std::unique_ptr<Tts> MakeCachingTts(std::unique_ptr<Tts> inner, std::size_t max_bytes);

// Returns an Stt whose Transcribe asks `primary` and, when it fails with kUnavailable (an
// endpoint down), `fallback`; Start() (streaming) is always `fallback`'s.
// REQUIRES: both non-null.
std::unique_ptr<Stt> MakeFallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback);

}  // namespace carevoice::voice
