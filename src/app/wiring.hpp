#pragma once

// TEMPORARY (http helper): the lead engineer replaces this with the real wiring (Store,
// AuthService, Engine, API routes). Contract kept by the replacement: RunServer serves until
// SIGINT/SIGTERM, prints AnnounceListening once listening, and returns the process exit code.

#include "app/config.hpp"

namespace carevoice::app {

// Builds the application from `config`, serves until SIGINT/SIGTERM (graceful stop), and returns
// the exit status (0 after a clean stop).
int RunServer(const Config& config);

}  // namespace carevoice::app
