// Authorisation matrix: user B against every resource of user A → 404 (never 403, never A's data);
// A's stats as B → 403; no token → 401 JSON.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeWav, expectError, sleep } from './harness.mjs';

let server;
let A;
let B;
let agentA;
let convA;
let snapshot;  // A's data before B's attempts

const SECRET_MARK = 'ZEBRA-SECRET-7731';  // appears only in A's data

before(async () => {
  server = await startServer();
  A = await server.register({ name: 'Alice Owner' });
  B = await server.register({ name: 'Bob Intruder' });
  agentA = await server.createAgent(A.token, {
    name: 'Agent of A', company: `Company ${SECRET_MARK}`, companyInfo: `Private info ${SECRET_MARK}`,
  });
  convA = await server.createConversation(A.token, { agentId: agentA._id, title: `Title ${SECRET_MARK}` });
  await server.postMessage(A.token, convA._id, `my account number is ${SECRET_MARK}`);
  snapshot = await readA();
});
after(async () => { await server?.close(); });

async function readA() {
  const ag = await server.api('GET', `/api/agents/${agentA._id}`, { token: A.token });
  const cv = await server.api('GET', `/api/conversations/${convA._id}`, { token: A.token });
  const ms = await server.api('GET', `/api/conversations/${convA._id}/messages`, { token: A.token });
  assert.equal(ag.status, 200);
  assert.equal(cv.status, 200);
  assert.equal(ms.status, 200);
  return { agent: ag.body, conv: cv.body, messages: ms.body };
}

