// Helpers of the live-call tests: a paced "microphone" over a WebSocket, WAVs spoken by the
// binary's own TTS, and G.711 μ-law for the Twilio simulation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BIN } from './harness.mjs';

export const RATE = 16000;
export const FRAME = 320; // 20 ms

// Int16Array (16 kHz mono) of `text` spoken by `carevoice say`.
export function spoken(dir, text, file) {
  const out = path.join(dir, file ?? `say-${Buffer.from(text).toString('hex').slice(0, 24)}.wav`);
  if (!fs.existsSync(out)) {
    const r = spawnSync(BIN, ['say', text, '-o', out], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
    assert.equal(r.status, 0, `carevoice say: ${r.stderr}`);
  }
  return wavSamples(fs.readFileSync(out));
}

// The samples of a PCM16 mono WAV, resampled (linearly) to 16 kHz.
export function wavSamples(buf) {
  assert.equal(buf.toString('ascii', 0, 4), 'RIFF');
  let off = 12;
  let rate = 16000;
  let channels = 1;
  let data = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') { channels = buf.readUInt16LE(off + 10); rate = buf.readUInt32LE(off + 12); }
    if (id === 'data') { data = buf.subarray(off + 8, Math.min(buf.length, off + 8 + size)); break; }
    off += 8 + size + (size & 1);
  }
  assert.ok(data, 'WAV data chunk');
  const n = Math.floor(data.length / 2 / channels);
  const mono = new Float64Array(n);
  for (let i = 0; i < n; i++) mono[i] = data.readInt16LE(i * 2 * channels);
  const outN = Math.floor((n * RATE) / rate);
  const out = new Int16Array(outN);
  for (let i = 0; i < outN; i++) {
    const x = (i * rate) / RATE;
    const i0 = Math.floor(x);
    const f = x - i0;
    out[i] = Math.round(mono[i0] * (1 - f) + (mono[Math.min(i0 + 1, n - 1)] ?? 0) * f);
  }
  return out;
}

// Low line noise (the microphone between words).
export function quiet(samples) {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round((Math.random() - 0.5) * 40);
  return out;
}

// A 16 kHz noise burst (a click or a cough) of `ms` milliseconds.
export function burst(ms) {
  const out = new Int16Array(Math.round((ms * RATE) / 1000));
  for (let i = 0; i < out.length; i++) out[i] = Math.round((Math.random() - 0.5) * 16000);
  return out;
}

// Sends 20 ms frames in real time from `frameAt(n)` (Buffer) forever, queued speech first, line
// noise otherwise. say() resolves with the times its first and last frames were sent.
export class Mic {
  constructor(send, frameBytes = FRAME * 2, encode = (s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength)) {
    this.send = send;
    this.encode = encode;
    this.queue = [];
    this.stopped = false;
    this.start = performance.now();
    this.n = 0;
    this.timer = null;
    this.loop();
  }

  loop() {
    if (this.stopped) return;
    const now = performance.now();
    while (this.start + this.n * 20 <= now) {
      this.n += 1;
      let frame;
      const item = this.queue[0];
      if (item) {
        if (item.pos === 0) item.onsetT = performance.now();
        frame = item.samples.subarray(item.pos, item.pos + FRAME);
        item.pos += FRAME;
        if (frame.length < FRAME) { const f = quiet(FRAME); f.set(frame); frame = f; }
        if (item.pos >= item.samples.length) {
          this.queue.shift();
          item.resolve({ onsetT: item.onsetT, endT: performance.now() });
        }
      } else {
        frame = quiet(FRAME);
      }
      try { this.send(this.encode(frame)); } catch { this.stopped = true; return; }
    }
    this.timer = setTimeout(() => this.loop(), Math.max(1, this.start + this.n * 20 - performance.now()));
  }

  say(samples) {
    return new Promise((resolve) => this.queue.push({ samples, pos: 0, resolve }));
  }

  stop() { this.stopped = true; clearTimeout(this.timer); }
}

// A /api/voice/stream client recording every message with its arrival time.
export class StreamClient {
  constructor(url, headers = {}) {
    this.events = [];
    this.waiters = [];
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => { this.ws.once('open', resolve); this.ws.once('error', reject); });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.ws.on('message', (data, isBinary) => {
      const t = performance.now();
      const e = isBinary ? { type: 'audio', t, bytes: data.length } : { ...JSON.parse(String(data)), t };
      this.events.push(e);
      for (const w of [...this.waiters]) w();
    });
  }

  // Resolves with the first event (after index `from`) matching `pred`.
  waitFor(pred, { from = 0, timeoutMs = 20000, what = 'event' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const e = this.events.slice(from).find(pred);
        if (e) { cleanup(); resolve(e); }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.filter((x) => x.type !== 'audio').map((x) => x.type))}`));
      }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); this.waiters = this.waiters.filter((w) => w !== check); };
      this.waiters.push(check);
      check();
    });
  }

  close() { try { this.ws.close(); } catch { /* gone */ } }
}

// --- G.711 μ-law ---
export function mulawEncode(sample) {
  const BIAS = 0x84;
  const CLIP = 32635;
  let sign = (sample >> 8) & 0x80;
  if (sign) sample = -sample;
  if (sample > CLIP) sample = CLIP;
  sample += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (sample & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = (sample >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

// 16 kHz samples → 8 kHz μ-law bytes (averaging pairs).
export function toMulaw8k(samples16k) {
  const out = Buffer.alloc(Math.floor(samples16k.length / 2));
  for (let i = 0; i < out.length; i++) {
    out[i] = mulawEncode(Math.round((samples16k[2 * i] + samples16k[2 * i + 1]) / 2));
  }
  return out;
}
