#!/usr/bin/env bash
# The cost of scaling out (issue 13): CPU seconds per 1,000 message turns, read from /proc, for
#   (1) one CareVoice process on PostgreSQL, and
#   (2) two CareVoice processes on one PostgreSQL + one Redis (REDIS_URL),
# plus the PostgreSQL and Redis servers' own CPU per 1,000 turns. Target: (2) <= 1.25 x (1).
#
#   bash bench/scale_out.sh                   # uses build/bin/carevoice, or $CAREVOICE_BIN
#   DURATION=10 CONNS=32 bash bench/scale_out.sh
#
# Builds nothing. Loopback only. Each run registers a user and CONVS conversations, then wrk posts
# full turns (NLU, responder, two commits) for DURATION seconds with CONNS connections in all. In
# The conversation-list route is measured too (one process: cache on; REDIS_URL: cache off). In
# (2) one wrk per process, each with half the connections and its own half of the conversations
# (what a sticky proxy gives: one client's conversation stays on one process); SPLIT=0 sends every
# conversation to both processes instead (cross-process lock contention on every turn).
# NOREDIS=1 adds a diagnostic third run: two processes on PostgreSQL without Redis (each
# conversation on one process, so no shared lock is needed): the cost of being two processes at
# all, apart from what Redis adds. With Redis, the Redis commands per turn are printed too (from
# INFO commandstats): the lock's lease shows as evalsha well under 1 per turn.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${CAREVOICE_BIN:-build/bin/carevoice}"
DURATION="${DURATION:-8}"
THREADS="${THREADS:-1}"
CONNS="${CONNS:-16}"
CONVS="${CONVS:-64}"
SPLIT="${SPLIT:-1}"
NOREDIS="${NOREDIS:-0}"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_init scale_out.sh
command -v redis-server >/dev/null || { echo "scale_out.sh: no redis-server (apt-get install redis-server)" >&2; exit 2; }

REDIS_PID=""
FIRST_PID=""
stop_all() {
  [ -n "$FIRST_PID" ] && kill -TERM "$FIRST_PID" 2>/dev/null && wait "$FIRST_PID" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill -TERM "$REDIS_PID" 2>/dev/null || true
  bench_pg_stop
}
trap 'stop_all; bench_cleanup' EXIT

bench_pg_start
REDIS_PORT="$(bench_free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"

# redis_calls: "<command> <calls so far>" per line, from INFO commandstats.
redis_calls() {
  redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' |
    awk -F'[:=,]' '/^cmdstat_/ {sub(/^cmdstat_/, "", $1); print $1, $3}'
}

# setup_data BASE: a user and CONVS conversations ($TMP/ids), split in two ($TMP/ids0, ids1).
setup_data() {
  bench_register "$1" "$CONVS"
  node -e 'const ids = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
    const w = (f, l) => require("fs").writeFileSync(f, l.join("\n") + "\n");
    w(process.argv[2], ids.filter((_, i) => i % 2 === 0)); w(process.argv[3], ids.filter((_, i) => i % 2 === 1));' \
    "$TMP/ids" "$TMP/ids0" "$TMP/ids1"
}

