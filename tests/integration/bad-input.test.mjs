// Bad-input matrix. Every error is JSON {message, code} with a 4xx status (checked globally by
// the harness for every response, together with "never a 5xx"). Afterwards the server is alive
// and the data is unchanged.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, uniqueEmail, DEFAULT_PASSWORD, makeWav, sleep } from './harness.mjs';

let server;
let A;
let agent;
let conv;
let snapshot;

const UNKNOWN_ID = '0123456789abcdef01234567';
// Ids that are not 24-hex. "123" and 24×"z" are malformed; a 25-hex string is too long.
const INVALID_IDS = ['123', 'z'.repeat(24), '0123456789abcdef012345678', '0123456789ABCDEF0123456G'];

before(async () => {
  server = await startServer();
  A = await server.register({ name: 'Alice Input' });
  agent = await server.createAgent(A.token);
  conv = await server.createConversation(A.token, { agentId: agent._id, title: 'Baseline' });
  await server.postMessage(A.token, conv._id, 'Hello, I need help with my bill');
  snapshot = await snapshotA();
});
after(async () => { await server?.close(); });

async function snapshotA() {
  const ag = await server.api('GET', '/api/agents', { token: A.token });
  const cv = await server.api('GET', '/api/conversations', { token: A.token });
  const ms = await server.api('GET', `/api/conversations/${conv._id}/messages`, { token: A.token });
  const me = await server.api('GET', '/api/auth/me', { token: A.token });
  return { agents: ag.body, convs: cv.body, messages: ms.body, me: me.body };
}

const json = (token, body) => ({ token, body });

