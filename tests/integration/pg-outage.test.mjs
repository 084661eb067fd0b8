// The server on a real PostgreSQL (DATABASE_URL=postgres://...) whose database goes away mid-test:
// the process keeps running, every request that needs the database answers 503
// {code: "DATABASE_UNAVAILABLE"} at once, /health says so, and when PostgreSQL is back the server
// recovers by itself, with everything acknowledged before the outage still there.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from './harness.mjs';
import { havePostgres, startPostgres } from './pg.mjs';

describe('PostgreSQL outage', { skip: !havePostgres() && 'postgresql-15 is not installed' }, () => {
  let pg;
  let server;
  before(async () => {
    pg = startPostgres();
    server = await startServer({ env: { DATABASE_URL: pg.createDatabase(), DATABASE_POOL_SIZE: '4' } });
  });
  after(async () => {
    if (server) await server.close();
    if (pg) pg.close();
  });

  async function health() {
    const res = await fetch(`${server.baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.json() };
  }

  test('503 DATABASE_UNAVAILABLE while it is away, recovery without a restart', async () => {
    const user = await server.register();
    const conv = await server.createConversation(user.token);
    const first = await server.postMessage(user.token, conv._id, 'What are your opening hours?');
    assert.equal(first.role, 'assistant');
    assert.equal((await health()).body.database, 'connected');

    pg.stop();
    const started = Date.now();
    for (const [method, url, body] of [
      ['GET', '/api/auth/profile'],
      ['GET', '/api/agents'],
      ['GET', `/api/conversations/${conv._id}/messages`],
      ['POST', `/api/conversations/${conv._id}/messages`, { content: 'Are you there?' }],
      ['POST', '/api/conversations', { isCallSimulator: true }],
      ['POST', '/api/auth/login', { email: user.email, password: user.password }],
    ]) {
      const r = await server.api(method, url, { token: user.token, body, allowUnavailable: true });
      assert.equal(r.status, 503, `${method} ${url} → ${r.status} ${r.text}`);
      assert.equal(r.body.code, 'DATABASE_UNAVAILABLE', `${method} ${url}: ${r.text}`);
      assert.match(r.body.message, /database is unavailable/i);
    }
    assert.ok(Date.now() - started < 20_000, 'requests fail fast while the database is away');
    const down = await health();
    assert.equal(down.status, 503);
    assert.equal(down.body.database, 'disconnected');
    assert.equal(down.body.code, 'DATABASE_UNAVAILABLE');
    assert.ok(server.alive, 'the server process is still running');

    pg.start();
    // No restart of CareVoice: the very next requests work.
    assert.equal((await health()).status, 200);
    const profile = await server.api('GET', '/api/auth/profile', { token: user.token });
    assert.equal(profile.status, 200);
    const again = await server.postMessage(user.token, conv._id, 'Thanks, and do you open on Sunday?');
    assert.equal(again.role, 'assistant');
    const msgs = await server.api('GET', `/api/conversations/${conv._id}/messages`, { token: user.token });
    assert.equal(msgs.status, 200);
    const list = (Array.isArray(msgs.body) ? msgs.body : msgs.body.messages).filter((m) => m.role === 'user');
    assert.deepEqual(list.map((m) => m.content),
      ['What are your opening hours?', 'Thanks, and do you open on Sunday?'],
      'the acknowledged message survived; the ones refused with 503 were not stored');
    const login = await server.api('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    assert.equal(login.status, 200);
  });
});
