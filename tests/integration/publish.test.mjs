// Issue 10: publishing an agent (widget keys), error bodies with `error`, microphone uploads
// (WebM/Opus labelled audio/wav), and issue 14's registration limit per IP. The limit is set low
// (RATE_LIMIT_REGISTRATIONS_PER_HOUR) so this file has its own server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, expectError, uniqueEmail, sleep, sqlite, DEFAULT_PASSWORD } from './harness.mjs';

const REGISTRATION_LIMIT = 4;
const WIDGET_KEY = /^wk_[A-Za-z0-9_-]{32}$/;

let server;
let owner;
let other;
before(async () => {
  server = await startServer({ env: { RATE_LIMIT_REGISTRATIONS_PER_HOUR: String(REGISTRATION_LIMIT) } });
  owner = await server.register({ name: 'Agent Owner' });
  other = await server.register({ name: 'Someone Else' });
});
after(async () => { await server?.close(); });

test('publish → widget key and embed; idempotent; GET shows it; unpublish; rotate', async () => {
  const agent = await server.createAgent(owner.token);
  assert.equal(agent.published, false);
  assert.equal(agent.widgetKey, null);

  const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: owner.token });
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.body.agentId, agent._id);
  assert.equal(pub.body.published, true);
  assert.match(pub.body.widgetKey, WIDGET_KEY);
  const key = pub.body.widgetKey;
  assert.equal(pub.body.embed, `<script src="/widget.js" data-widget-key="${key}" async></script>`);

  const again = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: owner.token });
  assert.equal(again.status, 200);
  assert.equal(again.body.widgetKey, key, 'publishing again keeps the key');

  const got = await server.api('GET', `/api/agents/${agent._id}`, { token: owner.token });
  assert.equal(got.body.published, true);
  assert.equal(got.body.widgetKey, key);
  const list = await server.api('GET', '/api/agents', { token: owner.token });
  assert.equal(list.body.find((a) => a._id === agent._id)?.widgetKey, key);

  const rotated = await server.api('POST', `/api/agents/${agent._id}/publish/rotate`, { token: owner.token });
  assert.equal(rotated.status, 200, rotated.text);
  assert.equal(rotated.body.published, true);
  assert.match(rotated.body.widgetKey, WIDGET_KEY);
  assert.notEqual(rotated.body.widgetKey, key);
  assert.ok(rotated.body.embed.includes(rotated.body.widgetKey));

  const off = await server.api('DELETE', `/api/agents/${agent._id}/publish`, { token: owner.token });
  assert.equal(off.status, 200, off.text);
  assert.deepEqual(off.body, { agentId: agent._id, published: false });
  const unpublished = await server.api('GET', `/api/agents/${agent._id}`, { token: owner.token });
  assert.equal(unpublished.body.published, false);

  // The key is kept in the database while unpublished (it works again after a new publish).
  const row = sqlite(server.dbPath, `SELECT published, widget_key FROM agents WHERE id = '${agent._id}';`).trim();
  assert.equal(row, `0|${rotated.body.widgetKey}`);
});

test("another user's agent, an unknown id and a demo agent → 404; no token → 401", async () => {
  const agent = await server.createAgent(owner.token);
  for (const [method, suffix] of [['POST', '/publish'], ['DELETE', '/publish'], ['POST', '/publish/rotate']]) {
    const r = await server.api(method, `/api/agents/${agent._id}${suffix}`, { token: other.token });
    expectError(r, 404, `${method} ${suffix} as another user`);
    assert.equal(r.body.message, 'Agent not found');
    const none = await server.api(method, `/api/agents/${agent._id}${suffix}`);
    expectError(none, 401, `${method} ${suffix} without a token`);
  }
  const unknown = await server.api('POST', '/api/agents/cccccccccccccccccccccccc/publish', { token: owner.token });
  expectError(unknown, 404, 'unknown agent');
  expectError(await server.api('POST', '/api/agents/123/publish', { token: owner.token }), 400, 'bad id', 'INVALID_ID');

  const sim = await server.createConversation(owner.token, { isCallSimulator: true });
  assert.ok(sim.agentId, 'the call simulator uses a demo agent');
  const demo = await server.api('POST', `/api/agents/${sim.agentId}/publish`, { token: owner.token });
  expectError(demo, 404, 'publishing a demo agent');
  const mine = await server.api('GET', `/api/agents/${agent._id}`, { token: owner.token });
  assert.equal(mine.body.published, false, "another user's attempts changed nothing");
});

