// Socket.IO turn benchmark: user_message → ai_response round trips per second with the official
// socket.io-client v4, fresh and after 300 turns per conversation, and the latency at a fixed
// open-loop rate; against CareVoice (built-in NLU and responder, SQLite, text only) and, in the
// same run, a plain Node socket.io 4 server with an in-memory reply (node_peer.mjs).
//
//   node bench/socketio/turns.mjs [--bin build/bin/carevoice] [--clients 32] [--seconds 10]
//        [--turns 300] [--rate 2000] [--only carevoice|node]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const BIN = path.resolve(args.bin ?? path.join(here, '..', '..', 'build', 'bin', 'carevoice'));
const CLIENTS = Number(args.clients ?? 32);
const SECONDS = Number(args.seconds ?? 10);
const TURNS = Number(args.turns ?? 300);
const RATE = Number(args.rate ?? 2000);

function start(cmd, argv, env, pattern) {
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out.slice(-500)}`)));
  });
}

async function api(base, method, p, body, token) {
  const r = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json();
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

// CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms).
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN; }

// One client: a conversation and a pending-turn queue (replies come back in order).
async function makeClient(base, auth) {
  const socket = io(base, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
  await new Promise((res, rej) => { socket.once('connect', res); socket.once('connect_error', rej); });
  const started = new Promise((res) => socket.once('conversation_started', res));
  socket.emit('start_conversation', {});
  const { conversationId } = await started;
  const waiting = [];
  socket.on('ai_response', () => { const w = waiting.shift(); if (w) w.resolve(); });
  // A lost reply must fail the run, not hang it.
  socket.on('disconnect', (reason) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`socket disconnected: ${reason}`));
  });
  return {
    socket,
    // Resolves when the reply arrives; rejects (err.code TOO_MANY_PENDING) when the server
    // refuses the message because this socket already has too many events waiting.
    turn(message) {
      return new Promise((resolve, reject) => {
        socket.timeout(120_000).emit('user_message', { conversationId, message }, (err, ack) => {
          if (err) { reject(err); return; }
          if (!ack?.ok) { const e = new Error(ack?.error?.message ?? 'refused'); e.code = ack?.error?.code; reject(e); return; }
          waiting.push({ resolve, reject });  // The ack precedes the reply on the wire.
        });
      });
    },
  };
}

const MESSAGES = [
  'Where is my order?', 'How much is express delivery?', 'Can I return shoes that do not fit?',
  'Do you ship to Canada?', 'What payment methods do you accept?', 'thanks!',
];

// Also the CPU each side used per turn: on a shared, busy machine turns/s says more about the
// scheduler than about the server, while CPU ms per turn is the server's own cost.
async function closedLoop(clients, seconds, pid) {
  const cpu0 = pid ? cpuMs(pid) : 0;
  const client0 = process.cpuUsage();
  let turns = 0;
  const lat = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(clients.map(async (c, i) => {
    let k = i;
    while (Date.now() < end) {
      const t0 = performance.now();
      await c.turn(MESSAGES[k++ % MESSAGES.length]);
      lat.push(performance.now() - t0);
      turns++;
    }
  }));
  lat.sort((a, b) => a - b);
  const client = process.cpuUsage(client0);
  return { perSecond: turns / seconds, p50: pct(lat, 0.5), p99: pct(lat, 0.99), turns,
    serverCpuMs: pid ? (cpuMs(pid) - cpu0) / turns : NaN,
    clientCpuMs: (client.user + client.system) / 1000 / turns };
}

async function warmTo(clients, turnsEach) {
  await Promise.all(clients.map(async (c, i) => {
    for (let k = 0; k < turnsEach; k++) await c.turn(MESSAGES[(i + k) % MESSAGES.length]);
  }));
}

// Open loop: `rate` messages per second spread over the clients; latency from the scheduled time.
async function openLoop(clients, rate, seconds) {
  const total = Math.floor(rate * seconds);
  const lat = [];
  const t0 = performance.now();
  const pending = [];
  let sent = 0;
  let refused = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (sent < due) {
        const scheduled = t0 + (sent * 1000) / rate;
        const c = clients[sent % clients.length];
        pending.push(c.turn(MESSAGES[sent % MESSAGES.length]).then(
          () => lat.push(performance.now() - scheduled),
          (e) => { if (e.code === 'TOO_MANY_PENDING') refused++; else throw e; }));
        sent++;
      }
      if (sent >= total) resolve(); else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  lat.sort((a, b) => a - b);
  const elapsed = (performance.now() - t0) / 1000;
  return { sent: total, refused, answered: lat.length, achieved: lat.length / elapsed,
    p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: lat[lat.length - 1] };
}

async function run(name, base, auth, pid) {
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await makeClient(base, auth));
  await closedLoop(clients, 2, pid);  // Warm-up.
  const fresh = await closedLoop(clients, SECONDS, pid);
  await warmTo(clients, TURNS);
  const after = await closedLoop(clients, SECONDS, pid);
  const open = await openLoop(clients, RATE, 5);
  for (const c of clients) c.socket.close();
  const f = (x) => x.toFixed(1);
  console.log(`${name}: fresh ${f(fresh.perSecond)} turns/s (p50 ${f(fresh.p50)} ms, p99 ${f(fresh.p99)} ms); ` +
    `after ${TURNS}+ turns per conversation ${f(after.perSecond)} turns/s (p99 ${f(after.p99)} ms, ` +
    `${f((after.perSecond / fresh.perSecond) * 100)}% of fresh); open loop ${RATE} msg/s: p50 ${f(open.p50)} ms, ` +
    `p99 ${f(open.p99)} ms, max ${f(open.max)} ms; answered ${open.answered}/${open.sent} ` +
    `(${f(open.achieved)}/s), refused by flow control ${open.refused}`);
  const g = (x) => x.toFixed(3);
  console.log(`${name}: server CPU per turn ${g(fresh.serverCpuMs)} ms fresh, ${g(after.serverCpuMs)} ms after ` +
    `${TURNS} turns (${Math.round(1000 / fresh.serverCpuMs)} turns/s per core); load generator ` +
    `${g(fresh.clientCpuMs)} ms per turn`);
  return { fresh, after, open };
}

const results = {};
if (args.only !== 'node') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-bench-'));
  const { child, port } = await start(BIN, ['serve'], {
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: `sqlite:${dir}/bench.db`,
    AUDIO_PATH: `${dir}/audio`, AVATAR_PATH: `${dir}/avatars`, UPLOAD_PATH: `${dir}/uploads`,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', ACCESS_LOG: 'off', LOG_LEVEL: 'warn',
    RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE: '1000000', RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE: '1000000',
    RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE: '1000000', RATE_LIMIT_VISITOR_CONVERSATIONS_PER_HOUR: '1000000',
    RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '1000000',
  }, /listening on http:\/\/[^\s:]+:(\d+)/);
  try {
    const base = `http://127.0.0.1:${port}`;
    const owner = await api(base, 'POST', '/api/auth/register', { name: 'Bench Owner', email: `bench${Date.now()}@example.com`, password: 'Secr3tPassw0rd' });
    const agent = await api(base, 'POST', '/api/agents', {
      name: 'Stride', company: 'Stride Shoes',
      knowledge: [
        { question: 'How much is express delivery?', answer: 'Express delivery costs $9.99 and arrives in 1-2 business days.' },
        { question: 'What is your returns policy?', answer: 'Unworn shoes can be returned within 30 days for a full refund.' },
        { question: 'Do you ship internationally?', answer: 'We ship to the US, Canada and the EU.' },
        { question: 'Which payment methods do you accept?', answer: 'Visa, Mastercard, PayPal and Apple Pay.' },
      ],
    }, owner.token);
    const pub = await api(base, 'POST', `/api/agents/${agent._id}/publish`, undefined, owner.token);
    results.carevoice = await run('carevoice', base, { widgetKey: pub.widgetKey }, child.pid);
    const rss = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1];
    console.log(`carevoice: RSS after the run ${Math.round(rss / 1024)} MiB`);
  } finally {
    child.kill('SIGTERM');
  }
}
if (args.only !== 'carevoice') {
  const { child, port } = await start(process.execPath, [path.join(here, 'node_peer.mjs')], { PORT: '0' }, /listening on (\d+)/);
  try {
    results.node = await run('node socket.io (in-memory reply)', `http://127.0.0.1:${port}`, {}, child.pid);
  } finally {
    child.kill('SIGTERM');
  }
}
if (results.carevoice && results.node) {
  console.log(`ratio carevoice/node: fresh ${(results.carevoice.fresh.perSecond / results.node.fresh.perSecond).toFixed(2)}x, ` +
    `after ${TURNS} turns ${(results.carevoice.after.perSecond / results.node.after.perSecond).toFixed(2)}x; ` +
    `server CPU per turn node/carevoice ${(results.node.fresh.serverCpuMs / results.carevoice.fresh.serverCpuMs).toFixed(2)}x ` +
    `(above 1: CareVoice spends less CPU on a turn than the Node peer)`);
}
process.exit(0);
