// Live voice calls over /api/voice/stream against the real binary with its real engines: a
// spoken request sent as real-time-paced 20 ms PCM16 frames gets partial and final transcripts,
// a stored reply and paced reply audio; caller speech during playback stops it within 200 ms
// (barge-in) and the stored record marks the reply truncated; an "mm-hm" and a short noise do
// not interrupt; bad input gets a JSON error and a policy close.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { startServer } from './harness.mjs';
import { Mic, StreamClient, spoken, quiet, burst } from './voice-call.mjs';

const REQUEST = 'I want a refund for my order please.';

describe('live voice stream', () => {
  let server;
  let user;
  let wsBase;
  before(async () => {
    server = await startServer({ env: { VOICE_IDLE_MS: '60000' } });
    user = await server.register();
    wsBase = server.baseUrl.replace(/^http/, 'ws');
  });
  after(() => server?.close());

  async function call(conversationId, query = `token=${user.token}`) {
    const client = new StreamClient(`${wsBase}/api/voice/stream?conversationId=${conversationId}&${query}`);
    await client.opened;
    const ready = await client.waitFor((e) => e.type === 'ready', { what: 'ready' });
    assert.equal(ready.sampleRate, 16000);
    assert.equal(ready.conversationId, conversationId);
    const mic = new Mic((b) => client.ws.send(b));
    return { client, mic };
  }

  // Says the request and waits for the reply's first audio frame.
  async function askAndHear(client, mic) {
    await mic.say(quiet(16000 * 0.3));
    const spoken1 = await mic.say(spoken(server.tmpDir, REQUEST));
    const start = await client.waitFor((e) => e.type === 'audio_start' && e.messageId, { what: 'audio_start' });
    const first = await client.waitFor((e) => e.type === 'audio' && e.t > start.t, { what: 'reply audio' });
    return { spoken: spoken1, start, first };
  }

  test('a spoken request: partial and final transcripts, a stored reply, paced reply audio, metrics', async () => {
    const conv = await server.createConversation(user.token);
    const { client, mic } = await call(conv._id);
    try {
      const { spoken: said, first } = await askAndHear(client, mic);
      const partial = client.events.find((e) => e.type === 'partial');
      assert.ok(partial && partial.text.length > 0, 'a partial transcript while speaking');
      const final = client.events.find((e) => e.type === 'final');
      assert.ok(final, 'a final transcript');
      assert.ok(partial.t < final.t, 'the partial came first');
      assert.match(final.text, /refund|order/, `final transcript: ${final.text}`);
      const reply = client.events.find((e) => e.type === 'reply');
      assert.ok(reply && reply.text.length > 0 && /^[0-9a-f]{24}$/.test(reply.messageId));
      const metrics = await client.waitFor((e) => e.type === 'metrics', { what: 'metrics' });
      for (const k of ['voiceToVoiceMs', 'postDecisionMs', 'decisionMs', 'sttMs', 'replyMs', 'ttsMs']) {
        assert.equal(typeof metrics[k], 'number', k);
      }
      const clientV2v = first.t - said.endT;
      console.log(`voice-to-voice (client): ${clientV2v.toFixed(0)} ms; server: ${metrics.voiceToVoiceMs.toFixed(0)} ms, ` +
        `post-decision ${metrics.postDecisionMs.toFixed(0)} ms (stt ${metrics.sttMs.toFixed(0)}, reply ${metrics.replyMs.toFixed(0)}, tts ${metrics.ttsMs.toFixed(0)})`);
      // The reply is paced in real time: its audio arrives over about its own duration.
      const end = await client.waitFor((e) => e.type === 'audio_end', { what: 'audio_end', timeoutMs: 60000 });
      const frames = client.events.filter((e) => e.type === 'audio' && e.t >= first.t && e.t <= end.t);
      const audioMs = frames.reduce((n, e) => n + e.bytes, 0) / 32;
      assert.ok(audioMs > 500, `reply audio ${audioMs} ms`);
      assert.ok(end.t - first.t > audioMs - 400, `paced: ${audioMs} ms of audio arrived over ${(end.t - first.t).toFixed(0)} ms`);
      // Stored: the transcript as the user message, the reply, and the turn's latencies.
      await new Promise((r) => setTimeout(r, 200));
      const got = await server.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
      assert.equal(got.status, 200);
      const messages = got.body.messages;
      assert.ok(messages.some((m) => m.role === 'user' && m.content === final.text), 'user message = final transcript');
      assert.ok(messages.some((m) => m.role === 'assistant' && m._id === reply.messageId && m.content === reply.text));
      const turn = got.body.voiceCall.turns.at(-1);
      assert.equal(turn.replyId, reply.messageId);
      assert.equal(turn.truncated, false);
      assert.ok(turn.voiceToVoiceMs > 0 && turn.sttMs >= 0 && turn.replyMs >= 0 && turn.ttsMs >= 0, JSON.stringify(turn));
      const metricsText = await fetch(`${server.baseUrl}/metrics`).then((r) => r.status);
      assert.ok(metricsText === 404 || metricsText === 401 || metricsText === 200);
    } finally {
      mic.stop();
      client.close();
    }
  });

  // The recogniser finishes an utterance as soon as 150 ms of silence follow it (before the
  // 300 ms hangover ends the turn); speech resuming in between must start it over, with every word.
  test('a pause between 150 ms and the hangover inside a request: one turn with all its words', async () => {
    const conv = await server.createConversation(user.token);
    const { client, mic } = await call(conv._id);
    const trim = (s, fromEnd) => {
      const loud = (i) => Math.abs(s[i]) >= 300;
      let a = 0;
      let b = s.length;
      if (fromEnd) { while (b > 0 && !loud(b - 1)) b--; } else { while (a < b && !loud(a)) a++; }
      return s.subarray(a, b);
    };
    try {
      await mic.say(quiet(16000 * 0.3));
      const from = client.events.length;
      // Queued at once, so the gap is exactly the 200 ms (a late timer adds no filler frames).
      const first = trim(spoken(server.tmpDir, 'I want a refund'), true);
      const second = trim(spoken(server.tmpDir, 'for my order please.'), false);
      mic.say(first);
      mic.say(quiet(16000 * 0.2));
      await mic.say(second);
      const final = await client.waitFor((e) => e.type === 'final', { what: 'final', from, timeoutMs: 30000 });
      // Both halves are heard (the stock model may hear "refund" as "wonder if one").
      assert.match(final.text, /^i\b/, `final transcript: ${final.text}`);
      assert.ok(final.text.split(' ').length >= 6, `final transcript: ${final.text}`);
      assert.match(final.text, /order|please/, `final transcript: ${final.text}`);
      const ended = client.events.slice(from).filter((e) => e.type === 'speech_ended');
      assert.equal(ended.length, 1, 'one turn');
      await client.waitFor((e) => e.type === 'audio_start' && e.messageId, { what: 'audio_start', from });
    } finally {
      mic.stop();
      client.close();
    }
  });

  test('barge-in: speech during playback stops it within 200 ms and the reply is marked truncated', async () => {
    const conv = await server.createConversation(user.token);
    const { client, mic } = await call(conv._id);
    try {
      const { first } = await askAndHear(client, mic);
      await new Promise((r) => setTimeout(r, 400));
      const from = client.events.length;
      const interruption = mic.say(spoken(server.tmpDir, 'No wait, I want to cancel my subscription instead.'));
      // The onset: the first speech frame leaves the microphone.
      while (mic.queue.length && mic.queue[0].onsetT === undefined) await new Promise((r) => setTimeout(r, 2));
      const onset = mic.queue[0]?.onsetT ?? performance.now();
      const barge = await client.waitFor((e) => e.type === 'barge_in', { from, what: 'barge_in' });
      const paused = client.events.slice(from).find((e) => e.type === 'paused');
      assert.ok(paused, 'paused before the barge-in was confirmed');
      assert.ok(paused.t - onset <= 200, `paused ${(paused.t - onset).toFixed(0)} ms after the onset`);
      // The client is told to drop its buffered audio (the `clear` may follow `barge_in`).
      await client.waitFor((e) => e.type === 'clear', { from, what: 'clear (drop buffered audio)' });
      const nextStart = client.events.slice(from).find((e) => e.type === 'audio_start');
      const late = client.events.slice(from).filter((e) => e.type === 'audio' && e.t > onset + 200 && (!nextStart || e.t < nextStart.t));
      assert.equal(late.length, 0, `${late.length} reply frames arrived more than 200 ms after the onset`);
      assert.ok(barge.t > first.t);
      await interruption;
      // The interruption is the next turn.
      const final = await client.waitFor((e) => e.type === 'final', { from, what: 'final of the interruption' });
      assert.match(final.text, /cancel|subscription/, final.text);
      await client.waitFor((e) => e.type === 'reply', { from, what: 'the next reply' });
      await new Promise((r) => setTimeout(r, 300));
      const got = await server.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
      const cut = got.body.voiceCall.turns.find((t) => t.truncated);
      assert.ok(cut, JSON.stringify(got.body.voiceCall));
      const reply = got.body.messages.find((m) => m._id === cut.replyId);
      assert.ok(reply, 'the truncated record names the stored reply');
      assert.ok(cut.playedText.length < reply.content.length, `played "${cut.playedText}" of "${reply.content}"`);
      assert.ok(cut.playedMs > 0);
      assert.ok(got.body.voiceCall.truncatedReplies >= 1);
    } finally {
      mic.stop();
      client.close();
    }
  });

  test('a backchannel ("okay") and a short noise during playback do not interrupt the reply', async () => {
    const conv = await server.createConversation(user.token);
    const { client, mic } = await call(conv._id);
    try {
      const { start } = await askAndHear(client, mic);
      await new Promise((r) => setTimeout(r, 300));
      const from = client.events.length;
      await mic.say(burst(120));
      await new Promise((r) => setTimeout(r, 500));
      // A backchannel. (Flite cannot say "mm-hm": it spells it, and PocketSphinx hears letters.)
      await mic.say(spoken(server.tmpDir, 'Okay.'));
      const end = await client.waitFor((e) => e.type === 'audio_end' && e.messageId === start.messageId,
        { from, what: 'audio_end', timeoutMs: 60000 });
      const after = client.events.slice(from).filter((e) => e.t <= end.t);
      assert.ok(!after.some((e) => e.type === 'barge_in' || e.type === 'clear' || e.type === 'audio_cancelled'),
        `interrupted: ${JSON.stringify(after.filter((e) => e.type !== 'audio').map((e) => [e.type, e.text]))}`);
      assert.ok(!after.some((e) => e.type === 'final'), 'no turn for a backchannel');
      await new Promise((r) => setTimeout(r, 300));
      const got = await server.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
      const turn = got.body.voiceCall.turns.find((t) => t.replyId === start.messageId);
      assert.equal(turn.truncated, false);
      assert.equal(got.body.messages.filter((m) => m.role === 'user').length, 1, 'the backchannel is not a message');
    } finally {
      mic.stop();
      client.close();
    }
  });

  test('bad input: a JSON error, then a policy close (1008); never a crash', async () => {
    const conv = await server.createConversation(user.token);
    const other = await server.register();
    const cases = [
      { what: 'no credentials', url: `conversationId=${conv._id}`, code: 'AUTH_REQUIRED' },
      { what: 'a bad token', url: `conversationId=${conv._id}&token=nope`, code: null },
      { what: 'no conversation id', url: `token=${user.token}`, code: 'INVALID_CONVERSATION_ID' },
      { what: 'an unknown conversation', url: `conversationId=${'a'.repeat(24)}&token=${user.token}`, code: 'CONVERSATION_NOT_FOUND' },
      { what: "another user's conversation", url: `conversationId=${conv._id}&token=${other.token}`, code: 'CONVERSATION_NOT_FOUND' },
    ];
    for (const c of cases) {
      const client = new StreamClient(`${wsBase}/api/voice/stream?${c.url}`);
      const closed = await client.closed;
      const error = client.events.find((e) => e.type === 'error');
      assert.ok(error && typeof error.message === 'string', `${c.what}: an error message`);
      if (c.code) assert.equal(error.code, c.code, c.what);
      assert.equal(closed.code, 1008, `${c.what}: close code`);
    }
    const frames = [
      { what: 'a WAV file as a frame', send: (ws) => ws.send(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(100)])), code: 'INVALID_AUDIO_FRAME' },
      { what: 'an odd-length frame', send: (ws) => ws.send(Buffer.alloc(321)), code: 'INVALID_AUDIO_FRAME' },
      { what: 'an oversized frame', send: (ws) => ws.send(Buffer.alloc(40000)), code: 'INVALID_AUDIO_FRAME' },
      { what: 'bad JSON', send: (ws) => ws.send('{"type":'), code: 'INVALID_MESSAGE' },
      { what: 'JSON without a type', send: (ws) => ws.send('[1,2]'), code: 'INVALID_MESSAGE' },
    ];
    for (const f of frames) {
      const client = new StreamClient(`${wsBase}/api/voice/stream?conversationId=${conv._id}&token=${user.token}`);
      await client.waitFor((e) => e.type === 'ready');
      f.send(client.ws);
      const closed = await client.closed;
      const error = client.events.find((e) => e.type === 'error');
      assert.equal(error?.code, f.code, f.what);
      assert.equal(closed.code, 1008, `${f.what}: close code`);
    }
    // An unknown message type is answered, not fatal; "end" ends the call and the conversation.
    const client = new StreamClient(`${wsBase}/api/voice/stream?conversationId=${conv._id}&token=${user.token}`);
    await client.waitFor((e) => e.type === 'ready');
    client.ws.send(JSON.stringify({ type: 'nope' }));
    await client.waitFor((e) => e.type === 'error' && e.code === 'UNKNOWN_MESSAGE');
    client.ws.send(JSON.stringify({ type: 'ping' }));
    await client.waitFor((e) => e.type === 'pong');
    client.ws.send(JSON.stringify({ type: 'end' }));
    await client.waitFor((e) => e.type === 'end');
    assert.equal((await client.closed).code, 1000);
    const got = await server.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
    assert.equal(got.body.status, 'completed');
    // A plain GET is told to upgrade; the server is still healthy.
    const plain = await server.api('GET', '/api/voice/stream');
    assert.equal(plain.status, 426);
    assert.equal((await server.api('GET', '/health')).status, 200);
  });

  // Live calls are recognised with the conversation's agent's words (domain biasing): a made-up
  // product name, not in the stock dictionary, is heard. The call never waits for the agent's
  // recogniser to be built (about a second of CPU, more under the sanitizers): until it is, an
  // utterance may be heard unbiased, so the request is said up to four times.
  test("a live call hears the agent's own product names (domain biasing)", async () => {
    const agent = await server.createAgent(user.token, {
      company: 'Quillon Home',
      companyInfo: 'Quillon Home sells the Zorblax blender and the Vexura kettle.',
    });
    const conv = await server.createConversation(user.token, { agentId: agent._id });
    const { client, mic } = await call(conv._id);
    const finals = [];
    try {
      const wav = spoken(server.tmpDir, 'My Zorblax blender stopped working.', 'zorblax-live.wav');
      for (let attempt = 0; attempt < 4; attempt++) {
        const from = client.events.length;
        await mic.say(quiet(16000 * 0.5));
        await mic.say(wav);
        const final = await client.waitFor((e) => e.type === 'final', { from, what: 'final', timeoutMs: 30000 });
        finals.push(final.text);
        if (/zorblax/.test(final.text)) break;
      }
      console.log(`live-call finals: ${JSON.stringify(finals)}`);
      assert.match(finals.at(-1), /zorblax/, `no final heard the product name: ${JSON.stringify(finals)}`);
      // Heard, the request is answered from that agent's knowledge.
      const reply = await client.waitFor((e) => e.type === 'reply' && e.t > 0, { from: 0, what: 'reply', timeoutMs: 30000 });
      assert.ok(reply.text.length > 0);
    } finally {
      mic.stop();
      client.close();
    }
  });

  test('a visitor of a published agent calls their own conversation', async () => {
    const agent = await server.createAgent(user.token);
    const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: user.token });
    const key = pub.body.widgetKey;
    const session = await server.api('POST', '/api/public/session', { body: { widgetKey: key } });
    assert.equal(session.status, 200, session.text);
    const vt = session.body.visitorToken;
    const started = await server.api('POST', '/api/public/conversations', {
      body: {}, headers: { 'X-Widget-Key': key, 'X-Visitor-Token': vt },
    });
    assert.equal(started.status, 201, started.text);
    const id = started.body.conversation?._id ?? started.body._id ?? started.body.conversationId;
    const { client, mic } = await call(id, `widgetKey=${key}&visitorToken=${encodeURIComponent(vt)}`);
    mic.stop();
    client.close();
    // The owner's own conversation is not the visitor's.
    const own = await server.createConversation(user.token);
    const refused = new StreamClient(`${wsBase}/api/voice/stream?conversationId=${own._id}&widgetKey=${key}&visitorToken=${encodeURIComponent(vt)}`);
    assert.equal((await refused.closed).code, 1008);
    assert.equal(refused.events.find((e) => e.type === 'error')?.code, 'CONVERSATION_NOT_FOUND');
  });
});

