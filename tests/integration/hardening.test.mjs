// Issue 14 findings against the real binary: LiveKit tokens are the caller's (checked with the
// official livekit-server-sdk TokenVerifier), Transfer-Encoding smuggling is refused on a raw
// socket, X-Forwarded-For is believed only from TRUST_PROXY, login and per-email limits, control
// characters are stripped, CORS for localhost:3000 only in development, GET /metrics (bearer
// METRICS_TOKEN, Prometheus text checked by a strict parser), and `carevoice analyze` writes
// nothing into its working folder.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { TokenVerifier } from 'livekit-server-sdk';
import { startServer, expectError, uniqueEmail, DEFAULT_PASSWORD, BIN } from './harness.mjs';

const LK_KEY = 'APIharden';
const LK_SECRET = 'harden-livekit-secret-0123456789abcdef';
const METRICS_TOKEN = 'metrics-token-0123456789';

let server;  // LiveKit, metrics, framing, input hygiene
let A;
let B;
before(async () => {
  server = await startServer({
    env: { LIVEKIT_API_KEY: LK_KEY, LIVEKIT_API_SECRET: LK_SECRET, METRICS_TOKEN },
  });
  A = await server.register({ name: 'Alice Harden' });
  B = await server.register({ name: 'Bob Harden' });
});
after(async () => { await server?.close(); });

describe('LiveKit tokens', () => {
  const verifier = new TokenVerifier(LK_KEY, LK_SECRET);
  const token = (who, body) => server.api('POST', '/api/livekit/token', { token: who.token, body });

  test('the identity is always the caller, and no roomCreate/roomAdmin on /token', async () => {
    const r = await token(A, { roomName: 'support-1' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.identity, A.user._id);
    const claims = await verifier.verify(r.body.token);
    assert.equal(claims.sub, A.user._id);
    assert.equal(claims.video.room, 'support-1');
    assert.equal(claims.video.roomJoin, true);
    assert.ok(!claims.video.roomCreate && !claims.video.roomAdmin && !claims.video.roomList,
      `grants: ${JSON.stringify(claims.video)}`);
    const same = await token(A, { roomName: 'support-1', identity: A.user._id });
    assert.equal(same.status, 200, 'naming oneself is fine');
  });

  test('another user\'s identity is refused (README and old-code paths)', async () => {
    expectError(await token(A, { roomName: 'support-1', identity: B.user._id }), 403, 'identity of B',
      'IDENTITY_MISMATCH');
    expectError(await token(A, { roomName: 'support-1', identity: 'room-admin' }), 403, 'made-up identity',
      'IDENTITY_MISMATCH');
    for (const p of ['/api/livekit/join-room', '/api/livekit/create-room']) {
      expectError(await server.api('POST', p, {
        token: A.token, body: { roomName: 'r1', participantName: 'X', participantIdentity: B.user._id },
      }), 403, `${p} as B`, 'IDENTITY_MISMATCH');
    }
  });

  test('a room named after a conversation requires owning it', async () => {
    const mine = await server.createConversation(A.token);
    const theirs = await server.createConversation(B.token);
    const ok = await token(A, { roomName: `conv-${mine._id}` });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await verifier.verify(ok.body.token)).video.room, `conv-${mine._id}`);
    for (const roomName of [`conv-${theirs._id}`, theirs._id, `call_${theirs._id}_x`, `user-${B.user._id}`]) {
      expectError(await token(A, { roomName }), 404, `room ${roomName}`);
    }
    expectError(await server.api('POST', '/api/livekit/join-room', {
      token: A.token, body: { roomName: `conv-${theirs._id}`, participantName: 'A', participantIdentity: A.user._id },
    }), 404, 'join-room into B\'s conversation');
  });

  test('roomCreate only on the create-room room token, for the caller', async () => {
    const r = await server.api('POST', '/api/livekit/create-room', {
      token: A.token, body: { roomName: 'team-room', participantName: 'Alice', participantIdentity: A.user._id },
    });
    assert.equal(r.status, 200, r.text);
    const room = await verifier.verify(r.body.roomToken);
    assert.equal(room.sub, A.user._id);
    assert.equal(room.video.roomCreate, true);
    assert.ok(!room.video.roomAdmin);
    const participant = await verifier.verify(r.body.participantToken);
    assert.equal(participant.sub, A.user._id);
    assert.ok(!participant.video.roomCreate && !participant.video.roomAdmin);
    const t = await server.api('POST', '/api/livekit/create-test-room', { token: A.token });
    assert.equal(t.status, 200, t.text);
    assert.equal((await verifier.verify(t.body.token)).sub, A.user._id);
  });
});