test('every error body carries `error` equal to `message`', async () => {
  const cases = [
    await server.api('GET', '/api/agents'),                                            // 401
    await server.api('GET', '/api/agents/cccccccccccccccccccccccc', { token: owner.token }), // 404
    await server.api('POST', '/api/auth/register', { body: { name: 'x' } }),            // 400 + details
    await server.api('GET', '/api/no-such-route', { token: owner.token }),             // 404 route
  ];
  for (const r of cases) {
    assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
    assert.equal(typeof r.body.error, 'string', r.text);
    assert.equal(r.body.error, r.body.message, r.text);
  }
  assert.ok(cases[2].body.details, 'details are kept');
});

// Uploads `bytes` as the multipart `audio` part (declared `type`, file name `name`) with a
// transcript; returns {status, body}.
async function upload(conversationId, bytes, { type = 'audio/wav', name = 'blob', transcript = 'hello' } = {}) {
  const fd = new FormData();
  fd.append('audio', new Blob([bytes], { type }), name);
  fd.append('transcript', transcript);
  const res = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/audio`, {
    method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: fd,
  });
  const text = await res.text();
  assert.ok(res.status < 500, `audio upload → ${res.status} ${text}`);
  return { status: res.status, text, body: JSON.parse(text) };
}

test('a MediaRecorder WebM/Opus upload labelled audio/wav (filename blob) is stored as .webm and answered', async () => {
  const conv = await server.createConversation(owner.token);
  // Chrome's MediaRecorder output starts with this EBML header (DocType "webm", Opus track).
  const header = Buffer.from([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01,
    0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6D, 0x42, 0x87,
    0x81, 0x04, 0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67]);
  const body = Buffer.concat([header, Buffer.from('A_OPUS'), Buffer.alloc(2000, 7)]);
  const r = await upload(conv._id, body, { transcript: 'What are your support hours?' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.audioUrl, /^\/public\/audio\/[0-9a-f]{24}\/[0-9a-f]{24}\.webm$/);
  assert.equal(r.body.transcript, 'What are your support hours?');
  assert.equal(typeof r.body.content, 'string');
  assert.ok(r.body.content.length > 0, 'the assistant answered');
  const stored = path.join(server.tmpDir, 'public', 'audio', r.body.audioUrl.slice('/public/audio/'.length));
  assert.deepEqual(fs.readFileSync(stored), body, 'stored byte for byte');

  // Ogg/Opus (Firefox) too; bytes that are not audio are still refused whatever their label.
  const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.from([0, 2]), Buffer.alloc(20, 0), Buffer.from('OpusHead'), Buffer.alloc(100, 1)]);
  const r2 = await upload(conv._id, ogg);
  assert.equal(r2.status, 201, r2.text);
  assert.match(r2.body.audioUrl, /\.ogg$/);

  const r3 = await upload(conv._id, Buffer.from('<html><body>not audio</body></html>'));
  assert.equal(r3.status, 422, r3.text);
  assert.equal(r3.body.code, 'INVALID_AUDIO');
  assert.equal(r3.body.error, r3.body.message);
});

// Runs last in this file: it uses up the registration budget of 127.0.0.1.
test(`registration: ${REGISTRATION_LIMIT} accounts per IP per hour, then 429 with Retry-After`, async () => {
  // Two accounts were created in before(); failed registrations do not count.
  const bad = await server.api('POST', '/api/auth/register', { body: { name: 'No', email: 'not-an-email', password: DEFAULT_PASSWORD } });
  expectError(bad, 400, 'invalid registration');
  for (let i = 2; i < REGISTRATION_LIMIT; i++) await server.register({ name: `User ${i}` });
  const email = uniqueEmail('limited');
  const r = await server.api('POST', '/api/auth/register', { body: { name: 'One Too Many', email, password: DEFAULT_PASSWORD } });
  expectError(r, 429, 'registration over the limit', 'TOO_MANY_REQUESTS');
  const retryAfter = Number(r.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 3600, `Retry-After ${r.headers.get('retry-after')}`);
  // Nothing was created, and logins and existing sessions still work.
  const login = await server.api('POST', '/api/auth/login', { body: { email, password: DEFAULT_PASSWORD } });
  expectError(login, 401, 'the refused account does not exist');
  const ok = await server.api('POST', '/api/auth/login', { body: { email: owner.email, password: owner.password } });
  assert.equal(ok.status, 200, ok.text);
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);  // the access log is flushed every second
  server.assertNoSecretsLogged();
});
