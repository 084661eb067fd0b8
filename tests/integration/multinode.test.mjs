// Several CareVoice processes behind one address: the harness starts a real PostgreSQL, a real
// redis-server, two CareVoice processes (DATABASE_URL=postgres://…, REDIS_URL) and HAProxy with
// deploy/haproxy.cfg in front. Socket.IO events cross processes, rate limits and session
// revocations hold on both, concurrent turns of one conversation on both processes run one at
// a time, a kill -9 of one process loses no acknowledged message, and chat outlives a Redis outage.
// A missing binary fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { io } from 'socket.io-client';

import { expectError, sleep, startServer, uniqueEmail, DEFAULT_PASSWORD } from './harness.mjs';
import { havePostgres, startPostgres } from './pg.mjs';
import { startHaproxy, startRedis } from './redis.mjs';

function connect(baseUrl, { auth, transports = ['websocket'], reconnection = false } = {}) {
  const socket = io(baseUrl, { transports, auth, reconnection, forceNew: true, timeout: 10_000,
    reconnectionDelay: 200, reconnectionDelayMax: 500 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => { if (!reconnection) { socket.close(); reject(e); } });
  });
}

function next(socket, event, pred = () => true, ms = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, on); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(args[0]);
    }
    socket.on(event, on);
  });
}

async function json(baseUrl, method, urlPath, { token, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl + urlPath, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.status, body: parsed, text, servedBy: res.headers.get('x-served-by') };
}

