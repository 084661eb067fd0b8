#!/usr/bin/env bash
# REST turn throughput, fresh vs. long conversations (issue 10 "Structure first" 5).
#
#   bash bench/turns.sh                      # uses build/bin/carevoice, or $CAREVOICE_BIN
#   DURATION=5 TURNS=300 CONVS=32 bash bench/turns.sh
#
# Builds nothing. Loopback only. Starts the server on a free port with a temporary SQLite DB and
# the access log off, registers a user and creates CONVS conversations, then:
#   (1) fresh:  wrk posts POST /api/conversations/:id/messages round-robin over the conversations
#               for DURATION seconds (the conversations start empty);
#   (2) fills every conversation up to TURNS user turns (a Node client, CONVS in parallel);
#   (3) long:   the same wrk run again.
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

for tool in wrk curl node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "turns.sh: '$tool' is required" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "turns.sh: no server binary at $BIN (set CAREVOICE_BIN)" >&2; exit 2; }
BIN="$(realpath "$BIN")"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/carevoice-turns.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP/audio" "$TMP/avatars" "$TMP/uploads"
(
  cd "$TMP"
  exec env -i PATH="$PATH" HOME="$TMP" LANG=C.UTF-8 PORT=0 HOST=127.0.0.1 \
    DATABASE_URL="sqlite:$TMP/turns.db" NODE_ENV=production \
    JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
    AUDIO_PATH="$TMP/audio" AVATAR_PATH="$TMP/avatars" UPLOAD_PATH="$TMP/uploads" \
    ACCESS_LOG=off "$BIN" serve
) >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 200); do # at most 20 s
  BASE="$(grep -m1 -oE 'CareVoice listening on http://[^ ]+' "$TMP/server.out" 2>/dev/null | sed 's/.* on //' || true)"
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$BASE" ] || { echo "turns.sh: the server did not come up:" >&2; cat "$TMP/server.err" >&2; exit 1; }
case "$BASE" in http://127.0.0.1:*) ;; *) echo "turns.sh: refusing non-loopback $BASE" >&2; exit 1 ;; esac

# --- one user, CONVS conversations (ids in $TMP/ids, one a line) ---
BASE="$BASE" CONVS="$CONVS" node --input-type=module >"$TMP/setup.json" <<'JS'
const base = process.env.BASE, n = Number(process.env.CONVS);
const post = async (path, body, token) => {
  const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (r.status !== 201) throw new Error(`${path} -> ${r.status} ${await r.text()}`);
  return r.json();
};
const { token } = await post('/api/auth/register',
  { name: 'Turns Bench', email: `turns.${Date.now()}@example.com`, password: 'Bench12345x' });
const ids = [];
for (let i = 0; i < n; i++) ids.push((await post('/api/conversations', { title: `Turns ${i}` }, token))._id);
console.log(JSON.stringify({ token, ids }));
JS
TOKEN="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).token)' "$TMP/setup.json")"
node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).ids.join("\n"))' "$TMP/setup.json" >"$TMP/ids"

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

# Returns the mean number of messages per conversation (from the light list).
mean_messages() {
  curl -sS --max-time 10 -H "authorization: Bearer $TOKEN" "$BASE/api/conversations?limit=1000" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);
      console.log((a.reduce((t,c)=>t+c.analytics.messageCount,0)/a.length).toFixed(0))})'
}
run_wrk() {
  local out
  out="$(IDS_FILE="$TMP/ids" TOKEN="$TOKEN" wrk -t"$THREADS" -c"$CONVS" -d"${DURATION}s" \
    --timeout 10s -s "$TMP/turn.lua" "$BASE/")"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  if grep -q 'Non-2xx' <<<"$out"; then echo "turns.sh: non-2xx answers:" >&2; echo "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

echo "CareVoice REST turn benchmark: $CONVS conversations, wrk -t$THREADS -c$CONVS, ${DURATION}s per run"
echo "  server: $BIN ($BASE), $(nproc) CPUs"
M0="$(mean_messages)"
FRESH="$(run_wrk)"
M1="$(mean_messages)"
echo "  fresh: $FRESH turns/s (messages per conversation: $M0 before, $M1 after)"

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
M2="$(mean_messages)"
LONG="$(run_wrk)"
M3="$(mean_messages)"
echo "  long:  $LONG turns/s (messages per conversation: $M2 before, $M3 after)"
RATIO="$(awk -v a="$LONG" -v b="$FRESH" 'BEGIN {printf "%.3f", a / b}')"
echo "  long/fresh: $RATIO (target >= $(awk -v p="$TARGET_PCT" 'BEGIN {print (100 - p) / 100}'))"
awk -v r="$RATIO" -v p="$TARGET_PCT" 'BEGIN {exit !(r >= (100 - p) / 100)}'