// Sends `raw` on a fresh TCP connection and returns everything read until the server closes it
// (or `ms` pass: then `closed` is false).
function rawExchange(raw, ms = 5000) {
  const u = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ data, closed: false }); }, ms);
    socket.on('data', (d) => { data += d.toString('latin1'); });
    socket.on('end', () => { clearTimeout(timer); socket.destroy(); resolve({ data, closed: true }); });
    socket.on('error', (e) => {
      clearTimeout(timer);
      if (e.code === 'ECONNRESET') resolve({ data, closed: true }); else reject(e);
    });
    socket.write(raw);
  });
}

describe('HTTP framing (RFC 9112 §6.3)', () => {
  const smuggled = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
  for (const te of ['chunked, identity', 'identity', 'xchunked', 'gzip, chunked', 'chunked;x=1', 'chunked , gzip']) {
    test(`Transfer-Encoding: ${te} → 400 and the connection closes (no smuggled request)`, async () => {
      const { data, closed } = await rawExchange(
        `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: ${te}\r\n\r\n${smuggled}`);
      assert.match(data, /^HTTP\/1\.1 400 /, data.slice(0, 200));
      assert.equal(data.match(/HTTP\/1\.1 \d{3} /g).length, 1, `one response only: ${data}`);
      assert.ok(closed, 'the server closed the connection');
      assert.match(data, /BAD_TRANSFER_ENCODING|BAD_REQUEST/);
    });
  }

  test('a repeated Transfer-Encoding header → 400 and close', async () => {
    const { data, closed } = await rawExchange(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' + smuggled);
    assert.match(data, /^HTTP\/1\.1 400 /);
    assert.equal(data.match(/HTTP\/1\.1 \d{3} /g).length, 1);
    assert.ok(closed);
  });

  test('control: exactly "chunked" is read and the connection stays usable', async () => {
    const body = JSON.stringify({ email: A.email, password: A.password });
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const { data } = await rawExchange(
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}${smuggled}`, 1500);
    const statuses = (data.match(/HTTP\/1\.1 (\d{3}) /g) ?? []).map((s) => s.slice(9, 12));
    assert.deepEqual(statuses, ['200', '200'], data.slice(0, 300));
  });
});

describe('input hygiene', () => {
  test('control characters and bidi overrides are stripped from stored text and titles', async () => {
    const c = await server.createConversation(A.token);
    const content = 'My bill\u0000 is wrong\u0007 see \u202Etxt.exe\u202C and\u001b[31m red\r\nthanks\tok';
    const r = await server.api('POST', `/api/conversations/${c._id}/messages`, { token: A.token, body: { content } });
    assert.equal(r.status, 201, r.text);
    const msgs = await server.api('GET', `/api/conversations/${c._id}/messages`, { token: A.token });
    const list = msgs.body.messages ?? msgs.body;
    const user = list.find((m) => m.role === 'user');
    assert.equal(user.content, 'My bill is wrong see txt.exe and[31m red\nthanks\tok');
    const conv = await server.api('GET', `/api/conversations/${c._id}`, { token: A.token });
    const title = (conv.body.conversation ?? conv.body).title;
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(title), `title: ${JSON.stringify(title)}`);
    const put = await server.api('PUT', `/api/conversations/${c._id}`, {
      token: A.token, body: { title: 'Refund\u0000 \u202Eplease' },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((put.body.conversation ?? put.body).title, 'Refund please');
  });

  test('content that is empty once invisible characters are trimmed is a clear 400', async () => {
    const c = await server.createConversation(A.token);
    for (const content of ['\u200B\u200B', '\uFEFF \u00A0\u3000', '\u0000\u0007', '\u202E\u202C', '\u2800\u3164']) {
      const r = await server.api('POST', `/api/conversations/${c._id}/messages`, { token: A.token, body: { content } });
      expectError(r, 400, `content ${JSON.stringify(content)}`, 'VALIDATION_ERROR');
      assert.ok(r.body.details?.content, `details name the field: ${r.text}`);
    }
    const title = await server.api('PUT', `/api/conversations/${c._id}`, { token: A.token, body: { title: '\u200B\u200D' } });
    expectError(title, 400, 'invisible title', 'VALIDATION_ERROR');
  });
});

// A strict parser of the Prometheus text format (0.0.4): every line is a HELP, a TYPE or a
// sample; a family is declared (TYPE) once, before its samples; names and labels are well formed;
// values are numbers; no series repeats; histogram buckets are cumulative and +Inf == _count.
function parsePrometheus(text) {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  const types = new Map();
  const series = new Map();
  const typeOf = (name) => {
    for (const suffix of ['_bucket', '_sum', '_count', '']) {
      if (suffix && !name.endsWith(suffix)) continue;
      const base = suffix ? name.slice(0, -suffix.length) : name;
      if (types.has(base) && (suffix === '' || ['histogram', 'summary'].includes(types.get(base)))) return base;
    }
    return undefined;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      assert.match(line.slice(7).split(' ')[0], NAME, line);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type, ...rest] = line.slice(7).split(' ');
      assert.match(name, NAME, line);
      assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type) && rest.length === 0, line);
      assert.ok(!types.has(name), `TYPE ${name} declared twice`);
      types.set(name, type);
      continue;
    }
    assert.ok(!line.startsWith('#') && line.length > 0, `unexpected line: ${JSON.stringify(line)}`);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `malformed sample: ${line}`);
    const [, name, , labelText = '', valueText] = m;
    const labels = {};
    let rest = labelText;
    while (rest.length > 0) {
      const l = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/.exec(rest);
      assert.ok(l, `malformed labels in: ${line}`);
      assert.ok(!(l[1] in labels), `repeated label ${l[1]}: ${line}`);
      labels[l[1]] = l[2];
      rest = rest.slice(l[0].length);
    }
    assert.ok(/^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]Inf|NaN)$/.test(valueText), `value: ${line}`);
    const family = typeOf(name);
    assert.ok(family, `sample before (or without) its TYPE: ${line}`);
    const key = `${name}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    assert.ok(!series.has(key), `repeated series ${key}`);
    series.set(key, { name, labels, value: Number(valueText), family });
  }
  // Histograms: cumulative buckets, +Inf == _count.
  const groups = new Map();
  for (const s of series.values()) {
    if (types.get(s.family) !== 'histogram' || !s.name.endsWith('_bucket')) continue;
    const { le, ...rest } = s.labels;
    assert.ok(le !== undefined, `bucket without le: ${s.name}`);
    const k = `${s.family}${JSON.stringify(Object.entries(rest).sort())}`;
    if (!groups.has(k)) groups.set(k, { family: s.family, rest, buckets: [] });
    groups.get(k).buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
  }
  for (const g of groups.values()) {
    g.buckets.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < g.buckets.length; i++) {
      assert.ok(g.buckets[i][1] >= g.buckets[i - 1][1], `${g.family} buckets not cumulative`);
    }
    assert.equal(g.buckets.at(-1)[0], Infinity, `${g.family} has a +Inf bucket`);
    const countKey = `${g.family}_count{${Object.entries(g.rest).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    assert.equal(series.get(countKey)?.value, g.buckets.at(-1)[1], `${countKey} == +Inf bucket`);
  }
  return { types, series: [...series.values()] };
}

describe('GET /metrics', () => {
  test('needs the METRICS_TOKEN bearer token', async () => {
    expectError(await server.api('GET', '/metrics'), 401, 'no token');
    expectError(await server.api('GET', '/metrics', { token: 'wrong-token-0123456789' }), 401, 'wrong token');
    expectError(await server.api('GET', '/metrics', { token: A.token }), 401, 'a user JWT');
  });

  test('parses as Prometheus text and reports requests, turns, stages, pools and the process', async () => {
    const c = await server.createConversation(A.token);
    await server.postMessage(A.token, c._id, 'What are your opening hours?');
    expectError(await server.api('GET', '/api/nothing-here', { token: A.token }), 404, 'an unmatched route');
    const r = await server.api('GET', '/metrics', { token: METRICS_TOKEN });
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/plain; version=0\.0\.4/);
    const { types, series } = parsePrometheus(r.text);
    const find = (name, labels = {}) => series.find((s) => s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.ok(find('carevoice_http_requests_total', { method: 'POST', route: '/api/auth/register', status: '201' })?.value >= 2);
    assert.ok(find('carevoice_http_requests_total', { route: '/api/conversations/:id/messages', status: '201' })?.value >= 1);
    assert.ok(find('carevoice_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/register' })?.value >= 2);
    assert.equal(types.get('carevoice_http_request_duration_seconds'), 'histogram');
    assert.ok(find('carevoice_http_requests_total', { route: 'unmatched', status: '404' })?.value >= 1);
    assert.ok(find('carevoice_http_open_connections')?.value >= 1);
    assert.ok(find('carevoice_engine_turns_total')?.value >= 1);
    for (const stage of ['nlu', 'responder', 'store']) {
      assert.ok(find('carevoice_engine_stage_duration_seconds_count', { stage })?.value >= 1, `stage ${stage}`);
    }
    for (const stage of ['tts', 'stt']) assert.ok(find('carevoice_engine_stage_duration_seconds_count', { stage }), stage);
    for (const name of ['carevoice_escalations_total', 'carevoice_rate_limit_rejections_total', 'carevoice_database_errors_total']) {
      assert.equal(types.get(name), 'counter', name);
    }
    assert.ok(find('carevoice_worker_pool_queue_depth', { pool: 'worker' }));
    assert.ok(find('process_resident_memory_bytes')?.value > 1e6);
    assert.ok(find('process_open_fds')?.value > 3);
    // Prometheus's own linter (Debian's prometheus package, installed by scripts/setup.sh) must agree.
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: r.text, encoding: 'utf8' });
    assert.ifError(promtool.error);
    assert.equal(promtool.status, 0, `promtool: ${promtool.stdout}${promtool.stderr}`);
  });
});

describe('client addresses and rate limits', () => {
  test('without TRUST_PROXY a spoofed X-Forwarded-For is ignored: registrations share the peer\'s limit', async () => {
    const s = await startServer({ env: { RATE_LIMIT_REGISTRATIONS_PER_HOUR: '2' } });
    try {
      const reg = (xff) => s.api('POST', '/api/auth/register', {
        headers: { 'x-forwarded-for': xff }, body: { name: 'Spoof Sam', email: uniqueEmail('spoof'), password: DEFAULT_PASSWORD },
      });
      assert.equal((await reg('203.0.113.1')).status, 201);
      assert.equal((await reg('203.0.113.2')).status, 201);
      expectError(await reg('203.0.113.3'), 429, 'third registration from one peer', 'TOO_MANY_REQUESTS');
    } finally {
      await s.close();
    }
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let s;
    before(async () => {
      s = await startServer({
        env: { TRUST_PROXY: 'loopback', RATE_LIMIT_REGISTRATIONS_PER_HOUR: '2', RATE_LIMIT_LOGINS_PER_IP: '3' },
      });
    });
    after(async () => { await s?.close(); });
    const as = (xff) => ({ headers: { 'x-forwarded-for': xff } });
    const register = (xff, email = uniqueEmail('proxy')) => s.api('POST', '/api/auth/register', {
      ...as(xff), body: { name: 'Proxied Pat', email, password: DEFAULT_PASSWORD },
    });
    const login = (xff, email, password) => s.api('POST', '/api/auth/login', { ...as(xff), body: { email, password } });

    test('each forwarded client has its own registration limit', async () => {
      assert.equal((await register('192.0.2.1')).status, 201);
      assert.equal((await register('192.0.2.1')).status, 201);
      expectError(await register('192.0.2.1'), 429, 'third from 192.0.2.1', 'TOO_MANY_REQUESTS');
      assert.equal((await register('192.0.2.2')).status, 201, 'another client behind the same proxy');
    });

    test('successful logins per IP are limited', async () => {
      const email = uniqueEmail('busy');
      assert.equal((await register('192.0.2.10', email)).status, 201);
      for (let i = 0; i < 3; i++) assert.equal((await login('192.0.2.11', email, DEFAULT_PASSWORD)).status, 200);
      const r = expectError(await login('192.0.2.11', email, DEFAULT_PASSWORD), 429, 'fourth login', 'TOO_MANY_REQUESTS');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      assert.equal((await login('192.0.2.12', email, DEFAULT_PASSWORD)).status, 200, 'another client');
    });

    test('an email under attack slows the attackers but does not lock its owner out', async () => {
      const email = uniqueEmail('victim');
      assert.equal((await register('198.51.100.7', email)).status, 201);
      for (let i = 1; i <= 10; i++) {
        expectError(await login(`203.0.113.${i}`, email, 'Wr0ngPassword'), 401, `guess ${i}`);
      }
      const slowed = expectError(await login('203.0.113.3', email, DEFAULT_PASSWORD), 429, 'an attacking address',
        'TOO_MANY_REQUESTS');
      assert.ok(Number(slowed.headers.get('retry-after')) >= 1);
      assert.equal((await login('198.51.100.7', email, DEFAULT_PASSWORD)).status, 200, 'the owner signs in');
    });
  });
});

describe('CORS and environments', () => {
  test('http://localhost:3000 is allowed in development only; /metrics is off without METRICS_TOKEN', async () => {
    for (const [env, allowed] of [['production', false], ['development', true]]) {
      const s = await startServer({ env: { NODE_ENV: env } });
      try {
        const u = await s.register({ name: 'Cors Cora' });
        const r = await s.api('GET', '/api/agents', { token: u.token, headers: { origin: 'http://localhost:3000' } });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('access-control-allow-origin'), allowed ? 'http://localhost:3000' : null, env);
        expectError(await s.api('GET', '/metrics', { token: METRICS_TOKEN }), 404, `${env}: /metrics without METRICS_TOKEN`);
      } finally {
        await s.close();
      }
    }
  });
});

test('`carevoice analyze` writes nothing into its working folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-analyze-'));
  try {
    const r = spawnSync(BIN, ['analyze'], {
      cwd: dir, input: 'I want to cancel my plan\n{"text":"hello"}\n', encoding: 'utf8', timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 2, r.stdout);
    assert.deepEqual(fs.readdirSync(dir), [], 'the working folder stays empty');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
