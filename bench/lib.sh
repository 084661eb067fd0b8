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

# --- PostgreSQL and /proc helpers (store_backends.sh, scale_out.sh) ---
#   bench_pg_start          a throw-away cluster from Debian's postgresql-15 under $TMP/pg on a
#                           free port (as the `postgres` user when run as root); sets PG_PORT, PG_PID
#   bench_pg_stop           stops it (idempotent)
#   bench_cpu_of PID        CPU seconds (user+sys, reaped children included) of a process
#   bench_pg_cpu            CPU seconds of the PostgreSQL server (postmaster + live backends)
#   bench_register BASE N   registers a user, $AGENTS agents (default 0) and N conversations:
#                           $TMP/setup.json, TOKEN, $TMP/ids
PG_BIN="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"
PG_PID=""
bench_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bench_free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
bench_pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "$BENCH_NAME: no $PG_BIN/initdb (apt-get install postgresql-15)" >&2; exit 2; }
  mkdir -p "$TMP/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$TMP" "$TMP/pg"
  chmod 755 "$TMP"
  bench_as_pg "$PG_BIN/initdb" -D "$TMP/pg/data" -U carevoice --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  PG_PORT="$(bench_free_port)"
  # Durable settings (fsync on), as a deployment would run it.
  printf "\nport = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n" "$PG_PORT" >>"$TMP/pg/data/postgresql.conf"
  bench_as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/server.log" -w start >/dev/null
  PG_PID="$(head -1 "$TMP/pg/data/postmaster.pid")"
}
bench_pg_stop() { [ -n "$PG_PID" ] && bench_as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast -w stop >/dev/null 2>&1 || true; PG_PID=""; }
bench_cpu_of() { awk '{printf "%.2f\n", ($14+$15+$16+$17)/100}' "/proc/$1/stat"; }
bench_pg_cpu() {
  local total pid
  total="$(bench_cpu_of "$PG_PID")"
  for pid in $(ps -o pid= --ppid "$PG_PID"); do
    total="$(awk -v a="$total" -v b="$(awk '{printf "%.2f", ($14+$15)/100}' "/proc/$pid/stat" 2>/dev/null || echo 0)" 'BEGIN{printf "%.2f", a+b}')"
  done
  echo "$total"
}
bench_register() {
  BASE="$1" CONVS="$2" AGENTS="${AGENTS:-0}" node --input-type=module >"$TMP/setup.json" <<'JS'
const base = process.env.BASE, n = Number(process.env.CONVS);
const post = async (path, body, token) => {
  const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (r.status !== 201) throw new Error(`${path} -> ${r.status} ${await r.text()}`);
  return r.json();
};
const { token } = await post('/api/auth/register',
  { name: 'Bench', email: `bench.${Date.now()}.${process.pid}@example.com`, password: 'Bench12345x' });
for (let i = 0; i < Number(process.env.AGENTS); i++) {
  await post('/api/agents', { name: `Agent ${i}`, company: 'Acme Telecom', personality: 'calm',
    companyInfo: 'Acme Telecom sells mobile plans. Support is open 8am to 8pm.' }, token);
}
const ids = [];
for (let i = 0; i < n; i++) ids.push((await post('/api/conversations', { title: `Bench ${i}` }, token))._id);
console.log(JSON.stringify({ token, ids }));
JS
  TOKEN="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).token)' "$TMP/setup.json")"
  node -e 'require("fs").writeFileSync(process.argv[2], JSON.parse(require("fs").readFileSync(process.argv[1])).ids.join("\n") + "\n")' \
    "$TMP/setup.json" "$TMP/ids"
}
