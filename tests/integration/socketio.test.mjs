// The CareVoice Socket.IO events against the real binary, driven by the official npm
// socket.io-client v4: staff (JWT), the old frontend (legacy switch), visitors of a published
// agent, rooms and the one change feed (a REST edit reaches sockets), and 1,000 concurrent turns.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer, HEX24, ISO, sleep } from './harness.mjs';

const SENTIMENTS = ['positive', 'negative', 'neutral', 'urgent'];
const INTENTS = ['question', 'support', 'purchase', 'cancellation', 'general'];

// Connects and resolves once connected; rejects with the connect_error.
function connect(server, { transports = ['websocket'], auth, query, extraHeaders } = {}) {
  const socket = io(server.baseUrl, {
    transports, auth, query, extraHeaders, reconnection: false, forceNew: true, timeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => { socket.close(); reject(e); });
  });
}

// Connects a visitor; resolves with {s, session} once the `session` event has arrived.
function connectVisitor(server, auth) {
  const s = io(server.baseUrl, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('session', (session) => resolve({ s, session }));
    s.once('connect_error', (e) => { s.close(); reject(e); });
  });
}

// Resolves with the first `event` whose payload satisfies `pred`.
function next(socket, event, pred = () => true, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(args.length <= 1 ? args[0] : args);
    }
    socket.on(event, on);
  });
}

// Records every event a socket receives, in order.
function record(socket) {
  const seen = [];
  socket.onAny((event, ...args) => seen.push({ event, args }));
  return seen;
}

function assertAiResponse(r, { demo = false } = {}) {
  assert.equal(typeof r.message, 'string');
  assert.ok(r.message.length > 0);
  assert.match(r.conversationId, HEX24);
  assert.match(r.messageId, HEX24);
  assert.ok('audioData' in r && 'audioType' in r, 'audioData/audioType present');
  assert.ok(INTENTS.includes(r.metadata.intent), JSON.stringify(r.metadata));
  assert.ok(Array.isArray(r.metadata.intents));
  assert.ok(SENTIMENTS.includes(r.metadata.sentiment));
  assert.equal(typeof r.metadata.confidence, 'number');
  if (demo) {
    assert.equal(r.demoAgent.name, 'Sigma');
    assert.equal(typeof r.demoAgent.company, 'string');
    assert.equal(r.demoAgent.company.toLowerCase(), 'zero to hero');
  } else {
    assert.equal(r.demoAgent, undefined);
  }
}

