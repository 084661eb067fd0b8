// Live-call latency under load: starts the real binary (temporary SQLite, local engines), opens
// C concurrent /api/voice/stream calls, and in each says a request as real-time-paced 20 ms
// PCM16 frames (a WAV made by `carevoice say`), TURNS times, waiting for each reply to finish.
// Prints, per concurrency level, the voice-to-voice latency measured by the client (the last
// frame of the WAV sent → the first reply audio frame received; the WAV ends in Flite's own
// trailing silence, so this is shorter than the latency from the last spoken word), the server's
// voice-to-voice (its VAD's last voiced frame → first reply byte sent: the default hangover
// included, the figure the target is about) and the post-decision part (end-of-turn decision →
// first reply byte: final transcript, engine turn, first synthesised audio), p50/p90/max.
// Targets: server voice-to-voice p50 <= 350 ms and post-decision <= 60 ms, at >= 20 calls.
//
//   CAREVOICE_BIN=build-test/bin/carevoice node bench/voice_calls.mjs [--levels 1,10,20,30] [--turns 3]
// Needs tests/node_modules (npm install in tests/).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Mic, StreamClient, spoken, quiet } from '../tests/integration/voice-call.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const levels = arg('levels', '1,10,20,30').split(',').map(Number);
const turns = Number(arg('turns', '3'));
// Seconds to wait after start-up before the first level, so that STT_WARM_DECODERS recognisers
// (made by a low-priority background thread, about 0.3-1 s of CPU each) are ready.
const settle = Number(arg('settle', '0'));
const bin = path.resolve(process.env.CAREVOICE_BIN || 'build/bin/carevoice');
const REQUESTS = ['I want a refund for my order please.', 'What are your support hours?',
  'How much does the premium plan cost?'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-voice-bench-'));
const server = spawn(bin, [], {
  cwd: tmp,
  env: { PATH: process.env.PATH, HOME: tmp, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${tmp}/cv.db`, JWT_SECRET: 'voice-bench-secret-voice-bench-secret-01',
    LOG_LEVEL: 'warn', ACCESS_LOG: '0', VOICE_IDLE_MS: '120000', AUDIO_PATH: `${tmp}/audio`,
    RATE_LIMIT_REGISTRATIONS_PER_HOUR: '1000000', RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '1000000',
    // The recogniser pool's sizing, as an operator would set it for the expected calls.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('STT_'))) },
  stdio: ['ignore', 'pipe', process.env.BENCH_STDERR ? 'inherit' : 'ignore'],
});
const cleanup = () => { try { server.kill('SIGTERM'); } catch { /* gone */ } fs.rmSync(tmp, { recursive: true, force: true }); };
process.on('exit', cleanup);
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (s) => {
    out += s;
    if (process.env.BENCH_LOG) process.stderr.write(s);
    const m = /CareVoice listening on (http:\/\/[^\s]+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});

async function api(method, p, token, body) {
  const res = await fetch(base + p, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}
const reg = await api('POST', '/api/auth/register', null, { name: 'Bench', email: `b${Date.now()}@example.com`, password: 'Secr3tPassw0rd' });
const token = reg.token;
const audio = REQUESTS.map((t, i) => spoken(tmp, t, `req${i}.wav`));

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}

async function oneCall(index, results) {
  const conv = await api('POST', '/api/conversations', token, { isCallSimulator: true });
  const client = new StreamClient(`${base.replace(/^http/, 'ws')}/api/voice/stream?conversationId=${conv._id}&token=${token}`);
  await client.opened;
  await client.waitFor((e) => e.type === 'ready');
  const mic = new Mic((b) => client.ws.send(b));
  try {
    await mic.say(quiet(16000 * (0.2 + Math.random() * 0.8)));  // Stagger the calls.
    for (let t = 0; t < turns; t++) {
      const from = client.events.length;
      const said = await mic.say(audio[(index + t) % audio.length]);
      const err = client.events.slice(from).find((e) => e.type === 'error');
      if (err) throw new Error(`${err.code}: ${err.message}`);
      const start = await client.waitFor((e) => e.type === 'audio_start' && e.messageId, { from, timeoutMs: 60000 });
      const first = await client.waitFor((e) => e.type === 'audio' && e.t > start.t, { from, timeoutMs: 60000 });
      const m = await client.waitFor((e) => e.type === 'metrics', { from, timeoutMs: 60000 });
      results.push({ v2v: first.t - said.endT, post: m.postDecisionMs, server: m.voiceToVoiceMs, stt: m.sttMs, reply: m.replyMs, tts: m.ttsMs });
      await client.waitFor((e) => e.type === 'audio_end' && e.messageId === start.messageId, { from, timeoutMs: 120000 });
      await mic.say(quiet(16000 * 0.5));
    }
  } finally {
    mic.stop();
    client.close();
  }
}

if (settle > 0) await new Promise((r) => setTimeout(r, settle * 1000));
const sttEnv = Object.entries(process.env).filter(([k]) => k.startsWith('STT_')).map(([k, v]) => `${k}=${v}`).join(' ');
console.log(`voice calls: ${bin}; ${os.cpus().length} cores; ${turns} turns per call; default hangover; ${sttEnv || 'default recogniser pool'}`);
console.log('calls | turns | client v2v p50 / p90 / max (ms) | server v2v p50 / p90 | post-decision p50 / p90 (ms) | stt / reply / tts p50 (ms) | errors');
for (const c of levels) {
  const results = [];
  const t0 = performance.now();
  const errors = [];
  await Promise.all(Array.from({ length: c }, (_, i) => oneCall(i, results).catch((e) => errors.push(e.message))));
  const f = (x) => x.toFixed(0).padStart(4);
  console.log(`${String(c).padStart(5)} | ${String(results.length).padStart(5)} | ${f(pct(results.map((r) => r.v2v), 50))} / ${f(pct(results.map((r) => r.v2v), 90))} / ${f(Math.max(...results.map((r) => r.v2v)))} | ` +
    `${f(pct(results.map((r) => r.server), 50))} / ${f(pct(results.map((r) => r.server), 90))} | ` +
    `${f(pct(results.map((r) => r.post), 50))} / ${f(pct(results.map((r) => r.post), 90))} | ` +
    `${f(pct(results.map((r) => r.stt), 50))} / ${f(pct(results.map((r) => r.reply), 50))} / ${f(pct(results.map((r) => r.tts), 50))}   ${errors.length} calls failed   (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  for (const e of new Set(errors)) console.log(`  failed: ${e.slice(0, 160)}`);
}
process.exit(0);
