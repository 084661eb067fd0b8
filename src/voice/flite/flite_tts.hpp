#pragma once

// The default Tts adapter: CMU Flite with Debian's voices slt (default, female), awb, rms, kal.

#include <memory>

#include "voice/tts.hpp"

namespace carevoice::voice {

// Returns the Flite adapter. Thread-safe: synthesis with one voice is serialised per sentence
// (Flite's voices are shared state); different voices run in parallel.
std::unique_ptr<Tts> MakeFliteTts();

}  // namespace carevoice::voice
