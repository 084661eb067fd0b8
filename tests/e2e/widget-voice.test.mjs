// A live voice call in the customer widget, in a real browser (Debian's Chromium, headless) against
// the real carevoice binary with its real speech engines. Chromium's fake microphone plays a WAV
// made by the server's own TTS (`carevoice say`): a question whose answer is in the agent's
// knowledge, then silence so that the server's VAD ends the turn. The widget sends the microphone
// through its AudioWorklet to /api/voice/stream as a visitor; the test asserts the live captions
// (the caller's transcript and the reply text), that reply audio was played, axe-core on the
// widget in call state, a readable message when the microphone is denied, and the console's voice
// bits (voice picker with "listen", per-turn voice latency in history). It prints the time from
// the end of speech to the first reply audio played in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../integration/harness.mjs';
import { spoken, quiet, RATE } from '../integration/voice-call.mjs';
import { launch, watch, watchForeignRequests, axe, shot, assertNoHorizontalScroll, startHostSite, REPO } from './browser.mjs';

const QUESTION = 'What are your business hours?';
const ANSWER = 'We are open from 9am to 6pm, Monday to Saturday.';
// Said while the answer plays: a barge-in.
const INTERRUPTION = 'Actually, I want a refund for my order please.';
const GAP_MS = 2000; // Between the question and the interruption (the answer starts ~1.7 s after it).

const LEAD_MS = 3000; // The fake microphone starts with the capture, before the call is connected.

let server;
let browser;
let site;
let speechMs;

