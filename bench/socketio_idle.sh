#!/usr/bin/env bash
# RSS per idle connected Socket.IO socket: starts a server, opens N (default 10000) websocket-only
# socket.io-client connections with bench/socketio_idle.mjs, and prints the server's RSS growth
# per socket (target <= 10 KB).
#   bench/socketio_idle.sh [N]
#   CAREVOICE_BIN=path/to/carevoice   the binary (default build/bin/carevoice)
#   SERVER=testapp (default)          `carevoice socketio-testapp --port 0`: its 300/200 ms
#                                     heartbeats make 10,000 sockets busy, not idle, on a small box
#   SERVER=carevoice                  the real server on port 0 with a temporary SQLite file,
#                                     default heartbeats (25 s); sockets sign in as staff (JWT)
#   SERVER=node                       the peer: a plain Node socket.io 4 server
#                                     (bench/socketio/node_peer.mjs, default heartbeats); needs
#                                     bench/socketio/node_modules (npm ci there)
# Needs tests/node_modules (npm install in tests/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${CAREVOICE_BIN:-$here/../build/bin/carevoice}"
server="${SERVER:-testapp}"
n="${1:-10000}"

# Each socket is one fd in the server and one in the client (two processes): raise the limit.
ulimit -n "$(( n + 1024 < $(ulimit -Hn) ? n + 1024 : $(ulimit -Hn) ))"

tmp="$(mktemp -d)"
log="$tmp/server.log"
secret=idle-bench-secret-idle-bench-secret-0123
extra=()
if [[ "$server" == carevoice ]]; then
  extra=(--jwt-secret "$secret")
  (cd "$tmp" && exec env -i PATH="$PATH" HOME="$tmp" PORT=0 HOST=127.0.0.1 \
    DATABASE_URL="sqlite:$tmp/carevoice.db" NODE_ENV=test LOG_LEVEL=warn \
    RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE=1000000 \
    JWT_SECRET="$secret" "$bin" >"$log" 2>&1) &
  pattern='s/.*CareVoice listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p'
elif [[ "$server" == node ]]; then
  PORT=0 node "$here/socketio/node_peer.mjs" >"$log" 2>&1 &
  pattern='s/^listening on \([0-9]*\).*/\1/p'
else
  "$bin" socketio-testapp --port 0 >"$log" 2>&1 &
  pattern='s/^socketio-testapp listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p'
fi
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
port=""
for _ in $(seq 300); do
  port="$(sed -n "$pattern" "$log" | head -1)"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "$server did not start:"; cat "$log"; exit 1; }
echo "server: $server (pid $pid, port $port)"
node "$here/socketio_idle.mjs" --pid "$pid" --port "$port" --n "$n" "${extra[@]}"
