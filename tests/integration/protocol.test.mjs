// HTTP/1.1 behaviour over raw sockets (pipelining, malformed requests, HEAD) and the "never block
// the event loop" principle (bcrypt runs off the I/O threads).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, sleep } from './harness.mjs';

let server;
let A;
before(async () => {
  server = await startServer();
  A = await server.register({ name: 'Proto Pat' });
});
after(async () => { await server?.close(); });

// Writes `data` on a fresh connection and returns everything read until the server closes it or
// `quietMs` pass without data (bounded by 10 s).
function rawExchange(data, { quietMs = 500 } = {}) {
  const u = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    const chunks = [];
    let timer;
    const done = () => { clearTimeout(timer); clearTimeout(cap); sock.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(done, quietMs); };
    const cap = setTimeout(done, 10_000);
    sock.on('connect', () => { sock.write(data); arm(); });
    sock.on('data', (c) => { chunks.push(c); arm(); });
    sock.on('end', done);
    sock.on('error', (e) => (chunks.length ? done() : reject(e)));
  });
}

function statusLines(text) {
  // Responses follow each other directly (a body does not end with a newline).
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

describe('HTTP/1.1', () => {
  test('pipelined requests are answered in order on one connection', async () => {
    const host = new URL(server.baseUrl).host;
    const req = (path, extra = '') => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extra}\r\n`;
    const text = await rawExchange(
      req('/health') +
      req('/api/agents', `Authorization: Bearer ${A.token}\r\n`) +
      req('/api/nope') +
      req('/api/agents') +
      req('/health', 'Connection: close\r\n'));
    assert.deepEqual(statusLines(text), [200, 200, 404, 401, 200], text.slice(0, 400));
  });

  test('malformed HTTP → 400 JSON, the server survives', async () => {
    for (const garbage of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      '\x00\x01\x02\x03\r\n\r\n']) {
      const text = await rawExchange(garbage);
      const codes = statusLines(text);
      if (codes.length > 0) {
        assert.ok(codes[0] >= 400 && codes[0] < 500, `${JSON.stringify(garbage)} → ${codes[0]}`);
        assert.match(text, /content-type: application\/json/i, `${JSON.stringify(garbage)}: JSON error`);
      }
      // (Closing the connection without an answer is acceptable for bytes that are not HTTP at all.)
    }
    const h = await server.api('GET', '/health');
    assert.equal(h.status, 200);
  });

  test('HEAD /health → 200 with no body', async () => {
    const r = await server.api('HEAD', '/health');
    assert.equal(r.status, 200);
    assert.equal(r.buf.length, 0);
    assert.match(r.contentType, /^application\/json/);
  });
});

describe('never block the event loop', () => {
  // Runs `n` concurrent logins (bcrypt, cost 10) and probes `path` sequentially meanwhile.
  async function probeDuringBurst(path, n = 16) {
    const burst = Array.from({ length: n }, () =>
      server.api('POST', '/api/auth/login', { body: { email: A.email, password: A.password } }));
    const probes = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const r = await server.api('GET', path);
      probes.push(performance.now() - t0);
      assert.ok(r.status === 200 || r.status === 404, `${path} → ${r.status}`);
      await sleep(20);
    }
    const results = await Promise.all(burst);
    for (const r of results) assert.equal(r.status, 200, r.text);
    return probes;
  }

  test('requests that need no worker stay fast while a burst of logins runs bcrypt', async () => {
    // 16 bcrypt(cost 10) hashes take ~1 s of CPU on 2 cores; an I/O thread must not wait for them.
    const probes = await probeDuringBurst('/api/no-such-route');
    const worst = Math.max(...probes);
    assert.ok(worst < 150, `a 404 took up to ${worst.toFixed(1)} ms during the login burst (${probes.map((p) => p.toFixed(1)).join(', ')})`);
  });

  test('/health (a database ping) stays fast while a burst of logins runs bcrypt', async () => {
    const probes = await probeDuringBurst('/health');
    const worst = Math.max(...probes);
    assert.ok(worst < 150, `/health took up to ${worst.toFixed(1)} ms during the login burst (${probes.map((p) => p.toFixed(1)).join(', ')}): ` +
      'the database work waits behind bcrypt on the shared worker pool');
  });
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);
  server.assertNoSecretsLogged();
});
