// The staff console and the customer widget in a real browser (Debian's Chromium, headless,
// driven by playwright-core) against the real carevoice binary: register, build an agent with
// knowledge, test it (streamed reply), publish it, chat as a customer from a page on another
// origin, watch the conversation arrive live in the inbox, escalate, take over, reply as a
// person, hand back, reload and resume, compare the dashboard with the REST stats API, axe-core
// on every page, and a 375 px run. Screenshots go to build/e2e-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, uniqueEmail, signJwt, DEFAULT_PASSWORD } from '../integration/harness.mjs';
import { launch, watch, watchForeignRequests, axe, shot, assertNoHorizontalScroll, startHostSite, REPO } from './browser.mjs';

let server;
let browser;
let site;

// E2E_BASE_URL points the test at an already running server instead (for working on the UI).
function remoteServer(baseUrl) {
  return {
    baseUrl,
    async api(method, urlPath, { token, body } = {}) {
      const headers = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(baseUrl + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {},
  };
}

before(async () => {
  server = process.env.E2E_BASE_URL ? remoteServer(process.env.E2E_BASE_URL)
    : await startServer({ env: { WEB_PATH: path.join(REPO, 'web') } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

const ANSWER = 'We are open from 9am to 6pm, Monday to Saturday.';

test('console and widget, end to end', { timeout: 480_000 }, async (t) => {
  const base = server.baseUrl;
  const staff = await browser.context.newPage();
  const staffProblems = watch(staff, 'console');
  const email = uniqueEmail('e2e');
  let token;
  let agentId;
  let widgetKey;
  // Each step needs the previous ones: after a failure the rest are skipped, not piled up.
  let failed = false;
  const step = (name, opts, fn) => {
    if (typeof opts === 'function') [fn, opts] = [opts, {}];
    const skip = failed ? 'an earlier step failed' : opts.skip ? 'not available against E2E_BASE_URL' : false;
    return t.test(name, { skip }, (st) => run(st, fn));
  };
  const run = async (st, fn) => {
    try { await fn(st); } catch (e) {
      failed = true;
      let i = 0;
      for (const page of browser.context.pages()) await shot(page, `failed-${++i}`).catch(() => {});
      throw e;
    }
  };

  await step('the server serves the console, the widget and the vendor files', async () => {
    for (const [p, type] of [['/', 'text/html'], ['/app/main.js', 'javascript'], ['/widget.js', 'javascript'],
      ['/vendor/socket.io.min.js', 'javascript'], ['/vendor/socket.io.esm.min.js', 'javascript'],
      ['/vendor/chart.umd.js', 'javascript']]) {
      const r = await fetch(base + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), new RegExp(type), p);
    }
    if (!process.env.E2E_BASE_URL) {
      const w = await fetch(`${base}/widget.js`);
      assert.equal(w.headers.get('cross-origin-resource-policy'), 'cross-origin');
      const idx = await fetch(`${base}/`);
      assert.match(idx.headers.get('content-security-policy'), /script-src 'self'/);
    }
    // Only the allow-listed vendor files: nothing else of node_modules.
    assert.equal((await fetch(`${base}/vendor/package.json`)).status, 404);
    assert.equal((await fetch(`${base}/app/../package.json`)).status, 404);
  });

  await step('register (axe on login and register)', async () => {
    await staff.goto(base + '/');
    await staff.waitForURL(/#\/login$/);
    await staff.getByRole('heading', { name: 'Log in to CareVoice' }).waitFor();
    await axe(staff, 'login');
    await shot(staff, '01-login');
    // A wrong password is a readable message, not a blank page.
    await staff.getByLabel('Email').fill('nobody@example.com');
    await staff.getByLabel('Password').fill('wrong-password1');
    await staff.getByRole('button', { name: 'Log in' }).click();
    await staff.getByRole('alert').filter({ hasText: /invalid|credentials|password/i }).waitFor();
    await staff.getByRole('link', { name: 'Create one' }).click();
    await staff.getByRole('heading', { name: 'Create your CareVoice account' }).waitFor();
    await axe(staff, 'register');
    await staff.getByLabel('Name').fill('Erin Example');
    await staff.getByLabel('Email').fill(email);
    await staff.getByLabel('Password').fill(DEFAULT_PASSWORD);
    await shot(staff, '02-register');
    await staff.getByRole('button', { name: 'Create account' }).click();
    await staff.waitForURL(/#\/agents$/);
    token = await staff.evaluate(() => localStorage.getItem('carevoice.token'));
    assert.ok(token, 'the console keeps the access token');
  });

  await step('create an agent with knowledge', async () => {
    await staff.getByRole('link', { name: 'New agent' }).click();
    await staff.getByRole('heading', { name: 'New agent' }).waitFor();
    await staff.getByLabel('Name', { exact: true }).fill('Bella');
    await staff.getByLabel('Company', { exact: true }).fill('Acme Bikes');
    await staff.getByLabel('Personality').fill('Warm, patient and precise.');
    await staff.getByLabel('Company information').fill('Acme Bikes sells and repairs bicycles in Springfield.');
    await staff.getByRole('button', { name: 'Add knowledge row' }).click();
    await staff.getByLabel('Question').last().fill('What are your opening hours?');
    await staff.getByLabel('Answer').last().fill(ANSWER);
    await staff.getByRole('button', { name: 'Add intent' }).click();
    await staff.getByLabel('Intent name').last().fill('bike_repair');
    await staff.getByLabel('Examples (one per line)').last().fill('my bike is broken\nfix my brakes');
    await axe(staff, 'agent form');
    await shot(staff, '03-agent-new');
    await staff.getByRole('button', { name: 'Create agent' }).click();
    await staff.waitForURL(/#\/agents\/[0-9a-f]{24}$/);
    agentId = staff.url().split('/').pop();
    const r = await server.api('GET', `/api/agents/${agentId}`, { token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.knowledge, [{ question: 'What are your opening hours?', answer: ANSWER }]);
    assert.deepEqual(r.body.intents, [{ name: 'bike_repair', examples: ['my bike is broken', 'fix my brakes'] }]);
    assert.equal(r.body.personality, 'Warm, patient and precise.');
    await staff.getByRole('heading', { name: 'Edit Bella' }).waitFor();
    await shot(staff, '04-agent-edit');
  });

  await step('test the agent: the reply streams in', async () => {
    await staff.getByRole('link', { name: 'Test this agent' }).click();
    await staff.getByRole('heading', { name: 'Test Bella' }).waitFor();
    await staff.evaluate(() => {
      window.__sawStreaming = false;
      new MutationObserver(() => {
        if (document.querySelector('.msg.streaming')) window.__sawStreaming = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await staff.getByLabel('Message to Bella').fill('What are your opening hours?');
    await staff.getByRole('button', { name: 'Send' }).click();
    const reply = staff.locator('.msg.assistant.final').last();
    await reply.waitFor({ timeout: 30_000 });
    assert.match(await reply.textContent(), /9am to 6pm/);
    assert.equal(await staff.evaluate(() => window.__sawStreaming), true, 'the reply arrived in chunks');
    // The reply is spoken: an audio element whose file the browser plays.
    const audio = reply.locator('audio');
    await audio.waitFor({ state: 'attached', timeout: 30_000 });
    const src = await audio.getAttribute('src');
    const a = await fetch(new URL(src, base));
    assert.equal(a.status, 200);
    assert.match(a.headers.get('content-type'), /^audio\//);
    const played = await audio.evaluate((el) => {
      el.muted = true;  // Autoplay without a gesture is allowed when muted.
      return el.play().then(() => new Promise((resolve) => {
        setTimeout(() => resolve({ duration: el.duration, time: el.currentTime, error: el.error?.code ?? null }), 400);
      }));
    });
    assert.equal(played.error, null, 'the reply audio decodes');
    assert.ok(played.duration > 0.5, `the reply audio lasts ${played.duration} s`);
    assert.ok(played.time > 0, `the reply audio plays (at ${played.time} s)`);
    await axe(staff, 'agent test');
    await shot(staff, '05-agent-test');
  });

  await step('publish: widget key and embed snippet', async () => {
    await staff.goto(`${base}/#/agents/${agentId}`);
    await staff.getByRole('button', { name: 'Publish', exact: true }).click();
    await staff.locator('#widget-key').waitFor();
    widgetKey = (await staff.locator('#widget-key').textContent()).trim();
    assert.match(widgetKey, /^wk_[A-Za-z0-9_-]{32}$/);
    const snippet = await staff.getByLabel('Embed snippet').inputValue();
    assert.equal(snippet, `<script src="${base}/widget.js" data-key="${widgetKey}" async></script>`);
    await axe(staff, 'agent published');
    await shot(staff, '06-agent-published');
  });

  site = await startHostSite(`${base}/widget.js`, widgetKey);
  assert.notEqual(new URL(site.url).origin, new URL(base).origin);
  const customer = await browser.context.newPage();
  const customerProblems = watch(customer, 'widget');
  const foreign = watchForeignRequests(customer, [base, site.url]);
  const widget = customer.locator('#carevoice-widget');
  let conversationId;

  await step('the inbox is open before the customer arrives', async () => {
    await staff.goto(`${base}/#/inbox`);
    await staff.getByRole('heading', { name: 'Inbox' }).waitFor();
    await staff.locator('.conv-list').waitFor();
  });

  await step('a customer chats through the widget on another site; the inbox shows it live', async () => {
    await customer.goto(site.url);
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await widget.getByRole('dialog', { name: 'Chat with Bella' }).waitFor();
    await widget.getByLabel('Your message').fill('Hello, I have a question about my order.');
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.locator('.m.user').first().waitFor();
    await widget.locator('.m.assistant').nth(1).waitFor({ timeout: 30_000 }); // welcome + reply
    conversationId = await customer.evaluate((k) => localStorage.getItem(`carevoice:${k}:conversation`), widgetKey);
    assert.match(conversationId, /^[0-9a-f]{24}$/);
    await staff.locator(`.conv[data-id="${conversationId}"]`).waitFor({ timeout: 15_000 });
    await axe(customer, 'widget (open)');
    await shot(customer, '07-widget-chat');
  });

  await step('an escalation puts the conversation on top with its reason', async () => {
    await widget.getByLabel('Your message').fill('I want to talk to a human being please.');
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.locator('.m.notice').filter({ hasText: 'getting a person' }).waitFor({ timeout: 15_000 });
    // Another conversation changes after the escalation: the escalated one stays first.
    const list = await server.api('GET', '/api/conversations?include=', { token });
    const testConv = list.body.find((c) => c._id !== conversationId);
    assert.ok(testConv, 'the agent test conversation exists');
    const posted = await server.api('POST', `/api/conversations/${testConv._id}/messages`,
      { token, body: { content: 'Thanks!' } });
    assert.equal(posted.status, 201);
    const first = staff.locator('.conv-list > li').first();
    await staff.waitForFunction((id) => {
      const li = document.querySelector('.conv-list > li');
      return li && li.dataset.id === id && li.classList.contains('escalated');
    }, conversationId, { timeout: 15_000 });
    assert.match(await first.textContent(), /asked for a person/);
    await shot(staff, '08-inbox-escalated');
  });

  await step('staff take over and reply; the widget shows the person; hand back and the bot answers', async () => {
    await staff.locator(`.conv[data-id="${conversationId}"] a`).click();
    await staff.waitForURL(new RegExp(`#/inbox/${conversationId}$`));
    await staff.locator('.conv-pane .msg.user').first().waitFor();
    const badges = await staff.locator('.conv-pane .msg.user .badge').allTextContents();
    assert.ok(badges.some((b) => b.startsWith('intent: ')), `intent badge shown: ${badges}`);
    // The customer's typing shows in the open conversation.
    await widget.getByLabel('Your message').fill('Hello?');
    await staff.locator('.conv-pane .typing').filter({ hasText: 'The customer is typing' }).waitFor({ timeout: 15_000 });
    await widget.getByLabel('Your message').fill('');
    await staff.locator('.conv-pane .typing').waitFor({ state: 'hidden', timeout: 15_000 });
    await staff.getByRole('button', { name: 'Take over' }).click();
    await staff.getByRole('button', { name: 'Hand back to the bot' }).waitFor();
    await staff.getByLabel('Reply as a person').fill('Hi, this is Sam from Acme. How can I help?');
    await staff.getByRole('button', { name: 'Send as staff' }).click();
    await widget.locator('.m.human').filter({ hasText: 'this is Sam from Acme' }).waitFor({ timeout: 15_000 });
    await widget.locator('.m.notice').filter({ hasText: 'connected to a person' }).waitFor();
    await staff.locator('.conv-pane .msg.human').filter({ hasText: 'this is Sam' }).waitFor();
    await axe(staff, 'inbox (conversation open)');
    await shot(staff, '09-inbox-takeover');
    await shot(customer, '10-widget-human');

    await staff.getByRole('button', { name: 'Hand back to the bot' }).click();
    await staff.getByRole('button', { name: 'Take over' }).waitFor();
    await widget.locator('.m.notice').filter({ hasText: 'back with the assistant' }).waitFor({ timeout: 15_000 });
    const before = await widget.locator('.m.assistant').count();
    await widget.getByLabel('Your message').fill('What are your opening hours?');
    await widget.getByRole('button', { name: 'Send' }).click();
    await customer.waitForFunction((n) => {
      const items = document.querySelector('#carevoice-widget').shadowRoot.querySelectorAll('.m.assistant');
      return items.length > n && /9am to 6pm/.test(items[items.length - 1].textContent);
    }, before, { timeout: 30_000 });
    await staff.locator('.conv-pane .msg.assistant').filter({ hasText: '9am to 6pm' }).last().waitFor({ timeout: 15_000 });
  });

  await step('a reload of the customer page resumes the same conversation', async () => {
    await customer.reload();
    await widget.locator('.m.human').filter({ hasText: 'this is Sam from Acme' }).waitFor({ timeout: 15_000 });
    const again = await customer.evaluate((k) => localStorage.getItem(`carevoice:${k}:conversation`), widgetKey);
    assert.equal(again, conversationId);
    const list = await server.api('GET', '/api/conversations?include=', { token });
    assert.equal(list.body.filter((c) => c.visitorId).length, 1, 'still one visitor conversation');
    await axe(customer, 'widget (resumed)');
    assert.deepEqual(foreign, [], 'the widget reaches no origin but CareVoice');
  });

  await step('the dashboard equals the REST stats API', async () => {
    await staff.goto(`${base}/#/dashboard`);
    await staff.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await staff.locator('#rest-stats').filter({ hasText: 'REST stats API' }).waitFor();
    await staff.locator('.chart canvas').first().waitFor();
    const user = JSON.parse(await staff.evaluate(() => localStorage.getItem('carevoice.user')));
    // The browser's offset, as the page sends it (days and hours are counted there).
    const tz = await staff.evaluate(() => -new Date().getTimezoneOffset());
    const today = await staff.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const read = async (id) => (await staff.locator(`[data-stat="${id}"]`).textContent()).trim();
    // Waits until the page shows the stats of `query`, then asserts every figure equals the REST
    // stats API's for the same filter. Returns those stats.
    const same = async (query) => {
      const qs = new URLSearchParams({ tz: String(tz), ...query });
      const url = `/api/conversations/stats/user/${user._id}?${qs}`;
      await staff.waitForFunction((u) => document.getElementById('figures')?.dataset.url === u &&
        !document.getElementById('figures').hasAttribute('aria-busy'), url, { timeout: 15_000 });
      const r = await server.api('GET', url, { token });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const stats = r.body;
      const label = JSON.stringify(query);
      assert.equal(await read('totalCalls'), String(stats.totalCalls), label);
      assert.equal(await read('totalMessages'), String(stats.totalMessages), label);
      assert.equal(await read('averageDuration'), `${stats.averageDuration} s`, label);
      assert.equal(await read('satisfaction'),
        stats.averageSatisfaction == null ? '—' : `${stats.averageSatisfaction.toFixed(2)} / 5`, label);
      assert.equal(await read('escalationRate'), `${(stats.escalationRate * 100).toFixed(1)} %`, label);
      for (const k of ['positive', 'neutral', 'negative', 'urgent']) {
        assert.equal(await read(`sentiment-${k}`), String(stats.sentimentBreakdown[k]), `${label} ${k}`);
      }
      assert.equal(await read('companies'),
        stats.companiesInteractedWith.length ? stats.companiesInteractedWith.join(', ') : '—', label);
      return stats;
    };
    const all = await same({});
    // The agent test chat is listed but not counted; the visitor's conversation is.
    const listed = (await server.api('GET', '/api/conversations?include=', { token })).body;
    assert.ok(listed.some((c) => c.isTest && c.agentId === agentId), 'the agent test chat is listed, marked isTest');
    assert.equal(all.totalCalls, listed.filter((c) => !c.isTest).length);
    assert.ok(all.escalatedCount >= 1, 'the visitor conversation escalated');
    const agentCount = listed.filter((c) => !c.isTest && c.agentId === agentId).length;

    // The agent filter, then a date range (today, both ends inclusive) with it.
    await staff.getByLabel('Agent', { exact: true }).selectOption(agentId);
    const forAgent = await same({ agentId });
    assert.equal(forAgent.totalCalls, agentCount);
    assert.ok(agentCount >= 1);
    await staff.getByLabel('From', { exact: true }).fill(today);
    await staff.getByLabel('From', { exact: true }).dispatchEvent('change');
    await same({ from: today, agentId });
    await staff.getByLabel('To', { exact: true }).fill(today);
    await staff.getByLabel('To', { exact: true }).dispatchEvent('change');
    const ranged = await same({ from: today, to: today, agentId });
    assert.equal(ranged.totalCalls, agentCount);
    assert.equal(ranged.conversationsPerDay.length, 1);
    assert.equal(ranged.conversationsPerDay[0].date, today);
    // A date range in the future: nothing.
    await staff.getByLabel('To', { exact: true }).fill('2999-01-31');
    await staff.getByLabel('To', { exact: true }).dispatchEvent('change');
    await staff.getByLabel('From', { exact: true }).fill('2999-01-01');
    await staff.getByLabel('From', { exact: true }).dispatchEvent('change');
    const future = await same({ from: '2999-01-01', to: '2999-01-31', agentId });
    assert.equal(future.totalCalls, 0);
    await staff.getByLabel('From', { exact: true }).fill('');
    await staff.getByLabel('From', { exact: true }).dispatchEvent('change');
    await staff.getByLabel('To', { exact: true }).fill('');
    await staff.getByLabel('To', { exact: true }).dispatchEvent('change');
    await staff.getByLabel('Agent', { exact: true }).selectOption('');
    await same({});
    await axe(staff, 'dashboard');
    await shot(staff, '11-dashboard');
  });

  await step('the inbox filter bar and search use the server-side list filters', async () => {
    await staff.goto(`${base}/#/inbox`);
    await staff.getByRole('heading', { name: 'Inbox' }).waitFor();
    const shown = () => staff.evaluate(() => [...document.querySelectorAll('.conv-list > li.conv')].map((li) => li.dataset.id));
    // The text is found in a message (not in the title), case-insensitively.
    const search = staff.getByLabel('Search titles and messages');
    const rest = (await server.api('GET', '/api/conversations?include=&q=about%20my%20order', { token })).body;
    assert.deepEqual(rest.map((c) => c._id), [conversationId], 'only the customer wrote that');
    await search.fill('ABOUT MY ORDER');
    await staff.waitForFunction((id) => {
      const items = [...document.querySelectorAll('.conv-list > li.conv')];
      return items.length === 1 && items[0].dataset.id === id;
    }, conversationId, { timeout: 15_000 });
    assert.deepEqual(await shown(), [conversationId]);
    // With a status that does not match, nothing; back to all.
    await staff.getByLabel('Status', { exact: true }).selectOption('archived');
    await staff.locator('.conv-list').filter({ hasText: 'No conversations match.' }).waitFor({ timeout: 15_000 });
    await staff.getByLabel('Status', { exact: true }).selectOption('');
    await search.fill('');
    await staff.waitForFunction(() => document.querySelectorAll('.conv-list > li.conv').length >= 2, null, { timeout: 15_000 });
    // Keyboard: the agent filter is reachable and works from the keyboard.
    await staff.getByLabel('Agent', { exact: true }).focus();
    await staff.getByLabel('Agent', { exact: true }).selectOption(agentId);
    await staff.waitForFunction(() => document.querySelectorAll('.conv-list > li.conv').length >= 2, null, { timeout: 15_000 });
    await staff.getByLabel('Agent', { exact: true }).selectOption('');
    await axe(staff, 'inbox (filter bar)');
    await shot(staff, '11b-inbox-filtered');
  });

  await step('history, agents and profile pages pass axe; a password change works', async () => {
    await staff.goto(`${base}/#/history`);
    await staff.locator(`tr[data-id="${conversationId}"]`).waitFor();
    await staff.locator(`tr[data-id="${conversationId}"]`).getByRole('button', { name: /^View/ }).click();
    await staff.locator('#history-detail .msg.human').first().waitFor();
    await axe(staff, 'history');
    await shot(staff, '12-history');
    await staff.locator(`tr[data-id="${conversationId}"]`).getByRole('button', { name: /^Archive/ }).click();
    await staff.locator(`tr[data-id="${conversationId}"] .badge`).filter({ hasText: 'archived' }).waitFor();
    const archived = await server.api('GET', `/api/conversations/${conversationId}`, { token });
    assert.equal(archived.body.status, 'archived');
    await staff.goto(`${base}/#/agents`);
    await staff.getByRole('heading', { name: 'Agents' }).waitFor();
    await staff.locator('.card.agent').first().waitFor();
    await axe(staff, 'agents');
    await shot(staff, '13-agents');
    await staff.goto(`${base}/#/profile`);
    await staff.getByRole('heading', { name: 'Your profile' }).waitFor();
    await axe(staff, 'profile');
    await staff.getByLabel('Current password').fill(DEFAULT_PASSWORD);
    await staff.getByLabel('New password').fill('An0therPassw0rd');
    await staff.getByRole('button', { name: 'Change password' }).click();
    await staff.locator('#toast').filter({ hasText: 'Password changed.' }).waitFor();
    const login = await server.api('POST', '/api/auth/login', { body: { email, password: 'An0therPassw0rd' } });
    assert.equal(login.status, 200);
    await shot(staff, '14-profile');
  });

  await step('375 px: the widget and the inbox', async () => {
    await staff.setViewportSize({ width: 375, height: 740 });
    await customer.setViewportSize({ width: 375, height: 740 });
    await staff.goto(`${base}/#/inbox/${conversationId}`);
    await staff.locator('.conv-pane .msg').first().waitFor();
    await assertNoHorizontalScroll(staff, 'inbox');
    await axe(staff, 'inbox at 375 px');
    await shot(staff, '15-inbox-375');
    await customer.reload();
    await widget.locator('.m.human').first().waitFor({ timeout: 15_000 });
    const box = await widget.getByRole('dialog').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the chat fits 375 px: ${JSON.stringify(box)}`);
    await assertNoHorizontalScroll(customer, 'widget page');
    await axe(customer, 'widget at 375 px');
    await shot(customer, '16-widget-375');
  });

  // Failed requests the test provokes on purpose (a wrong password) log a console error too.
  assert.deepEqual([...staffProblems, ...customerProblems].filter((p) => !/status of 401/.test(p)), [],
    'no page errors or console errors');

  await step('an expired access token is refreshed silently', { skip: !server.jwtSecret }, async () => {
    const user = JSON.parse(await staff.evaluate(() => localStorage.getItem('carevoice.user')));
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ sub: user._id, userId: user._id, iat: now - 120, exp: now - 60 }, server.jwtSecret);
    await staff.evaluate((tok) => localStorage.setItem('carevoice.token', tok), expired);
    // A same-document navigation: a reload could abort the refresh after the server rotated the
    // refresh token but before the page stored the new one (the old one is then a replay).
    await staff.goto(`${base}/#/history`);
    await staff.getByRole('heading', { name: 'History' }).waitFor();
    await staff.locator(`tr[data-id="${conversationId}"]`).waitFor();
    const fresh = await staff.evaluate(() => localStorage.getItem('carevoice.token'));
    assert.notEqual(fresh, expired, 'a new access token replaced the expired one');
  });

  await step('an expired session goes back to the login page', async () => {
    await staff.setViewportSize({ width: 1280, height: 860 });
    await staff.evaluate(() => {
      localStorage.setItem('carevoice.token', 'expired.token.value');
      localStorage.setItem('carevoice.refreshToken', 'no-longer-valid');
    });
    await staff.goto(`${base}/#/agents`);
    await staff.waitForURL(/#\/login$/, { timeout: 15_000 });
    await staff.locator('#toast').filter({ hasText: /session has expired/ }).waitFor();
  });
});
