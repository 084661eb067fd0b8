// Tampered access tokens, refresh-token rotation with reuse detection, and logout.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signJwt, decodeJwt, b64url, expectError, sleep } from './harness.mjs';

let server;
let A;
let B;
let idKey;     // the payload claim that carries the user id
let payloadA;  // A's genuine payload

before(async () => {
  // No refresh grace window here: a rotated token presented again is reuse at once (the grace
  // window and concurrent refreshes are tested in sessions.test.mjs).
  server = await startServer({ env: { REFRESH_GRACE_SECONDS: '0' } });
  A = await server.register({ name: 'Alice Token' });
  B = await server.register({ name: 'Bob Token' });
  const { header, payload } = decodeJwt(A.token);
  assert.equal(header.alg, 'HS256');
  payloadA = payload;
  idKey = Object.keys(payload).find((k) => payload[k] === A.user._id);
  assert.ok(idKey, `the token payload carries the user id: ${JSON.stringify(payload)}`);
  assert.equal(typeof payload.exp, 'number', 'exp claim');
});
after(async () => { await server?.close(); });

async function me(token) {
  return server.api('GET', '/api/auth/me', { token });
}
async function agents(token) {
  return server.api('GET', '/api/agents', { token });
}

describe('access tokens', () => {
  test('control: A\'s own token works, and a token we sign with JWT_SECRET works', async () => {
    const r = await me(A.token);
    assert.equal(r.status, 200);
    assert.equal((r.body.user ?? r.body)._id, A.user._id);
    const now = Math.floor(Date.now() / 1000);
    const ours = signJwt({ ...payloadA, iat: now, exp: now + 600 }, server.jwtSecret);
    const r2 = await me(ours);
    assert.equal(r2.status, 200, 'the self-signed control token is accepted (so the negative cases below are meaningful)');
    assert.equal((r2.body.user ?? r2.body)._id, A.user._id);
  });

  test('alg:none → 401', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const h = b64url(JSON.stringify({ alg, typ: 'JWT' }));
      const p = b64url(JSON.stringify(payloadA));
      for (const t of [`${h}.${p}.`, `${h}.${p}`, `${h}.${p}.${A.token.split('.')[2]}`]) {
        expectError(await me(t), 401, `alg ${alg}`);
        expectError(await agents(t), 401, `alg ${alg} on /api/agents`);
      }
    }
  });

  test('HS512 and HS384 signed with the right secret → 401', async () => {
    for (const alg of ['HS512', 'HS384']) {
      const t = signJwt(payloadA, server.jwtSecret, { alg });
      expectError(await me(t), 401, alg, ['INVALID_TOKEN', 'UNAUTHORIZED']);
      expectError(await agents(t), 401, `${alg} on /api/agents`);
    }
  });

  test('a flipped signature character → 401', async () => {
    const [h, p, s] = A.token.split('.');
    for (const i of [0, 10, Math.floor(s.length / 2), s.length - 2]) {
      const c = s[i] === 'A' ? 'B' : 'A';
      const t = `${h}.${p}.${s.slice(0, i)}${c}${s.slice(i + 1)}`;
      expectError(await me(t), 401, `signature char ${i}`);
    }
    expectError(await me(`${h}.${p}.`), 401, 'empty signature');
    expectError(await me(`${h}.${p}.${s}${s}`), 401, 'doubled signature');
    expectError(await me(`${h}.${p}`), 401, 'two segments');
    expectError(await me(`${A.token}.x`), 401, 'four segments');
  });

  test('payload swapped to B\'s id with A\'s signature → 401', async () => {
    const [h, , s] = A.token.split('.');
    const p = b64url(JSON.stringify({ ...payloadA, [idKey]: B.user._id }));
    const t = `${h}.${p}.${s}`;
    expectError(await me(t), 401, 'swapped payload');
    expectError(await agents(t), 401, 'swapped payload on /api/agents');
    const adminP = b64url(JSON.stringify({ ...payloadA, role: 'admin' }));
    expectError(await me(`${h}.${adminP}.${s}`), 401, 'role escalated in payload');
  });

  test('expired token (signed with JWT_SECRET) → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const t = signJwt({ ...payloadA, iat: now - 7200, exp: now - 3600 }, server.jwtSecret);
    const r = await me(t);
    expectError(r, 401, 'expired', 'TOKEN_EXPIRED');
    expectError(await agents(t), 401, 'expired on /api/agents');
    const noExp = { ...payloadA };
    delete noExp.exp;
    expectError(await me(signJwt(noExp, server.jwtSecret)), 401, 'no exp claim');
    const future = signJwt({ ...payloadA, iat: now, exp: now + 600, nbf: now + 3600 }, server.jwtSecret);
    expectError(await me(future), 401, 'nbf in the future');
    const stringExp = signJwt({ ...payloadA, exp: String(now + 600) }, server.jwtSecret);
    expectError(await me(stringExp), 401, 'string exp');
  });

  test('a token signed with another secret → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const secret of ['your-secret-key', 'secret', 'x']) {
      const t = signJwt({ ...payloadA, iat: now, exp: now + 600 }, secret);
      expectError(await me(t), 401, `secret "${secret}"`);
    }
  });

  test('malformed Authorization headers → 401', async () => {
    for (const h of ['Bearer', 'Bearer ', `bearer${A.token}`, `Token ${A.token}`, `Bearer ${A.token} extra`,
      `Bearer ${'a'.repeat(9000)}`, 'Bearer ....', 'Bearer a.b.c']) {
      const r = await server.api('GET', '/api/agents', { headers: { authorization: h } });
      expectError(r, 401, `Authorization: ${h.slice(0, 40)}`);
    }
  });
});