describe('live voice stream: silence', () => {
  let server;
  before(async () => { server = await startServer({ env: { VOICE_IDLE_MS: '1500' } }); });
  after(() => server?.close());

  test('silence: a re-prompt after VOICE_IDLE_MS, then a goodbye and the call ends', async () => {
    const user = await server.register();
    const conv = await server.createConversation(user.token);
    const client = new StreamClient(`${server.baseUrl.replace(/^http/, 'ws')}/api/voice/stream?conversationId=${conv._id}&token=${user.token}`);
    await client.waitFor((e) => e.type === 'ready');
    const mic = new Mic((b) => client.ws.send(b));
    try {
      const t0 = performance.now();
      const first = await client.waitFor((e) => e.type === 'reprompt', { what: 'reprompt', timeoutMs: 10000 });
      assert.ok(first.t - t0 >= 1400, `re-prompted after ${(first.t - t0).toFixed(0)} ms`);
      assert.ok(!first.final);
      await client.waitFor((e) => e.type === 'audio' && e.t > first.t, { what: 'the re-prompt spoken' });
      const last = await client.waitFor((e) => e.type === 'reprompt' && e.final, { what: 'goodbye', timeoutMs: 20000 });
      await client.waitFor((e) => e.type === 'end' && e.t > last.t, { what: 'end', timeoutMs: 20000 });
      assert.equal((await client.closed).code, 1000);
      const got = await server.api('GET', `/api/conversations/${conv._id}`, { token: user.token });
      assert.equal(got.body.status, 'completed');
    } finally {
      mic.stop();
      client.close();
    }
  });
});

