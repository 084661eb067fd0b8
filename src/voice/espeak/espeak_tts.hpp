#pragma once

// The Tts adapter for languages other than English: espeak-ng (Debian's espeak-ng-data).
// Voice ids are "espeak:<language>" ("espeak:fr", "espeak:de", "espeak:es", ...).

#include <memory>

#include "voice/tts.hpp"

namespace carevoice::voice {

// Returns the espeak-ng adapter, or nullptr when espeak-ng cannot initialise (no data). Thread-
// safe: espeak-ng is one global engine, so calls are serialised per sentence.
std::unique_ptr<Tts> MakeEspeakTts();

}  // namespace carevoice::voice