describe('several processes on PostgreSQL + Redis', () => {
  let pg;
  let redis;
  let A;
  let B;
  let proxy;
  const secret = crypto.randomBytes(48).toString('base64url');

  before(async () => {
    assert.ok(havePostgres(), 'postgresql-15 is installed (scripts/setup.sh)');
    pg = startPostgres();
    redis = await startRedis();
    const env = {
      DATABASE_URL: pg.createDatabase(),
      REDIS_URL: redis.url,
      REDIS_LOCK_TTL_MS: '3000',
      DATABASE_POOL_SIZE: '8',
      SPEECH: 'off',
    };
    A = await startServer({ env, jwtSecret: secret });
    B = await startServer({ env, jwtSecret: secret });
    proxy = await startHaproxy([A.baseUrl.split(':').pop(), B.baseUrl.split(':').pop()]);
  });
  after(async () => {
    for (const s of [A, B]) if (s) await s.close();
    if (proxy) await proxy.close();
    if (redis) await redis.close();
    if (pg) pg.close();
  });

  test('a socket on A receives the reply to a REST message sent to B, and a socket message on B', async () => {
    const user = await B.register();
    const onA = await connect(A.baseUrl, { auth: { token: user.token } });
    const onB = await connect(B.baseUrl, { auth: { token: user.token } });
    try {
      const conv = await B.createConversation(user.token);
      const reply = next(onA, 'ai_response', (r) => r.conversationId === conv._id);
      const posted = await B.postMessage(user.token, conv._id, 'What are your opening hours?');
      const got = await reply;
      assert.equal(got.messageId, posted._id, 'the reply B stored reached the socket on A');

      // A socket message on B: its reply reaches the socket on A.
      const second = next(onA, 'ai_response', (r) => r.conversationId === conv._id && r.messageId !== posted._id);
      onB.emit('user_message', { conversationId: conv._id, message: 'Do you deliver on Sundays?' });
      const r2 = await second;
      assert.equal(typeof r2.message, 'string');
      // A REST edit on A reaches the socket on B.
      const updated = next(onB, 'conversation_updated',
        (u) => u.conversationId === conv._id && u.conversation.title === 'Renamed on A');
      const put = await A.api('PUT', `/api/conversations/${conv._id}`,
        { token: user.token, body: { title: 'Renamed on A' } });
      assert.equal(put.status, 200);
      await updated;
    } finally {
      onA.close();
      onB.close();
    }
  });

  test('a socket on A in two rooms of a broadcast made on B gets each event once, and none after leaving', async () => {
    // B publishes a broadcast to the conversation's room and the user's room as one message per
    // room (each skipping the sockets of the rooms before it), and A hears only the rooms it has
    // sockets in: a socket in both rooms must still get every event exactly once.
    const user = await B.register();
    const other = await B.register();
    const onA = await connect(A.baseUrl, { auth: { token: user.token } });
    const otherOnA = await connect(A.baseUrl, { auth: { token: other.token } });
    try {
      const conv = await B.createConversation(user.token);
      const joined = await onA.timeout(10_000).emitWithAck('join_conversation', { conversationId: conv._id });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      const seen = { message: [], ai_response: [], other: 0 };
      onA.on('message', (m) => { if (m.conversationId === conv._id) seen.message.push(m.message._id); });
      onA.on('ai_response', (r) => { if (r.conversationId === conv._id) seen.ai_response.push(r.messageId); });
      otherOnA.onAny(() => { seen.other += 1; });
      const reply = next(onA, 'ai_response', (r) => r.conversationId === conv._id);
      const posted = await B.postMessage(user.token, conv._id, 'What are your opening hours?');
      await reply;
      await sleep(500); // a duplicate would arrive within this
      assert.deepEqual(seen.ai_response, [posted._id], 'one ai_response for the socket in both rooms');
      assert.equal(seen.message.length, 2, `the user message and the reply once each (${seen.message})`);
      assert.equal(new Set(seen.message).size, 2);
      assert.equal(seen.other, 0, "another user's socket on A hears none of it");

      // Out of the conversation's room: still once, through the user's room.
      const left = await onA.timeout(10_000).emitWithAck('leave_conversation', { conversationId: conv._id });
      assert.equal(left.ok, true);
      seen.ai_response.length = 0;
      const again = next(onA, 'ai_response', (r) => r.conversationId === conv._id);
      const second = await B.postMessage(user.token, conv._id, 'How do I change my plan?');
      await again;
      await sleep(500);
      assert.deepEqual(seen.ai_response, [second._id], 'one ai_response after leaving the room');
    } finally {
      onA.close();
      otherOnA.close();
    }
  });

  test('a room no other process listens to is not published; a socket that joins it on A gets the next event', async () => {
    // Every process announces the rooms it has sockets in and skips the PUBLISH of rooms nobody
    // else listens to. A join is acknowledged (here: the CONNECT, which joins the user's room)
    // only once every other process knows of it, so a turn on B right after reaches A.
    const turnPublishes = async (token, id, content) => {
      const before = await redis.calls('publish');
      const posted = await B.postMessage(token, id, content);
      await sleep(300); // PUBLISH is written after the answer
      return { posted, count: (await redis.calls('publish')) - before };
    };
    for (let i = 0; i < 4; i++) {
      const user = await B.register();
      const conv = await B.createConversation(user.token);
      const quiet = await turnPublishes(user.token, conv._id, 'What are your opening hours?');
      // About 10 events to two rooms each were published before; none need be now.
      assert.ok(quiet.count <= 3, `${quiet.count} PUBLISH for a turn whose rooms nobody else listens to`);
      const onA = await connect(A.baseUrl, { auth: { token: user.token } });
      try {
        // At once after the CONNECT: B knows of the room and publishes it.
        const reply = next(onA, 'ai_response', (r) => r.conversationId === conv._id, 10_000);
        const heard = await turnPublishes(user.token, conv._id, 'Do you deliver on Sundays?');
        assert.equal((await reply).messageId, heard.posted._id, 'the reply B stored reached the socket that just joined on A');
        assert.ok(heard.count >= 5, `${heard.count} PUBLISH for a turn whose user room A listens to`);
      } finally {
        onA.close();
      }
    }
  });

  test('a pattern subscriber (the official adapter) makes every room published again', async () => {
    const user = await B.register();
    const conv = await B.createConversation(user.token);
    const psub = net.connect(redis.port, '127.0.0.1');
    await new Promise((resolve) => psub.once('connect', resolve));
    psub.write('*2\r\n$10\r\nPSUBSCRIBE\r\n$13\r\nsocket.io#/#*\r\n');
    try {
      // Seen by the next check (every 5 s): then the turn's events are published.
      const deadline = Date.now() + 15_000;
      let count = 0;
      while (count < 5 && Date.now() < deadline) {
        const before = await redis.calls('publish');
        await B.postMessage(user.token, conv._id, 'What are your opening hours?');
        await sleep(300);
        count = (await redis.calls('publish')) - before;
        if (count < 5) await sleep(1_000);
      }
      assert.ok(count >= 5, `${count} PUBLISH per turn with a pattern subscriber`);
    } finally {
      psub.destroy();
    }
  });

  test('a session revoked on B is refused by A and B at once', async () => {
    const user = await A.register();
    const login = await A.login(user.email, user.password);
    assert.equal((await A.api('GET', '/api/auth/profile', { token: login.token })).status, 200);
    assert.equal((await B.api('GET', '/api/auth/profile', { token: login.token })).status, 200);
    const out = await B.api('POST', '/api/auth/logout', { token: login.token, body: { refreshToken: login.refreshToken } });
    assert.equal(out.status, 200);
    await sleep(100); // the publication crosses Redis
    for (const [name, s] of [['A', A], ['B', B]]) {
      expectError(await s.api('GET', '/api/auth/profile', { token: login.token }), 401, `profile on ${name}`, 'SESSION_REVOKED');
    }
    // A socket connection on A with the revoked token is refused too.
    await assert.rejects(connect(A.baseUrl, { auth: { token: login.token } }));
    // The registration session is untouched.
    assert.equal((await A.api('GET', '/api/auth/profile', { token: user.token })).status, 200);
  });

  test('200 concurrent turns over both processes keep each conversation in order', async () => {
    const user = await A.register();
    const conversations = 20;
    const rounds = 5;
    const convs = [];
    for (let i = 0; i < conversations; i++) convs.push(await (i % 2 ? A : B).createConversation(user.token));
    const post = (s, id, content) => json(s.baseUrl, 'POST', `/api/conversations/${id}/messages`,
      { token: user.token, body: { content } });
    const started = Date.now();
    await Promise.all(convs.map(async (c, i) => {
      for (let r = 0; r < rounds; r++) {
        // Two messages of one conversation at the same time, one on each process.
        const [x, y] = await Promise.all([
          post(A, c._id, `conv ${i} round ${r} via A: what plans do you have?`),
          post(B, c._id, `conv ${i} round ${r} via B: and the prices?`),
        ]);
        assert.equal(x.status, 201, x.text);
        assert.equal(y.status, 201, y.text);
        assert.equal(x.body.role, 'assistant');
      }
    }));
    const seconds = (Date.now() - started) / 1000;
    for (const c of convs) {
      const r = await json(B.baseUrl, 'GET', `/api/conversations/${c._id}/messages`, { token: user.token });
      assert.equal(r.status, 200);
      const msgs = (Array.isArray(r.body) ? r.body : r.body.messages).filter((m) => m.role !== 'system');
      const turns = msgs.filter((m) => m.role === 'user').length;
      assert.equal(turns, rounds * 2, 'every acknowledged message is stored');
      // One at a time: every user message is followed by its reply, never by the other one.
      for (let k = 0; k < msgs.length; k++) {
        if (msgs[k].role === 'user') {
          assert.equal(msgs[k + 1]?.role, 'assistant', `conversation ${c._id}: a user message at ${k} not answered before the next turn`);
        }
      }
      // The count the turns maintain matches what is stored, read through the other process.
      const conv = await json(A.baseUrl, 'GET', `/api/conversations/${c._id}`, { token: user.token });
      assert.equal(conv.status, 200);
      const stored = conv.body.messages ?? conv.body.conversation?.messages;
      assert.ok(Array.isArray(stored));
      assert.equal(conv.body.analytics.messageCount, stored.length, 'messageCount counts every stored message');
    }
    console.log(`# 200 turns over two processes: ${seconds.toFixed(1)} s`);
  });

  test("a conversation whose lock lease A keeps gets a message on B: handed over at once, in order, nothing lost", async () => {
    const user = await A.register();
    const conv = await A.createConversation(user.token);
    const contents = ['What are your opening hours? (A1)', 'How do I change my plan? (A2)'];
    for (const c of contents) await A.postMessage(user.token, conv._id, c);
    await sleep(100); // a release (the behaviour without leases) would have reached Redis
    const key = `cv:lock:${conv._id}`;
    const heldByA = await redis.get(key);
    assert.ok(heldByA, 'A keeps the lock between turns (a lease)');
    // B finds it busy and asks A for it: A gives it back well before its TTL (3 s) would.
    const started = Date.now();
    contents.push('Where can I find my invoice? (B1)');
    await B.postMessage(user.token, conv._id, contents.at(-1));
    const took = Date.now() - started;
    assert.ok(took < 1_000, `the turn on B waited ${took} ms for A's lease`);
    const heldByB = await redis.get(key);
    assert.ok(heldByB && heldByB !== heldByA, `B holds the lease now (${heldByB}, A had ${heldByA})`);
    // Fencing tokens ("<process>:<token>") grow with every grant and are at least Redis's clock in
    // microseconds, so they keep growing even if Redis restarts and loses its counter (the store
    // refuses a write with a token lower than one already written).
    const tokenOf = (value) => BigInt(value.slice(value.lastIndexOf(':') + 1));
    assert.ok(tokenOf(heldByB) > tokenOf(heldByA), `B's token ${heldByB} is newer than A's ${heldByA}`);
    const floor = BigInt(Date.now() - 60_000) * 1000n;
    assert.ok(tokenOf(heldByA) >= floor, `the token ${heldByA} is at least the clock in microseconds`);
    // Back on A while B holds it, and a message on each at once: both answered, one at a time.
    contents.push('Do you ship abroad? (A3)');
    await A.postMessage(user.token, conv._id, contents.at(-1));
    const [x, y] = await Promise.all([
      A.api('POST', `/api/conversations/${conv._id}/messages`, { token: user.token, body: { content: 'Can you tell me about pricing? (A4)' } }),
      B.api('POST', `/api/conversations/${conv._id}/messages`, { token: user.token, body: { content: 'And the delivery times? (B2)' } }),
    ]);
    assert.equal(x.status, 201, x.text);
    assert.equal(y.status, 201, y.text);
    const got = await B.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
    assert.equal(got.status, 200);
    const msgs = got.body.messages.filter((m) => m.role !== 'system');
    const users = msgs.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual(users.slice(0, 4), contents, 'the sequential messages are stored in the order sent');
    assert.deepEqual(users.slice(4).sort(), ['And the delivery times? (B2)', 'Can you tell me about pricing? (A4)']);
    for (let k = 0; k < msgs.length; k++) {
      if (msgs[k].role === 'user') assert.equal(msgs[k + 1]?.role, 'assistant', `a user message at ${k} not answered before the next turn`);
    }
    // A's cached copy was dropped when B wrote: the count A's turns maintain is the stored one.
    assert.equal(got.body.analytics.messageCount, got.body.messages.length, 'messageCount counts every stored message');
  });

  test('kill -9 of one process: no acknowledged message lost, clients continue on the other', async () => {
    const user = await A.register();
    const probe = await json(proxy.baseUrl, 'GET', '/health');
    assert.equal(probe.status, 200);
    const victim = probe.servedBy === 'cv0' ? A : B;
    const survivor = victim === A ? B : A;
    const socket = await connect(proxy.baseUrl, { auth: { token: user.token }, reconnection: true });
    try {
      const conv = await json(proxy.baseUrl, 'POST', '/api/conversations', { token: user.token, body: { isCallSimulator: true } });
      assert.equal(conv.status, 201);
      const id = conv.body._id;
      const acknowledged = [];
      for (let i = 0; i < 5; i++) {
        const content = `What are your opening hours? (before ${i})`;
        const r = await json(proxy.baseUrl, 'POST', `/api/conversations/${id}/messages`, { token: user.token, body: { content } });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.servedBy, probe.servedBy, 'balance source keeps one client on one process');
        acknowledged.push(content);
      }
      // Messages in flight while the process dies: those acknowledged must survive.
      const inflight = [];
      for (let i = 0; i < 5; i++) {
        const content = `What are your opening hours? (during ${i})`;
        inflight.push(json(proxy.baseUrl, 'POST', `/api/conversations/${id}/messages`, { token: user.token, body: { content } })
          .then((r) => { if (r.status === 201) acknowledged.push(content); }, () => {}));
      }
      await sleep(30);
      await victim.kill9();
      await Promise.all(inflight);
      // The socket reconnects through the proxy, to the survivor.
      const errors = [];
      socket.on('connect_error', (e) => errors.push(e.message));
      for (let i = 0; i < 200 && !socket.connected; i++) await sleep(100);
      assert.ok(socket.connected, `the socket reconnected through the proxy (${errors.join('; ')})`);
      // The reconnected socket is in its user's room on the survivor: it gets the replies. (The
      // questions are neutral: words like "crash" read as an urgent problem and escalate, and an
      // escalated conversation waits for a person instead of getting AI replies.)
      const replies = new Set();
      socket.on('ai_response', (r) => { if (r.conversationId === id) replies.add(r.messageId); });
      const replyIds = [];
      const after = [];
      for (let i = 0; i < 3; i++) {
        const content = `What are your opening hours? (after ${i})`;
        let r;
        for (let attempt = 0; attempt < 20; attempt++) {
          r = await json(proxy.baseUrl, 'POST', `/api/conversations/${id}/messages`, { token: user.token, body: { content } });
          if (r.status === 201) break;
          await sleep(200); // the shared lock of a turn the victim held expires (REDIS_LOCK_TTL_MS)
        }
        assert.equal(r.status, 201, r.text);
        assert.equal(r.servedBy, survivor === A ? 'cv0' : 'cv1');
        acknowledged.push(content);
        after.push(content);
        replyIds.push(r.body._id);
      }
      for (let i = 0; i < 100 && !replyIds.every((m) => replies.has(m)); i++) await sleep(100);
      assert.deepEqual(replyIds.filter((m) => !replies.has(m)), [],
        `every reply after the crash reached the reconnected socket (got ${[...replies].join(', ')})`);
      const list = await json(survivor.baseUrl, 'GET', `/api/conversations/${id}/messages`, { token: user.token });
      const stored = new Set((Array.isArray(list.body) ? list.body : list.body.messages)
        .filter((m) => m.role === 'user').map((m) => m.content));
      for (const c of acknowledged) assert.ok(stored.has(c), `acknowledged message lost: ${c}`);
    } finally {
      socket.close();
      await victim.start(); // back for the next test
    }
  });

  test('the failed-login limit spans both processes', async () => {
    const user = await A.register({ email: uniqueEmail('limited'), password: DEFAULT_PASSWORD });
    // 10 failures per address and per email in 15 minutes: 5 on each process.
    for (let i = 0; i < 10; i++) {
      const s = i % 2 ? B : A;
      const r = await s.api('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong-password-1' } });
      assert.equal(r.status, 401, `failure ${i + 1}: ${r.text}`);
    }
    for (const [name, s] of [['A', A], ['B', B]]) {
      const r = await s.api('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expectError(r, 429, `login on ${name} after 10 failures spread over both`);
    }
  });

  test('Redis away: each process keeps chatting; fan-out across processes resumes when it returns', async () => {
    const user = await A.register();
    const onA = await connect(A.baseUrl, { auth: { token: user.token } });
    const onB = await connect(B.baseUrl, { auth: { token: user.token } });
    const conv = await A.createConversation(user.token);
    await redis.stop();
    try {
      // REST and socket turns on each process are answered, stored and seen by that process's
      // own sockets while Redis is gone.
      for (const [name, s, socket] of [['A', A, onA], ['B', B, onB]]) {
        const local = next(socket, 'ai_response', (r) => r.conversationId === conv._id);
        const started = Date.now();
        const posted = await s.postMessage(user.token, conv._id, `Where is my order? (asked on ${name})`);
        assert.ok(posted._id, `the message posted on ${name} is stored`);
        const reply = await local;
        assert.equal(reply.messageId, posted._id, `${name}'s own socket gets the reply`);
        assert.ok(Date.now() - started < 10_000, `the turn on ${name} took ${Date.now() - started} ms`);
      }
      const acked = await onB.timeout(15_000).emitWithAck('user_message',
        { conversationId: conv._id, message: 'Do you deliver on Sundays?' });
      assert.equal(acked.ok, true, `a socket turn on B without Redis: ${JSON.stringify(acked)}`);
      const stored = await A.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
      assert.equal(stored.status, 200);
      assert.equal(stored.body.messages.filter((m) => m.role === 'user').length, 3, 'all three turns are stored');
    } finally {
      await redis.start();
    }
    // Redis is back: B's reply reaches the socket on A again, once the subscriber has reconnected
    // (a retry every 500 ms). Each attempt is a new turn; the first that crosses ends the wait.
    const deadline = Date.now() + 20_000;
    let crossed = null;
    for (let i = 0; !crossed && Date.now() < deadline; i++) {
      const seen = next(onA, 'ai_response', (r) => r.conversationId === conv._id, 2_000).catch(() => null);
      const posted = await B.postMessage(user.token, conv._id, `Any news on my order? (attempt ${i})`);
      const got = await seen;
      if (got && got.messageId === posted._id) crossed = got;
    }
    onA.close();
    onB.close();
    assert.ok(crossed, 'a reply stored on B reached the socket on A within 20 s of Redis returning');
  });
});
