// `carevoice import-mongo DIR` on the fixture dump (tests/fixtures/mongo-dump, as the old backend's
// mongoexport wrote it), into SQLite and into a real PostgreSQL: counts and every skipped record
// are reported, a second run changes nothing, and the imported data works through the real server:
// old passwords log in, agents answer, conversations and stats are there and can go on.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BIN, startServer } from './harness.mjs';
import { havePostgres, startPostgres } from './pg.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DUMP = path.join(here, '..', 'fixtures', 'mongo-dump');

const MARIA = { id: '65a1f0c2e4b0a1b2c3d4e5f6', email: 'maria@acme-support.example', password: 'Welcome2024' };
const OMAR = { id: '65a2b7d91c9d440012ab34cd', email: 'omar@example.com', password: 'AdminPass9' };
const OUTAGE = '65a1f52de4b0a1b2c3d4e610';
const PIZZA = '65a22a10e4b0a1b2c3d4e620';
const AVA = '65a1f3a8e4b0a1b2c3d4e600';

function importDump(databaseUrl, dir = DUMP) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-import-'));
  const r = spawnSync(BIN, ['import-mongo', dir], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(48), LOG_LEVEL: 'warn' },
  });
  fs.rmSync(cwd, { recursive: true, force: true });
  return r;
}

function assertFirstRun(r) {
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const out = r.stdout;
  assert.match(out, /^users: 5 read, 2 imported, 0 already there, 3 skipped$/m, out);
  assert.match(out, /^agents: 3 read, 2 imported, 0 already there, 1 skipped$/m, out);
  assert.match(out, /^conversations: 5 read, 3 imported, 0 already there, 2 skipped$/m, out);
  // 6 + 4 + 3 (the `tool` message is dropped and noted).
  assert.match(out, /^messages: 13 imported$/m, out);
  // Every skipped record, with its reason.
  assert.match(out, /skipped users\.json\[2\] 65a3000000000000000000aa: no password hash/);
  assert.match(out, /skipped users\.json\[3\] 65a3000000000000000000bb: email maria@acme-support\.example already belongs to user 65a1f0c2e4b0a1b2c3d4e5f6/);
  assert.match(out, /skipped users\.json\[4\] \?: no valid _id ObjectId/);
  assert.match(out, /skipped agents\.json\[2\] 65a2b9000000000000000001: its owner 65a0ffffffffffffffffffff was not imported/);
  assert.match(out, /skipped conversations\.json\[3\] 65a2d0000000000000000001: its owner .* was not imported/);
  assert.match(out, /skipped conversations\.json\[4\] 65a2d0000000000000000002: messages is not an array/);
  assert.match(out, /note conversations\.json\[2\] 65a2c0aa1c9d440012ab3500: message 2 dropped: role 'tool'/);
  assert.equal(out.split('\n').filter((l) => l.startsWith('skipped ')).length, 6, out);
}

function assertSecondRunChangesNothing(r) {
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^users: 5 read, 0 imported, 2 already there, 3 skipped$/m, r.stdout);
  assert.match(r.stdout, /^agents: 3 read, 0 imported, 2 already there, 1 skipped$/m, r.stdout);
  assert.match(r.stdout, /^conversations: 5 read, 0 imported, 3 already there, 2 skipped$/m, r.stdout);
  assert.match(r.stdout, /^messages: 0 imported$/m, r.stdout);
}