// A 16 kHz mono PCM16 WAV of `samples`.
function wav(samples) {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(RATE, 24);
  head.writeUInt32LE(RATE * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

before(async () => {
  server = await startServer({ env: { WEB_PATH: path.join(REPO, 'web'), VOICE_IDLE_MS: '60000' } });
  // The caller: lead-in line noise, the question, a pause (the VAD ends the turn and the answer
  // starts playing), the interruption, then 5 s of line noise. The fake microphone plays the file
  // once (%noloop).
  const speech = spoken(server.tmpDir, QUESTION);
  speechMs = (speech.length / RATE) * 1000;
  const parts = [quiet((RATE * LEAD_MS) / 1000), speech, quiet((RATE * GAP_MS) / 1000),
    spoken(server.tmpDir, INTERRUPTION), quiet(RATE * 5)];
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  const file = path.join(server.tmpDir, 'caller.wav');
  fs.writeFileSync(file, wav(all));
  browser = await launch({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${file}%noloop`] });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

test('a voice call in the widget, and the console voice bits', { timeout: 300_000 }, async (t) => {
  const base = server.baseUrl;
  const user = await server.register();
  const token = user.token;
  const agent = await server.createAgent(token, {
    name: 'Bella', company: 'Acme Bikes', voice: 'slt',
    companyInfo: 'Acme Bikes sells and repairs bicycles in Springfield.',
    knowledge: [{ question: QUESTION, answer: ANSWER }],
  });
  const published = await server.api('POST', `/api/agents/${agent._id}/publish`, { token });
  assert.equal(published.status, 200);
  const widgetKey = published.body.widgetKey;
  site = await startHostSite(`${base}/widget.js`, widgetKey);

  let failed = false;
  let firstReply = '';  // The first reply's caption text.
  const step = (name, fn) => t.test(name, { skip: failed ? 'an earlier step failed' : false }, async () => {
    try { await fn(); } catch (e) {
      failed = true;
      let i = 0;
      for (const page of browser.context.pages()) await shot(page, `voice-failed-${++i}`).catch(() => {});
      throw e;
    }
  });

  await step('the worklet module is served from CareVoice, loadable from another origin', async () => {
    const r = await fetch(`${base}/widget-audio.js`, { headers: { origin: site.url.replace(/\/$/, '') } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /javascript/);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(await r.text(), /registerProcessor\('carevoice-mic'/);
  });

  const customer = await browser.context.newPage();
  const problems = watch(customer, 'widget');
  const foreign = watchForeignRequests(customer, [base, site.url]);
  // The widget's call events, with the page's clock.
  await customer.addInitScript(() => {
    window.__call = [];
    document.addEventListener('carevoice:call', (e) => window.__call.push({ t: performance.now(), ...e.detail }));
  });
  const widget = customer.locator('#carevoice-widget');
  const events = () => customer.evaluate(() => window.__call.map(({ t, type, text, ms, code, voiceToVoiceMs, hangoverMs }) =>
    ({ t, type, text, ms, code, voiceToVoiceMs, hangoverMs })));
  let conversationId;

  await step('a caller asks a question; captions show the transcript and the reply; the reply plays', async () => {
    await customer.setViewportSize({ width: 375, height: 740 });
    await customer.goto(site.url);
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await widget.getByRole('dialog', { name: 'Chat with Bella' }).waitFor();
    await widget.getByRole('button', { name: 'Start a voice call' }).click();
    const captions = widget.getByRole('log', { name: 'Call captions' });
    await widget.getByRole('button', { name: 'Hang up' }).waitFor();
    // The caller's final transcript, then the reply from the knowledge.
    await captions.locator('p:not(.reply):not(.partial)').first().waitFor({ timeout: 30_000 });
    const said = await captions.locator('p:not(.reply):not(.partial)').first().textContent();
    assert.match(said, /^You: .*(business|hours)/i, `the caller's transcript: ${said}`);
    // PocketSphinx hears this path (Flite's voice → Chromium's fake microphone → the worklet) as
    // "what are your business hours" about half the time, and as "what are your business now
    // iceland" otherwise (the same with the binaries of earlier stops). Heard, the answer comes
    // from the knowledge; not heard, the reply must say so plainly and offer a person, never
    // guess. Either way the reply is captioned, stored and played.
    const reply = captions.locator('p.reply').first();
    await reply.waitFor({ timeout: 30_000 });
    firstReply = (await reply.textContent()).replace(/^Bella: /, '');
    if (/hours/i.test(said)) {
      assert.match(firstReply, /9am to 6pm/, `the reply to "${said}"`);
    } else {
      assert.doesNotMatch(firstReply, /\d/, `the reply to "${said}" invents nothing`);
      assert.match(firstReply, /connect you with a member of our team/, `the reply to "${said}"`);
    }
    // The reply's audio went through the player worklet.
    await customer.waitForFunction(() => window.__call.filter((e) => e.type === 'playback_played')
      .reduce((n, e) => n + e.ms, 0) > 1000, null, { timeout: 30_000 });
    const ev = await events();
    const types = ev.map((e) => e.type);
    for (const k of ['ready', 'speech_started', 'partial', 'speech_ended', 'final', 'reply', 'audio_start', 'metrics', 'playback_started']) {
      assert.ok(types.includes(k), `call event ${k} (got ${[...new Set(types)].join(', ')})`);
    }
    assert.ok(types.indexOf('partial') < types.indexOf('final'), 'partial transcripts came before the final one');
    const ended = ev.find((e) => e.type === 'speech_ended');
    const played = ev.find((e) => e.type === 'playback_started' && e.t > ended.t);
    const metrics = ev.find((e) => e.type === 'metrics');
    const hangover = ev.find((e) => e.type === 'ready').hangoverMs ?? 0;
    const v2v = played.t - ended.t + hangover;
    t.diagnostic(`browser: end of speech → first reply audio played ≈ ${v2v.toFixed(0)} ms ` +
      `(speech_ended → played ${(played.t - ended.t).toFixed(0)} ms + hangover ${hangover} ms); ` +
      `server voiceToVoiceMs ${metrics.voiceToVoiceMs?.toFixed(0)} ms; question ${speechMs.toFixed(0)} ms`);
    console.log(`# widget voice: end of speech → first reply audio played ≈ ${v2v.toFixed(0)} ms (server ${metrics.voiceToVoiceMs?.toFixed(0)} ms)`);
    conversationId = await customer.evaluate((k) => localStorage.getItem(`carevoice:${k}:conversation`), widgetKey);
    assert.match(conversationId, /^[0-9a-f]{24}$/);
    await axe(customer, 'widget in a call', { include: '#carevoice-widget' });
    await axe(customer, 'widget page in a call');
    await assertNoHorizontalScroll(customer, 'widget page in a call');
    const box = await widget.getByRole('dialog').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the call fits 375 px: ${JSON.stringify(box)}`);
    await shot(customer, '20-widget-voice-call-375');
  });

  await step('barge-in: the caller interrupts the answer; its playback stops at once', async () => {
    // The server stops sending at the caller's onset (`paused`); the player drains the ~100 ms it
    // holds; then the server decides `barge_in` + `clear` (the player drops anything queued).
    await customer.waitForFunction(() => window.__call.some((e) => e.type === 'clear'), null, { timeout: 30_000 });
    const ev = await events();
    const clear = ev.find((e) => e.type === 'clear');
    // The pause that became the barge-in (an earlier one may have resumed: a noise, a backchannel).
    const stop = ev.filter((e) => (e.type === 'paused' || e.type === 'barge_in') && e.t <= clear.t)
      .findLast((e, i, all) => e.type === 'barge_in' ? !all.some((p) => p.type === 'paused' && p.t <= e.t) : true);
    const log = ev.filter((e) => !/^(partial|playback_played)$/.test(e.type)).map((e) => `${e.type}@${e.t.toFixed(0)}`).join(' ');
    const stateAt = (t0) => ev.filter((e) => e.t < t0 && /^playback_(started|idle)$/.test(e.type)).at(-1)?.type;
    t.diagnostic(`call events: ${log}`);
    if (stateAt(stop.t) === 'playback_started') {
      const idle = ev.find((e) => e.type === 'playback_idle' && e.t >= stop.t);
      assert.ok(idle, 'the playback stopped');
      // Typically 8-12 ms; the bound leaves room for a slow, sanitizer-built CI run.
      assert.ok(idle.t - stop.t < 600, `playback stopped ${(idle.t - stop.t).toFixed(0)} ms after ${stop.type}: ${log}`);
      t.diagnostic(`barge-in: the answer's playback stopped ${(idle.t - stop.t).toFixed(0)} ms after the server's ${stop.type}`);
    } else {
      t.diagnostic('the caller spoke before the answer played');
    }
    const next = ev.find((e) => e.type === 'audio_start' && e.t > clear.t);
    const after = ev.filter((e) => e.type === 'playback_played' && e.t > clear.t + 50 && (!next || e.t < next.t));
    assert.deepEqual(after, [], 'nothing of the cut answer played after the barge-in');
    // The interruption is the next turn: its transcript in the captions.
    const captions = widget.getByRole('log', { name: 'Call captions' });
    await customer.waitForFunction(() => window.__call.filter((e) => e.type === 'final' && e.text).length >= 2,
      null, { timeout: 30_000 });
    const said = await captions.locator('p:not(.reply):not(.partial)').nth(1).textContent();
    assert.match(said, /^You: .*(refund|order)/i, `the interruption's transcript: ${said}`);
    await shot(customer, '20b-widget-voice-barge-in');
  });

  await step('mute, then hang up: the call ends and is stored with its turn latencies', async () => {
    const mic = widget.getByRole('button', { name: 'Mute microphone', exact: true });
    await mic.click();
    assert.equal(await widget.getByRole('button', { name: 'Unmute microphone', exact: true }).getAttribute('aria-pressed'), 'true');
    await widget.getByRole('button', { name: 'Unmute microphone', exact: true }).press('Enter');
    await widget.getByRole('button', { name: 'Mute microphone', exact: true }).waitFor();
    await widget.getByRole('button', { name: 'Hang up' }).click();
    await widget.locator('.m.notice').filter({ hasText: 'You ended the call.' }).waitFor();
    assert.equal(await widget.locator('.call').isHidden(), true);
    await customer.waitForFunction(() => window.__call.some((e) => e.type === 'ended'));
    const got = await server.api('GET', `/api/conversations/${conversationId}`, { token });
    assert.equal(got.status, 200);
    assert.ok(got.body.voiceCall?.turns?.length >= 1, JSON.stringify(got.body.voiceCall));
    assert.ok(got.body.messages.some((m) => m.role === 'assistant' && m.content === firstReply),
      `the captioned reply is stored: ${firstReply}`);
    // The chat log shows the call's turns too (they are messages of the conversation).
    await widget.locator('.m.assistant').filter({ hasText: firstReply.slice(0, 40) }).first()
      .waitFor({ timeout: 10_000 });
    assert.deepEqual(foreign, [], 'the widget reaches no origin but CareVoice');
  });

  await step('a denied microphone is a readable message', async () => {
    const denied = await browser.context.newPage();
    await denied.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await denied.goto(site.url);
    const w = denied.locator('#carevoice-widget');
    await w.getByRole('button', { name: 'Start a voice call' }).click();
    await w.getByRole('alert').filter({ hasText: 'Microphone access was denied' }).waitFor();
    assert.equal(await w.getByRole('button', { name: 'Start a voice call' }).isEnabled(), true);
    await axe(denied, 'widget after a denied microphone');
    await shot(denied, '21-widget-voice-denied');
    await denied.close();
  });

  const staff = await browser.context.newPage();
  const staffProblems = watch(staff, 'console');
  await step('console: the agent form picks a voice and plays a sample of it', async () => {
    await staff.goto(`${base}/`);
    await staff.evaluate((s) => {
      localStorage.setItem('carevoice.token', s.token);
      localStorage.setItem('carevoice.refreshToken', s.refreshToken);
      localStorage.setItem('carevoice.user', JSON.stringify(s.user));
    }, { token: user.token, refreshToken: user.refreshToken, user: user.user });
    await staff.goto(`${base}/#/agents/${agent._id}`);
    await staff.getByRole('heading', { name: 'Edit Bella' }).waitFor();
    const picker = staff.getByLabel('Voice', { exact: true });
    assert.equal(await picker.inputValue(), 'slt');
    const voices = (await server.api('GET', '/api/voices', { token })).body.voices;
    assert.equal(await picker.locator('option').count(), voices.length + 1, 'every voice and the default');
    await picker.selectOption('awb');
    const previews = [];
    staff.on('response', (r) => { if (r.url().endsWith('/api/voices/preview')) previews.push(r); });
    await staff.getByRole('button', { name: 'Listen to this voice' }).click();
    const sample = staff.locator('audio.voice-sample');
    await sample.waitFor({ state: 'visible' });
    await staff.waitForFunction(() => {
      const a = document.querySelector('audio.voice-sample');
      return a && a.src.startsWith('blob:') && (a.currentTime > 0 || a.ended);
    }, null, { timeout: 15_000 });
    assert.equal(previews.length, 1);
    assert.equal(previews[0].status(), 200);
    assert.equal(JSON.parse(previews[0].request().postData()).voice, 'awb');
    await axe(staff, 'agent form with the voice picker');
    await shot(staff, '22-agent-voice-picker');
    await staff.getByRole('button', { name: 'Save agent' }).click();
    await staff.locator('#toast').filter({ hasText: 'saved' }).waitFor();
    assert.equal((await server.api('GET', `/api/agents/${agent._id}`, { token })).body.voice, 'awb');
  });

  await step('console: history shows the call\'s per-turn voice latency', async () => {
    await staff.goto(`${base}/#/history`);
    await staff.locator(`tr[data-id="${conversationId}"]`).getByRole('button', { name: /^View/ }).click();
    const table = staff.locator('#history-detail table.voice-latency');
    await table.waitFor();
    const turns = (await server.api('GET', `/api/conversations/${conversationId}`, { token })).body.voiceCall.turns;
    assert.equal(await table.locator('tbody tr').count(), turns.length);
    const ms = (v) => (typeof v === 'number' ? `${Math.round(v)} ms` : '—');
    for (const [i, turn] of turns.entries()) {
      const cells = (await table.locator('tbody tr').nth(i).locator('td').allTextContents()).map((c) => c.trim());
      assert.deepEqual(cells.slice(0, 5), [turn.voiceToVoiceMs, turn.decisionMs, turn.sttMs, turn.replyMs, turn.ttsMs].map(ms),
        `turn ${i + 1}: ${JSON.stringify(turn)}`);
      assert.equal(cells[5], turn.truncated ? `interrupted after ${ms(turn.playedMs)}` : 'in full');
    }
    assert.ok(turns.some((turn) => turn.truncated), 'the barged-in answer is marked interrupted');
    await staff.locator('#history-detail .msg.assistant').filter({ hasText: 'voice-to-voice' }).first().waitFor();
    await axe(staff, 'history with a voice call');
    await shot(staff, '23-history-voice-latency');
  });

  await step('console: the inbox counts unread messages and chimes and notifies on a new escalation', async () => {
    await browser.context.grantPermissions(['notifications'], { origin: base });
    await staff.evaluate(() => {
      window.__notes = [];
      const N = window.Notification;
      window.Notification = class extends N {
        constructor(title, opts) { window.__notes.push({ title, body: opts?.body }); super(title, opts); }
      };
    });
    await staff.goto(`${base}/#/inbox`);
    await staff.getByRole('heading', { name: 'Inbox' }).waitFor();
    const box = staff.getByLabel('Notify me of new escalations');
    assert.equal(await box.isChecked(), false, 'off by default');
    await box.check();
    await staff.waitForFunction(() => localStorage.getItem('carevoice.notify') === 'on');
    // A new visitor asks for a person (the visitor REST API).
    const session = await server.api('POST', '/api/public/session', { body: { widgetKey } });
    const headers = { 'x-widget-key': widgetKey, 'x-visitor-token': session.body.visitorToken };
    const conv = await server.api('POST', '/api/public/conversations', { headers, body: {} });
    assert.equal(conv.status, 201);
    const sent = await server.api('POST', `/api/public/conversations/${conv.body._id}/messages`,
      { headers, body: { content: 'I want to talk to a human being please.' } });
    assert.equal(sent.status, 201);
    const item = staff.locator(`.conv[data-id="${conv.body._id}"]`);
    await item.locator('.badge.reason').waitFor({ timeout: 15_000 });
    await staff.waitForFunction(() => Number(document.documentElement.dataset.chimes || 0) >= 1);
    const notes = await staff.evaluate(() => window.__notes);
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.match(notes[0].body, /asked for a person/);
    const unread = Number(await item.locator('.count').textContent());
    assert.ok(unread >= 1, `unread count ${unread}`);
    await item.getByRole('link').click();
    await staff.locator('.conv-pane .msg.user').first().waitFor();
    await item.locator('.count').waitFor({ state: 'detached' });
    await axe(staff, 'inbox with notifications on');
    await shot(staff, '24-inbox-unread-notify');
  });

  assert.deepEqual(problems, [], 'no page errors or console errors in the widget');
  assert.deepEqual(staffProblems, [], 'no page errors or console errors in the console');
});