describe('staff sockets', () => {
  let server;
  let A;
  let B;
  const sockets = [];
  before(async () => {
    server = await startServer();
    A = await server.register({ name: 'Alice Socket' });
    B = await server.register({ name: 'Bob Socket' });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });
  async function staff(user, opts = {}) {
    const s = await connect(server, { auth: { token: user.token }, ...opts });
    sockets.push(s);
    return s;
  }

  test('a missing or bad token is refused with connect_error and a code', async () => {
    await assert.rejects(connect(server), (e) => {
      assert.match(e.message, /Authentication required/);
      assert.equal(e.data.code, 'UNAUTHORIZED');
      return true;
    });
    await assert.rejects(connect(server, { auth: { token: 'not.a.jwt' } }), (e) => {
      assert.equal(e.data.code, 'INVALID_TOKEN');
      return true;
    });
    // A token in the Authorization header or the query string works as well.
    const viaQuery = await connect(server, { query: { token: A.token } });
    assert.ok(viaQuery.connected);
    viaQuery.close();
    const viaHeader = await connect(server, {
      transports: ['polling'], extraHeaders: { Authorization: `Bearer ${A.token}` },
    });
    assert.ok(viaHeader.connected);
    viaHeader.close();
  });

  for (const transports of [['websocket'], ['polling'], ['polling', 'websocket']]) {
    test(`start_conversation and user_message over ${transports.join(' → ')}`, async () => {
      const s = await staff(A, { transports });
      const seen = record(s);
      s.emit('start_conversation', { isCallSimulator: true });
      const started = await next(s, 'conversation_started');
      assert.match(started.conversationId, HEX24);
      assert.equal(started.welcomeMessage.role, 'assistant');
      assert.ok(started.welcomeMessage.content.length > 0);
      assert.match(started.welcomeMessage.timestamp, ISO);
      assert.ok('audioData' in started.welcomeMessage && 'audioType' in started.welcomeMessage);
      assert.equal(started.demoAgent.name, 'Sigma');
      assert.equal(typeof started.demoAgent.company.toLowerCase(), 'string');

      const reply = next(s, 'ai_response', (r) => r.conversationId === started.conversationId);
      const typingOff = next(s, 'typing', (t) => t === false);
      const ack = await s.timeout(10_000).emitWithAck('user_message', {
        conversationId: started.conversationId, message: 'How do I reset my password?',
      });
      assert.equal(ack.ok, true);
      assert.match(ack.messageId, HEX24);
      const r = await reply;
      assertAiResponse(r, { demo: true });
      await typingOff;
      // typing true → ai_response → typing false, bare booleans, in order.
      const order = seen.filter((e) => ['typing', 'ai_response'].includes(e.event))
        .map((e) => (e.event === 'typing' ? `typing:${e.args[0]}` : 'ai_response'));
      assert.deepEqual(order, ['typing:true', 'ai_response', 'typing:false']);
      const chunks = seen.filter((e) => e.event === 'ai_response_chunk').map((e) => e.args[0].delta);
      assert.equal(chunks.join(''), r.message, 'streamed chunks add up to the reply');
      // The stored history has the message the ack named.
      const msgs = await server.api('GET', `/api/conversations/${started.conversationId}/messages`,
        { token: A.token });
      assert.ok(msgs.body.some((m) => m._id === ack.messageId && m.role === 'user'));
      s.close();
    });
  }

  test('a bad payload gets an error event and the connection stays up', async () => {
    const s = await staff(A);
    s.emit('user_message', 'not an object');
    let e = await next(s, 'error');
    assert.equal(e.code, 'VALIDATION_ERROR');
    assert.equal(typeof e.message, 'string');
    s.emit('user_message', { conversationId: 'ffffffffffffffffffffffff', message: 'hi' });
    e = await next(s, 'error');
    assert.equal(e.code, 'NOT_FOUND');
    s.emit('no_such_event', {});
    e = await next(s, 'error');
    assert.equal(e.code, 'UNKNOWN_EVENT');
    const ack = await s.timeout(5000).emitWithAck('user_message', { conversationId: 42 });
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, 'VALIDATION_ERROR');
    assert.ok(s.connected);
    s.emit('start_conversation', {});
    const started = await next(s, 'conversation_started');
    assert.match(started.conversationId, HEX24);
  });

  test('a flood on one socket: the overflow is refused with a failed ack, every acknowledged message is stored, nothing else', async () => {
    const s = await staff(A);
    s.emit('start_conversation', {});
    const { conversationId } = await next(s, 'conversation_started');
    const errors = [];
    s.on('error', (e) => errors.push(e));
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      s.timeout(60_000).emitWithAck('user_message', { conversationId, message: `flood ${i}` })));
    const ok = acks.filter((a) => a.ok);
    const refused = acks.filter((a) => !a.ok);
    assert.ok(refused.length > 0, 'a 200-message burst on one socket overflows its 64-event queue');
    for (const r of refused) assert.equal(r.error.code, 'TOO_MANY_PENDING', JSON.stringify(r));
    assert.equal(errors.filter((e) => e.code === 'TOO_MANY_PENDING').length, refused.length,
      'each refusal is also an error event');
    assert.ok(s.connected, 'flow control keeps the connection');
    const msgs = await server.api('GET', `/api/conversations/${conversationId}/messages`, { token: A.token });
    const stored = msgs.body.filter((m) => m.role === 'user');
    assert.equal(stored.length, ok.length, 'exactly the acknowledged messages are stored');
    for (const a of ok) assert.ok(stored.some((m) => m._id === a.messageId), `acknowledged ${a.messageId} is stored`);
  });

  test("another user's conversation is unreachable and its events never leak", async () => {
    const a = await staff(A);
    const b = await staff(B);
    const bSeen = record(b);
    a.emit('start_conversation', {});
    const { conversationId } = await next(a, 'conversation_started');
    const ack = await b.timeout(5000).emitWithAck('user_message', { conversationId, message: 'mine now' });
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, 'NOT_FOUND');
    const joined = await b.timeout(5000).emitWithAck('join_conversation', { conversationId });
    assert.equal(joined.ok, false);
    const takeover = await b.timeout(5000).emitWithAck('takeover', { conversationId });
    assert.equal(takeover.ok, false);
    a.emit('user_message', { conversationId, message: 'Where is my order?' });
    await next(a, 'ai_response');
    await sleep(200);
    assert.ok(!bSeen.some((e) => JSON.stringify(e.args).includes(conversationId)),
      "B saw an event of A's conversation");
  });

  test('two tabs of one user both see a turn; a REST edit reaches the sockets', async () => {
    const tab1 = await staff(A);
    const tab2 = await staff(A);
    tab1.emit('start_conversation', {});
    const { conversationId } = await next(tab1, 'conversation_started');
    const inTab2 = next(tab2, 'ai_response', (r) => r.conversationId === conversationId);
    tab1.emit('user_message', { conversationId, message: 'Can I pay in installments?' });
    await inTab2;
    const updated = next(tab2, 'conversation_updated',
      (u) => u.conversationId === conversationId && u.conversation.title === 'Renamed by REST');
    const inbox = next(tab1, 'inbox_update',
      (u) => u.conversationId === conversationId && u.conversation.title === 'Renamed by REST');
    const r = await server.api('PUT', `/api/conversations/${conversationId}`,
      { token: A.token, body: { title: 'Renamed by REST' } });
    assert.equal(r.status, 200);
    await updated;
    await inbox;
  });

  test('takeover, a human reply and handback, live', async () => {
    const s = await staff(A);
    s.emit('start_conversation', {});
    const { conversationId } = await next(s, 'conversation_started');
    let ack = await s.timeout(5000).emitWithAck('takeover', { conversationId });
    assert.equal(ack.ok, true);
    assert.equal(ack.conversation.status, 'escalated');
    const human = next(s, 'message', (m) => m.message.role === 'human');
    ack = await s.timeout(5000).emitWithAck('human_message', { conversationId, message: 'Hi, this is Alice from the team.' });
    assert.equal(ack.ok, true);
    assert.match(ack.messageId, HEX24);
    assert.equal((await human).message.content, 'Hi, this is Alice from the team.');
    ack = await s.timeout(5000).emitWithAck('handback', { conversationId });
    assert.equal(ack.conversation.status, 'active');
    s.emit('user_message', { conversationId, message: 'thanks' });
    assertAiResponse(await next(s, 'ai_response', (r) => r.conversationId === conversationId));
  });
});