// What an imported user sees through the real server.
async function checkImportedData(server) {
  // Old passwords: a $2a$ hash (bcryptjs 2) and a $2b$ one, and the e-mail was lower-cased.
  const maria = await server.login(MARIA.email, MARIA.password);
  assert.equal(maria.user._id, MARIA.id);
  assert.equal(maria.user.name, 'Maria Lopez');
  const omar = await server.login('Omar@Example.com', OMAR.password);
  assert.equal(omar.user._id, OMAR.id);
  assert.equal(omar.user.role, 'admin');
  const wrong = await server.api('POST', '/api/auth/login', { body: { email: MARIA.email, password: 'welcome2024' } });
  assert.equal(wrong.status, 401);

  // Agents keep their ids and old fields, and answer from their imported company info.
  const agents = await server.api('GET', '/api/agents', { token: maria.token });
  assert.equal(agents.status, 200);
  const list = Array.isArray(agents.body) ? agents.body : agents.body.agents;
  assert.deepEqual(list.map((a) => a.name).sort(), ['Ava', 'Leo']);
  const ava = list.find((a) => a._id === AVA);
  assert.ok(ava, 'Ava keeps her ObjectId');
  assert.equal(ava.companyName ?? ava.company, 'Acme Telecom');
  assert.equal(ava.prompts.length, 2);

  // Conversations: newest first, titles, messages in order (system ones kept in the store).
  const convs = await server.api('GET', '/api/conversations', { token: maria.token });
  assert.equal(convs.status, 200);
  const cl = Array.isArray(convs.body) ? convs.body : convs.body.conversations;
  assert.deepEqual(cl.map((c) => c._id), [PIZZA, OUTAGE]);
  const outage = await server.api('GET', `/api/conversations/${OUTAGE}`, { token: maria.token });
  assert.equal(outage.status, 200);
  assert.equal(outage.body.title, 'Internet Outage Help');
  const msgs = await server.api('GET', `/api/conversations/${OUTAGE}/messages`, { token: maria.token });
  assert.equal(msgs.status, 200);
  const ml = Array.isArray(msgs.body) ? msgs.body : msgs.body.messages;
  const visible = ml.filter((m) => m.role !== 'system');
  assert.equal(visible.length, 5);
  assert.equal(visible[1].content, 'My home internet has been down since this morning, can you help?');
  assert.equal(visible[1]._id, '65a1f540e4b0a1b2c3d4e613');
  assert.equal(visible[1].timestamp, '2024-01-12T09:25:20.000Z');

  // The stats, as the old dashboard reads them.
  const stats = await server.api('GET', `/api/conversations/stats/user/${MARIA.id}`, { token: maria.token });
  assert.equal(stats.status, 200, stats.text);
  assert.equal(stats.body.totalCalls, 2);
  assert.equal(stats.body.sentimentBreakdown.positive, 1);
  assert.equal(stats.body.sentimentBreakdown.negative, 1, 'the raw "Negative." is normalised');
  assert.equal(stats.body.totalMessages, 8, 'system messages are not counted');
  assert.ok(stats.body.companiesInteractedWith.includes('pizza hut'), JSON.stringify(stats.body));
  assert.ok(stats.body.companiesInteractedWith.includes('acme telecom'), JSON.stringify(stats.body));
  assert.equal(new Date(stats.body.lastActivity).toISOString(), '2024-01-13T06:11:00.000Z');

  // An imported conversation goes on.
  const reply = await server.postMessage(maria.token, OUTAGE, 'Is the outage fixed now?');
  assert.equal(reply.role, 'assistant');
  assert.ok(reply.content.length > 0);
  const after = await server.api('GET', `/api/conversations/${OUTAGE}/messages`, { token: maria.token });
  const al = Array.isArray(after.body) ? after.body : after.body.messages;
  assert.equal(al.filter((m) => m.role !== 'system').length, 7);

  // The imported agent answers from its imported company info.
  const answer = await server.api('POST', `/api/agents/${AVA}/test`, {
    token: maria.token, body: { message: 'How much does the Unlimited plan cost per month?' },
  });
  assert.equal(answer.status, 200, answer.text);
  assert.match(answer.body.response, /\$?45/, answer.body.response);

  // Another (non-admin) user's imported data stays invisible.
  const stranger = await server.register();
  const peek = await server.api('GET', `/api/conversations/${OUTAGE}`, { token: stranger.token });
  assert.equal(peek.status, 404);
}

describe('import-mongo into SQLite', () => {
  let server;
  let tmpDir;
  before(() => { tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-it-')); });
  after(async () => { if (server) await server.close(); else fs.rmSync(tmpDir, { recursive: true, force: true }); });

  test('first run imports and reports; second run changes nothing; the data works', async () => {
    const url = `sqlite:${path.join(tmpDir, 'test.db')}`;
    assertFirstRun(importDump(url));
    assertSecondRunChangesNothing(importDump(url));
    server = await startServer({ tmpDir });
    await checkImportedData(server);
  });

  test('an unusable dump is a clear error with exit code 2', () => {
    const url = `sqlite:${path.join(tmpDir, 'other.db')}`;
    const missing = importDump(url, path.join(tmpDir, 'no-such-folder'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /is not a folder/);
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-baddump-'));
    fs.writeFileSync(path.join(bad, 'users.json'), '{"_id": 1}');
    const notArray = importDump(url, bad);
    fs.rmSync(bad, { recursive: true, force: true });
    assert.equal(notArray.status, 2);
    assert.match(notArray.stderr, /not a JSON array/);
  });
});

describe('import-mongo into PostgreSQL', { skip: !havePostgres() && 'postgresql-15 is not installed' }, () => {
  let pg;
  let server;
  before(() => { pg = startPostgres(); });
  after(async () => {
    if (server) await server.close();
    if (pg) pg.close();
  });

  test('the same import, idempotent, and the server on PostgreSQL serves it', async () => {
    const url = pg.createDatabase();
    assertFirstRun(importDump(url));
    assertSecondRunChangesNothing(importDump(url));
    server = await startServer({ env: { DATABASE_URL: url } });
    await checkImportedData(server);
  });
});