describe('refresh tokens', () => {
  test('rotation: refresh returns a new pair; the old refresh token is then refused and the family revoked', async () => {
    const u = await server.register({ name: 'Rotating Rita' });
    const r1 = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(r1.status, 200, r1.text);
    const rt1 = r1.body.refreshToken;
    assert.equal(typeof rt1, 'string');
    assert.notEqual(rt1, u.refreshToken);
    assert.equal((await me(r1.body.token)).status, 200, 'the new access token works');

    const r2 = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: rt1 } });
    assert.equal(r2.status, 200, 'the newest refresh token rotates again');
    const rt2 = r2.body.refreshToken;
    assert.notEqual(rt2, rt1);

    // Reuse of a retired token (rt1): refused, and the whole family is revoked.
    const reuse = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: rt1 } });
    expectError(reuse, 401, 'reused refresh token');
    const after = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: rt2 } });
    expectError(after, 401, 'the newest token of a revoked family');
    const first = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } });
    expectError(first, 401, 'the original token');

    // Another session (login) of the same user is a different family and still works.
    const l = await server.login(u.email, u.password);
    const r3 = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    assert.equal(r3.status, 200, 'a separate family is unaffected');
  });

  test('reuse of the very first token after one rotation revokes the rotated one', async () => {
    const u = await server.register({ name: 'Reuse Ray' });
    const r1 = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(r1.status, 200);
    expectError(await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } }), 401, 'reuse');
    expectError(await server.api('POST', '/api/auth/refresh', { body: { refreshToken: r1.body.refreshToken } }), 401,
      'the rotated token after reuse detection');
  });

  test('a refresh token is not an access token and vice versa', async () => {
    const u = await server.register({ name: 'Mixed Max' });
    expectError(await server.api('GET', '/api/agents', { token: u.refreshToken }), 401, 'refresh token as bearer');
    expectError(await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.token } }), 401, 'JWT as refresh token');
    const ok = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(ok.status, 200, 'the failed attempts above did not revoke the family');
  });

  test('logout revokes the family', async () => {
    const u = await server.register({ name: 'Logout Lou' });
    const r1 = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(r1.status, 200);
    const out = await server.api('POST', '/api/auth/logout', { token: r1.body.token, body: { refreshToken: r1.body.refreshToken } });
    assert.ok(out.status === 200 || out.status === 204, `logout → ${out.status} ${out.text}`);
    expectError(await server.api('POST', '/api/auth/refresh', { body: { refreshToken: r1.body.refreshToken } }), 401,
      'after logout');
    // The session's access token ended with it.
    expectError(await me(r1.body.token), 401, 'the access token after logout');
    // Logging out with an unknown token is harmless.
    const l = await server.login(u.email, u.password);
    const again = await server.api('POST', '/api/auth/logout', { token: l.token, body: { refreshToken: 'unknown-token' } });
    assert.ok(again.status === 200 || again.status === 204, `logout unknown → ${again.status}`);
  });

  test('refresh tokens are stored hashed, never in clear, in the database', async () => {
    const { sqlite } = await import('./harness.mjs');
    const u = await server.register({ name: 'Hashed Hank' });
    const dump = sqlite(server.dbPath, '.dump');
    assert.ok(dump.length > 1000, 'the dump is readable while the server runs');
    assert.ok(!dump.includes(u.refreshToken), 'the refresh token is stored in clear');
    assert.ok(!dump.includes(u.password), 'the password is stored in clear');
  });
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);  // the access log is flushed every second
  server.assertNoSecretsLogged();
});