describe('connection accounting', () => {
  const METRICS_TOKEN = 'metrics-token-socketio-0123456789';
  let server;
  let A;
  before(async () => {
    server = await startServer({ env: { METRICS_TOKEN } });
    A = await server.register({ name: 'Meter Socket' });
  });
  after(async () => { await server?.close(); });
  async function openConnections() {
    const r = await server.api('GET', '/metrics', { token: METRICS_TOKEN });
    assert.equal(r.status, 200);
    const m = /^carevoice_http_open_connections (\d+)$/m.exec(r.text);
    assert.ok(m, 'the gauge is reported');
    return Number(m[1]);
  }

  // The Engine.IO transport takes the socket from the HTTP connection once the WebSocket is open:
  // the connection must still be counted (metrics, graceful drain) until it really closes, and an
  // idle socket (no writer running) must still carry what the server sends later.
  test('an idle WebSocket stays counted and carries later events; closing releases it', async () => {
    const before = await openConnections();
    const sockets = await Promise.all([1, 2, 3].map(() => connect(server, { auth: { token: A.token } })));
    await sleep(300);
    const during = await openConnections();
    assert.ok(during >= before + 3, `${during} open with 3 WebSockets, ${before} before`);
    for (const s of sockets) {
      s.emit('start_conversation', {});
      const started = await next(s, 'conversation_started');
      assert.match(started.conversationId, HEX24);
      const reply = next(s, 'ai_response', (x) => x.conversationId === started.conversationId);
      const ack = await s.timeout(10_000).emitWithAck('user_message', {
        conversationId: started.conversationId, message: 'What are your opening hours?',
      });
      assert.equal(ack.ok, true);
      assert.ok((await reply).message.length > 0);
    }
    for (const s of sockets) s.close();
    let afterClose = during;
    for (let i = 0; i < 50 && afterClose > during - 3; i += 1) {
      await sleep(100);
      afterClose = await openConnections();
    }
    assert.ok(afterClose <= during - 3, `${afterClose} open after closing 3 of ${during}`);
  });
});