cat >"$TMP/turn.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local texts = { "What are your opening hours?", "How do I change my plan?",
  "Can you tell me about pricing?", "Where can I find my invoice?", "Do you ship abroad?" }
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function request()
  counter = counter + 1
  local id = ids[((counter * 7) % #ids) + 1]
  return wrk.format(nil, "/api/conversations/" .. id .. "/messages", nil,
    '{"content":"' .. texts[(counter % #texts) + 1] .. '"}')
end
LUA

# wrk_turns BASE IDS_FILE CONNS OUT: writes "<requests> <p99 ms> <non2xx>" to OUT.
wrk_turns() {
  local out
  out="$(IDS_FILE="$2" TOKEN="$TOKEN" wrk -t"$THREADS" -c"$3" -d"${DURATION}s" --timeout 10s --latency -s "$TMP/turn.lua" "$1/")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  awk '/^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
       /requests in/ {n=$1} /Non-2xx/ {bad=$NF}
       END {printf "%s %.2f %d\n", n, p99, bad}' <<<"$out" >"$4"
}

# wrk_list BASE: prints "<req/s> <p99 ms>" of GET /api/conversations (the list cache's route).
wrk_list() {
  local out
  out="$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN" "$1/api/conversations")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  awk '/^Requests\/sec:/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
       END {printf "%s req/s, p99 %.2f ms\n", rps, p99}' <<<"$out"
}

report() { # name requests p99 cv pg redis
  awk -v name="$1" -v n="$2" -v p99="$3" -v cv="$4" -v pg="$5" -v rd="$6" -v d="$DURATION" 'BEGIN {
    printf "%-26s | %6.1f turns/s, p99 %7.1f ms | CPU s per 1000 turns: carevoice %.2f, postgres %.2f, redis %.2f (%d turns)\n",
      name, n/d, p99, cv*1000/n, pg*1000/n, rd*1000/n, n }'
}

echo "CareVoice scale-out benchmark: $CONNS connections in all, ${DURATION}s, $(nproc) CPUs, $CONVS conversations, $(basename "$BIN")"

# (1) One process on PostgreSQL (no Redis).
bench_as_pg "$PG_BIN/psql" -X -q -d "postgres://carevoice@127.0.0.1:$PG_PORT/postgres" -c 'CREATE DATABASE one' >/dev/null
bench_start_server ACCESS_LOG=off SPEECH=off JWT_SECRET="$SECRET" DATABASE_URL="postgres://carevoice@127.0.0.1:$PG_PORT/one"
setup_data "$BASE"
echo "1 process, PostgreSQL     | GET /api/conversations (list cache on):  $(wrk_list "$BASE")"
cv0="$(bench_cpu_of "$SERVER_PID")"; pg0="$(bench_pg_cpu)"
wrk_turns "$BASE" "$TMP/ids" "$CONNS" "$TMP/r1"
cv1="$(bench_cpu_of "$SERVER_PID")"; pg1="$(bench_pg_cpu)"
read -r n1 p991 bad1 <"$TMP/r1"
[ "$bad1" = 0 ] || { echo "scale_out.sh: $bad1 non-2xx answers (one process)" >&2; exit 1; }
one_cv="$(awk -v a="$cv0" -v b="$cv1" 'BEGIN{printf "%.2f", b-a}')"
one_pg="$(awk -v a="$pg0" -v b="$pg1" 'BEGIN{printf "%.2f", b-a}')"
report "1 process, PostgreSQL" "$n1" "$p991" "$one_cv" "$one_pg" 0
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

# two_processes DB NAME ENV...: two processes on database DB with ENV; sets two_n, two_cv.
two_processes() {
  local db="$1" name="$2"
  shift 2
  bench_as_pg "$PG_BIN/psql" -X -q -d "postgres://carevoice@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE $db" >/dev/null
  local env2=(ACCESS_LOG=off SPEECH=off JWT_SECRET="$SECRET" DATABASE_URL="postgres://carevoice@127.0.0.1:$PG_PORT/$db" "$@")
  bench_start_server "${env2[@]}"
  FIRST_PID="$SERVER_PID"; BASE0="$BASE"
  cp "$TMP/server.err" "$TMP/server0.err"
  bench_start_server "${env2[@]}"
  BASE1="$BASE"
  setup_data "$BASE0"
  echo "$(printf '%-26s' "$name") | GET /api/conversations (list cache $([ $# -gt 0 ] && echo off || echo on)): $(wrk_list "$BASE0")"
  ids0="$TMP/ids0"; ids1="$TMP/ids1"
  [ "$SPLIT" = 1 ] || { ids0="$TMP/ids"; ids1="$TMP/ids"; }
  c0="$(bench_cpu_of "$FIRST_PID")"; c1="$(bench_cpu_of "$SERVER_PID")"; pg0="$(bench_pg_cpu)"; rd0="$(bench_cpu_of "$REDIS_PID")"
  redis_calls >"$TMP/calls0"
  wrk_turns "$BASE0" "$ids0" $((CONNS / 2)) "$TMP/r2a" &
  w0=$!
  wrk_turns "$BASE1" "$ids1" $((CONNS / 2)) "$TMP/r2b"
  wait "$w0"
  c0b="$(bench_cpu_of "$FIRST_PID")"; c1b="$(bench_cpu_of "$SERVER_PID")"; pg1="$(bench_pg_cpu)"; rd1="$(bench_cpu_of "$REDIS_PID")"
  redis_calls >"$TMP/calls1"
  read -r na pa bada <"$TMP/r2a"; read -r nb pb badb <"$TMP/r2b"
  [ "$bada" = 0 ] && [ "$badb" = 0 ] || { echo "scale_out.sh: non-2xx answers (two processes: $bada, $badb)" >&2; exit 1; }
  two_n=$((na + nb))
  two_cv="$(awk -v a="$c0" -v b="$c0b" -v c="$c1" -v d="$c1b" 'BEGIN{printf "%.2f", (b-a)+(d-c)}')"
  two_pg="$(awk -v a="$pg0" -v b="$pg1" 'BEGIN{printf "%.2f", b-a}')"
  two_rd="$(awk -v a="$rd0" -v b="$rd1" 'BEGIN{printf "%.2f", b-a}')"
  [ $# -gt 0 ] || two_rd=0
  p99="$(awk -v a="$pa" -v b="$pb" 'BEGIN{print (a>b)?a:b}')"
  report "$name" "$two_n" "$p99" "$two_cv" "$two_pg" "$two_rd"
  if [ $# -gt 0 ]; then
    echo "$(printf '%-26s' "$name") | Redis commands per turn: $(awk -v n="$two_n" 'NR == FNR {a[$1] = $2; next}
      {d = $2 - a[$1]; if (d > 0) printf "%s%s %.2f", sep, $1, d / n; sep = ", "}' "$TMP/calls0" "$TMP/calls1")"
  fi
  kill -TERM "$SERVER_PID" "$FIRST_PID"; wait "$SERVER_PID" "$FIRST_PID" 2>/dev/null || true; SERVER_PID=""; FIRST_PID=""
}

# (2) Two processes on PostgreSQL + Redis.
two_processes two "2 processes, PG + Redis" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
awk -v n1="$n1" -v c1="$one_cv" -v n2="$two_n" -v c2="$two_cv" 'BEGIN {
  r = (c2/n2) / (c1/n1); printf "ratio (2 processes / 1 process, CareVoice CPU per turn): %.2f x (target <= 1.25)\n", r }'
if [ "$NOREDIS" = 1 ]; then
  [ "$SPLIT" = 1 ] || { echo "scale_out.sh: NOREDIS=1 needs SPLIT=1 (no shared lock without Redis)" >&2; exit 2; }
  two_processes three "2 processes, PG, no Redis" # diagnostic only: not a valid deployment
  awk -v n1="$n1" -v c1="$one_cv" -v n2="$two_n" -v c2="$two_cv" 'BEGIN {
    r = (c2/n2) / (c1/n1); printf "ratio (2 processes without Redis / 1 process, diagnostic): %.2f x\n", r }'
fi
