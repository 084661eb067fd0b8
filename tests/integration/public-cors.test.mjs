// CORS for the widget: the visitor API (/api/public/*) answers any origin without credentials,
// preflight included, while the staff API keeps its allow-list. The web console's static routes
// (the widget, the vendor allow-list) are served from WEB_PATH.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOP = 'https://shop.example';
// A staff front end on the allow-list (FRONTEND_URL); localhost:3000 is allowed only when
// NODE_ENV=development, and the harness runs NODE_ENV=test.
const CONSOLE = 'https://console.example';
let server;
let owner;
let widgetKey;

before(async () => {
  server = await startServer({
    env: { WEB_PATH: path.resolve(here, '..', '..', 'web'), FRONTEND_URL: CONSOLE },
  });
  owner = await server.register();
  const agent = await server.createAgent(owner.token, { name: 'Cora', company: 'Shop' });
  const pub = await server.api('POST', `/api/agents/${agent._id}/publish`, { token: owner.token });
  assert.equal(pub.status, 200);
  widgetKey = pub.body.widgetKey;
});
after(() => server?.close());

test('a preflight for a visitor route from any site is allowed without credentials', async () => {
  const r = await server.api('OPTIONS', '/api/public/session', {
    headers: { origin: SHOP, 'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-widget-key, x-visitor-token' },
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.headers.get('access-control-allow-credentials'), null);
  assert.match(r.headers.get('access-control-allow-headers'), /X-Widget-Key/);
  assert.match(r.headers.get('access-control-allow-methods'), /POST/);
});

test('visitor calls from any site carry Access-Control-Allow-Origin: *', async () => {
  const s = await server.api('POST', '/api/public/session', { headers: { origin: SHOP }, body: { widgetKey } });
  assert.equal(s.status, 200);
  assert.equal(s.headers.get('access-control-allow-origin'), '*');
  assert.equal(s.headers.get('access-control-allow-credentials'), null);
  const list = await server.api('GET', '/api/public/conversations', {
    headers: { origin: SHOP, 'x-widget-key': widgetKey, 'x-visitor-token': s.body.visitorToken } });
  assert.equal(list.status, 200);
  assert.equal(list.headers.get('access-control-allow-origin'), '*');
  // Errors too, so the widget can read them: an unknown key.
  const bad = await server.api('POST', '/api/public/session', { headers: { origin: SHOP }, body: { widgetKey: 'wk_nope' } });
  assert.ok(bad.status >= 400 && bad.status < 500);
  assert.equal(bad.headers.get('access-control-allow-origin'), '*');
});

test('the staff API keeps its allow-list', async () => {
  const pre = await server.api('OPTIONS', '/api/agents', {
    headers: { origin: SHOP, 'access-control-request-method': 'GET' } });
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  assert.equal(pre.headers.get('access-control-allow-methods'), null);
  const r = await server.api('GET', '/api/agents', { token: owner.token, headers: { origin: SHOP } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), null);
  const listed = await server.api('GET', '/api/agents', { token: owner.token, headers: { origin: CONSOLE } });
  assert.equal(listed.headers.get('access-control-allow-origin'), CONSOLE);
  assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
  const local = await server.api('GET', '/api/agents', { token: owner.token, headers: { origin: 'http://localhost:3000' } });
  assert.equal(local.headers.get('access-control-allow-origin'), null, 'not outside development');
});

test('the web folder: console, widget and only the allow-listed vendor files', async () => {
  const index = await server.api('GET', '/');
  assert.equal(index.status, 200);
  assert.match(index.contentType, /^text\/html/);
  assert.match(index.text, /<script type="module" src="\/app\/main.js">/);
  assert.match(index.headers.get('content-security-policy'), /default-src 'self'/);
  const widget = await server.api('GET', '/widget.js');
  assert.equal(widget.status, 200);
  assert.equal(widget.headers.get('cross-origin-resource-policy'), 'cross-origin');
  for (const f of ['socket.io.min.js', 'socket.io.esm.min.js', 'chart.umd.js']) {
    const r = await server.api('GET', `/vendor/${f}`);
    assert.equal(r.status, 200, f);
    assert.match(r.contentType, /javascript/, f);
    assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin', f);
  }
  for (const p of ['/vendor/chart.js', '/vendor/package.json', '/app/../package.json',
    '/node_modules/chart.js/package.json', '/package.json']) {
    const r = await server.api('GET', p);
    assert.ok(r.status === 404 || r.status === 400, `${p}: ${r.status}`);
  }
  const missing = await server.api('GET', '/app/nope.js');
  assert.equal(missing.status, 404);
});
