#pragma once

// `carevoice socketio-testapp`: the test application that the official Engine.IO and Socket.IO
// protocol test suites (the test-suite/ folders of socketio/engine.io-protocol and
// socketio/socket.io-protocol) expect, on the same Engine.IO/Socket.IO stack as the server and
// nothing else: no API, no auth, no database, bound to 127.0.0.1 only.
//   /engine.io/  every message packet is echoed back (text or binary);
//   /socket.io/  namespaces "/" and "/custom": on connect an "auth" event carries the handshake
//                auth; "message" → "message-back" with the same arguments; "message-with-ack"
//                is acknowledged with the same arguments.
// Heartbeat 300 ms / 200 ms, connect timeout 1000 ms, maxPayload 1000000.

#include <cstdint>

namespace carevoice::realtime {

// Serves until SIGINT/SIGTERM. Returns the process exit code.
int RunConformanceApp(std::uint16_t port);

}  // namespace carevoice::realtime
