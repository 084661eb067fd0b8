// Integration-test harness: starts the real `carevoice` binary on a free loopback port with a
// fresh temporary directory and SQLite file, and talks to it over real HTTP.
//
//   const server = await startServer();      // {baseUrl, proc, tmpDir, dbPath, stop, kill9, restart}
//   after(() => server.close());             // always: kills the process, removes tmpDir
//   const r = await server.api('GET', '/health');
//
// Every response that goes through api() is checked globally: never a 5xx (except a 503 with
// {allowUnavailable: true}, for tests that take the database away), and every 4xx is JSON
// {message: string, error: string (== message), code: string}. A test that wants to see a 5xx anyway cannot: a 500 is a bug.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const BIN = path.resolve(
  process.env.CAREVOICE_BIN || path.join(here, '..', '..', 'build', 'bin', 'carevoice'));

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_CHARS = 4_000;  // How much of the server's output a failed request shows.
const LISTEN_RE = /CareVoice listening on (http:\/\/[^\s:]+:(\d+))/;

// Every live child, so that a crashed test run never leaves a server behind.
const live = new Set();
process.on('exit', () => {
  for (const p of live) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

let seq = 0;
// Returns an email nobody has used yet (unique across processes and runs).
export function uniqueEmail(prefix = 'user') {
  seq += 1;
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${seq}.${crypto.randomBytes(3).toString('hex')}@example.com`;
}

export const DEFAULT_PASSWORD = 'Secr3tPassw0rd';

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

export function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}

// Signs `payload` as a compact JWS. alg: 'HS256' | 'HS512' | 'none'.
export function signJwt(payload, secret, { alg = 'HS256', header = {} } = {}) {
  const h = b64url(JSON.stringify({ alg, typ: 'JWT', ...header }));
  const p = b64url(JSON.stringify(payload));
  if (alg === 'none') return `${h}.${p}.`;
  const algo = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  assert.ok(algo, `unsupported alg ${alg}`);
  const sig = crypto.createHmac(algo, secret).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${sig}`;
}

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
  };
}

// A mono 16-bit PCM WAV: `seconds` of a sine tone at `hz` sampled at `rate`.
export function makeWav({ seconds = 0.5, rate = 16000, hz = 440 } = {}) {
  const n = Math.round(seconds * rate);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);       // fmt chunk size
  h.writeUInt16LE(1, 20);        // PCM
  h.writeUInt16LE(1, 22);        // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28); // byte rate
  h.writeUInt16LE(2, 32);        // block align
  h.writeUInt16LE(16, 34);       // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

