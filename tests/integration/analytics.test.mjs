// Analytics and inbox filters over the real binary (issue 12 item 7, issue 15 items 3 and 5):
// GET /api/conversations/stats/user/:id?from=&to=&agentId=&tz= and
// GET /api/conversations?status=&sentiment=&company=&q=, answered in SQL by the store, on SQLite
// and (when postgresql-15 is installed) on a real PostgreSQL. Agent test chats are listed but not
// counted; another user's agent id gives zeros; bad values are 400 with field details.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.mjs';
import { havePostgres, startPostgres } from './pg.mjs';

const DAY = 24 * 3600 * 1000;
const utcDay = (t) => new Date(t).toISOString().slice(0, 10);

function suite(name, makeEnv, skip = false) {
  describe(name, { skip }, () => {
    let server;
    let pg;
    let A;
    let B;
    let agentX;
    let agentY;
    let agentZ; // Bob's.
    let escalated; // Alice's conversation with agent X that asks for a person.
    let thanked; // Alice's conversation with agent Y: answered, thanked, ended.
    let testConversationId;
    const stats = async (user, query = '') =>
      server.api('GET', `/api/conversations/stats/user/${user.user._id}${query}`, { token: user.token });
    const list = async (user, query) => {
      const r = await server.api('GET', `/api/conversations?include=${query}`, { token: user.token });
      assert.equal(r.status, 200, r.text);
      return r.body.map((c) => c._id);
    };

    before(async () => {
      ({ server, pg } = await makeEnv());
      A = await server.register({ name: 'Alice Analytics' });
      B = await server.register({ name: 'Bob Analytics' });
      agentX = await server.createAgent(A.token, { name: 'Xena', company: 'Acme Telecom' });
      agentY = await server.createAgent(A.token, { name: 'Yuri', company: 'Globex' });
      agentZ = await server.createAgent(B.token, { name: 'Zed', company: 'Initech' });

      const t = await server.api('POST', `/api/agents/${agentX._id}/test`,
        { token: A.token, body: { message: 'What are your support hours?' } });
      assert.equal(t.status, 200, t.text);
      testConversationId = t.body.conversationId;

      escalated = (await server.createConversation(A.token, { agentId: agentX._id, title: 'Broken router' }))._id;
      await server.postMessage(A.token, escalated, 'My router is broken and nobody helps, this is terrible');
      await server.postMessage(A.token, escalated, 'Let me talk to a human please');

      thanked = (await server.createConversation(A.token, { agentId: agentY._id, title: 'Hours' }))._id;
      await server.postMessage(A.token, thanked, 'When are you open? I need the PLAN_100% price too');
      await server.postMessage(A.token, thanked, 'thank you so much');
      const ended = await server.api('PUT', `/api/conversations/${thanked}/end`, { token: A.token });
      assert.equal(ended.status, 200, ended.text);

      const bobs = (await server.createConversation(B.token, { agentId: agentZ._id, title: 'Broken router' }))._id;
      await server.postMessage(B.token, bobs, 'My router is broken');
    });
    after(async () => {
      await server?.close();
      pg?.close();
    });

    test('agent test chats are listed, marked, and left out of the stats', async () => {
      const r = await server.api('GET', '/api/conversations?include=', { token: A.token });
      const testConv = r.body.find((c) => c._id === testConversationId);
      assert.ok(testConv, 'the test conversation is still listed');
      assert.equal(testConv.isTest, true);
      assert.equal(r.body.find((c) => c._id === escalated).isTest, false);

      const s = (await stats(A)).body;
      assert.equal(s.totalCalls, 2, JSON.stringify(s));
      // Welcome + 2 user + 2 replies in each; the test chat's 3 messages are not counted.
      assert.equal(s.totalMessages, 10);
      assert.equal(s.busiestHours.length, 24);
      assert.equal(s.busiestHours.reduce((a, b) => a + b, 0), 4, 'user messages by hour');
      assert.deepEqual(s.conversationsPerDay, [{ date: utcDay(Date.now()), count: 2 }]);
      assert.equal(s.topIntents.reduce((n, i) => n + i.count, 0), 4);
      assert.deepEqual(s.companiesInteractedWith, ['acme telecom', 'globex']);
      assert.deepEqual(s.companyBreakdown, [{ company: 'acme telecom', count: 1 }, { company: 'globex', count: 1 }]);
      // The old fields are all there, with their old types.
      for (const k of ['totalCalls', 'averageDuration', 'totalMessages']) assert.equal(typeof s[k], 'number', k);
      assert.equal(typeof s.lastActivity, 'string');
      assert.deepEqual(Object.keys(s.sentimentBreakdown).sort(), ['negative', 'neutral', 'positive', 'urgent']);
    });

    test('satisfaction reflects the outcome: escalated is low, answered and thanked is high', async () => {
      const get = async (id) => (await server.api('GET', `/api/conversations/${id}`, { token: A.token })).body;
      const e = await get(escalated);
      assert.equal(e.status, 'escalated');
      assert.ok(e.analytics.satisfaction > 0 && e.analytics.satisfaction <= 2.5, `escalated: ${e.analytics.satisfaction}`);
      const h = await get(thanked);
      assert.equal(h.status, 'completed');
      assert.ok(h.analytics.satisfaction >= 4.5, `thanked: ${h.analytics.satisfaction}`);
      const s = (await stats(A)).body;
      assert.equal(s.escalatedCount, 1);
      assert.equal(s.escalationRate, 0.5);
      assert.equal(s.ratedCount, 2);
      assert.ok(Math.abs(s.averageSatisfaction - (e.analytics.satisfaction + h.analytics.satisfaction) / 2) < 1e-9);
    });

    test('filters: agent, date range (to inclusive for a date, exclusive for a time), tz', async () => {
      const x = (await stats(A, `?agentId=${agentX._id}`)).body;
      assert.equal(x.totalCalls, 1);
      assert.equal(x.escalatedCount, 1);
      assert.deepEqual(x.companiesInteractedWith, ['acme telecom']);
      const today = utcDay(Date.now());
      assert.equal((await stats(A, `?from=${today}&to=${today}`)).body.totalCalls, 2);
      assert.equal((await stats(A, `?from=${utcDay(Date.now() + DAY)}`)).body.totalCalls, 0);
      assert.equal((await stats(A, `?to=${utcDay(Date.now() - DAY)}`)).body.totalCalls, 0);
      const now = new Date().toISOString();
      assert.equal((await stats(A, `?to=${now}`)).body.totalCalls, 2);
      assert.equal((await stats(A, `?from=${now}`)).body.totalCalls, 0);
      assert.equal((await stats(A, `?from=${today}T00:00:00Z&to=${today}T00:00:00Z`)).body.totalCalls, 0,
        'a time `to` is exclusive');
      // 14 hours east: the day and the hour buckets move with the offset.
      const east = (await stats(A, '?tz=840')).body;
      assert.deepEqual(east.conversationsPerDay, [{ date: utcDay(Date.now() + 840 * 60_000), count: 2 }]);
      const utc = (await stats(A)).body;
      const shift = (h) => (h + 14) % 24;
      utc.busiestHours.forEach((n, h) => assert.equal(east.busiestHours[shift(h)], n, `hour ${h}`));
    });

    test("another user's agent id gives zeros, never their data", async () => {
      const r = await stats(A, `?agentId=${agentZ._id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.totalCalls, 0);
      assert.equal(r.body.totalMessages, 0);
      assert.deepEqual(r.body.companiesInteractedWith, []);
      assert.deepEqual(r.body.topIntents, []);
      assert.equal(r.body.averageSatisfaction, null);
      assert.equal(r.body.lastActivity, null);
      // And Bob cannot read Alice's stats at all.
      expectError(await server.api('GET', `/api/conversations/stats/user/${A.user._id}`, { token: B.token }), 403);
    });

    test('bad stats filters are 400 with the field named', async () => {
      for (const [query, field] of [['?from=2024-13-01', 'from'], ['?from=yesterday', 'from'],
        ['?to=2024-02-30', 'to'], ['?to=2024-05-01T10:00:00', 'to'], ['?from=2024-05-02&to=2024-05-01', 'to'],
        ['?tz=abc', 'tz'], ['?tz=900', 'tz'], ['?tz=1.5', 'tz'], ['?agentId=nope', 'agentId']]) {
        const r = expectError(await stats(A, query), 400, query, 'VALIDATION_ERROR');
        assert.ok(r.body.details && field in r.body.details, `${query}: details ${JSON.stringify(r.body.details)}`);
      }
    });

    test('list filters: status, sentiment, company, text in titles and messages', async () => {
      assert.deepEqual(await list(A, '&status=escalated'), [escalated]);
      assert.deepEqual(await list(A, '&status=completed'), [thanked]);
      assert.deepEqual(await list(A, '&q=BROKEN%20ROUTER'), [escalated], 'title, any case; never Bob\'s');
      assert.deepEqual(await list(A, '&q=nobody%20helps'), [escalated], 'message text');
      assert.deepEqual(await list(A, '&q=plan_100%25'), [thanked], '_ and % match themselves');
      assert.deepEqual(await list(A, '&q=plan%25100'), []);
      assert.deepEqual(await list(A, '&company=GLOBEX'), [thanked]);
      assert.deepEqual(await list(A, `&company=globex&agentId=${agentX._id}`), []);
      assert.deepEqual(await list(A, `&agentId=${agentZ._id}`), [], "another user's agent: nothing");
      const negative = await list(A, '&sentiment=negative');
      const urgent = await list(A, '&sentiment=urgent');
      assert.ok([...negative, ...urgent].includes(escalated));
      assert.ok(!negative.includes(thanked));
      // Unfiltered and paged lists are unchanged.
      assert.equal((await list(A, '')).length, 3);
      assert.deepEqual(await list(A, '&limit=1&offset=1'), [(await list(A, ''))[1]]);
      // include=messages honours the filters too.
      const full = await server.api('GET', '/api/conversations?include=messages&q=nobody%20helps', { token: A.token });
      assert.deepEqual(full.body.map((c) => c._id), [escalated]);
      assert.ok(full.body[0].messages.length >= 3);
    });

    test('bad list filters are 400 with the field named', async () => {
      for (const [query, field] of [['status=open', 'status'], ['sentiment=happy', 'sentiment'],
        [`q=${'x'.repeat(201)}`, 'q'], [`company=${'c'.repeat(201)}`, 'company']]) {
        const r = expectError(await server.api('GET', `/api/conversations?${query}`, { token: A.token }), 400, query);
        assert.ok(r.body.details && field in r.body.details, `${query}: ${JSON.stringify(r.body.details)}`);
      }
    });
  });
}

suite('analytics on SQLite', async () => ({ server: await startServer() }));
suite('analytics on PostgreSQL', async () => {
  const pg = startPostgres();
  const server = await startServer({ env: { DATABASE_URL: pg.createDatabase(), DATABASE_POOL_SIZE: '4' } });
  return { server, pg };
}, !havePostgres() && 'postgresql-15 is not installed');
