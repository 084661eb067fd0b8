// Voice over REST and Socket.IO against the real binary with its real engines (Flite speaks,
// PocketSphinx listens): spoken replies at fetchable, private URLs; voice messages transcribed;
// broken audio refused with a clear 4xx; the per-user storage quota; the `say`/`transcribe` CLI.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startServer, BIN, HEX24, makeWav, expectError } from './harness.mjs';

// A WAV of `text` spoken by the binary's own TTS (`carevoice say`).
function say(dir, text, file = 'speech.wav') {
  const out = path.join(dir, file);
  const r = spawnSync(BIN, ['say', text, '-o', out], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  assert.equal(r.status, 0, `carevoice say: ${r.stderr}`);
  return fs.readFileSync(out);
}

async function upload(server, token, conversationId, bytes, { transcript, type = 'audio/wav', name = 'clip.wav' } = {}) {
  const fd = new FormData();
  fd.append('audio', new Blob([bytes], { type }), name);
  if (transcript !== undefined) fd.append('transcript', transcript);
  const res = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/audio`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fd,
  });
  const text = await res.text();
  assert.ok(res.status < 500, `audio upload → ${res.status} ${text}`);
  const r = { status: res.status, text, body: JSON.parse(text), contentType: res.headers.get('content-type') };
  return r;
}

function isMp3(buf) {
  return buf.subarray(0, 3).toString('latin1') === 'ID3' || (buf[0] === 0xff && (buf[1] & 0xe0) === 0xe0);
}

describe('voice', () => {
  let server;
  let user;
  before(async () => {
    server = await startServer();
    user = await server.register();
  });
  after(() => server?.close());

  test('GET /api/voices lists the installed voices; it needs a token', async () => {
    const r = await server.api('GET', '/api/voices', { token: user.token });
    assert.equal(r.status, 200, r.text);
    const ids = r.body.voices.map((v) => v.id);
    for (const v of ['slt', 'awb', 'rms', 'kal']) assert.ok(ids.includes(v), `voice ${v} in ${ids.slice(0, 8)}`);
    assert.ok(ids.some((id) => id.startsWith('espeak:')), 'espeak-ng voices for other languages');
    assert.equal(r.body.default, 'slt');
    expectError(await server.api('GET', '/api/voices'), 401, 'voices without a token');
  });

  test('POST /api/voices/preview speaks a sample in the chosen voice; bad input 400; rate limited per user', async () => {
    const speak = (token, body) => server.api('POST', '/api/voices/preview', { token, body });
    const slt = await speak(user.token, { voice: 'slt', text: 'Hello from Acme.' });
    assert.equal(slt.status, 200, slt.text);
    assert.match(slt.contentType, /^audio\/wav/);
    assert.equal(slt.headers.get('cache-control'), 'no-store');
    assert.equal(slt.buf.toString('ascii', 0, 4), 'RIFF');
    assert.ok(slt.buf.length > 8000, `${slt.buf.length} bytes of speech`);
    // Another voice sounds different; no body at all speaks the default greeting.
    const awb = await speak(user.token, { voice: 'awb', text: 'Hello from Acme.' });
    assert.equal(awb.status, 200, awb.text);
    assert.notDeepEqual(awb.buf, slt.buf);
    const greeting = await server.api('POST', '/api/voices/preview', { token: user.token, body: {} });
    assert.equal(greeting.status, 200, greeting.text);
    expectError(await speak(undefined, { voice: 'slt' }), 401, 'preview without a token');
    expectError(await speak(user.token, { voice: 7 }), 400, 'voice not a string');
    expectError(await speak(user.token, { text: 'x'.repeat(201) }), 400, 'text too long');
    // 10 per minute per user (3 used above): the 8th more is refused, another user is not.
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await speak(user.token, { voice: 'kal', text: 'Hi.' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 429]);
    const limited = await speak(user.token, { voice: 'kal', text: 'Hi.' });
    expectError(limited, 429, 'over the preview limit', 'TOO_MANY_REQUESTS');
    assert.equal(limited.body.details.limit, 'voice_preview');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const other = await server.register();
    assert.equal((await speak(other.token, { voice: 'kal', text: 'Hi.' })).status, 200);
  });

  test('wantAudio: the reply has an audio URL serving MP3 privately', async () => {
    const c = await server.createConversation(user.token);
    const r = await server.api('POST', `/api/conversations/${c._id}/messages`, {
      token: user.token, body: { content: 'What does the premium plan cost?', wantAudio: true },
    });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.audioUrl, new RegExp(`^/public/audio/${user.user._id}/[0-9a-f]{24}\\.mp3$`));
    assert.equal(r.body.reply.audioUrl, r.body.audioUrl);
    const f = await server.api('GET', r.body.audioUrl);
    assert.equal(f.status, 200);
    assert.match(f.contentType, /^audio\/mpeg/);
    assert.match(f.headers.get('cache-control'), /private/);
    assert.ok(isMp3(f.buf), 'MP3 frames');
    assert.ok(f.buf.length > 2000, `${f.buf.length} bytes of speech`);
    // Without wantAudio: no audio.
    const plain = await server.api('POST', `/api/conversations/${c._id}/messages`, {
      token: user.token, body: { content: 'Thanks' },
    });
    assert.equal(plain.body.audioUrl, null);
    // Deleting the conversation deletes its audio.
    await server.api('DELETE', `/api/conversations/${c._id}`, { token: user.token });
    assert.equal((await server.api('GET', r.body.audioUrl)).status, 404);
  });

  test('an upload without a transcript is transcribed and answered', async () => {
    const c = await server.createConversation(user.token);
    const wav = say(server.tmpDir, 'I would like a refund for my last order.');
    const r = await upload(server, user.token, c._id, wav);
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.transcript, /refund/, r.body.transcript);
    assert.equal(r.body.userMessage.content, r.body.transcript);
    assert.ok(r.body.reply?.content.length > 0, 'a reply');
    assert.match(r.body.audioUrl, new RegExp(`^/public/audio/${user.user._id}/[0-9a-f]{24}\\.wav$`));
    const f = await server.api('GET', r.body.audioUrl);
    assert.equal(f.status, 200);
    assert.match(f.headers.get('cache-control'), /private/);
    assert.ok(f.buf.equals(wav));
  });

  test("recognition is biased to the conversation's agent: its made-up product names are heard, and a new one after an edit", async () => {
    const agent = await server.createAgent(user.token, {
      company: 'Quillon Home',
      companyInfo: 'Quillon Home sells the Zorblax blender and the Vexura kettle.',
    });
    const c = await server.createConversation(user.token, { agentId: agent._id });
    const plain = await server.createConversation(user.token);
    const wav = say(server.tmpDir, 'My Zorblax blender stopped working.', 'zorblax.wav');
    const heard = await upload(server, user.token, c._id, wav);
    assert.equal(heard.status, 201, heard.text);
    assert.match(heard.body.transcript, /zorblax/, heard.body.transcript);
    // Without that agent the word is not even in the recogniser's dictionary.
    const unbiased = await upload(server, user.token, plain._id, wav);
    assert.ok(unbiased.status === 201 || unbiased.status === 422, unbiased.text);
    assert.doesNotMatch(unbiased.body.transcript ?? '', /zorblax/);
    // Editing the agent rebuilds its model: a product added now is heard.
    const toaster = say(server.tmpDir, 'I bought a Plinthor toaster.', 'plinthor.wav');
    const before = await upload(server, user.token, c._id, toaster);
    assert.doesNotMatch(before.body.transcript ?? '', /plinthor/);
    const edit = await server.api('PUT', `/api/agents/${agent._id}`, {
      token: user.token,
      body: { companyInfo: 'Quillon Home sells the Zorblax blender, the Vexura kettle and the Plinthor toaster.' },
    });
    assert.equal(edit.status, 200, edit.text);
    const after = await upload(server, user.token, c._id, toaster);
    assert.equal(after.status, 201, after.text);
    assert.match(after.body.transcript, /plinthor/, after.body.transcript);
  });

  test('broken, hostile or undecodable audio → clear 4xx JSON, nothing kept', async () => {
    const c = await server.createConversation(user.token);
    const audioDir = path.join(server.tmpDir, 'public', 'audio');
    const listFiles = () => fs.readdirSync(audioDir, { recursive: true })
      .filter((f) => fs.statSync(path.join(audioDir, f)).isFile()).sort();
    const before = listFiles();
    const junk = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4, 0xff), Buffer.from('WAVEfmt '), Buffer.alloc(30, 0xff)]);
    const r1 = await upload(server, user.token, c._id, junk);
    expectError(r1, 422, 'broken WAV', 'INVALID_AUDIO');
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(300, 1)]);
    const r2 = await upload(server, user.token, c._id, webm, { type: 'audio/webm', name: 'blob' });
    expectError(r2, 415, 'WebM without a transcript', 'UNSUPPORTED_AUDIO_CODEC');
    const r3 = await upload(server, user.token, c._id, makeWav({ hz: 0 }));
    expectError(r3, 422, 'silence', 'NO_SPEECH');
    assert.deepEqual(listFiles(), before, 'refused uploads leave no files');
  });

  test('carevoice transcribe prints the transcript of a WAV file', () => {
    say(server.tmpDir, 'Can I speak to a manager please?', 'manager.wav');
    const r = spawnSync(BIN, ['transcribe', path.join(server.tmpDir, 'manager.wav')],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: server.tmpDir } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /manager/);
    const bad = spawnSync(BIN, ['transcribe', path.join(server.tmpDir, 'nope.wav')], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
  });

  test('Socket.IO: wantAudio gives audioData + audioType + audioUrl; user_audio → transcript → ai_response', async () => {
    const s = io(server.baseUrl, { transports: ['websocket'], auth: { token: user.token }, forceNew: true, reconnection: false });
    await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
    try {
      const started = new Promise((resolve) => s.once('conversation_started', resolve));
      s.emit('start_conversation', { isCallSimulator: true, wantAudio: true });
      const st = await started;
      assert.match(st.conversationId, HEX24);
      assert.equal(st.welcomeMessage.audioType, 'audio/mpeg');
      assert.ok(isMp3(Buffer.from(st.welcomeMessage.audioData, 'base64')));
      const welcome = await server.api('GET', st.welcomeMessage.audioUrl);
      assert.equal(welcome.status, 200);

      const chunks = [];
      s.on('ai_audio_chunk', (c) => chunks.push(c));
      const transcript = new Promise((resolve) => s.once('transcript', resolve));
      const reply = new Promise((resolve) => s.once('ai_response', resolve));
      const wav = say(server.tmpDir, 'Where is my order?', 'order.wav');
      const ack = await s.timeout(30_000).emitWithAck('user_audio', { conversationId: st.conversationId, audio: wav, wantAudio: true });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      const t = await transcript;
      assert.equal(t.conversationId, st.conversationId);
      assert.match(t.text, /order/);
      const ai = await reply;
      assert.equal(ai.audioType, 'audio/mpeg');
      assert.ok(isMp3(Buffer.from(ai.audioData, 'base64')));
      assert.match(ai.audioUrl, /\.mp3$/);
      assert.equal((await server.api('GET', ai.audioUrl)).status, 200);
      assert.ok(chunks.length >= 1, 'per-sentence audio chunks');
      assert.equal(chunks[0].audioType, 'audio/wav');

      // Broken audio over the socket: an error event, the connection stays up.
      const err = new Promise((resolve) => s.once('error', resolve));
      const bad = await s.timeout(10_000).emitWithAck('user_audio', { conversationId: st.conversationId, audio: Buffer.from('RIFFjunk') });
      assert.equal(bad.ok, false);
      assert.equal((await err).code, 'INVALID_AUDIO');
      const noBinary = await s.timeout(10_000).emitWithAck('user_audio', { conversationId: st.conversationId, audio: 'abc' });
      assert.equal(noBinary.ok, false);
      assert.ok(s.connected);
    } finally {
      s.close();
    }
  });
});

describe('storage quota (MAX_USER_STORAGE)', () => {
  let server;
  before(async () => { server = await startServer({ env: { MAX_USER_STORAGE: '40kb' } }); });
  after(() => server?.close());

  test('over the quota → 413 STORAGE_QUOTA_EXCEEDED; other users unaffected', async () => {
    const a = await server.register();
    const b = await server.register();
    const ca = await server.createConversation(a.token);
    const wav = makeWav({ seconds: 1 });  // 32 KB
    const first = await upload(server, a.token, ca._id, wav, { transcript: 'hello' });
    assert.equal(first.status, 201, first.text);
    const second = await upload(server, a.token, ca._id, wav, { transcript: 'hello again' });
    expectError(second, 413, 'over quota', 'STORAGE_QUOTA_EXCEEDED');
    const cb = await server.createConversation(b.token);
    assert.equal((await upload(server, b.token, cb._id, wav, { transcript: 'hi' })).status, 201);
  });
});
