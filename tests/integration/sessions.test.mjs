// Sessions that end when they should (issue 14): access tokens carry their session ("sid");
// logout, a password change and refresh-token reuse end sessions and their access tokens get 401
// at once, over REST and at Socket.IO connect, also after a restart. Concurrent refreshes of one
// token all succeed (a short grace window) and the client stays signed in.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer, decodeJwt, expectError, sleep } from './harness.mjs';

const GRACE_SECONDS = 1;
let server;

before(async () => {
  server = await startServer({ env: { REFRESH_GRACE_SECONDS: String(GRACE_SECONDS) } });
});
after(async () => { await server?.close(); });

const me = (token) => server.api('GET', '/api/auth/me', { token });
const refresh = (refreshToken) => server.api('POST', '/api/auth/refresh', { body: { refreshToken } });

function expectRevoked(r, what) {
  expectError(r, 401, what, 'SESSION_REVOKED');
}

// Resolves with 'connected' or the connect_error message.
function socketConnect(token) {
  const socket = io(server.baseUrl, {
    transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 10_000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => { socket.close(); resolve('connected'); });
    socket.once('connect_error', (e) => { socket.close(); resolve(`refused: ${e.message}`); });
  });
}

describe('session ids', () => {
  test('an access token names its session; refresh keeps it, a new login starts another', async () => {
    const u = await server.register({ name: 'Sid Vicious' });
    const sid = decodeJwt(u.token).payload.sid;
    assert.match(sid, /^[0-9a-f]{32}$/);
    const r = await refresh(u.refreshToken);
    assert.equal(r.status, 200, r.text);
    assert.equal(decodeJwt(r.body.token).payload.sid, sid);
    const l = await server.login(u.email, u.password);
    assert.notEqual(decodeJwt(l.token).payload.sid, sid);
  });
});

