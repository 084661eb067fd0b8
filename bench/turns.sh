#!/usr/bin/env bash
# REST turn throughput, fresh vs. long conversations (issue 10 "Structure first" 5).
#
#   bash bench/turns.sh                      # uses build/bin/carevoice, or $CAREVOICE_BIN
#   DURATION=5 TURNS=300 CONVS=32 bash bench/turns.sh
#
# Builds nothing. Loopback only. Starts the server on a free port with a temporary SQLite DB and
# the access log off, registers a user and creates CONVS + FRESH_CONVS conversations, then:
#   (1) fresh:  wrk (CONVS connections) posts POST /api/conversations/:id/messages round-robin
#               over the FRESH_CONVS conversations for DURATION seconds (a few turns each);
#   (2) fills each of the other CONVS conversations up to TURNS user turns (Node, in parallel);
#   (3) long:   the same wrk run over those CONVS conversations.
# Prints turns/s of both runs, the turns per conversation at the start of each, and long/fresh.
# Exit status 0 iff long >= (100 - TARGET_PCT)% of fresh.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${CAREVOICE_BIN:-build/bin/carevoice}"
DURATION="${DURATION:-5}"      # seconds per wrk run
THREADS="${THREADS:-2}"        # wrk threads
CONVS="${CONVS:-32}"           # conversations = wrk connections
TURNS="${TURNS:-300}"          # user turns per conversation before the long run
TARGET_PCT="${TARGET_PCT:-10}" # the long run may be at most this much slower
FRESH_CONVS="${FRESH_CONVS:-$((CONVS * 20))}"  # the fresh run spreads over these (few turns each)

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_init turns.sh
bench_start_server ACCESS_LOG=off

# --- one user; CONVS conversations (ids in $TMP/ids) for the long run, FRESH_CONVS others
# ($TMP/fresh_ids) for the fresh run, so that no fresh conversation gets more than a few turns ---
bench_register "$BASE" "$((CONVS + FRESH_CONVS))"
node -e 'const ids = JSON.parse(require("fs").readFileSync(process.argv[1])).ids;
  const n = Number(process.argv[2]);
  require("fs").writeFileSync(process.argv[3], ids.slice(0, n).join("\n") + "\n");
  require("fs").writeFileSync(process.argv[4], ids.slice(n).join("\n") + "\n");' \
  "$TMP/setup.json" "$CONVS" "$TMP/ids" "$TMP/fresh_ids"

# Neutral questions: no escalation, so every turn runs the responder.
cat >"$TMP/turn.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local texts = { "What are your opening hours?", "How do I change my plan?",
  "Can you tell me about pricing?", "Where can I find my invoice?", "Do you ship abroad?" }
local counter, tid = 0, 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) tid = tonumber(wrk.thread:get("tid")) or 0 end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function request()
  counter = counter + 1
  local id = ids[((counter * 7 + tid * 13) % #ids) + 1]
  local body = '{"content":"' .. texts[(counter % #texts) + 1] .. '"}'
  return wrk.format(nil, "/api/conversations/" .. id .. "/messages", nil, body)
end
LUA

# Returns the mean number of messages per conversation of the ids in file $1.
mean_messages() {
  curl -sS --max-time 10 -H "authorization: Bearer $TOKEN" "$BASE/api/conversations?limit=1000" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      const ids = new Set(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n"));
      const a=JSON.parse(s).filter((c)=>ids.has(c._id));
      console.log((a.reduce((t,c)=>t+c.analytics.messageCount,0)/a.length).toFixed(0))})' "$1"
}
# Runs wrk over the conversations listed in file $1; prints turns/s.
run_wrk() {
  local out
  out="$(IDS_FILE="$1" TOKEN="$TOKEN" wrk -t"$THREADS" -c"$CONVS" -d"${DURATION}s" \
    --timeout 10s -s "$TMP/turn.lua" "$BASE/")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  if grep -q 'Non-2xx' <<<"$out"; then echo "turns.sh: non-2xx answers:" >&2; echo "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

echo "CareVoice REST turn benchmark: $CONVS conversations, wrk -t$THREADS -c$CONVS, ${DURATION}s per run"
echo "  server: $BIN ($BASE), $(nproc) CPUs"
M0="$(mean_messages "$TMP/fresh_ids")"
FRESH="$(run_wrk "$TMP/fresh_ids")"
M1="$(mean_messages "$TMP/fresh_ids")"
echo "  fresh: $FRESH turns/s over $FRESH_CONVS new conversations (messages per conversation: $M0 before, $M1 after)"

BASE="$BASE" TOKEN="$TOKEN" TURNS="$TURNS" IDS_FILE="$TMP/ids" timeout 900 node --input-type=module <<'JS'
import http from 'node:http';
import fs from 'node:fs';
const u = new URL(process.env.BASE), token = process.env.TOKEN, turns = Number(process.env.TURNS);
const ids = fs.readFileSync(process.env.IDS_FILE, 'utf8').trim().split('\n');
const agent = new http.Agent({ keepAlive: true, maxSockets: ids.length });
const call = (method, path, body) => new Promise((resolve, reject) => {
  const req = http.request({ host: u.hostname, port: u.port, path, method, agent,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
    let s = ''; res.on('data', (d) => (s += d)).on('end', () => {
      if (res.statusCode >= 300) reject(new Error(`${path} -> ${res.statusCode} ${s}`)); else resolve(JSON.parse(s));
    });
  });
  req.on('error', reject); req.end(body);
});
await Promise.all(ids.map(async (id) => {
  const conv = await call('GET', `/api/conversations/${id}`);
  let users = conv.messages.filter((m) => m.role === 'user').length;
  for (; users < turns; users++) {
    await call('POST', `/api/conversations/${id}/messages`, JSON.stringify({ content: 'Can you tell me about pricing?' }));
  }
}));
agent.destroy();
JS
M2="$(mean_messages "$TMP/ids")"
LONG="$(run_wrk "$TMP/ids")"
M3="$(mean_messages "$TMP/ids")"
echo "  long:  $LONG turns/s over $CONVS conversations of $TURNS+ turns (messages per conversation: $M2 before, $M3 after)"
RATIO="$(awk -v a="$LONG" -v b="$FRESH" 'BEGIN {printf "%.3f", a / b}')"
echo "  long/fresh: $RATIO (target >= $(awk -v p="$TARGET_PCT" 'BEGIN {print (100 - p) / 100}'))"
awk -v r="$RATIO" -v p="$TARGET_PCT" 'BEGIN {exit !(r >= (100 - p) / 100)}'
