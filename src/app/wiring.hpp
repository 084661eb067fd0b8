#pragma once

// The application wiring: the only place that picks adapters (Store, NLU, Responder, Engine,
// API routes, HTTP server).

#include "app/config.hpp"

namespace carevoice::app {

// Builds the application from `config`, serves until SIGINT/SIGTERM (graceful stop), and returns
// the exit status (0 after a clean stop).
int RunServer(const Config& config);

}  // namespace carevoice::app