describe('revocation', () => {
  test('logout: the session\'s access token gets 401 at once (REST and Socket.IO); other sessions live on', async () => {
    const u = await server.register({ name: 'Lou Logout' });
    const other = await server.login(u.email, u.password);
    assert.equal((await me(u.token)).status, 200);
    assert.equal(await socketConnect(u.token), 'connected');
    const out = await server.api('POST', '/api/auth/logout', { token: u.token, body: { refreshToken: u.refreshToken } });
    assert.equal(out.status, 200, out.text);
    expectRevoked(await me(u.token), 'access token after logout');
    expectRevoked(await server.api('GET', '/api/agents', { token: u.token }), 'any route');
    assert.match(await socketConnect(u.token), /^refused/, 'a Socket.IO connection with the ended session');
    expectError(await refresh(u.refreshToken), 401, 'refresh token after logout');
    assert.equal((await me(other.token)).status, 200, 'another session is not affected');
    assert.equal(await socketConnect(other.token), 'connected');
  });

  test('logout ends a live Socket.IO connection of that session within seconds; another session\'s socket stays', async () => {
    const u = await server.register({ name: 'Liv Socket' });
    const other = await server.login(u.email, u.password);
    const open = (token) => new Promise((resolve, reject) => {
      const s = io(server.baseUrl, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    const ended = await open(u.token);
    const kept = await open(other.token);
    const errors = [];
    ended.on('error', (e) => errors.push(e));
    const gone = new Promise((resolve) => ended.once('disconnect', (reason) => resolve(reason)));
    const out = await server.api('POST', '/api/auth/logout', { token: u.token, body: { refreshToken: u.refreshToken } });
    assert.equal(out.status, 200, out.text);
    const reason = await Promise.race([gone, sleep(5000).then(() => 'still connected')]);
    assert.equal(reason, 'io server disconnect', 'the revoked session\'s socket is closed by the server');
    assert.equal(errors[0]?.code, 'SESSION_REVOKED', JSON.stringify(errors));
    assert.ok(kept.connected, 'the other session\'s socket stays connected');
    // The surviving socket still works: it lists its conversations.
    const listed = await kept.timeout(5000).emitWithAck('list_conversations', {});
    assert.equal(listed.ok, true, JSON.stringify(listed));
    kept.close();
  });

  test('logout-all ends every session of the caller, the calling one included', async () => {
    const u = await server.register({ name: 'Al Everywhere' });
    const laptop = await server.login(u.email, u.password);
    const stranger = await server.register({ name: 'Stan Stranger' });
    const r = await server.api('POST', '/api/auth/logout-all', { token: u.token });
    assert.equal(r.status, 200, r.text);
    for (const [name, s] of [['caller', u], ['laptop', laptop]]) {
      expectRevoked(await me(s.token), `${name} access token`);
      expectError(await refresh(s.refreshToken), 401, `${name} refresh token`);
    }
    assert.equal((await me(stranger.token)).status, 200, 'another user is not affected');
    const again = await server.login(u.email, u.password);
    assert.equal((await me(again.token)).status, 200, 'a new login works');
    expectError(await server.api('POST', `/api/admin/users/${stranger.user._id}/revoke-sessions`, { token: again.token }),
      403, 'a non-admin ending another user\'s sessions', 'ADMIN_REQUIRED');
    assert.equal((await me(stranger.token)).status, 200, 'the refused admin action changed nothing');
  });

  test('a password change ends every other session, not the one that made it', async () => {
    const u = await server.register({ name: 'Pat Password' });
    const laptop = await server.login(u.email, u.password);
    const phone = await server.login(u.email, u.password);
    const changed = await server.api('PUT', '/api/auth/profile', {
      token: u.token, body: { password: 'Ch4ngedPassword', currentPassword: u.password },
    });
    assert.equal(changed.status, 200, changed.text);
    for (const [name, s] of [['laptop', laptop], ['phone', phone]]) {
      expectRevoked(await me(s.token), `${name} access token`);
      expectError(await refresh(s.refreshToken), 401, `${name} refresh token`);
      assert.match(await socketConnect(s.token), /^refused/, `${name} socket`);
    }
    assert.equal((await me(u.token)).status, 200, 'the session that changed the password lives on');
    const r = await refresh(u.refreshToken);
    assert.equal(r.status, 200, r.text);
    // A name change ends nothing.
    const tablet = await server.login(u.email, 'Ch4ngedPassword');
    const renamed = await server.api('PUT', '/api/auth/profile', { token: r.body.token, body: { name: 'Pat Renamed' } });
    assert.equal(renamed.status, 200);
    assert.equal((await me(tablet.token)).status, 200);
  });

  test('reuse of a rotated refresh token after the grace window ends the whole session', async () => {
    const u = await server.register({ name: 'Ray Reuse' });
    const r1 = await refresh(u.refreshToken);
    assert.equal(r1.status, 200);
    await sleep(GRACE_SECONDS * 1000 + 300);
    expectError(await refresh(u.refreshToken), 401, 'reuse after the window');
    expectRevoked(await me(r1.body.token), 'the newest access token of the family');
    expectError(await refresh(r1.body.refreshToken), 401, 'the newest refresh token of the family');
  });

  test('revocations survive a restart', async () => {
    const u = await server.register({ name: 'Remy Restart' });
    const keep = await server.login(u.email, u.password);
    await server.api('POST', '/api/auth/logout', { token: u.token, body: { refreshToken: u.refreshToken } });
    expectRevoked(await me(u.token), 'before the restart');
    await server.restart();
    expectRevoked(await me(u.token), 'after the restart');
    assert.equal((await me(keep.token)).status, 200, 'a live session survives the restart too');
  });
});

describe('refresh races', () => {
  test('six parallel refreshes of one token all succeed with one pair, and the client stays signed in', async () => {
    const u = await server.register({ name: 'Tabby Tabs' });
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(u.refreshToken)));
    for (const r of results) assert.equal(r.status, 200, r.text);
    const pairs = new Set(results.map((r) => `${r.body.token} ${r.body.refreshToken}`));
    assert.equal(pairs.size, 1, 'every racer gets the same new pair');
    const { token, refreshToken } = results[0].body;
    assert.equal((await me(token)).status, 200, 'the new access token works');
    const next = await refresh(refreshToken);
    assert.equal(next.status, 200, 'the new refresh token rotates: the client is still signed in');
    assert.equal((await me(next.body.token)).status, 200);
  });

  test('a retry within the grace window gets the same pair; the family stays alive', async () => {
    const u = await server.register({ name: 'Rita Retry' });
    const a = await refresh(u.refreshToken);
    const b = await refresh(u.refreshToken);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, b.text);
    assert.equal(b.body.refreshToken, a.body.refreshToken);
    assert.equal((await refresh(a.body.refreshToken)).status, 200);
  });
});
