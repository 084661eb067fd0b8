// Happy paths of every REST endpoint, against the real binary over real HTTP.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, uniqueEmail, makeWav, HEX24, ISO, DEFAULT_PASSWORD, sleep, assertLogsClean,
} from './harness.mjs';

let server;
let A;          // {token, refreshToken, user, email, password}
const called = new Set();  // "METHOD /api/path/{}" templates, checked against /api/openapi.json

// Records the route template of a call (24-hex ids and file names → {}).
function track(method, p) {
  const template = p.split('?')[0].replace(/\/[0-9a-f]{24}(?=\/|$)/g, '/{}');
  called.add(`${method} ${template}`);
}
async function api(method, p, opts) {
  track(method, p);
  return server.api(method, p, opts);
}

before(async () => {
  server = await startServer();
  A = await server.register({ name: 'Alice Happy' });
});
after(async () => { await server?.close(); });

const SENTIMENTS = ['positive', 'negative', 'neutral', 'urgent'];
const INTENTS = ['question', 'support', 'purchase', 'cancellation', 'general'];

function assertMessage(m, role) {
  assert.equal(typeof m, 'object');
  assert.equal(m.role, role, JSON.stringify(m));
  assert.equal(typeof m.content, 'string');
  assert.ok(m.content.length > 0, 'empty message content');
  assert.match(m.timestamp, ISO, `timestamp ${m.timestamp}`);
}

function assertReply(reply) {
  assertMessage(reply, 'assistant');
  const md = reply.metadata;
  assert.ok(md && typeof md === 'object', `reply.metadata: ${JSON.stringify(reply)}`);
  assert.ok(INTENTS.includes(md.intent), `metadata.intent ${md.intent}`);
  assert.ok(Array.isArray(md.intents) && md.intents.length >= 1, `metadata.intents ${md.intents}`);
  assert.equal(md.intents[0], md.intent, 'primary intent first');
  for (const i of md.intents) assert.ok(INTENTS.includes(i), `intent ${i}`);
  assert.ok(SENTIMENTS.includes(md.sentiment), `metadata.sentiment ${md.sentiment}`);
  assert.equal(typeof md.confidence, 'number');
  assert.ok(md.confidence >= 0 && md.confidence <= 1, `confidence ${md.confidence}`);
  assert.ok('company' in md, 'metadata.company present');
  assert.ok(md.company === null || typeof md.company === 'string', `metadata.company ${md.company}`);
}

describe('health', () => {
  test('GET /health → OK with database connected', async () => {
    const r = await api('GET', '/health');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/json/);
    assert.equal(r.body.status, 'OK');
    assert.equal(typeof r.body.message, 'string');
    assert.match(r.body.timestamp, ISO);
    assert.equal(r.body.database, 'connected');
  });
});