describe('B against A\'s resources → 404', () => {
  const cases = () => {
    const a = agentA._id;
    const c = convA._id;
    return [
      ['GET', `/api/agents/${a}`],
      ['PUT', `/api/agents/${a}`, { name: 'Hijacked', companyName: 'Evil' }],
      ['POST', `/api/agents/${a}/test`, { message: 'What is your private info?' }],
      ['GET', `/api/conversations/${c}`],
      ['PUT', `/api/conversations/${c}`, { title: 'Hijacked', status: 'archived' }],
      ['GET', `/api/conversations/${c}/messages`],
      ['POST', `/api/conversations/${c}/messages`, { content: 'injected by B' }],
      ['PUT', `/api/conversations/${c}/end`],
      ['DELETE', `/api/conversations/${c}`],
      ['DELETE', `/api/agents/${a}`],
    ];
  };

  test('every route → 404 JSON without A\'s data', async () => {
    for (const [method, p, body] of cases()) {
      const r = await server.api(method, p, { token: B.token, body });
      expectError(r, 404, `B: ${method} ${p}`);
      assert.ok(!r.text.includes(SECRET_MARK), `B: ${method} ${p} leaks A's data: ${r.text.slice(0, 300)}`);
    }
  });

  test('POST /:id/audio as B → 404', async () => {
    const fd = new FormData();
    fd.append('audio', new Blob([makeWav()], { type: 'audio/wav' }), 'b.wav');
    fd.append('transcript', 'injected audio by B');
    const res = await fetch(`${server.baseUrl}/api/conversations/${convA._id}/audio`, {
      method: 'POST', headers: { authorization: `Bearer ${B.token}` }, body: fd,
    });
    const text = await res.text();
    assert.equal(res.status, 404, text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = JSON.parse(text);
    assert.equal(typeof body.message, 'string');
    assert.equal(typeof body.code, 'string');
    assert.ok(!text.includes(SECRET_MARK));
  });

  test('POST /api/conversations with A\'s agentId as B → 404', async () => {
    const r = await server.api('POST', '/api/conversations', { token: B.token, body: { agentId: agentA._id } });
    expectError(r, 404, 'B starts a conversation with A\'s agent');
    assert.ok(!r.text.includes(SECRET_MARK));
  });

  test('B\'s lists never contain A\'s data', async () => {
    const ag = await server.api('GET', '/api/agents', { token: B.token });
    assert.equal(ag.status, 200);
    assert.deepEqual(ag.body, []);
    const cv = await server.api('GET', '/api/conversations', { token: B.token });
    assert.equal(cv.status, 200);
    assert.deepEqual(cv.body, []);
    const f = await server.api('GET', `/api/conversations?agentId=${agentA._id}`, { token: B.token });
    assert.ok(f.status === 200 || f.status === 404, `${f.status}`);
    if (f.status === 200) assert.deepEqual(f.body, []);
    assert.ok(!f.text.includes(SECRET_MARK));
  });

  test('GET /stats/user/<A> as B → 403; B\'s own stats → 200 and empty', async () => {
    const r = await server.api('GET', `/api/conversations/stats/user/${A.user._id}`, { token: B.token });
    expectError(r, 403, 'B reads A\'s stats');
    assert.ok(!r.text.includes(SECRET_MARK));
    const own = await server.api('GET', `/api/conversations/stats/user/${B.user._id}`, { token: B.token });
    assert.equal(own.status, 200);
    assert.equal(own.body.totalCalls, 0);
    assert.equal(own.body.totalMessages, 0);
    assert.equal(own.body.lastActivity, null);
  });

  test('A\'s data is unchanged after B\'s attempts', async () => {
    const now = await readA();
    assert.deepEqual(now.agent, snapshot.agent);
    assert.deepEqual(now.conv, snapshot.conv);
    assert.deepEqual(now.messages, snapshot.messages);
    assert.ok(!JSON.stringify(now).includes('injected'), 'B injected nothing');
  });
});

describe('no token → 401 JSON', () => {
  test('every protected route', async () => {
    const a = agentA._id;
    const c = convA._id;
    const routes = [
      ['GET', '/api/auth/profile'], ['PUT', '/api/auth/profile'], ['GET', '/api/auth/me'],
      ['GET', '/api/agents'], ['POST', '/api/agents'], ['GET', `/api/agents/${a}`],
      ['PUT', `/api/agents/${a}`], ['DELETE', `/api/agents/${a}`], ['POST', `/api/agents/${a}/test`],
      ['GET', '/api/conversations'], ['POST', '/api/conversations'],
      ['GET', `/api/conversations/${c}`], ['PUT', `/api/conversations/${c}`], ['DELETE', `/api/conversations/${c}`],
      ['GET', `/api/conversations/${c}/messages`], ['POST', `/api/conversations/${c}/messages`],
      ['PUT', `/api/conversations/${c}/end`], ['POST', `/api/conversations/${c}/audio`],
      ['GET', `/api/conversations/stats/user/${A.user._id}`], ['POST', '/api/nlu/analyze'],
    ];
    for (const [method, p] of routes) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : { name: 'x', content: 'x', text: 'x' };
      const r = await server.api(method, p, { body });
      expectError(r, 401, `no token: ${method} ${p}`);
      assert.ok(!r.text.includes(SECRET_MARK));
      const junk = await server.api(method, p, { body, headers: { authorization: 'Bearer not-a-jwt' } });
      expectError(junk, 401, `junk token: ${method} ${p}`);
      const basic = await server.api(method, p, { body, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
      expectError(basic, 401, `Basic auth: ${method} ${p}`);
    }
    const now = await readA();
    assert.deepEqual(now.agent, snapshot.agent);
    assert.deepEqual(now.messages, snapshot.messages);
  });

  test('a validly signed token for an unknown user id → 401 (or 404 on /me), never data', async () => {
    // Signs a token with the server's own secret for a user id that does not exist.
    const { decodeJwt, signJwt } = await import('./harness.mjs');
    const { payload } = decodeJwt(A.token);
    const idKey = Object.keys(payload).find((k) => payload[k] === A.user._id);
    assert.ok(idKey, `the token payload carries the user id: ${JSON.stringify(payload)}`);
    const ghost = signJwt({ ...payload, [idKey]: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, server.jwtSecret);
    const r = await server.api('GET', '/api/auth/me', { token: ghost });
    assert.ok(r.status === 401 || r.status === 404, `unknown user → ${r.status}`);
    const l = await server.api('GET', '/api/agents', { token: ghost });
    assert.ok(l.status === 401 || (l.status === 200 && Array.isArray(l.body) && l.body.length === 0),
      `unknown user lists agents → ${l.status} ${l.text}`);
  });
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);  // the access log is flushed every second
  server.assertNoSecretsLogged();
});