describe('durability', () => {
  let server;
  after(async () => { await server?.close(); });

  test('an acknowledged user_message survives kill -9', async () => {
    server = await startServer();
    const A = await server.register({ name: 'Durable' });
    const s = await connect(server, { auth: { token: A.token } });
    s.emit('start_conversation', {});
    const { conversationId } = await next(s, 'conversation_started');
    const acks = [];
    for (let i = 0; i < 5; i++) {
      acks.push(await s.timeout(10_000).emitWithAck('user_message', { conversationId, message: `durable ${i}` }));
    }
    // The last ack may arrive before its reply: kill at once, mid-turn.
    await server.kill9();
    s.close();
    await server.restart();
    const msgs = await server.api('GET', `/api/conversations/${conversationId}/messages`, { token: A.token });
    assert.equal(msgs.status, 200);
    for (const ack of acks) {
      assert.equal(ack.ok, true);
      assert.ok(msgs.body.some((m) => m._id === ack.messageId), `acknowledged ${ack.messageId} was lost`);
    }
  });
});

describe('the old frontend (legacy switch)', () => {
  let server;
  let A;
  before(async () => {
    server = await startServer({ env: { SOCKETIO_LEGACY: 'on' } });
    A = await server.register({ name: 'Legacy User' });
  });
  after(async () => { await server?.close(); });

  test('a plain io(url): polling first, no token, userId in payloads', async () => {
    assert.match(server.output, /SOCKETIO_LEGACY is on/);
    const s = await connect(server, { transports: ['polling', 'websocket'] });
    const seen = record(s);
    // CallSimulator.tsx
    s.emit('start_conversation', { userId: A.user._id, isCallSimulator: true });
    const started = await next(s, 'conversation_started');
    assert.equal(started.demoAgent.company.toLowerCase(), 'zero to hero');
    const typingOff = next(s, 'typing', (t) => t === false);
    s.emit('user_message', { conversationId: started.conversationId, message: 'Hello there', isCallSimulator: true });
    const r = await next(s, 'ai_response');
    assertAiResponse(r, { demo: true });
    await typingOff;
    assert.deepEqual(seen.filter((e) => e.event === 'typing').map((e) => e.args[0]), [true, false]);
    // AgentCall.tsx: agentInfo + agentId + userId.
    const agent = await server.createAgent(A.token, { name: 'Max', company: 'Acme' });
    s.emit('start_conversation', {
      userId: A.user._id, isCallSimulator: false, agentId: agent._id,
      agentInfo: { name: 'Max', company: 'Acme', personality: 'calm', companyInfo: 'We sell anvils.', prompts: [] },
    });
    const started2 = await next(s, 'conversation_started', (x) => x.conversationId !== started.conversationId);
    assert.equal(started2.demoAgent, undefined);
    s.emit('user_message', {
      conversationId: started2.conversationId, message: 'What do you sell?', userId: A.user._id,
      agentId: agent._id, agentInfo: { name: 'Max' },
    });
    assertAiResponse(await next(s, 'ai_response', (x) => x.conversationId === started2.conversationId));
    // The conversation belongs to the userId's account.
    const list = await server.api('GET', '/api/conversations', { token: A.token });
    assert.ok(list.body.some((c) => c._id === started2.conversationId));
    // The old error shapes.
    s.emit('start_conversation', { isCallSimulator: true });
    const e = await next(s, 'error');
    assert.equal(e.message, 'Failed to start conversation');
    assert.match(e.details, /userId is required/);
    s.close();
  });

  test('a legacy socket reaches only the conversations it started', async () => {
    const s1 = await connect(server);
    const s2 = await connect(server);
    s1.emit('start_conversation', { userId: A.user._id, isCallSimulator: true });
    const { conversationId } = await next(s1, 'conversation_started');
    s2.emit('user_message', { conversationId, message: 'hijack' });
    const e = await next(s2, 'error');
    assert.equal(e.message, 'Failed to process message');
    s1.close();
    s2.close();
  });
});