// Runs the sqlite3 CLI on `dbPath` with `sql`; returns stdout. Throws on a non-zero exit.
export function sqlite(dbPath, sql, args = []) {
  const r = spawnSync('sqlite3', [...args, dbPath], { input: sql, encoding: 'utf8', timeout: 15_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\nSQL: ${sql}`);
  return r.stdout;
}

class Server {
  constructor(opts) {
    this.opts = opts;
    this.tmpDir = opts.tmpDir;
    this.dbPath = path.join(this.tmpDir, 'test.db');
    this.jwtSecret = opts.jwtSecret;
    this.output = '';        // stdout + stderr of every run, in arrival order
    this.runs = 0;
    this.proc = null;
    this.baseUrl = null;
    this.exitCode = undefined;
    this.exitSignal = undefined;
    this.exited = null;      // Promise<{code, signal}>
    this.secrets = new Map(); // every password sent and token received, for assertNoSecretsLogged()
  }

  // Remembers password/token/refreshToken values of a request or response body.
  recordSecrets(obj, where) {
    if (!obj || typeof obj !== 'object') return;
    for (const k of ['password', 'currentPassword', 'token', 'refreshToken']) {
      if (typeof obj[k] === 'string' && obj[k].length >= 6) this.secrets.set(obj[k], `${k} (${where})`);
    }
  }

  // Asserts that no password sent and no token issued so far appears in the server's output.
  assertNoSecretsLogged() {
    assert.ok(this.secrets.size > 0, 'secrets were recorded');
    for (const [value, what] of this.secrets) {
      assert.ok(!this.output.includes(value), `the server log contains a ${what}: ${value.slice(0, 12)}…`);
    }
    assert.ok(!this.output.includes(this.jwtSecret), 'the server log contains JWT_SECRET');
  }

  env() {
    const t = this.tmpDir;
    return {
      PATH: process.env.PATH,
      HOME: t,
      LANG: 'C.UTF-8',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${this.dbPath}`,
      NODE_ENV: 'test',
      JWT_SECRET: this.jwtSecret,
      AUDIO_PATH: path.join(t, 'public', 'audio'),
      AVATAR_PATH: path.join(t, 'public', 'avatars'),
      UPLOAD_PATH: path.join(t, 'uploads'),
      ACCESS_LOG: '1',
      // Every test registers from 127.0.0.1; publish.test.mjs tests the real limit.
      RATE_LIMIT_REGISTRATIONS_PER_HOUR: '1000000',
      // Tests open many sockets from 127.0.0.1; socketio.test.mjs tests the real limit.
      RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '1000000',
      // Every test signs in from 127.0.0.1; hardening.test.mjs tests the real login limit.
      RATE_LIMIT_LOGINS_PER_IP: '1000000',
      ...this.opts.env,
    };
  }

  async start() {
    for (const d of ['public/audio', 'public/avatars', 'uploads']) {
      fs.mkdirSync(path.join(this.tmpDir, d), { recursive: true });
    }
    if (!fs.existsSync(BIN)) {
      throw new Error(`carevoice binary not found at ${BIN} (set CAREVOICE_BIN)`);
    }
    this.runs += 1;
    this.output += `\n===== run ${this.runs} =====\n`;
    const proc = spawn(BIN, this.opts.args ?? [], {
      cwd: this.tmpDir,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.exitCode = undefined;
    this.exitSignal = undefined;
    live.add(proc);
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        this.exitCode = code;
        this.exitSignal = signal;
        resolve({ code, signal });
      });
    });
    let stderrRun = '';
    let stdoutBuf = '';
    proc.stderr.setEncoding('utf8');
    proc.stdout.setEncoding('utf8');
    proc.stderr.on('data', (s) => { this.output += s; stderrRun += s; });

    const listening = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`carevoice did not print "CareVoice listening on http://HOST:PORT" within ` +
          `${START_TIMEOUT_MS} ms.\n--- stderr ---\n${stderrRun}\n--- stdout ---\n${stdoutBuf}`));
      }, START_TIMEOUT_MS);
      proc.stdout.on('data', (s) => {
        this.output += s;
        if (this.baseUrl && this._listenedRun === this.runs) return;
        stdoutBuf += s;
        const m = LISTEN_RE.exec(stdoutBuf);
        if (m) {
          clearTimeout(timer);
          this._listenedRun = this.runs;
          resolve(m[1]);
        }
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`carevoice exited before listening (code ${code}, signal ${signal}).\n` +
          `--- stderr ---\n${stderrRun}\n--- stdout ---\n${stdoutBuf}`));
      });
      proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    });
    try {
      this.baseUrl = await listening;
    } catch (e) {
      try { proc.kill('SIGKILL'); } catch { /* gone */ }
      throw e;
    }
    return this;
  }

  get alive() { return this.proc !== null && this.exitCode === undefined && this.exitSignal === undefined; }

  // Sends `signal` and waits for the exit; SIGKILLs after STOP_TIMEOUT_MS. Returns {code, signal}.
  async stop(signal = 'SIGTERM') {
    if (!this.proc || !this.alive) return { code: this.exitCode, signal: this.exitSignal };
    this.proc.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const r = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`carevoice did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}`);
    }
    return r;
  }

  async kill9() { return this.stop('SIGKILL'); }

  // Stops (SIGTERM) if running, then starts again on the same tmpDir, DB and JWT secret.
  async restart() {
    if (this.alive) await this.stop('SIGTERM');
    this.baseUrl = null;
    return this.start();
  }

  // Always safe to call: kills the process if it is still running and removes the temp dir.
  async close() {
    if (this.proc && this.alive) {
      try { this.proc.kill('SIGKILL'); } catch { /* gone */ }
      await this.exited;
    }
    if (!process.env.CAREVOICE_KEEP_TMP) fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  // --- HTTP helpers ---

  // fetch() against the server. opts: {token, body (JSON-encoded), rawBody, headers, expectError}.
  // Returns {status, headers, text, body, contentType}. Globally asserts: status < 500; every
  // 4xx (other than to HEAD) is JSON {message: string, code: string}.
  async api(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
    } else if (opts.body !== undefined) {
      this.recordSecrets(opts.body, `request ${method} ${urlPath}`);
      body = JSON.stringify(opts.body);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    let res;
    let buf;
    try {
      res = await fetch(this.baseUrl + urlPath, {
        method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
      buf = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      const why = e.cause ? `${e.cause.code ?? ''} ${e.cause.message ?? e.cause}` : e.message;
      // The end of the server's output says why it stopped answering (a sanitizer report, a
      // fatal log line), which the test's failure would otherwise hide.
      throw new Error(`${method} ${urlPath}: no HTTP response (${why.trim()})` +
        `${this.alive ? '' : `; the server has exited (code ${this.exitCode}, signal ${this.exitSignal})`}` +
        `\n--- the server's last output ---\n${this.output.slice(-OUTPUT_TAIL_CHARS)}`);
    }
    const r = checkResponse(method, urlPath, res.status, res.headers, buf, opts.allowUnavailable);
    this.recordSecrets(r.body, `response ${method} ${urlPath}`);
    return r;
  }

  // A raw node:http request, for what fetch cannot do (slow bodies, odd framing, hop headers).
  // opts: {headers, body (Buffer|string|array of chunks), chunkDelayMs, onSent}. Returns the
  // same shape as api() and applies the same global checks.
  rawRequest(method, urlPath, opts = {}) {
    const u = new URL(this.baseUrl + urlPath);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: u.hostname, port: u.port, path: u.pathname + u.search, method,
        headers: opts.headers ?? {}, agent: false,
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            const hdrs = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              hdrs.set(k, Array.isArray(v) ? v.join(', ') : String(v));
            }
            resolve(checkResponse(method, urlPath, res.statusCode, hdrs, Buffer.concat(chunks)));
          } catch (e) { reject(e); }
        });
        res.on('error', reject);
      });
      req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error('request timeout')));
      req.on('error', (e) => {
        if (opts.tolerateWriteError && (e.code === 'EPIPE' || e.code === 'ECONNRESET')) return;
        reject(e);
      });
      (async () => {
        const parts = opts.body === undefined ? [] : (Array.isArray(opts.body) ? opts.body : [opts.body]);
        for (let i = 0; i < parts.length; i++) {
          if (i > 0 && opts.chunkDelayMs) await sleep(opts.chunkDelayMs);
          if (i > 0 && opts.beforeChunk) await opts.beforeChunk(i);
          if (req.destroyed) return;
          req.write(parts[i]);
        }
        req.end();
        if (opts.onSent) opts.onSent();
      })().catch(reject);
    });
  }

  // Registers a fresh user; returns {token, refreshToken, user, email, password, name}.
  async register({ name = 'Test User', email = uniqueEmail(), password = DEFAULT_PASSWORD } = {}) {
    const r = await this.api('POST', '/api/auth/register', { body: { name, email, password } });
    assert.equal(r.status, 201, `register ${email}: ${r.status} ${r.text}`);
    return { ...r.body, email, password, name };
  }

  async login(email, password) {
    const r = await this.api('POST', '/api/auth/login', { body: { email, password } });
    assert.equal(r.status, 200, `login ${email}: ${r.status} ${r.text}`);
    return r.body;
  }

  async createAgent(token, fields = {}) {
    const body = {
      name: 'Ava',
      company: 'Acme Telecom',
      personality: 'friendly and precise',
      companyInfo: 'Acme Telecom sells mobile and broadband plans. Support hours are 8am to 8pm, Monday to Saturday.',
      prompts: ['Be concise.'],
      ...fields,
    };
    const r = await this.api('POST', '/api/agents', { token, body });
    assert.equal(r.status, 201, `create agent: ${r.status} ${r.text}`);
    return r.body;
  }

  async createConversation(token, body = { isCallSimulator: true }) {
    const r = await this.api('POST', '/api/conversations', { token, body });
    assert.equal(r.status, 201, `create conversation: ${r.status} ${r.text}`);
    return r.body;
  }

  async postMessage(token, conversationId, content) {
    const r = await this.api('POST', `/api/conversations/${conversationId}/messages`, {
      token, body: { content },
    });
    assert.equal(r.status, 201, `post message: ${r.status} ${r.text}`);
    return r.body;
  }
}

