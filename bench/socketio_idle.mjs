// Idle memory per connected Socket.IO socket: opens N websocket-only socket.io-client
// connections to a running `carevoice socketio-testapp`, waits until they are all connected and
// have been through a few heartbeats, and reads the server's RSS from /proc/<pid>/status before
// and after. Prints KB per socket (target: <= 10 KB). Run through bench/socketio_idle.sh, which
// raises `ulimit -n` and starts the testapp.
//
//   node bench/socketio_idle.mjs --pid PID --port PORT [--n 10000] [--batch 100] [--settle-ms 3000]
//     [--jwt-secret S]   (the real server: connect as staff with a token signed with S)

import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';

// socket.io-client comes from tests/node_modules (tests/package.json devDependencies).
const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { io } = require('socket.io-client');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const pid = Number(arg('pid'));
const port = Number(arg('port'));
const n = Number(arg('n', '10000'));
const batch = Number(arg('batch', '100'));
const settleMs = Number(arg('settle-ms', '3000'));
if (!pid || !port) {
  console.error('usage: node bench/socketio_idle.mjs --pid PID --port PORT [--n N]');
  process.exit(2);
}

// Returns {rss, hwm} of `pid` in KB.
function memory() {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// With --jwt-secret (the real server), each socket signs in as staff with an HS256 access token.
function staffToken(secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: '0123456789abcdef01234567', userId: '0123456789abcdef01234567', role: 'user',
    iat: now, exp: now + 3600 })}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}
const secret = arg('jwt-secret');
const auth = secret ? { token: staffToken(secret) } : undefined;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const url = `http://127.0.0.1:${port}`;

const failures = {};
function open() {
  return new Promise((resolve) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false,
      timeout: 20_000, auth });
    const fail = (why) => {
      failures[why] = (failures[why] ?? 0) + 1;
      s.close();
      resolve(null);
    };
    const timer = setTimeout(() => fail('no answer in 30 s'), 30_000);
    s.once('connect', () => { clearTimeout(timer); resolve(s); });
    s.once('connect_error', (e) => { clearTimeout(timer); fail(`connect_error: ${e.message}`); });
    s.io.once('close', (why) => { clearTimeout(timer); if (!s.connected) fail(`closed: ${why}`); });
  });
}

// Warm up: the first connections allocate the server's per-thread and per-process state.
const warm = await Promise.all(Array.from({ length: 10 }, open));
for (const s of warm) s?.close();
await sleep(1000);

const before = memory();
const sockets = [];
const started = Date.now();
for (let i = 0; i < n; i += batch) {
  const opened = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, open));
  for (const s of opened) if (s) sockets.push(s);
}
const openMs = Date.now() - started;
await sleep(settleMs);  // Several heartbeats (the testapp pings every 300 ms).
const connected = sockets.filter((s) => s.connected).length;
const afterMem = memory();
const perSocket = (afterMem.rss - before.rss) / connected;
console.log(JSON.stringify({
  sockets: n, connected, open_ms: openMs,
  rss_before_kb: before.rss, rss_after_kb: afterMem.rss, vm_hwm_kb: afterMem.hwm,
  kb_per_socket: Number(perSocket.toFixed(2)), target_kb: 10, failures,
}));
console.log(`RSS per idle socket: ${perSocket.toFixed(2)} KB (${connected}/${n} connected; ` +
  `target <= 10 KB)`);
for (const s of sockets) s.close();
await sleep(500);
process.exit(connected === n ? 0 : 1);