describe('auth', () => {
  test('register → 201 with token, refreshToken, user without password', async () => {
    const email = uniqueEmail('Reg');
    const r = await api('POST', '/api/auth/register', {
      body: { name: '  Bob Register  ', email: `  ${email.toUpperCase()} `, password: DEFAULT_PASSWORD },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(typeof r.body.token, 'string');
    assert.equal(r.body.token.split('.').length, 3, 'token is a JWS');
    assert.equal(typeof r.body.refreshToken, 'string');
    assert.ok(r.body.refreshToken.length >= 20);
    assert.notEqual(r.body.refreshToken, r.body.token);
    const u = r.body.user;
    assert.match(u._id, HEX24);
    assert.equal(u.name, 'Bob Register', 'name trimmed');
    assert.equal(u.email, email.toLowerCase(), 'email lower-cased and trimmed');
    assert.equal(u.role, 'user');
    assert.ok(!('password' in u), 'no password field');
    assert.ok(!('passwordHash' in u) && !('password_hash' in u), 'no hash field');
    assert.ok(!r.text.includes(DEFAULT_PASSWORD), 'plaintext password echoed');
    assert.ok(!/\$2[aby]\$\d\d\$/.test(r.text), 'a bcrypt hash is in the response');
  });

  test('duplicate email → 400 "User already exists with this email"', async () => {
    const r = await api('POST', '/api/auth/register', {
      body: { name: 'Dup', email: A.email.toUpperCase(), password: DEFAULT_PASSWORD },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'User already exists with this email');
  });

  test('login → 200 token, refreshToken, user (same id)', async () => {
    const r = await api('POST', '/api/auth/login', {
      body: { email: `  ${A.email.toUpperCase()}  `, password: A.password },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.body.token, 'string');
    assert.equal(typeof r.body.refreshToken, 'string');
    assert.equal(r.body.user._id, A.user._id);
    assert.equal(r.body.user.email, A.email);
    assert.ok(!('password' in r.body.user));
    const me = await api('GET', '/api/auth/me', { token: r.body.token });
    assert.equal(me.status, 200);
  });

  test('login with a wrong password → 401 Invalid credentials', async () => {
    const r = await api('POST', '/api/auth/login', { body: { email: A.email, password: 'Wr0ngPassword' } });
    assert.equal(r.status, 401);
    assert.equal(r.body.message, 'Invalid credentials');
    const u = await api('POST', '/api/auth/login', { body: { email: uniqueEmail('nobody'), password: 'Wr0ngPassword' } });
    assert.equal(u.status, 401);
    assert.equal(u.body.message, 'Invalid credentials', 'unknown email and wrong password look the same');
  });

  test('refresh → a new working pair', async () => {
    const reg = await server.register({ name: 'Rita Refresh' });
    const r = await api('POST', '/api/auth/refresh', { body: { refreshToken: reg.refreshToken } });
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.body.token, 'string');
    assert.equal(typeof r.body.refreshToken, 'string');
    assert.notEqual(r.body.refreshToken, reg.refreshToken, 'refresh token rotated');
    const me = await api('GET', '/api/auth/me', { token: r.body.token });
    assert.equal(me.status, 200);
    const meUser = me.body.user ?? me.body;
    assert.equal(meUser._id, reg.user._id);
  });

  test('logout → 2xx and the refresh token no longer works', async () => {
    const reg = await server.register({ name: 'Leo Logout' });
    const r = await api('POST', '/api/auth/logout', { token: reg.token, body: { refreshToken: reg.refreshToken } });
    assert.ok(r.status === 200 || r.status === 204, `${r.status} ${r.text}`);
    const again = await api('POST', '/api/auth/refresh', { body: { refreshToken: reg.refreshToken } });
    assert.equal(again.status, 401);
  });

  test('GET /api/auth/profile and /me return the caller, without password', async () => {
    const p = await api('GET', '/api/auth/profile', { token: A.token });
    assert.equal(p.status, 200, p.text);
    const m = await api('GET', '/api/auth/me', { token: A.token });
    assert.equal(m.status, 200, m.text);
    assert.deepEqual(m.body, p.body, '/me is an alias of /profile');
    const u = p.body.user ?? p.body;
    assert.equal(u._id, A.user._id);
    assert.equal(u.email, A.email);
    assert.equal(u.name, 'Alice Happy');
    assert.equal(u.role, 'user');
    assert.match(u.createdAt, ISO);
    assert.ok(!('password' in u));
    assert.ok(!p.text.includes('$2'), 'no hash in profile');
  });

  test('PUT /api/auth/profile updates the name (persisted)', async () => {
    const r = await api('PUT', '/api/auth/profile', { token: A.token, body: { name: 'Alice Renamed' } });
    assert.equal(r.status, 200, r.text);
    const u = r.body.user ?? r.body;
    assert.equal(u.name, 'Alice Renamed');
    assert.ok(!('password' in u));
    const p = await api('GET', '/api/auth/me', { token: A.token });
    assert.equal((p.body.user ?? p.body).name, 'Alice Renamed');
    const bad = await api('PUT', '/api/auth/profile', { token: A.token, body: { name: 'A' } });
    assert.equal(bad.status, 400, 'a 1-character name is rejected');
  });

  test('PUT /api/auth/profile: changing the password needs the current one', async () => {
    const u = await server.register({ name: 'Paula Password' });
    const newPassword = 'N3wPassword!x';
    const none = await api('PUT', '/api/auth/profile', { token: u.token, body: { password: newPassword } });
    assert.ok([400, 401, 403].includes(none.status), `no currentPassword → ${none.status} ${none.text}`);
    const wrong = await api('PUT', '/api/auth/profile', {
      token: u.token, body: { password: newPassword, currentPassword: 'Wr0ngCurrent' },
    });
    assert.ok([400, 401, 403].includes(wrong.status), `wrong currentPassword → ${wrong.status} ${wrong.text}`);
    const stolenEmail = await api('PUT', '/api/auth/profile', { token: u.token, body: { email: uniqueEmail('steal') } });
    assert.ok([400, 401, 403].includes(stolenEmail.status), `email change without currentPassword → ${stolenEmail.status}`);
    const old = await server.api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
    assert.equal(old.status, 200, 'the refused changes changed nothing');
    const ok = await api('PUT', '/api/auth/profile', {
      token: u.token, body: { password: newPassword, currentPassword: u.password },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.ok(!ok.text.includes(newPassword));
    const l = await server.api('POST', '/api/auth/login', { body: { email: u.email, password: newPassword } });
    assert.equal(l.status, 200, 'login with the new password');
    const l2 = await server.api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
    assert.equal(l2.status, 401, 'the old password no longer works');
  });
});

describe('agents', () => {
  let agent;

  test('POST /api/agents with companyName alias → 201 with company and companyName', async () => {
    const r = await api('POST', '/api/agents', {
      token: A.token,
      body: {
        name: 'Nora',
        companyName: 'Northwind Broadband',
        personality: 'warm and efficient',
        companyInfo: 'Northwind Broadband sells fibre internet. Our support line is open from 8am to 8pm, Monday to Saturday. Refunds are processed within 5 business days.',
        prompts: ['Always greet the customer by name if known.', 'Mention the 30-day money-back guarantee.'],
        knowledge: [{ question: 'Do you offer a student discount?', answer: 'Yes: students get 20 percent off any plan with a valid student ID.' }],
      },
    });
    assert.equal(r.status, 201, r.text);
    agent = r.body;
    assert.match(agent._id, HEX24);
    assert.equal(agent.name, 'Nora');
    assert.equal(agent.company, 'Northwind Broadband');
    assert.equal(agent.companyName, 'Northwind Broadband');
    assert.equal(agent.personality, 'warm and efficient');
    assert.match(agent.companyInfo, /8am to 8pm/);
    assert.deepEqual(agent.prompts, ['Always greet the customer by name if known.', 'Mention the 30-day money-back guarantee.']);
    assert.deepEqual(agent.knowledge, [{ question: 'Do you offer a student discount?', answer: 'Yes: students get 20 percent off any plan with a valid student ID.' }]);
    assert.equal(agent.userId, A.user._id);
    assert.ok(['formal', 'casual', 'friendly', 'professional'].includes(agent.responseStyle));
    assert.equal(typeof agent.settings?.maxTokens, 'number');
    assert.equal(typeof agent.settings?.temperature, 'number');
    assert.match(agent.createdAt, ISO);
    assert.match(agent.updatedAt, ISO);
  });

  test('POST /api/agents with the README fields (company, responseStyle, settings)', async () => {
    const r = await api('POST', '/api/agents', {
      token: A.token,
      body: {
        name: 'Rex',
        company: 'Contoso Air',
        personality: 'formal',
        systemPrompt: 'You are Rex from Contoso Air.',
        responseStyle: 'formal',
        settings: { maxTokens: 200, temperature: 0.2 },
        companyInfo: 'Contoso Air flies to 40 cities.',
      },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.company, 'Contoso Air');
    assert.equal(r.body.companyName, 'Contoso Air');
    assert.equal(r.body.responseStyle, 'formal');
    assert.equal(r.body.systemPrompt, 'You are Rex from Contoso Air.');
    assert.deepEqual(r.body.settings, { maxTokens: 200, temperature: 0.2 });
    assert.deepEqual(r.body.prompts, [], 'prompts default to []');
  });

  test('GET /api/agents lists the caller\'s agents; GET /:id returns one', async () => {
    const l = await api('GET', '/api/agents', { token: A.token });
    assert.equal(l.status, 200);
    assert.ok(Array.isArray(l.body), 'bare array');
    assert.ok(l.body.some((a) => a._id === agent._id));
    for (const a of l.body) assert.equal(a.userId, A.user._id);
    const g = await api('GET', `/api/agents/${agent._id}`, { token: A.token });
    assert.equal(g.status, 200);
    assert.equal(g.body._id, agent._id);
    assert.equal(g.body.companyName, 'Northwind Broadband');
  });

  test('PUT /api/agents/:id updates fields (companyName alias too) and keeps the rest', async () => {
    const r = await api('PUT', `/api/agents/${agent._id}`, {
      token: A.token,
      body: { personality: 'cheerful', companyName: 'Northwind Fibre', settings: { maxTokens: 120, temperature: 0.4 } },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.personality, 'cheerful');
    assert.equal(r.body.company, 'Northwind Fibre');
    assert.equal(r.body.companyName, 'Northwind Fibre');
    assert.equal(r.body.name, 'Nora', 'unspecified fields are kept');
    assert.match(r.body.companyInfo, /8am to 8pm/);
    assert.equal(r.body.settings.temperature, 0.4);
    const g = await api('GET', `/api/agents/${agent._id}`, { token: A.token });
    assert.equal(g.body.personality, 'cheerful');
    assert.equal(g.body.company, 'Northwind Fibre');
    assert.ok(Date.parse(g.body.updatedAt) >= Date.parse(agent.updatedAt));
  });

  test('POST /api/agents/:id/test answers as that agent, grounded in its knowledge', async () => {
    const r = await api('POST', `/api/agents/${agent._id}/test`, {
      token: A.token, body: { message: 'What are your support hours?' },
    });
    assert.equal(r.status, 200, r.text);
    const text = r.body.response ?? r.body.message ?? r.body.reply?.content ?? r.body.content;
    assert.equal(typeof text, 'string', `answer text in ${r.text}`);
    assert.ok(text.length > 0);
    assert.match(text, /8\s?(am|a\.m\.|:00)/i, `the answer uses the agent's knowledge (hours): ${text}`);
    const k = await api('POST', `/api/agents/${agent._id}/test`, {
      token: A.token, body: { message: 'Is there any discount for students?' },
    });
    assert.equal(k.status, 200, k.text);
    const kt = k.body.response ?? k.body.message ?? k.body.reply?.content ?? k.body.content;
    assert.match(String(kt), /20\s?(percent|%)/i, `the answer uses the agent's knowledge item: ${kt}`);
  });

  test('DELETE /api/agents/:id → 200, then 404', async () => {
    const tmp = await server.createAgent(A.token, { name: 'Temp' });
    const d = await api('DELETE', `/api/agents/${tmp._id}`, { token: A.token });
    assert.equal(d.status, 200, d.text);
    assert.equal(typeof d.body.message, 'string');
    const g = await api('GET', `/api/agents/${tmp._id}`, { token: A.token });
    assert.equal(g.status, 404);
    const l = await api('GET', '/api/agents', { token: A.token });
    assert.ok(!l.body.some((a) => a._id === tmp._id));
  });
});

describe('conversations', () => {
  let agent;
  let conv;       // with agent
  let sim;        // call simulator
  // Calm lines: none of them may trigger escalation (urgent, repeated negative, asks for a human).
  const sent = ['Hi there', 'I need help changing my address',
    'I would like to cancel my subscription', 'Thanks, that is great!'];
  const replies = [];

  before(async () => {
    agent = await server.createAgent(A.token, { name: 'Cora', company: 'Acme Telecom' });
  });

  test('POST /api/conversations {agentId, title} → 201 with a welcome message', async () => {
    const r = await api('POST', '/api/conversations', { token: A.token, body: { agentId: agent._id, title: 'My chat' } });
    assert.equal(r.status, 201, r.text);
    conv = r.body;
    assert.match(conv._id, HEX24);
    assert.equal(conv.title, 'My chat');
    assert.equal(conv.userId, A.user._id);
    assert.equal(conv.agentId, agent._id);
    assert.equal(conv.status, 'active');
    assert.ok(Array.isArray(conv.messages) && conv.messages.length >= 1, 'welcome message');
    const welcome = conv.messages.find((m) => m.role === 'assistant');
    assertMessage(welcome, 'assistant');
    assert.ok(!conv.messages.some((m) => m.role === 'system'), 'no system message in the POST response');
  });

  test('POST /api/conversations {isCallSimulator:true} → demoAgent Sigma', async () => {
    const r = await api('POST', '/api/conversations', { token: A.token, body: { isCallSimulator: true } });
    assert.equal(r.status, 201, r.text);
    sim = r.body;
    assert.equal(sim.demoAgent?.name, 'Sigma');
    assert.equal(sim.demoAgent?.company, 'Zero to Hero');
    assert.equal(typeof sim.demoAgent?.personality, 'string');
    if (sim.agentId) {
      // Demo agents are stored and readable by everyone (docs/API.md); the old API sent none.
      const demo = await api('GET', `/api/agents/${sim.agentId}`, { token: A.token });
      assert.equal(demo.status, 200, demo.text);
      assert.equal(demo.body.name, 'Sigma');
      assert.equal(demo.body.isDemo, true);
      assert.equal(demo.body.userId, null);
    }
    const welcome = sim.messages.find((m) => m.role === 'assistant');
    assertMessage(welcome, 'assistant');
    assert.match(welcome.content, /Sigma/);
  });

  test('POST /api/conversations {} (agentId is optional) → 201 with a welcome message', async () => {
    const r = await api('POST', '/api/conversations', { token: A.token, body: {} });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body._id, HEX24);
    assertMessage(r.body.messages.find((m) => m.role === 'assistant'), 'assistant');
    assert.deepEqual(r.body.welcomeMessage, r.body.messages[0], 'welcomeMessage is messages[0]');
    assert.ok(!r.body.demoAgent, 'demoAgent only for the simulator');
  });

  test('GET /api/conversations: newest first, ?agentId= filters', async () => {
    await sleep(5);
    const third = await server.createConversation(A.token, { agentId: agent._id, title: 'Third' });
    const l = await api('GET', '/api/conversations', { token: A.token });
    assert.equal(l.status, 200);
    assert.ok(Array.isArray(l.body), 'bare array');
    const ids = l.body.map((c) => c._id);
    const iThird = ids.indexOf(third._id);
    const iSim = ids.indexOf(sim._id);
    const iConv = ids.indexOf(conv._id);
    assert.ok(iThird >= 0 && iSim >= 0 && iConv >= 0, 'all listed');
    assert.ok(iThird < iSim && iSim < iConv, `newest first: ${ids}`);
    for (const c of l.body) assert.equal(c.userId, A.user._id);
    const f = await api('GET', `/api/conversations?agentId=${agent._id}`, { token: A.token });
    assert.equal(f.status, 200);
    const fids = f.body.map((c) => c._id);
    assert.ok(fids.includes(conv._id) && fids.includes(third._id));
    assert.ok(!fids.includes(sim._id), 'simulator conversation filtered out');
    for (const c of f.body) assert.equal(c.agentId, agent._id);
  });

  test('GET /api/conversations?limit=&offset= pages the newest-first list', async () => {
    const all = (await api('GET', '/api/conversations', { token: A.token })).body;
    assert.ok(all.length >= 3);
    const page = await api('GET', '/api/conversations?limit=2&offset=1', { token: A.token });
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(page.body.map((c) => c._id), all.slice(1, 3).map((c) => c._id));
    const past = await api('GET', `/api/conversations?limit=5&offset=${all.length}`, { token: A.token });
    assert.deepEqual(past.body, []);
  });

  test('the list reflects every write at once (read-your-writes through the list cache)', async () => {
    const c = await server.createConversation(A.token, { agentId: agent._id, title: 'Cache probe' });
    const find = async () => (await api('GET', '/api/conversations', { token: A.token })).body.find((x) => x._id === c._id);
    const l0 = await find();
    assert.equal(l0.title, 'Cache probe');
    assert.ok(!('messages' in l0), 'the list has no messages (docs/API.md)');
    const n0 = l0.analytics.messageCount;
    await server.postMessage(A.token, c._id, 'What time do you open on Saturday?');
    const l1 = await find();
    assert.equal(l1.analytics.messageCount, n0 + 2, 'messageCount after a turn');
    assert.ok(Date.parse(l1.updatedAt) >= Date.parse(l0.updatedAt));
    await api('PUT', `/api/conversations/${c._id}`, { token: A.token, body: { title: 'Cache probe renamed' } });
    assert.equal((await find()).title, 'Cache probe renamed');
    await api('PUT', `/api/conversations/${c._id}/end`, { token: A.token });
    assert.equal((await find()).status, 'completed');
    await api('DELETE', `/api/conversations/${c._id}`, { token: A.token });
    assert.equal(await find(), undefined, 'deleted');
    // Another user's writes never show up in A's list, and A's cache is not B's.
    const B = await server.register({ name: 'Cache Bob' });
    const cb = await server.createConversation(B.token, { isCallSimulator: true });
    const la = (await api('GET', '/api/conversations', { token: A.token })).body;
    assert.ok(!la.some((x) => x._id === cb._id));
    const lb = (await api('GET', '/api/conversations', { token: B.token })).body;
    assert.deepEqual(lb.map((x) => x._id), [cb._id]);
  });

  test('POST /:id/messages → 201 assistant reply with metadata, in order', async () => {
    for (const content of sent) {
      const r = await api('POST', `/api/conversations/${conv._id}/messages`, { token: A.token, body: { content } });
      assert.equal(r.status, 201, r.text);
      assertReply(r.body);
      replies.push(r.body);
    }
    // An intent/sentiment sanity check on unambiguous lines.
    assert.equal(replies[2].metadata.intent, 'cancellation', `"${sent[2]}" → ${JSON.stringify(replies[2].metadata)}`);
    assert.equal(replies[3].metadata.sentiment, 'positive', `"${sent[3]}" → ${JSON.stringify(replies[3].metadata)}`);
    for (let i = 1; i < replies.length; i++) {
      assert.ok(Date.parse(replies[i].timestamp) >= Date.parse(replies[i - 1].timestamp), 'timestamps never go back');
    }
  });

  test('GET /:id/messages returns every message in order', async () => {
    const r = await api('GET', `/api/conversations/${conv._id}/messages`, { token: A.token });
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body), 'bare array');
    const visible = r.body.filter((m) => m.role !== 'system');
    const users = visible.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual(users, sent, 'user messages in order');
    for (const m of r.body) assert.match(m._id, HEX24);
    assert.equal(new Set(r.body.map((m) => m._id)).size, r.body.length, 'unique message ids');
    // Each user message is followed by its reply.
    for (let i = 0; i < sent.length; i++) {
      const at = visible.findIndex((m) => m.role === 'user' && m.content === sent[i]);
      assert.equal(visible[at + 1]?.role, 'assistant', `a reply follows "${sent[i]}"`);
      assert.equal(visible[at + 1].content, replies[i].content, 'the stored reply is the one returned');
    }
    for (let i = 1; i < r.body.length; i++) {
      assert.ok(Date.parse(r.body[i].timestamp) >= Date.parse(r.body[i - 1].timestamp), 'chronological');
    }
  });

  test('GET /:id → the conversation with its messages', async () => {
    const r = await api('GET', `/api/conversations/${conv._id}`, { token: A.token });
    assert.equal(r.status, 200);
    assert.equal(r.body._id, conv._id);
    assert.equal(typeof r.body.title, 'string');
    assert.ok(Array.isArray(r.body.messages));
    const users = r.body.messages.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual(users, sent);
    for (const m of r.body.messages) {
      assert.match(m._id, HEX24);
      assert.match(m.timestamp, ISO);
    }
  });

  test('escalation: asking for a human → no bot reply, awaitingHuman; a human answers with role "human"', async () => {
    const c = await server.createConversation(A.token, { agentId: agent._id });
    const r = await api('POST', `/api/conversations/${c._id}/messages`, {
      token: A.token, body: { content: 'Let me talk to a human agent please' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.escalated, true, r.text);
    assert.equal(r.body.escalatedNow, true);
    assert.equal(r.body.status, 'escalated');
    // The escalating turn itself gets a hand-off reply; later user turns get none.
    assert.equal(r.body.reply?.role, 'assistant');
    const w = await api('POST', `/api/conversations/${c._id}/messages`, {
      token: A.token, body: { content: 'Hello? Is anyone there?' },
    });
    assert.equal(w.status, 201, w.text);
    assert.equal(w.body.reply, null, w.text);
    assert.equal(w.body.awaitingHuman, true);
    assert.equal(w.body.escalatedNow, false);
    assert.equal(w.body.role, 'user', 'the top level is the stored user message');
    assert.equal(w.body.content, 'Hello? Is anyone there?');
    assert.equal(typeof w.body.notice, 'string');
    const h = await api('POST', `/api/conversations/${c._id}/messages`, {
      token: A.token, body: { content: 'Hi, this is Sam from the support team.', role: 'human' },
    });
    assert.equal(h.status, 201, h.text);
    assert.equal(h.body.role, 'human');
    assert.equal(h.body.reply, null);
    const bad = await api('POST', `/api/conversations/${c._id}/messages`, {
      token: A.token, body: { content: 'x', role: 'system' },
    });
    assert.equal(bad.status, 400, 'role system is refused');
    const m = await api('GET', `/api/conversations/${c._id}/messages`, { token: A.token });
    assert.deepEqual(m.body.slice(-2).map((x) => x.role), ['user', 'human']);
    const g = await api('GET', `/api/conversations/${c._id}`, { token: A.token });
    assert.equal(g.body.status, 'escalated');
  });

  test('PUT /:id updates title and status', async () => {
    const r = await api('PUT', `/api/conversations/${sim._id}`, {
      token: A.token, body: { title: 'Renamed call', status: 'archived' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.title, 'Renamed call');
    assert.equal(r.body.status, 'archived');
    const g = await api('GET', `/api/conversations/${sim._id}`, { token: A.token });
    assert.equal(g.body.title, 'Renamed call');
    assert.equal(g.body.status, 'archived');
    const bad = await api('PUT', `/api/conversations/${sim._id}`, { token: A.token, body: { status: 'exploded' } });
    assert.equal(bad.status, 400, 'unknown status rejected');
  });

  test('PUT /:id/end → completed with duration, sentiment and title', async () => {
    const r = await api('PUT', `/api/conversations/${conv._id}/end`, { token: A.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body._id, conv._id);
    assert.equal(r.body.status, 'completed');
    const an = r.body.analytics;
    assert.ok(an && typeof an === 'object', `analytics in ${r.text.slice(0, 300)}`);
    assert.equal(typeof an.duration, 'number');
    assert.ok(an.duration >= 0);
    assert.ok(SENTIMENTS.includes(an.sentiment), `sentiment ${an.sentiment}`);
    assert.equal(an.messageCount >= sent.length * 2, true, `messageCount ${an.messageCount}`);
    assert.equal(typeof r.body.title, 'string');
    assert.ok(r.body.title.length > 0);
    const g = await api('GET', `/api/conversations/${conv._id}`, { token: A.token });
    assert.equal(g.body.status, 'completed', 'persisted');
  });

  test('POST /:id/audio (multipart WAV + transcript) stores the user message and replies', async () => {
    const c = await server.createConversation(A.token, { agentId: agent._id });
    const fd = new FormData();
    fd.append('audio', new Blob([makeWav()], { type: 'audio/wav' }), 'clip.wav');
    fd.append('transcript', 'Where is my order?');
    track('POST', `/api/conversations/${c._id}/audio`);
    const res = await fetch(`${server.baseUrl}/api/conversations/${c._id}/audio`, {
      method: 'POST', headers: { authorization: `Bearer ${A.token}` }, body: fd,
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const body = JSON.parse(text);
    // docs/API.md: 201 Turn + audioUrl (the upload, stored as <owner id>/<24 hex>.<ext>) + transcript.
    assert.match(body.audioUrl, new RegExp(`^/public/audio/${A.user._id}/[0-9a-f]{24}\\.wav$`), `audioUrl in ${text}`);
    assert.equal(body.transcript, 'Where is my order?');
    assert.equal(body.reply?.role, 'assistant', 'a bot reply');
    assert.equal(body.userMessage?.content, 'Where is my order?');
    assert.ok(!text.includes('clip.wav'), 'the client filename is never used');
    const m = await api('GET', `/api/conversations/${c._id}/messages`, { token: A.token });
    const user = m.body.find((x) => x.role === 'user');
    assert.ok(user, 'a user message was stored');
    assert.equal(user.content, 'Where is my order?');
    assert.equal(typeof user.audioUrl, 'string', 'the user message links the upload');
    assert.ok(m.body.filter((x) => x.role === 'assistant').length >= 2, 'welcome + reply');
    // The uploaded file is served back.
    const f = await server.api('GET', user.audioUrl.startsWith('/public/') ? user.audioUrl : `/public${user.audioUrl}`);
    assert.equal(f.status, 200, `GET ${user.audioUrl}`);
    assert.ok(f.buf.equals(makeWav()), 'the stored upload is byte-identical');
  });

  test('GET /stats/user/:id → the six dashboard fields', async () => {
    const r = await api('GET', `/api/conversations/stats/user/${A.user._id}`, { token: A.token });
    assert.equal(r.status, 200, r.text);
    const s = r.body;
    assert.equal(typeof s.totalCalls, 'number');
    assert.ok(s.totalCalls >= 3, `totalCalls ${s.totalCalls}`);
    assert.equal(typeof s.averageDuration, 'number');
    assert.match(s.lastActivity, ISO);
    for (const k of SENTIMENTS) assert.equal(typeof s.sentimentBreakdown?.[k], 'number', `sentimentBreakdown.${k}`);
    const sum = SENTIMENTS.reduce((n, k) => n + s.sentimentBreakdown[k], 0);
    assert.equal(sum, s.totalCalls, 'every conversation is in one sentiment bucket');
    assert.equal(typeof s.totalMessages, 'number');
    assert.ok(s.totalMessages >= sent.length * 2, `totalMessages ${s.totalMessages}`);
    assert.ok(Array.isArray(s.companiesInteractedWith));
  });

  test('DELETE /:id → 200, then 404 and gone from the list', async () => {
    const c = await server.createConversation(A.token, { agentId: agent._id });
    const d = await api('DELETE', `/api/conversations/${c._id}`, { token: A.token });
    assert.equal(d.status, 200, d.text);
    assert.equal(typeof d.body.message, 'string');
    assert.equal((await api('GET', `/api/conversations/${c._id}`, { token: A.token })).status, 404);
    assert.equal((await api('GET', `/api/conversations/${c._id}/messages`, { token: A.token })).status, 404);
    const l = await api('GET', '/api/conversations', { token: A.token });
    assert.ok(!l.body.some((x) => x._id === c._id));
  });
});

describe('nlu, static files, openapi', () => {
  test('POST /api/nlu/analyze → intent, sentiment, company', async () => {
    const r = await api('POST', '/api/nlu/analyze', {
      token: A.token, body: { text: 'URGENT: my Netflix account was hacked and I need help right now!' },
    });
    assert.equal(r.status, 200, r.text);
    assert.ok(INTENTS.includes(r.body.intent), r.text);
    assert.ok(Array.isArray(r.body.intents));
    assert.equal(r.body.sentiment, 'urgent', r.text);
    assert.equal(typeof r.body.confidence, 'number');
    assert.match(String(r.body.company), /netflix/i, r.text);
  });

  test('GET /public/audio/:file → audio MIME type; Range → 206', async () => {
    const wav = makeWav({ seconds: 0.25 });
    fs.writeFileSync(path.join(server.tmpDir, 'public', 'audio', 'fixture.wav'), wav);
    const r = await api('GET', '/public/audio/fixture.wav');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^audio\/(x-)?wav/);
    assert.ok(r.buf.equals(wav));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const p = await api('GET', '/public/audio/fixture.wav', { headers: { range: 'bytes=0-99' } });
    assert.equal(p.status, 206);
    assert.equal(p.headers.get('content-range'), `bytes 0-99/${wav.length}`);
    assert.equal(p.buf.length, 100);
    assert.ok(p.buf.equals(wav.subarray(0, 100)));
    const tail = await api('GET', '/public/audio/fixture.wav', { headers: { range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.ok(tail.buf.equals(wav.subarray(wav.length - 10)));
    const bad = await server.api('GET', '/public/audio/fixture.wav', { headers: { range: `bytes=${wav.length + 10}-` } });
    assert.equal(bad.status, 416);
    const missing = await server.api('GET', '/public/audio/nope.wav');
    assert.equal(missing.status, 404);
  });

  test('GET /api/openapi.json lists every path called in this file', async () => {
    const r = await server.api('GET', '/api/openapi.json');
    assert.equal(r.status, 200);
    assert.match(String(r.body.openapi), /^3\./);
    const documented = new Set();
    for (const [p, ops] of Object.entries(r.body.paths ?? {})) {
      const template = p.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_]+/g, '{}');
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${template}`);
    }
    const missing = [...called].filter((c) => !c.startsWith('GET /public/') && !documented.has(c));
    assert.deepEqual(missing, [], `undocumented in openapi.json: ${missing.join(', ')}`);
    assert.ok(called.size >= 25, `called ${called.size} routes`);
  });

  test('the server log holds no password, JWT or refresh token', async () => {
    await sleep(1200);  // the access log is flushed every second
    server.assertNoSecretsLogged();
    assertLogsClean(server, {
      password: A.password, token: A.token, refreshToken: A.refreshToken, jwtSecret: server.jwtSecret,
    });
    assert.ok(server.output.length > 0, 'the access log is on and captured');
  });
});
