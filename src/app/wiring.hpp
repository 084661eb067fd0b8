#pragma once

// The application wiring: the only place that picks adapters (Store, NLU, Responder, Engine,
// API routes, HTTP server).

#include <memory>

#include "app/config.hpp"
#include "voice/tts.hpp"

namespace carevoice::app {

// The speech engines the app uses: Flite with espeak-ng for other languages (tts), PocketSphinx
// (stt). Both null with SPEECH=off; stt null (logged) when its model cannot be loaded.
struct Speech {
  std::unique_ptr<voice::Tts> tts;
  std::unique_ptr<voice::Stt> stt;
};
Speech MakeSpeech(const Config& config);

// Builds the application from `config`, serves until SIGINT/SIGTERM (graceful stop), and returns
// the exit status (0 after a clean stop).
int RunServer(const Config& config);

}  // namespace carevoice::app
