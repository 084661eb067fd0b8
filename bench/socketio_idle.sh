#!/usr/bin/env bash
# RSS per idle connected Socket.IO socket: starts `carevoice socketio-testapp --port 0`, opens N
# (default 10000) websocket-only socket.io-client connections with bench/socketio_idle.mjs, and
# prints the server's RSS growth per socket (target <= 10 KB).
#   bench/socketio_idle.sh [N]          CAREVOICE_BIN=path/to/carevoice to pick the binary.
# Needs tests/node_modules (npm install in tests/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${CAREVOICE_BIN:-$here/../build/bin/carevoice}"
n="${1:-10000}"

# Each socket is one fd in the server and one in the client; raise the limit for both.
ulimit -n "$(( n * 2 + 1024 < $(ulimit -Hn) ? n * 2 + 1024 : $(ulimit -Hn) ))"

log="$(mktemp)"
"$bin" socketio-testapp --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 100); do
  port="$(sed -n 's/^socketio-testapp listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "socketio-testapp did not start:"; cat "$log"; exit 1; }
node "$here/socketio_idle.mjs" --pid "$pid" --port "$port" --n "$n"
