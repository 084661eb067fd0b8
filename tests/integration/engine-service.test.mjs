// The engine as the one application service (issue 10): takeover and handback, sentiment
// re-analysis, the history page's ?include=messages, and the conversation list seeing every change
// at once (the list cache follows the engine's change feed).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.mjs';

let server;
let user;
let other;

before(async () => {
  server = await startServer();
  user = await server.register({ name: 'Eve Engine' });
  other = await server.register({ name: 'Oscar Other' });
});
after(async () => { await server?.close(); });

const listed = async (token, query = '') => {
  const r = await server.api('GET', `/api/conversations${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body;
};

describe('the engine service over REST', () => {
  test('takeover silences the bot, handback restores it, and the list follows at once', async () => {
    const conv = await server.createConversation(user.token, { title: 'Takeover' });
    const id = conv._id;
    assert.equal((await listed(user.token)).find((c) => c._id === id).status, 'active');

    const taken = await server.api('POST', `/api/conversations/${id}/takeover`, { token: user.token, body: {} });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.status, 'escalated');
    // Read-your-writes: the cached list already shows it.
    assert.equal((await listed(user.token)).find((c) => c._id === id).status, 'escalated');

    const silent = await server.postMessage(user.token, id, 'What are your opening hours?');
    assert.equal(silent.reply, null);
    assert.equal(silent.awaitingHuman, true);

    expectError(await server.api('POST', `/api/conversations/${id}/handback`, { token: other.token }), 404);
    const back = await server.api('POST', `/api/conversations/${id}/handback`, { token: user.token });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.status, 'active');
    const answered = await server.postMessage(user.token, id, 'What are your opening hours?');
    assert.equal(answered.role, 'assistant');
    assert.ok(answered.reply);
    const row = (await listed(user.token)).find((c) => c._id === id);
    assert.equal(row.status, 'active');
    assert.equal(row.analytics.messageCount, 4);  // welcome, 2 user messages, 1 reply
  });

  test('reanalyze-sentiment answers the old frontend shape', async () => {
    const conv = await server.createConversation(user.token, { title: 'Angry' });
    await server.postMessage(user.token, conv._id, 'This is terrible, my order never arrived');
    const r = await server.api('POST', '/api/conversations/reanalyze-sentiment', { token: user.token, body: {} });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(typeof r.body.message, 'string');
    assert.equal(r.body.totalConversations, (await listed(user.token)).length);
    assert.equal(typeof r.body.updatedConversations, 'number');
    expectError(await server.api('POST', '/api/conversations/reanalyze-sentiment', { body: {} }), 401);
  });

  test('?include=messages returns whole documents; the light list stays light', async () => {
    const light = await listed(user.token);
    assert.ok(light.length >= 2);
    for (const c of light) assert.equal(c.messages, undefined);
    const full = await listed(user.token, '?include=messages');
    assert.equal(full.length, light.length);
    for (const c of full) {
      assert.ok(Array.isArray(c.messages));
      assert.equal(c.messages.length, c.analytics.messageCount);
    }
    expectError(await server.api('GET', '/api/conversations?include=nope', { token: user.token }), 400);
    assert.equal((await listed(other.token, '?include=messages')).length, 0);
  });
});
