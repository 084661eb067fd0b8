// Security headers, CORS, and secrets kept out of the server log.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertLogsClean } from './harness.mjs';

let server;
let A;
let refreshed;
before(async () => {
  // localhost:3000 is allowed by default only in development (issue 14); name it here.
  server = await startServer({ env: { FRONTEND_URL: 'http://localhost:3000' } });
  A = await server.register({ name: 'Secure Sam' });
});
after(async () => { await server?.close(); });

function assertSecurityHeaders(r, what) {
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  const frame = r.headers.get('x-frame-options');
  const csp = r.headers.get('content-security-policy') ?? '';
  assert.ok((frame && /deny|sameorigin/i.test(frame)) || /frame-ancestors/.test(csp),
    `${what}: clickjacking protection (X-Frame-Options or CSP frame-ancestors)`);
  assert.ok(r.headers.get('referrer-policy'), `${what}: Referrer-Policy`);
  assert.ok(!r.headers.get('x-powered-by'), `${what}: no X-Powered-By`);
}

describe('security headers', () => {
  test('on JSON success, JSON errors and API routes', async () => {
    const h = await server.api('GET', '/health');
    assertSecurityHeaders(h, 'GET /health');
    const l = await server.api('GET', '/api/agents', { token: A.token });
    assertSecurityHeaders(l, 'GET /api/agents');
    const e = await server.api('GET', '/api/agents');
    assert.equal(e.status, 401);
    assertSecurityHeaders(e, '401');
    const n = await server.api('GET', '/api/nope');
    assertSecurityHeaders(n, '404');
    assert.match(h.contentType, /^application\/json; ?charset=utf-8$/i);
  });
});

describe('CORS', () => {
  test('an allowed origin is echoed with credentials', async () => {
    const r = await server.api('GET', '/api/agents', { token: A.token, headers: { origin: 'http://localhost:3000' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.match(r.headers.get('vary') ?? '', /origin/i, 'Vary: Origin');
  });

  test('preflight from an allowed origin → 2xx with methods and headers', async () => {
    const r = await server.api('OPTIONS', '/api/agents', {
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.ok(r.status === 204 || r.status === 200, `preflight → ${r.status} ${r.text}`);
    assert.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const methods = (r.headers.get('access-control-allow-methods') ?? '').toUpperCase();
    for (const m of ['GET', 'POST', 'PUT', 'DELETE']) assert.ok(methods.includes(m), `Allow-Methods has ${m}: ${methods}`);
    const hdrs = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    assert.ok(hdrs.includes('authorization') && hdrs.includes('content-type'), `Allow-Headers: ${hdrs}`);
  });

  test('a foreign origin is not echoed (simple request and preflight)', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:3000.evil.example', 'null', 'http://localhost:30001']) {
      const r = await server.api('GET', '/api/agents', { token: A.token, headers: { origin } });
      const acao = r.headers.get('access-control-allow-origin');
      assert.ok(acao !== origin && acao !== '*', `origin ${origin} got ACAO ${acao}`);
      assert.ok(!r.headers.get('access-control-allow-credentials') || acao === null || acao !== origin);
      const p = await server.rawRequest('OPTIONS', '/api/agents', {
        headers: { origin, 'access-control-request-method': 'POST' },
      }).catch((e) => e);
      if (!(p instanceof Error)) {
        const pacao = p.headers.get('access-control-allow-origin');
        assert.ok(pacao !== origin && pacao !== '*', `preflight from ${origin} got ACAO ${pacao}`);
      }
    }
  });
});

describe('secrets stay out of the log', () => {
  test('password, JWT and refresh token never appear in the server output', async () => {
    // Exercise the paths that carry secrets: login (body), refresh (body), bearer (header),
    // failures (bad password, bad token), and a request with a broken token.
    const l = await server.login(A.email, A.password);
    const bad = await server.api('POST', '/api/auth/login', { body: { email: A.email, password: `${A.password}X` } });
    assert.equal(bad.status, 401);
    const r = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    assert.equal(r.status, 200);
    refreshed = r.body;
    await server.api('GET', '/api/agents', { token: r.body.token });
    await server.api('GET', '/api/agents', { token: `${r.body.token}x` });
    await server.api('POST', '/api/auth/logout', { token: r.body.token, body: { refreshToken: r.body.refreshToken } });
    await server.api('POST', '/api/auth/refresh', { body: { refreshToken: r.body.refreshToken } });
    // The access log is asynchronous and flushed every second.
    await new Promise((res) => setTimeout(res, 1500));
    assert.match(server.output, /\/api\/agents/, 'the access log is on and captured (sanity)');
    assertLogsClean(server, {
      password: A.password, wrongPassword: `${A.password}X`, registerToken: A.token,
      registerRefreshToken: A.refreshToken, loginToken: l.token, loginRefreshToken: l.refreshToken,
      refreshedToken: refreshed.token, refreshedRefreshToken: refreshed.refreshToken, jwtSecret: server.jwtSecret,
    });
    // A JWT signature alone (the part that makes a token usable) must not leak either.
    assertLogsClean(server, { jwtSignature: refreshed.token.split('.')[2] });
  });
});