describe('visitors of a published agent', () => {
  let server;
  let owner;
  let agent;
  let widgetKey;
  const sockets = [];
  before(async () => {
    server = await startServer();
    owner = await server.register({ name: 'Shop Owner' });
    agent = await server.createAgent(owner.token, {
      name: 'Stride', company: 'Stride Shoes',
      knowledge: [{ question: 'What is your returns policy?', answer: 'You can return unworn shoes within 30 days for a full refund.' }],
    });
    const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: owner.token });
    assert.equal(pub.status, 200);
    widgetKey = pub.body.widgetKey;
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });
  async function visitor(extra = {}) {
    const v = await connectVisitor(server, { widgetKey, ...extra });
    sockets.push(v.s);
    return v;
  }

  test('publish, connect, converse, resume; the owner watches, takes over and replies', async () => {
    const ownerSocket = await connect(server, { auth: { token: owner.token } });
    sockets.push(ownerSocket);
    const { s: v, session } = await visitor();
    assert.match(session.visitorId, HEX24);
    assert.equal(typeof session.visitorToken, 'string');
    assert.equal(session.agent.name, 'Stride');
    assert.equal(session.agent.systemPrompt, undefined);

    const inboxStarted = next(ownerSocket, 'inbox_update', (u) => u.type === 'conversation_started');
    v.emit('start_conversation', {});
    const { conversationId } = await next(v, 'conversation_started');
    const inbox = await inboxStarted;
    assert.equal(inbox.conversationId, conversationId);
    assert.equal(inbox.conversation.visitorId, session.visitorId);

    v.emit('user_message', { conversationId, message: 'What is your returns policy?' });
    const reply = await next(v, 'ai_response');
    assert.match(reply.message, /30 days/);

    // The owner sees it in the REST list, joins, takes over and answers as a human.
    const list = await server.api('GET', '/api/conversations', { token: owner.token });
    assert.ok(list.body.some((c) => c._id === conversationId && c.visitorId === session.visitorId));
    const joined = await ownerSocket.timeout(5000).emitWithAck('join_conversation', { conversationId });
    assert.equal(joined.ok, true);
    assert.ok(joined.messages.length >= 3);
    const escalated = next(v, 'conversation_updated', (u) => u.conversation.status === 'escalated');
    const staffView = next(ownerSocket, 'conversation_updated', (u) => u.conversation.status === 'escalated');
    await ownerSocket.timeout(5000).emitWithAck('takeover', { conversationId });
    // The visitor sees the conversation as the public REST routes show it: not the owner's id.
    const visitorView = await escalated;
    assert.equal(visitorView.conversation._id, conversationId);
    assert.ok(!('userId' in visitorView.conversation), JSON.stringify(visitorView.conversation));
    assert.equal((await staffView).conversation.userId, owner.user._id);
    const humanSeen = next(v, 'message', (m) => m.message.role === 'human');
    const watched = next(ownerSocket, 'message', (m) => m.message.role === 'user' && m.message.content === 'Are you a real person?');
    await ownerSocket.timeout(5000).emitWithAck('human_message', { conversationId, message: 'Yes, I am Dana from Stride.' });
    assert.equal((await humanSeen).message.content, 'Yes, I am Dana from Stride.');
    v.emit('user_message', { conversationId, message: 'Are you a real person?' });
    await watched;
    v.close();

    // Resume with the visitor token: same visitor, same conversations.
    const { s: again, session: resumed } = await visitor({ visitorToken: session.visitorToken });
    assert.equal(resumed.visitorId, session.visitorId);
    const mine = await again.timeout(5000).emitWithAck('list_conversations', {});
    assert.deepEqual(mine.conversations.map((c) => c._id), [conversationId]);

    // A second visitor sees none of it and cannot reach it.
    const { s: other } = await visitor();
    const theirs = await other.timeout(5000).emitWithAck('list_conversations', {});
    assert.deepEqual(theirs.conversations, []);
    const denied = await other.timeout(5000).emitWithAck('user_message', { conversationId, message: 'hi' });
    assert.equal(denied.ok, false);
    assert.equal(denied.error.code, 'NOT_FOUND');
    const join = await other.timeout(5000).emitWithAck('join_conversation', { conversationId });
    assert.equal(join.ok, false);
    const hm = await other.timeout(5000).emitWithAck('human_message', { conversationId, message: 'x' });
    assert.equal(hm.ok, false);
  });

  test("a customer's typing reaches the owner's inbox only, acknowledged and throttled", async () => {
    const ownerSocket = await connect(server, { auth: { token: owner.token } });
    sockets.push(ownerSocket);
    const { s: v } = await visitor();
    v.emit('start_conversation', {});
    const { conversationId } = await next(v, 'conversation_started');
    const seenByVisitor = record(v);
    const seenByOwner = record(ownerSocket);

    const typingOn = next(ownerSocket, 'customer_typing', (t) => t.typing === true);
    const ack = await v.timeout(5000).emitWithAck('typing', { conversationId, typing: true });
    assert.deepEqual(ack, { ok: true });
    assert.deepEqual(await typingOn, { conversationId, typing: true });
    // A repeat of the same state at once is acknowledged but not forwarded again.
    assert.deepEqual(await v.timeout(5000).emitWithAck('typing', { conversationId, typing: true }), { ok: true });
    const typingOff = next(ownerSocket, 'customer_typing', (t) => t.typing === false);
    await v.timeout(5000).emitWithAck('typing', { conversationId, typing: false });
    await typingOff;
    await sleep(200);
    assert.equal(seenByOwner.filter((e) => e.event === 'customer_typing').length, 2);
    assert.equal(seenByVisitor.filter((e) => e.event === 'customer_typing').length, 0, 'no echo');

    // Another visitor's typing on this conversation is refused, and nothing reaches the owner.
    const { s: other } = await visitor();
    const refused = await other.timeout(5000).emitWithAck('typing', { conversationId, typing: true });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'NOT_FOUND');
    const bad = await v.timeout(5000).emitWithAck('typing', { typing: true });
    assert.equal(bad.ok, false);
    await sleep(100);
    assert.equal(seenByOwner.filter((e) => e.event === 'customer_typing').length, 2);
  });

  test('a visitor cannot reach another agent or any REST resource of the owner', async () => {
    const { s: v, session } = await visitor();
    const ack = await v.timeout(5000).emitWithAck('start_conversation', { agentId: '64de5a000000000000000001' });
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, 'NOT_FOUND');
    const e = await v.timeout(5000).emitWithAck('start_conversation', { isCallSimulator: true });
    assert.equal(e.ok, false);
    const r = await server.api('GET', '/api/conversations', { token: session.visitorToken });
    assert.equal(r.status, 401);
    await assert.rejects(connect(server, { auth: { widgetKey: 'wk_doesnotexist' } }), (err) => {
      assert.equal(err.data.code, 'WIDGET_NOT_FOUND');
      return true;
    });
  });
});

