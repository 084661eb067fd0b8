#!/usr/bin/env bash
# Socket.IO turns: CareVoice vs a plain Node socket.io 4 server (bench/socketio/turns.mjs).
# Installs the npm packages it needs (socket.io, socket.io-client) on first use.
#   bash bench/socketio_turns.sh [--clients 32] [--seconds 10] [--turns 300] [--rate 2000]
set -euo pipefail
cd "$(dirname "$0")/socketio"
if [ ! -d node_modules ]; then npm install --no-audit --no-fund --loglevel=error; fi
ulimit -n 65536 2>/dev/null || true
exec node turns.mjs "$@"
