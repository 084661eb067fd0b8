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

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_init store_backends.sh

trap 'bench_pg_stop; bench_cleanup' EXIT

setup_data() { AGENTS=5 bench_register "$BASE" "$CONVS"; }

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
  cv0="$(bench_cpu_of "$SERVER_PID")"; pg0=0; [ -n "$PG_PID" ] && pg0="$(bench_pg_cpu)"
  read -r rps p99 n <<<"$(run_wrk / "$TMP/turn.lua")"
  cv1="$(bench_cpu_of "$SERVER_PID")"; pg1=0; [ -n "$PG_PID" ] && pg1="$(bench_pg_cpu)"
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
bench_pg_start
bench_backend postgres "postgres://carevoice@127.0.0.1:$PG_PORT/postgres"
bench_pg_stop