// The global checks shared by api() and rawRequest().
// allowUnavailable: a 503 (a dependency is down, e.g. the database) passes, as a JSON error.
function checkResponse(method, urlPath, status, headers, buf, allowUnavailable = false) {
  const contentType = headers.get('content-type') ?? '';
  const text = buf.toString('utf8');
  let body;
  if (/^application\/(.+\+)?json\b/i.test(contentType) && method !== 'HEAD' && buf.length > 0) {
    try {
      body = JSON.parse(text);
    } catch (e) {
      assert.fail(`${method} ${urlPath}: Content-Type ${contentType} but the body is not JSON: ${text.slice(0, 300)}`);
    }
  }
  const r = { status, headers, text, body, buf, contentType };
  assert.ok(status < 500 || (allowUnavailable && status === 503),
    `${method} ${urlPath} → ${status} (a 5xx is a server bug): ${text.slice(0, 500)}`);
  if (status >= 400 && method !== 'HEAD') assertJsonError(r, `${method} ${urlPath}`);
  return r;
}

// Asserts that `r` is a JSON error {message: string, error (== message), code: string, details?}.
export function assertJsonError(r, what = '') {
  assert.match(r.contentType, /^application\/json/i,
    `${what} → ${r.status}: error must be JSON, got Content-Type "${r.contentType}": ${r.text.slice(0, 300)}`);
  assert.ok(r.body && typeof r.body === 'object' && !Array.isArray(r.body),
    `${what} → ${r.status}: error body must be a JSON object: ${r.text.slice(0, 300)}`);
  assert.equal(typeof r.body.message, 'string', `${what} → ${r.status}: error.message: ${r.text.slice(0, 300)}`);
  assert.ok(r.body.message.length > 0, `${what}: empty error message`);
  assert.equal(r.body.error, r.body.message, `${what} → ${r.status}: error.error must repeat error.message: ${r.text.slice(0, 300)}`);
  assert.equal(typeof r.body.code, 'string', `${what} → ${r.status}: error.code: ${r.text.slice(0, 300)}`);
  assert.ok(r.body.code.length > 0, `${what}: empty error code`);
}

