#!/usr/bin/env bash
# HTTP load benchmark of the real carevoice binary (see bench/README.md).
#
#   bash bench/load.sh                 # uses build/bin/carevoice, or $CAREVOICE_BIN
#   DURATION=5 CONNS="16 64" bash bench/load.sh
#   ACCESS_LOG=0 bash bench/load.sh    # the same with the access log off
#
# Builds nothing. Loopback only. Starts the server on a free port with a temporary SQLite DB,
# registers a user, creates 20 conversations, then measures:
#   (a) GET /health                      max throughput (wrk, closed loop) per connection count
#   (b) GET /api/conversations (Bearer)  max throughput (wrk, closed loop) per connection count
#   (c) both at a fixed 1,000 req/s      open-loop latency p50/p90/p99/p99.9 (Node, see README)
# and prints req/s, p50/p99 latency and the server's peak RSS (VmHWM). Stops the server itself.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${CAREVOICE_BIN:-build/bin/carevoice}"
DURATION="${DURATION:-10}"          # seconds per wrk run
THREADS="${THREADS:-2}"             # wrk threads
CONNS="${CONNS:-16 64 256}"         # wrk connection counts
RATE="${RATE:-1000}"                # req/s for the fixed-rate run
RATE_SECONDS="${RATE_SECONDS:-10}"  # seconds of the fixed-rate run
RATE_CONNS="${RATE_CONNS:-32}"      # keep-alive connections of the fixed-rate client
ACCESS_LOG="${ACCESS_LOG:-1}"       # the server default is on
TARGET_RPS="${TARGET_RPS:-30000}"   # target for (b)
TARGET_P99_MS="${TARGET_P99_MS:-5}" # target for (c)

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_init load.sh
bench_start_server ACCESS_LOG="$ACCESS_LOG"

json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(v===undefined)process.exit(1);console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }

# --- data: one user, 20 conversations ---
EMAIL="bench.$$.$(date +%s)@example.com"
REG="$(curl -sS --max-time 10 -H 'content-type: application/json' \
  -d "{\"name\":\"Bench User\",\"email\":\"$EMAIL\",\"password\":\"Bench12345x\"}" "$BASE/api/auth/register")"
TOKEN="$(printf '%s' "$REG" | json_field token)" || { echo "load.sh: register failed: $REG" >&2; exit 1; }
for i in $(seq 1 20); do
  code="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
    -H "authorization: Bearer $TOKEN" -d "{\"isCallSimulator\":true,\"title\":\"Bench conversation $i\"}" \
    "$BASE/api/conversations")"
  [ "$code" = 201 ] || { echo "load.sh: creating conversation $i → $code" >&2; exit 1; }
done
N="$(curl -sS --max-time 10 -H "authorization: Bearer $TOKEN" "$BASE/api/conversations" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))')"
LIST_BYTES="$(curl -sS --max-time 10 -o /dev/null -w '%{size_download}' -H "authorization: Bearer $TOKEN" "$BASE/api/conversations")"
[ "$N" = 20 ] || { echo "load.sh: expected 20 conversations, the list has $N" >&2; exit 1; }

rss_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status"; }
cur_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }

echo "CareVoice HTTP load benchmark"
echo "  server:      $BIN ($BASE, pid $SERVER_PID, ACCESS_LOG=$ACCESS_LOG)"
echo "  machine:     $(nproc) CPUs, $(uname -sr); wrk -t$THREADS, ${DURATION}s per run"
echo "  data:        1 user, $N conversations (list response: $LIST_BYTES bytes)"
echo "  RSS at idle: $(cur_rss_kb) kB"
echo

# Runs wrk and prints one row: name, conns, req/s, p50, p99, errors.
BEST_LIST_RPS=0
run_wrk() {
  local name="$1" conns="$2" url="$3"; shift 3
  local out
  out="$(wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout 5s --latency "$@" "$url")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  local rps p50 p99 non2xx sockerr
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")"
  sockerr="$(grep -oE 'Socket errors:.*' <<<"$out" || true)"
  printf '  %-28s %5s %12s %10s %10s   %s\n' "$name" "$conns" "$rps" "$p50" "$p99" \
    "${non2xx:+non-2xx=$non2xx }${sockerr}"
  if [ "$name" = "GET /api/conversations" ]; then
    BEST_LIST_RPS="$(awk -v a="$BEST_LIST_RPS" -v b="$rps" 'BEGIN {print (b > a) ? b : a}')"
    if [ -n "$non2xx" ]; then echo "load.sh: the authenticated list returned non-2xx responses" >&2; exit 1; fi
  fi
}

echo "(a)/(b) closed-loop throughput (wrk; latency percentiles are wrk's, under saturation)"
printf '  %-28s %5s %12s %10s %10s\n' "endpoint" "conns" "req/s" "p50" "p99"
for c in $CONNS; do run_wrk "GET /health" "$c" "$BASE/health"; done
for c in $CONNS; do run_wrk "GET /api/conversations" "$c" "$BASE/api/conversations" -H "Authorization: Bearer $TOKEN"; done
echo

