#!/usr/bin/env bash
# One CareVoice process on SQLite vs one on PostgreSQL (issue 13): authenticated list and
# message-turn throughput and p99, and CPU time per 1,000 turns read from /proc.
#
#   bash bench/store_backends.sh                  # uses build/bin/carevoice, or $CAREVOICE_BIN
#   DURATION=10 CONNS=32 bash bench/store_backends.sh
#
# Builds nothing. Loopback only. For each backend it starts the server on a free port (SQLite: a
# temporary file; PostgreSQL: a throw-away cluster from Debian's postgresql-15, started here, as the
# `postgres` user when run as root), registers a user, creates CONVS conversations, then runs wrk:
#   (a) GET /api/agents            (Bearer; read from the store on every request)
#   (b) GET /api/conversations     (Bearer; the per-process list cache answers most of them)
#   (c) POST /api/conversations/:id/messages  (a full turn: NLU, responder, two commits)
# and prints req/s and p99 of each, and the CPU seconds (user+sys) that CareVoice, and the
# PostgreSQL server, spent per 1,000 turns during (c).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${CAREVOICE_BIN:-build/bin/carevoice}"
DURATION="${DURATION:-8}"   # seconds per wrk run
THREADS="${THREADS:-2}"     # wrk threads
CONNS="${CONNS:-32}"        # wrk connections
CONVS="${CONVS:-64}"        # conversations the turn run spreads over
PG_BIN="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_init store_backends.sh
[ -x "$PG_BIN/initdb" ] || { echo "store_backends.sh: no $PG_BIN/initdb (apt-get install postgresql-15)" >&2; exit 2; }

PG_PID=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() { [ -n "$PG_PID" ] && as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast -w stop >/dev/null 2>&1 || true; PG_PID=""; }
trap 'pg_stop; bench_cleanup' EXIT
pg_start() {
  mkdir -p "$TMP/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$TMP" "$TMP/pg"
  chmod 755 "$TMP"
  as_pg "$PG_BIN/initdb" -D "$TMP/pg/data" -U carevoice --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  PG_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  # Durable settings (fsync on), as a deployment would run it.
  printf "\nport = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n" "$PG_PORT" >>"$TMP/pg/data/postgresql.conf"
  as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/server.log" -w start >/dev/null
  PG_PID="$(head -1 "$TMP/pg/data/postmaster.pid")"
}

# CPU seconds (user+sys) of process $1, its reaped children included.
cpu_of() { awk '{printf "%.2f\n", ($14+$15+$16+$17)/100}' "/proc/$1/stat"; }
# CPU seconds of the PostgreSQL server: the postmaster (with reaped children) + live backends.
pg_cpu() {
  local total pid
  total="$(cpu_of "$PG_PID")"
  for pid in $(ps -o pid= --ppid "$PG_PID"); do
    total="$(awk -v a="$total" -v b="$(awk '{printf "%.2f", ($14+$15)/100}' "/proc/$pid/stat" 2>/dev/null || echo 0)" 'BEGIN{printf "%.2f", a+b}')"
  done
  echo "$total"
}

setup_data() {
  BASE="$BASE" CONVS="$CONVS" node --input-type=module >"$TMP/setup.json" <<'JS'
const base = process.env.BASE, n = Number(process.env.CONVS);
const post = async (path, body, token) => {
  const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (r.status !== 201) throw new Error(`${path} -> ${r.status} ${await r.text()}`);
  return r.json();
};
const { token } = await post('/api/auth/register',
  { name: 'Store Bench', email: `store.${Date.now()}@example.com`, password: 'Bench12345x' });
for (let i = 0; i < 5; i++) {
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

cat >"$TMP/turn.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local texts = { "What are your opening hours?", "How do I change my plan?",
  "Can you tell me about pricing?", "Where can I find my invoice?", "Do you ship abroad?" }
local counter, tid, threads = 0, 0, 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) tid = tonumber(wrk.thread:get("tid")) or 0 end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function request()
  counter = counter + 1
  local id = ids[((counter * 7 + tid * 13) % #ids) + 1]
  return wrk.format(nil, "/api/conversations/" .. id .. "/messages", nil,
    '{"content":"' .. texts[(counter % #texts) + 1] .. '"}')
end
LUA

# run_wrk URL_PATH [LUA]: prints "<req/s> <p99 ms> <requests>".
run_wrk() {
  local out args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN")
  [ -n "${2:-}" ] && args+=(-s "$2")
  out="$(IDS_FILE="$TMP/ids" TOKEN="$TOKEN" wrk "${args[@]}" "$BASE$1")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  if grep -q 'Non-2xx' <<<"$out"; then echo "store_backends.sh: non-2xx answers on $1:" >&2; echo "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
       /requests in/ {n=$1}
       END {printf "%s %.2f %s\n", rps, p99, n}' <<<"$out"
}

bench_backend() {
  local name="$1" url="$2" agents convs turns cv0 cv1 pg0 pg1 rps p99 n
  bench_start_server ACCESS_LOG=off DATABASE_URL="$url"
  setup_data
  read -r rps p99 n <<<"$(run_wrk /api/agents)"; agents="$rps req/s, p99 $p99 ms"
  read -r rps p99 n <<<"$(run_wrk /api/conversations)"; convs="$rps req/s, p99 $p99 ms"
  cv0="$(cpu_of "$SERVER_PID")"; pg0=0; [ -n "$PG_PID" ] && pg0="$(pg_cpu)"
  read -r rps p99 n <<<"$(run_wrk / "$TMP/turn.lua")"
  cv1="$(cpu_of "$SERVER_PID")"; pg1=0; [ -n "$PG_PID" ] && pg1="$(pg_cpu)"
  turns="$rps turns/s, p99 $p99 ms"
  local cv_per pg_per
  cv_per="$(awk -v a="$cv0" -v b="$cv1" -v n="$n" 'BEGIN{printf "%.2f", (b-a)*1000/n}')"
  pg_per="$(awk -v a="$pg0" -v b="$pg1" -v n="$n" 'BEGIN{printf "%.2f", (b-a)*1000/n}')"
  printf '%-10s | agents list: %-28s | conversations list: %-28s | turns: %-28s | CPU s/1000 turns: carevoice %s, postgres %s (%s turns)\n' \
    "$name" "$agents" "$convs" "$turns" "$cv_per" "$pg_per" "$n"
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

echo "CareVoice store benchmark: wrk -t$THREADS -c$CONNS, ${DURATION}s per run, $(nproc) CPUs, $CONVS conversations"
bench_backend sqlite "sqlite:$TMP/bench.db"
pg_start
bench_backend postgres "postgres://carevoice@127.0.0.1:$PG_PORT/postgres"
pg_stop