// Asserts status, the JSON error shape and, if given, the code (a string or a list of allowed
// codes; docs/API.md lists them); returns the response.
export function expectError(r, status, what = '', code = undefined) {
  assert.equal(r.status, status, `${what}: expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`);
  assertJsonError(r, what);
  if (code !== undefined) {
    const codes = Array.isArray(code) ? code : [code];
    assert.ok(codes.includes(r.body.code), `${what}: code ${r.body.code}, expected ${codes.join(' or ')}`);
  }
  return r;
}

export const HEX24 = /^[0-9a-f]{24}$/;
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// Starts a fresh server. opts: {env, args, tmpDir, jwtSecret}.
export async function startServer(opts = {}) {
  const tmpDir = opts.tmpDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-it-'));
  const server = new Server({
    env: opts.env ?? {},
    args: opts.args ?? (process.env.CAREVOICE_ARGS ?? 'serve').split(' ').filter(Boolean),
    tmpDir,
    jwtSecret: opts.jwtSecret ?? crypto.randomBytes(48).toString('base64url'),
  });
  try {
    await server.start();
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}

// Asserts that none of `secrets` appears in the captured server output.
export function assertLogsClean(server, secrets) {
  for (const [what, s] of Object.entries(secrets)) {
    if (!s) continue;
    assert.ok(!server.output.includes(s),
      `the server log contains the ${what} (${String(s).slice(0, 12)}…)`);
  }
}