# --- (c) open-loop fixed rate ---
cat >"$TMP/fixed_rate.mjs" <<'EOF'
// Open-loop constant-rate HTTP client: request i is due at t0 + i/rate and is sent when due,
// whether or not earlier requests have finished (no coordinated omission). A timer wakes the loop
// for the next due request (no busy-waiting: the client must not steal a CPU from the server).
// Latency is recorded twice: from the send (includes waiting for a free keep-alive connection,
// i.e. any server backlog) and from the due time (also includes the client's timer lateness).
import http from 'node:http';
const [url, rate, seconds, conns, token] = process.argv.slice(2);
const u = new URL(url);
const R = Number(rate), total = Math.round(R * Number(seconds));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conns), maxFreeSockets: Number(conns) });
const headers = token ? { authorization: `Bearer ${token}` } : {};
const fromDue = [], fromSend = [];
let sent = 0, done = 0, errors = 0, non2xx = 0;
const ns = () => Number(process.hrtime.bigint()) / 1e6;  // ms
function fire(due) {
  const start = ns();
  const req = http.get({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers }, (res) => {
    res.resume();
    res.on('end', () => {
      const t = ns();
      if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      fromDue.push(t - due); fromSend.push(t - start); finish();
    });
  });
  req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  req.on('error', () => { errors++; finish(); });
}
function finish() { if (++done === total) report(); }
function pct(a, p) { return a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]; }
function report() {
  const elapsed = (ns() - t0) / 1000;
  fromDue.sort((x, y) => x - y); fromSend.sort((x, y) => x - y);
  const f = (x) => (x === undefined ? 'n/a' : x.toFixed(3));
  console.log(JSON.stringify({
    requests: total, achievedRate: +(total / elapsed).toFixed(1), errors, non2xx,
    p50: f(pct(fromSend, 50)), p90: f(pct(fromSend, 90)), p99: f(pct(fromSend, 99)), p999: f(pct(fromSend, 99.9)),
    max: f(fromSend[fromSend.length - 1]), dueP50: f(pct(fromDue, 50)), dueP99: f(pct(fromDue, 99)),
  }));
  agent.destroy();
}
// Warm-up: open the keep-alive connections first (not measured).
await Promise.all(Array.from({ length: Number(conns) }, () => new Promise((res) => {
  http.get({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers }, (r) => { r.resume(); r.on('end', res); })
    .on('error', res);
})));
const t0 = ns();
function tick() {
  const now = ns();
  while (sent < total && t0 + (sent * 1000) / R <= now) { fire(t0 + (sent * 1000) / R); sent++; }
  if (sent < total) setTimeout(tick, Math.max(0, t0 + (sent * 1000) / R - ns()));
}
tick();
EOF

P99_FAIL=0
run_rate() {
  local name="$1" url="$2" token="${3:-}"
  local out
  out="$(timeout $((RATE_SECONDS + 30)) node "$TMP/fixed_rate.mjs" "$url" "$RATE" "$RATE_SECONDS" "$RATE_CONNS" "$token")"
  printf '%s %s\n' "$name" "$out" >>"$TMP/rate.log"
  node -e '
    const r = JSON.parse(process.argv[1]);
    console.log(`  ${process.argv[2].padEnd(28)} ${String(r.achievedRate).padStart(8)} ${r.p50.padStart(8)} ${r.p90.padStart(8)} ${r.p99.padStart(8)} ${r.p999.padStart(8)} ${r.max.padStart(8)} ${r.dueP99.padStart(10)}   errors=${r.errors} non2xx=${r.non2xx}`);
    if (r.errors || r.non2xx || !(Number(r.p99) < Number(process.argv[3]))) process.exit(1);
  ' "$out" "$name" "$TARGET_P99_MS" || P99_FAIL=1
}
echo "(c) open-loop fixed rate: $RATE req/s for ${RATE_SECONDS}s over $RATE_CONNS keep-alive connections"
echo "    latency in ms from the send; the last column is p99 from the scheduled time (adds client timer lateness)"
printf '  %-28s %8s %8s %8s %8s %8s %8s %10s\n' "endpoint" "req/s" "p50" "p90" "p99" "p99.9" "max" "p99(due)"
run_rate "GET /health" "$BASE/health"
run_rate "GET /api/conversations" "$BASE/api/conversations" "$TOKEN"
echo

PEAK="$(rss_kb)"
LOG_BYTES="$(cat "$TMP/server.out" "$TMP/server.err" | wc -c)"
echo "server peak RSS (VmHWM): $PEAK kB ($((PEAK / 1024)) MB); server log written: $((LOG_BYTES / 1024)) kB"
kill -TERM "$SERVER_PID"
for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then echo "load.sh: the server ignored SIGTERM for 15 s" >&2; fi
wait "$SERVER_PID" 2>/dev/null && echo "server stopped (exit 0)" || echo "server stopped (exit $?)"
SERVER_PID=""

STATUS=0
if awk -v a="$BEST_LIST_RPS" -v t="$TARGET_RPS" 'BEGIN {exit !(a >= t)}'; then
  echo "target: authenticated list >= $TARGET_RPS req/s: PASS ($BEST_LIST_RPS)"
else
  echo "target: authenticated list >= $TARGET_RPS req/s: MISS ($BEST_LIST_RPS)"; STATUS=1
fi
if [ "$P99_FAIL" = 0 ]; then echo "target: p99 < $TARGET_P99_MS ms at $RATE req/s: PASS"
else echo "target: p99 < $TARGET_P99_MS ms at $RATE req/s: MISS (or errors)"; STATUS=1; fi
exit "$STATUS"