describe('malformed bodies', () => {
  test('malformed JSON → 400 JSON with a code', async () => {
    for (const raw of ['{"name": ', '{name: "x"}', "{'a':1}", '{"a":1,}', '{"a":1}}', 'nul', '\u0000', '{"a":"\\x"}']) {
      for (const [p, token] of [['/api/agents', A.token], ['/api/auth/register', null], [`/api/conversations/${conv._id}/messages`, A.token]]) {
        const r = await server.api('POST', p, {
          token, rawBody: raw, headers: { 'content-type': 'application/json' },
        });
        expectError(r, 400, `POST ${p} ${JSON.stringify(raw)}`, 'INVALID_JSON');
      }
    }
  });

  test('a JSON body that is not an object → 400', async () => {
    for (const raw of ['[]', '"text"', '42', 'null', 'true', '[{"content":"hi"}]']) {
      const r = await server.api('POST', `/api/conversations/${conv._id}/messages`, {
        token: A.token, rawBody: raw, headers: { 'content-type': 'application/json' },
      });
      expectError(r, 400, `messages body ${raw}`, 'INVALID_JSON');
    }
  });

  test('empty body on a JSON route → 400', async () => {
    const r = await server.api('POST', '/api/agents', {
      token: A.token, rawBody: '', headers: { 'content-type': 'application/json' },
    });
    // Express's json() read an empty body as {}: INVALID_JSON or the missing fields are both fine.
    expectError(r, 400, 'empty body', ['INVALID_JSON', 'VALIDATION_ERROR']);
  });

  test('invalid UTF-8 inside a JSON string → 400', async () => {
    const raw = Buffer.concat([Buffer.from('{"content":"bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const r = await server.api('POST', `/api/conversations/${conv._id}/messages`, {
      token: A.token, rawBody: raw, headers: { 'content-type': 'application/json' },
    });
    expectError(r, 400, 'invalid UTF-8', 'INVALID_JSON');
    const overlong = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('x","companyName":"c","personality":"p","companyInfo":"i"}')]);
    const r2 = await server.api('POST', '/api/agents', {
      token: A.token, rawBody: overlong, headers: { 'content-type': 'application/json' },
    });
    expectError(r2, 400, 'overlong UTF-8', 'INVALID_JSON');
  });

  test('deeply nested JSON → 400, server survives', async () => {
    for (const depth of [1000, 100000]) {
      const raw = `{"content":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const r = await server.api('POST', `/api/conversations/${conv._id}/messages`, {
        token: A.token, rawBody: raw, headers: { 'content-type': 'application/json' },
      });
      expectError(r, 400, `nesting ${depth}`, 'INVALID_JSON');
    }
    const obj = `${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}`;
    const r = await server.api('POST', '/api/agents', {
      token: A.token, rawBody: obj, headers: { 'content-type': 'application/json' },
    });
    expectError(r, 400, 'nested objects', 'INVALID_JSON');
    assert.equal((await server.api('GET', '/health')).status, 200);
  });

  test('oversized JSON body (> 1 MB) → 413', async () => {
    const big = { name: 'Big', companyName: 'Big Co', personality: 'p', companyInfo: 'x'.repeat(1024 * 1024 + 10) };
    const r = await server.api('POST', '/api/agents', { token: A.token, body: big });
    expectError(r, 413, '1 MB + agent', 'PAYLOAD_TOO_LARGE');
    const r2 = await server.api('POST', `/api/conversations/${conv._id}/messages`, {
      token: A.token, body: { content: 'y'.repeat(2 * 1024 * 1024) },
    });
    expectError(r2, 413, '2 MB message', 'PAYLOAD_TOO_LARGE');
    // Chunked (no Content-Length): the limit applies to the bytes actually sent.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const parts = [Buffer.from('{"content":"')];
    for (let i = 0; i < 20; i++) parts.push(chunk);
    parts.push(Buffer.from('"}'));
    const r3 = await server.rawRequest('POST', `/api/conversations/${conv._id}/messages`, {
      headers: { authorization: `Bearer ${A.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: parts, tolerateWriteError: true,
    });
    expectError(r3, 413, 'chunked 1.25 MB', 'PAYLOAD_TOO_LARGE');
    assert.equal((await server.api('GET', '/health')).status, 200);
  });

  test('wrong Content-Type on a JSON route → 415', async () => {
    const body = JSON.stringify({ content: 'hello' });
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const r = await server.api('POST', `/api/conversations/${conv._id}/messages`, {
        token: A.token, rawBody: body, headers: { 'content-type': ct },
      });
      expectError(r, 415, `Content-Type ${ct}`, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const r = await server.api('POST', '/api/auth/login', {
      rawBody: JSON.stringify({ email: A.email, password: A.password }), headers: { 'content-type': 'text/plain' },
    });
    expectError(r, 415, 'login as text/plain', 'UNSUPPORTED_MEDIA_TYPE');
    // application/json with a charset parameter is JSON.
    const ok = await server.api('POST', '/api/nlu/analyze', {
      token: A.token, rawBody: JSON.stringify({ text: 'hello' }), headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('wrong types, missing and empty fields', () => {
  test('agents: VALIDATION_ERROR whose details name the bad field', async () => {
    const base = { name: 'Valid', companyName: 'Valid Co', personality: 'nice', companyInfo: 'info' };
    const bad = [
      [{ ...base, name: 123 }, 'name'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: 'n'.repeat(51) }, 'name'],
      [{ ...base, name: ['a'] }, 'name'],
      [{ ...base, prompts: 'x' }, 'prompts'],
      [{ ...base, prompts: [1, 2] }, 'prompts[0]'],
      [{ ...base, prompts: [{}] }, 'prompts[0]'],
      [{ ...base, settings: 'x' }, 'settings'],
      [{ ...base, settings: { temperature: 'hot' } }, 'settings.temperature'],
      [{ ...base, settings: { maxTokens: 'many' } }, 'settings.maxTokens'],
      [{ ...base, settings: { maxTokens: -5 } }, 'settings.maxTokens'],
      [{ ...base, settings: { maxTokens: 1e20 } }, 'settings.maxTokens'],
      [{ ...base, settings: { maxTokens: 10.5 } }, 'settings.maxTokens'],
      [{ ...base, settings: { temperature: -1 } }, 'settings.temperature'],
      [{ ...base, settings: { temperature: 2.5 } }, 'settings.temperature'],
      [{ ...base, responseStyle: 'sarcastic' }, 'responseStyle'],
      [{ ...base, companyName: 42 }, 'companyName'],
      [{ ...base, companyName: 'c'.repeat(101) }, ['company', 'companyName']],
      [{ ...base, personality: {} }, 'personality'],
      [{ ...base, knowledge: [{ question: 'q' }] }, 'knowledge[0].answer'],
      [{ name: 'Only name' }, 'company'],
      [{}, 'name'],
      [{ companyName: 'X', personality: 'p', companyInfo: 'i' }, 'name'],
    ];
    for (const [body, field] of bad) {
      const what = `POST /api/agents ${JSON.stringify(body).slice(0, 120)}`;
      const r = await server.api('POST', '/api/agents', json(A.token, body));
      expectError(r, 400, what, 'VALIDATION_ERROR');
      const fields = Array.isArray(field) ? field : [field];
      assert.ok(r.body.details && fields.some((f) => typeof r.body.details[f] === 'string'),
        `${what}: details name "${fields.join('" or "')}": ${JSON.stringify(r.body.details)}`);
    }
    for (const [body, field] of [[{ name: 123 }, 'name'], [{ name: '' }, 'name'], [{ prompts: 'x' }, 'prompts'],
      [{ settings: { temperature: 'hot' } }, 'settings.temperature'], [{ responseStyle: 7 }, 'responseStyle']]) {
      const r = await server.api('PUT', `/api/agents/${agent._id}`, json(A.token, body));
      expectError(r, 400, `PUT /api/agents/:id ${JSON.stringify(body)}`, 'VALIDATION_ERROR');
      assert.equal(typeof r.body.details?.[field], 'string', `PUT details name ${field}: ${r.text}`);
    }
    for (const body of [{}, { message: '' }, { message: 42 }, { message: {} }]) {
      const r = await server.api('POST', `/api/agents/${agent._id}/test`, json(A.token, body));
      expectError(r, 400, `POST /api/agents/:id/test ${JSON.stringify(body)}`, 'VALIDATION_ERROR');
    }
  });

  test('huge numbers', async () => {
    for (const raw of [
      '{"name":"N","companyName":"C","personality":"p","companyInfo":"i","settings":{"maxTokens":1e400}}',
      '{"name":"N","companyName":"C","personality":"p","companyInfo":"i","settings":{"maxTokens":123456789012345678901234567890}}',
      '{"name":"N","companyName":"C","personality":"p","companyInfo":"i","settings":{"temperature":1e308}}',
      '{"name":"N","companyName":"C","personality":"p","companyInfo":"i","settings":{"temperature":-1e400}}',
    ]) {
      const r = await server.api('POST', '/api/agents', {
        token: A.token, rawBody: raw, headers: { 'content-type': 'application/json' },
      });
      expectError(r, 400, raw, ['INVALID_JSON', 'VALIDATION_ERROR']);
    }
  });

  test('conversations and messages', async () => {
    for (const body of [{ content: {} }, { content: 123 }, { content: '' }, { content: '   ' }, {}, { content: null }, { content: ['hi'] }, { text: 'hi' }]) {
      const r = await server.api('POST', `/api/conversations/${conv._id}/messages`, json(A.token, body));
      expectError(r, 400, `POST messages ${JSON.stringify(body)}`);
    }
    for (const body of [{ agentId: 123 }, { agentId: '' }, { agentId: 'nope' }, { title: 5, isCallSimulator: true }]) {
      const r = await server.api('POST', '/api/conversations', json(A.token, body));
      assert.ok(r.status === 400 || (r.status === 404 && body.agentId === 'nope'),
        `POST /api/conversations ${JSON.stringify(body)} → ${r.status} ${r.text}`);
    }
    for (const body of [{ title: 42 }, { title: '' }, { status: 'exploded' }, { status: 7 }, { title: 't'.repeat(10000) }]) {
      const r = await server.api('PUT', `/api/conversations/${conv._id}`, json(A.token, body));
      expectError(r, 400, `PUT conversation ${JSON.stringify(body).slice(0, 80)}`);
    }
    const q = await server.api('GET', '/api/conversations?agentId=not-an-id', { token: A.token });
    assert.ok(q.status === 400 || (q.status === 200 && Array.isArray(q.body) && q.body.length === 0),
      `?agentId=not-an-id → ${q.status} ${q.text}`);
    const nul = await server.api('POST', `/api/conversations/${conv._id}/messages`, json(A.token, { content: 'nul \u0000 byte' }));
    assert.ok(nul.status === 201 || nul.status === 400, `NUL in content → ${nul.status}`);
  });

  test('auth: register and login', async () => {
    const e = () => uniqueEmail('bad');
    const bad = [
      { name: 123, email: e(), password: DEFAULT_PASSWORD },
      { name: 'Ok Name', email: ['x@y.com'], password: DEFAULT_PASSWORD },
      { name: 'Ok Name', email: e(), password: 12345678 },
      { name: 'Ok Name', email: e() },
      { email: e(), password: DEFAULT_PASSWORD },
      { name: 'Ok Name', email: '', password: DEFAULT_PASSWORD },
      { name: 'Ok Name', email: 'not-an-email', password: DEFAULT_PASSWORD },
      { name: 'O', email: e(), password: DEFAULT_PASSWORD },
      { name: 'n'.repeat(51), email: e(), password: DEFAULT_PASSWORD },
      { name: 'Ok Name', email: e(), password: 'Ab1' },
      { name: 'Ok Name', email: e(), password: 'alllowercase1' },
      { name: 'Ok Name', email: e(), password: 'NoDigitsHere' },
      { name: 'Ok Name', email: e(), password: `Aa1${'x'.repeat(130)}` },
      {},
    ];
    for (const body of bad) {
      const r = await server.api('POST', '/api/auth/register', { body });
      expectError(r, 400, `register ${JSON.stringify(body).slice(0, 100)}`);
    }
    const missing = await server.api('POST', '/api/auth/register', { body: {} });
    assert.equal(missing.body.message, 'All fields are required');
    for (const body of [{}, { email: A.email }, { password: 'x' }, { email: {}, password: 'x' }, { email: A.email, password: 123 }]) {
      const r = await server.api('POST', '/api/auth/login', { body });
      expectError(r, 400, `login ${JSON.stringify(body)}`);
    }
    for (const body of [{}, { refreshToken: 42 }, { refreshToken: '' }]) {
      const r = await server.api('POST', '/api/auth/refresh', { body });
      assert.ok(r.status === 400 || r.status === 401, `refresh ${JSON.stringify(body)} → ${r.status}`);
    }
    const garbage = await server.api('POST', '/api/auth/refresh', { body: { refreshToken: 'garbage-token' } });
    expectError(garbage, 401, 'unknown refresh token');
    for (const body of [{ name: 5 }, { email: 'not-an-email' }, { avatar: 'javascript:alert(1)' }, { password: 'weak' }]) {
      const r = await server.api('PUT', '/api/auth/profile', json(A.token, body));
      expectError(r, 400, `PUT profile ${JSON.stringify(body)}`);
    }
  });

  test('audio upload: missing file, not multipart, not audio, no transcript, too large', async () => {
    const url = `${server.baseUrl}/api/conversations/${conv._id}/audio`;
    const post = async (fd) => {
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${A.token}` }, body: fd });
      const text = await res.text();
      assert.ok(res.status < 500, `audio → ${res.status} ${text}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, text);
      return { status: res.status, text, body: JSON.parse(text) };
    };
    const noFile = new FormData();
    noFile.append('transcript', 'hello');
    const r1 = await post(noFile);
    assert.equal(r1.status, 400, r1.text);
    assert.ok(['VALIDATION_ERROR', 'INVALID_MULTIPART'].includes(r1.body.code), r1.text);

    const r2 = await server.api('POST', `/api/conversations/${conv._id}/audio`, json(A.token, { transcript: 'x' }));
    expectError(r2, 415, 'JSON to the audio route', 'UNSUPPORTED_MEDIA_TYPE');

    const junk = new FormData();
    junk.append('audio', new Blob([Buffer.from('definitely not audio at all')], { type: 'audio/wav' }), 'x.wav');
    junk.append('transcript', 'hello');
    const r3 = await post(junk);
    assert.equal(r3.status, 422, r3.text);
    assert.equal(r3.body.code, 'INVALID_AUDIO', r3.text);

    // Without a transcript the audio is transcribed: silence has no words.
    const noTranscript = new FormData();
    noTranscript.append('audio', new Blob([makeWav({ hz: 0 })], { type: 'audio/wav' }), 'a.wav');
    const r4 = await post(noTranscript);
    assert.equal(r4.status, 422, r4.text);
    assert.equal(r4.body.code, 'NO_SPEECH', r4.text);

    const exe = new FormData();
    exe.append('audio', new Blob([Buffer.from('#!/bin/sh\necho hi\n')], { type: 'application/x-sh' }), 'x.sh');
    exe.append('transcript', 'hello');
    const r5 = await post(exe);
    assert.ok(r5.status === 415 || r5.status === 422, `a shell script as audio → ${r5.status} ${r5.text}`);

    // A truncated multipart body (no closing boundary).
    const r6 = await server.api('POST', `/api/conversations/${conv._id}/audio`, {
      token: A.token,
      rawBody: '--XYZ\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n' + makeWav().subarray(0, 100).toString('latin1'),
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
    });
    expectError(r6, 400, 'truncated multipart', 'INVALID_MULTIPART');

    // Over MAX_FILE_SIZE (10 MB by default) → 413.
    const big = new FormData();
    big.append('audio', new Blob([makeWav({ seconds: 340 })], { type: 'audio/wav' }), 'big.wav');
    big.append('transcript', 'big');
    let r7;
    try {
      r7 = await post(big);
    } catch (e) {
      assert.fail(`an 11 MB upload got no HTTP answer (the server must answer 413 before closing): ${e.cause?.code ?? e.message}`);
    }
    assert.equal(r7.status, 413, r7.text);
    assert.equal(r7.body.code, 'PAYLOAD_TOO_LARGE');
    const files = (await import('node:fs')).readdirSync(`${server.tmpDir}/public/audio`, { recursive: true })
      .filter((f) => f.includes('.'));
    assert.deepEqual(files, [], `rejected uploads leave no files: ${files}`);
  });
});

describe('ids and routes', () => {
  test('invalid ids → 400 INVALID_ID (docs/API.md)', async () => {
    for (const id of INVALID_IDS) {
      for (const [method, p, body] of [
        ['GET', `/api/agents/${id}`], ['PUT', `/api/agents/${id}`, { name: 'x y' }], ['DELETE', `/api/agents/${id}`],
        ['POST', `/api/agents/${id}/test`, { message: 'hi' }],
        ['GET', `/api/conversations/${id}`], ['PUT', `/api/conversations/${id}`, { title: 'x' }],
        ['DELETE', `/api/conversations/${id}`], ['GET', `/api/conversations/${id}/messages`],
        ['POST', `/api/conversations/${id}/messages`, { content: 'hi' }], ['PUT', `/api/conversations/${id}/end`],
      ]) {
        const r = await server.api(method, p, { token: A.token, body });
        expectError(r, 400, `${method} ${p}`, 'INVALID_ID');
      }
    }
    const s = await server.api('GET', '/api/conversations/stats/user/123', { token: A.token });
    assert.ok([400, 403, 404].includes(s.status), `stats/user/123 → ${s.status}`);
  });

  test('unknown (valid) ids → 404', async () => {
    for (const [method, p, body] of [
      ['GET', `/api/agents/${UNKNOWN_ID}`], ['PUT', `/api/agents/${UNKNOWN_ID}`, { name: 'x y' }],
      ['DELETE', `/api/agents/${UNKNOWN_ID}`], ['POST', `/api/agents/${UNKNOWN_ID}/test`, { message: 'hi' }],
      ['GET', `/api/conversations/${UNKNOWN_ID}`], ['PUT', `/api/conversations/${UNKNOWN_ID}`, { title: 'x' }],
      ['DELETE', `/api/conversations/${UNKNOWN_ID}`], ['GET', `/api/conversations/${UNKNOWN_ID}/messages`],
      ['POST', `/api/conversations/${UNKNOWN_ID}/messages`, { content: 'hi' }], ['PUT', `/api/conversations/${UNKNOWN_ID}/end`],
      ['POST', '/api/conversations', { agentId: UNKNOWN_ID }],
    ]) {
      const r = await server.api(method, p, { token: A.token, body });
      expectError(r, 404, `${method} ${p}`, 'NOT_FOUND');
    }
  });

  test('unknown route → 404 JSON; wrong method → 405 JSON with Allow', async () => {
    for (const p of ['/api/does-not-exist', '/api/agents/x/y/z', '/api/conversations/stats/user', '/api/auth', '/api']) {
      const r = await server.api('GET', p, { token: A.token });
      expectError(r, 404, `GET ${p}`);
    }
    for (const [method, p] of [['PATCH', '/api/agents'], ['DELETE', '/health'], ['PUT', '/api/auth/login'],
      ['GET', '/api/auth/register'], ['DELETE', '/api/agents'], ['PATCH', `/api/conversations/${conv._id}`],
      ['GET', `/api/conversations/${conv._id}/end`]]) {
      const r = await server.api(method, p, { token: A.token });
      expectError(r, 405, `${method} ${p}`);
      assert.ok(r.headers.get('allow'), `${method} ${p}: Allow header`);
      assert.ok(!r.headers.get('allow').includes(method), `Allow "${r.headers.get('allow')}" lists ${method}`);
    }
  });

  test('path traversal on static files never serves the database', async () => {
    for (const p of ['/public/audio/../../test.db', '/public/audio/..%2F..%2Ftest.db', '/public/audio/%2e%2e/%2e%2e/test.db',
      '/public/audio/..%5c..%5ctest.db', '/public/avatars/%2e%2e%2f%2e%2e%2ftest.db', '/public/audio/%00.wav',
      '/public/audio/', '/public/audio/.']) {
      const r = await server.rawRequest('GET', p);
      assert.ok([400, 403, 404].includes(r.status), `${p} → ${r.status}`);
      assert.ok(!r.buf.includes(Buffer.from('SQLite format')), `${p} served the database`);
    }
  });

  test('odd but valid requests do not break anything', async () => {
    const r1 = await server.api('GET', `/api/conversations?agentId=${agent._id}&agentId=${agent._id}&x=%ZZ`, { token: A.token });
    assert.ok(r1.status === 200 || r1.status === 400, `${r1.status}`);
    const r2 = await server.api('GET', '/api/agents/', { token: A.token });
    assert.equal(r2.status, 200, 'one trailing slash is ignored');
    const r3 = await server.rawRequest('GET', '/health', { headers: { 'x-big': 'h'.repeat(7000) } });
    assert.equal(r3.status, 200);
    const r4 = await server.rawRequest('GET', '/health', { headers: { 'x-huge': 'h'.repeat(64 * 1024) } }).catch((e) => e);
    assert.ok(r4 instanceof Error || r4.status === 431 || r4.status === 400, `64 KB header → ${r4.status ?? r4.message}`);
  });
});

describe('afterwards', () => {
  test('the server is alive and A\'s data is unchanged (except the allowed NUL message)', async () => {
    const h = await server.api('GET', '/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.database, 'connected');
    const now = await snapshotA();
    assert.deepEqual(now.agents, snapshot.agents, 'agents unchanged');
    assert.deepEqual(now.me, snapshot.me, 'profile unchanged');
    // Only the NUL-byte message (if accepted) and its reply may have been appended.
    assert.deepEqual(now.messages.slice(0, snapshot.messages.length), snapshot.messages, 'messages unchanged');
    const extra = now.messages.slice(snapshot.messages.length);
    assert.ok(extra.length <= 2, `unexpected new messages: ${JSON.stringify(extra).slice(0, 300)}`);
    if (extra.length > 0) assert.ok(extra[0].role === 'user' && extra[0].content.startsWith('nul '), JSON.stringify(extra[0]));
    const c0 = snapshot.convs.find((c) => c._id === conv._id);
    const c1 = now.convs.find((c) => c._id === conv._id);
    assert.equal(c1.title, c0.title);
    assert.equal(c1.status, c0.status);
    assert.equal(now.convs.length, snapshot.convs.length, 'no conversation created by bad input');
    // The account still works.
    const l = await server.login(A.email, A.password);
    assert.equal(l.user._id, A.user._id);
  });
});

test('no password, JWT or refresh token of this file reached the server log', async () => {
  await sleep(1200);  // the access log is flushed every second
  server.assertNoSecretsLogged();
});