describe('handshake rate limit', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '3' } });
  });
  after(async () => server?.close());

  test('Engine.IO handshakes per IP are limited: 429 JSON with Retry-After, polling and WebSocket', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`);
      assert.equal(r.status, 200);
      assert.match(await r.text(), /^0\{"sid":/);
    }
    const r = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    const body = await r.json();
    assert.equal(body.code, 'TOO_MANY_REQUESTS');
    assert.equal(body.details.limit, 'ip_connections');
    // A WebSocket handshake is refused before the upgrade; the client sees a connect_error.
    await assert.rejects(connect(server, { transports: ['websocket'] }));
    // Requests of existing sessions are not handshakes and are not counted.
    const bad = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling&sid=unknown`);
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { code: 1, message: 'Session ID unknown' });
  });
});

describe('load', () => {
  let server;
  let widgetKey;
  before(async () => {
    // 1,000 customers from one IP: the per-IP visitor limits are raised for this server.
    server = await startServer({
      env: {
        RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE: '100000',
        RATE_LIMIT_VISITOR_IP_MESSAGES_PER_MINUTE: '100000',
      },
    });
    const owner = await server.register({ name: 'Load Owner' });
    const agent = await server.createAgent(owner.token, { name: 'Loady', company: 'Load Co' });
    const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: owner.token });
    widgetKey = pub.body.widgetKey;
  });
  after(async () => { await server?.close(); });

  test('1,000 concurrent clients each complete a turn', { timeout: 300_000 }, async () => {
    const N = 1000;
    const visitors = await Promise.all(Array.from({ length: N }, () => connectVisitor(server, { widgetKey })));
    try {
      const results = await Promise.all(visitors.map(async ({ s }, i) => {
        s.emit('start_conversation', {});
        const { conversationId } = await next(s, 'conversation_started', () => true, 240_000);
        const reply = next(s, 'ai_response', (r) => r.conversationId === conversationId, 240_000);
        const ack = await s.timeout(240_000).emitWithAck('user_message', { conversationId, message: `Order ${i} has not arrived` });
        assert.equal(ack.ok, true);
        const r = await reply;
        return r.conversationId === conversationId && r.message.length > 0;
      }));
      assert.equal(results.filter(Boolean).length, N);
    } finally {
      for (const { s } of visitors) s.close();
    }
  });
});
