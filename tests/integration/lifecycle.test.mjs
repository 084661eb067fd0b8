// Durability (kill -9 after a 2xx loses nothing) and graceful shutdown (SIGTERM lets in-flight
// requests complete, exits 0, leaves a clean database).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, sqlite, sleep } from './harness.mjs';

let server;
let A;
before(async () => {
  server = await startServer();
  A = await server.register({ name: 'Durable Dora' });
});
after(async () => { await server?.close(); });

async function readBack(convId, token) {
  const c = await server.api('GET', `/api/conversations/${convId}`, { token });
  const m = await server.api('GET', `/api/conversations/${convId}/messages`, { token });
  assert.equal(c.status, 200, c.text);
  assert.equal(m.status, 200, m.text);
  return { conv: c.body, messages: m.body };
}

describe('durability', () => {
  test('kill -9 right after the 2xx: everything is read back intact after a restart', async () => {
    const agent = await server.createAgent(A.token, { name: 'Durable Agent' });
    const conv = await server.createConversation(A.token, { agentId: agent._id, title: 'Survives crashes' });
    const contents = ['first: my order is late', 'second: order number 12345', 'third: please refund me',
      'fourth: thanks', 'fifth: bye'];
    const replies = [];
    for (const c of contents) replies.push(await server.postMessage(A.token, conv._id, c));
    const beforeCrash = await readBack(conv._id, A.token);
    // One more message, and the crash follows its 201 immediately.
    const last = await server.postMessage(A.token, conv._id, 'sixth: acknowledged then crash');
    const r = await server.kill9();
    assert.equal(r.signal, 'SIGKILL');

    assert.equal(sqlite(server.dbPath, 'PRAGMA integrity_check;').trim(), 'ok', 'the database is intact after kill -9');
    await server.start();
    const after = await readBack(conv._id, A.token);
    assert.equal(after.conv._id, conv._id);
    assert.equal(after.conv.title, beforeCrash.conv.title);
    // Everything read before the last message is unchanged, same ids, same order.
    assert.deepEqual(after.messages.slice(0, beforeCrash.messages.length), beforeCrash.messages);
    const tail = after.messages.slice(beforeCrash.messages.length).filter((m) => m.role !== 'system');
    assert.equal(tail.length, 2, `the acknowledged last message and its reply: ${JSON.stringify(tail).slice(0, 400)}`);
    assert.equal(tail[0].role, 'user');
    assert.equal(tail[0].content, 'sixth: acknowledged then crash');
    assert.equal(tail[1].role, 'assistant');
    assert.equal(tail[1].content, last.content, 'the acknowledged reply is the stored one');
    if (last._id) assert.equal(tail[1]._id, last._id);
    const users = after.messages.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual(users, [...contents, 'sixth: acknowledged then crash']);
    const ids = after.messages.map((m) => m._id);
    assert.equal(new Set(ids).size, ids.length, 'unique ids');
    // The list (served from a cache in memory) agrees with the conversation after the restart.
    const list = await server.api('GET', '/api/conversations', { token: A.token });
    const item = list.body.find((c) => c._id === conv._id);
    assert.ok(item, 'listed after the restart');
    assert.deepEqual(item.analytics, after.conv.analytics);
    assert.equal(item.title, after.conv.title);
    // The agent and the account survived too.
    const ag = await server.api('GET', `/api/agents/${agent._id}`, { token: A.token });
    assert.equal(ag.status, 200);
    assert.equal(ag.body.name, 'Durable Agent');
    const l = await server.login(A.email, A.password);
    assert.equal(l.user._id, A.user._id);
  });

  test('kill -9 right after a burst of concurrent acknowledged writes', async () => {
    const conv = await server.createConversation(A.token, { isCallSimulator: true });
    const contents = Array.from({ length: 12 }, (_, i) => `burst message ${i}`);
    const results = await Promise.all(contents.map((content) =>
      server.api('POST', `/api/conversations/${conv._id}/messages`, { token: A.token, body: { content } })));
    for (const r of results) assert.equal(r.status, 201, r.text);
    await server.kill9();
    await server.start();
    const { messages } = await readBack(conv._id, A.token);
    const users = messages.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual([...users].sort(), [...contents].sort(), 'every acknowledged message survived');
    const replies = messages.filter((m) => m.role === 'assistant');
    assert.ok(replies.length >= contents.length + 1, 'welcome + one reply per message');
    // Messages of one conversation are processed in order: each user message is followed by its reply.
    const visible = messages.filter((m) => m.role !== 'system');
    for (let i = 0; i < visible.length; i++) {
      if (visible[i].role === 'user') assert.equal(visible[i + 1]?.role, 'assistant', `a reply follows "${visible[i].content}"`);
    }
  });
});

// Sends a POST whose body arrives in two halves, `gapMs` apart; `between` runs after the first half.
function slowPost(urlPath, token, body, { gapMs, between }) {
  const u = new URL(server.baseUrl + urlPath);
  const buf = Buffer.from(JSON.stringify(body));
  const half = Math.floor(buf.length / 2);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': buf.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.write(buf.subarray(0, half));
    (async () => {
      await sleep(gapMs);
      if (between) await between();
      await sleep(gapMs);
      req.end(buf.subarray(half));
    })().catch(reject);
  });
}

describe('graceful shutdown', () => {
  test('SIGTERM with requests in flight: they complete, exit 0, DB clean', async () => {
    const conv = await server.createConversation(A.token, { isCallSimulator: true });
    let sigtermSent = false;
    const sendTerm = async () => {
      if (!sigtermSent) { sigtermSent = true; server.proc.kill('SIGTERM'); }
    };
    const exitPromise = server.exited;
    // Three requests whose bodies are half-sent when SIGTERM arrives, so they are certainly in flight.
    const inflight = [0, 1, 2].map((i) => slowPost(`/api/conversations/${conv._id}/messages`, A.token,
      { content: `in flight ${i}` }, { gapMs: 300, between: i === 0 ? sendTerm : null }));
    const results = await Promise.all(inflight);
    for (const r of results) assert.equal(r.status, 201, `in-flight request: ${r.status} ${r.text}`);
    let timer;
    const exit = await Promise.race([exitPromise,
      new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), 15_000); })]);
    clearTimeout(timer);
    assert.notEqual(exit, 'timeout', 'the process exits after SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, 'exit code 0');

    assert.equal(sqlite(server.dbPath, 'PRAGMA integrity_check;').trim(), 'ok');
    const wal = sqlite(server.dbPath, 'PRAGMA journal_mode;').trim();
    assert.ok(wal.length > 0);

    await server.start();
    const { messages } = await readBack(conv._id, A.token);
    const users = messages.filter((m) => m.role === 'user').map((m) => m.content).sort();
    assert.deepEqual(users, ['in flight 0', 'in flight 1', 'in flight 2'], 'the in-flight messages were stored');
    const h = await server.api('GET', '/health');
    assert.equal(h.body.database, 'connected');
  });

  test('SIGTERM on an idle server (keep-alive connections open) exits 0 promptly', async () => {
    // Open a keep-alive connection and leave it idle.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const u = new URL(server.baseUrl);
    await new Promise((resolve, reject) => {
      http.get({ host: u.hostname, port: u.port, path: '/health', agent }, (res) => { res.resume(); res.on('end', resolve); })
        .on('error', reject);
    });
    const t0 = Date.now();
    const r = await server.stop('SIGTERM');
    agent.destroy();
    assert.deepEqual(r, { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 10_000, `exit took ${Date.now() - t0} ms`);
    assert.equal(sqlite(server.dbPath, 'PRAGMA integrity_check;').trim(), 'ok');
  });
});
