// Login rate limit: 10 failed logins, then 429 with Retry-After. The limit applies per email and
// per IP; every request here comes from 127.0.0.1, so this file has its own server (and runs last).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, uniqueEmail, sleep } from './harness.mjs';

let server;
let victim;
let other;
before(async () => {
  server = await startServer();
  victim = await server.register({ name: 'Rate Limited', email: uniqueEmail('ratelimit') });
  other = await server.register({ name: 'Other User' });
});
after(async () => { await server?.close(); });

test('10 failed logins → 401 each; the 11th → 429 with Retry-After, even with the right password', async () => {
  for (let i = 1; i <= 10; i++) {
    const r = await server.api('POST', '/api/auth/login', { body: { email: victim.email, password: `Wrong${i}Password` } });
    expectError(r, 401, `failed login ${i}`);
  }
  const r = await server.api('POST', '/api/auth/login', { body: { email: victim.email, password: 'Wrong11Password' } });
  expectError(r, 429, '11th failed login', 'TOO_MANY_REQUESTS');
  const ra = r.headers.get('retry-after');
  assert.match(ra ?? '', /^\d+$/, `Retry-After is whole seconds: ${ra}`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= 15 * 60, `Retry-After ${ra}`);

  const right = await server.api('POST', '/api/auth/login', { body: { email: victim.email, password: victim.password } });
  expectError(right, 429, 'the right password while blocked');
  assert.ok(right.headers.get('retry-after'));

  // The same IP is blocked for other accounts too (per-IP limit), and a spoofed
  // X-Forwarded-For does not get around it.
  const otherLogin = await server.api('POST', '/api/auth/login', { body: { email: other.email, password: other.password } });
  expectError(otherLogin, 429, 'another account from the same IP');
  const spoofed = await server.api('POST', '/api/auth/login', {
    body: { email: other.email, password: other.password },
    headers: { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7', forwarded: 'for=203.0.113.7' },
  });
  expectError(spoofed, 429, 'spoofed X-Forwarded-For');

  // Existing sessions are unaffected: the victim's access token still works.
  const me = await server.api('GET', '/api/auth/me', { token: victim.token });
  assert.equal(me.status, 200);
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);  // the access log is flushed every second
  server.assertNoSecretsLogged();
});