describe('live voice stream: anonymous callers are rate-limited', () => {
  let server;
  before(async () => { server = await startServer({ env: { RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE: '3' } }); });
  after(() => server?.close());

  test('a visitor call counts as a visitor session per IP: over the limit it is refused with 1008 and TOO_MANY_REQUESTS', async () => {
    const user = await server.register();
    const agent = await server.createAgent(user.token);
    const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: user.token });
    const key = pub.body.widgetKey;
    const session = await server.api('POST', '/api/public/session', { body: { widgetKey: key } });  // 1 of 3.
    assert.equal(session.status, 200, session.text);
    const vt = session.body.visitorToken;
    const started = await server.api('POST', '/api/public/conversations', {
      body: {}, headers: { 'X-Widget-Key': key, 'X-Visitor-Token': vt },
    });
    assert.equal(started.status, 201, started.text);
    const id = started.body.conversation?._id ?? started.body._id ?? started.body.conversationId;
    const url = `${server.baseUrl.replace(/^http/, 'ws')}/api/voice/stream?conversationId=${id}&widgetKey=${key}&visitorToken=${encodeURIComponent(vt)}`;
    for (let i = 0; i < 2; i++) {  // 2 and 3 of 3.
      const c = new StreamClient(url);
      await c.opened;
      await c.waitFor((e) => e.type === 'ready', { what: 'ready' });
      c.close();
    }
    const refused = new StreamClient(url);
    assert.equal((await refused.closed).code, 1008);
    assert.equal(refused.events.find((e) => e.type === 'error')?.code, 'TOO_MANY_REQUESTS');
    // Staff are not visitors: their calls are not counted.
    const own = await server.createConversation(user.token);
    const staff = new StreamClient(`${server.baseUrl.replace(/^http/, 'ws')}/api/voice/stream?conversationId=${own._id}&token=${user.token}`);
    await staff.opened;
    await staff.waitFor((e) => e.type === 'ready', { what: 'staff ready' });
    staff.close();
  });
});
