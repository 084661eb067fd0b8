# Shared by the load scripts (load.sh, turns.sh): source it after setting BIN. Loopback only.
#
#   bench_init NAME         checks wrk, curl and node and $BIN (made absolute), creates $TMP and
#                           installs the trap that stops the server and removes $TMP on exit
#   bench_start_server VAR=VALUE...
#                           starts "$BIN serve" on a free loopback port with a temporary SQLite
#                           database and folders under $TMP, plus the given environment; sets
#                           SERVER_PID and BASE (http://127.0.0.1:PORT), or exits 1
SERVER_PID=""

bench_init() {
  BENCH_NAME="$1"
  for tool in wrk curl node; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$BENCH_NAME: '$tool' is required (make setup installs it)" >&2; exit 2; }
  done
  [ -x "$BIN" ] || { echo "$BENCH_NAME: no server binary at $BIN (run 'make build' or set CAREVOICE_BIN)" >&2; exit 2; }
  BIN="$(realpath "$BIN")"
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/carevoice-bench.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}

bench_start_server() {
  mkdir -p "$TMP/public/audio" "$TMP/public/avatars" "$TMP/uploads"
  (
    cd "$TMP"
    exec env -i PATH="$PATH" HOME="$TMP" LANG=C.UTF-8 PORT=0 HOST=127.0.0.1 \
      DATABASE_URL="sqlite:$TMP/bench.db" NODE_ENV=production \
      JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
      AUDIO_PATH="$TMP/public/audio" AVATAR_PATH="$TMP/public/avatars" UPLOAD_PATH="$TMP/uploads" \
      "$@" "$BIN" serve
  ) >"$TMP/server.out" 2>"$TMP/server.err" &
  SERVER_PID=$!
  BASE=""
  for _ in $(seq 1 200); do # at most 20 s
    BASE="$(grep -m1 -oE 'CareVoice listening on http://[^ ]+' "$TMP/server.out" 2>/dev/null | sed 's/.* on //' || true)"
    [ -n "$BASE" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$BASE" ]; then
    echo "$BENCH_NAME: the server did not come up; stderr:" >&2; cat "$TMP/server.err" >&2; exit 1
  fi
  case "$BASE" in http://127.0.0.1:*) ;; *) echo "$BENCH_NAME: refusing non-loopback $BASE" >&2; exit 1 ;; esac
}
