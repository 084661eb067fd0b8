// End-to-end helpers: Debian's Chromium driven by playwright-core, axe-core checks, screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const REPO = path.resolve(here, '..', '..');
export const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(REPO, 'build', 'e2e-screenshots'));
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// A persistent context on a fresh user-data dir (removed by close()). bypassCSP lets the test
// inject axe-core into pages whose CSP allows only their own scripts. `args`: more Chromium flags
// (e.g. the fake microphone's).
export async function launch({ args = [] } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: true,
    viewport: { width: 1280, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required', ...args],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// Collects console errors and failed requests of `page` (asserted empty by the test).
export function watch(page, label) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${label}: console error: ${m.text()}`);
  });
  return problems;
}

// Records the URLs of the page's requests to any origin but `allowed` (base URLs); the array
// fills as the page runs.
export function watchForeignRequests(page, allowed) {
  const origins = new Set(allowed.map((u) => new URL(u).origin));
  const foreign = [];
  page.on('request', (req) => {
    if (!origins.has(new URL(req.url()).origin)) foreign.push(req.url());
  });
  return foreign;
}

// Runs axe-core on the page (or `selector`); fails on serious or critical violations.
export async function axe(page, what, { include } = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(async (inc) => {
    const r = await window.axe.run(inc ? { include: [inc] } : document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, include ?? null);
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe-core: serious violations on ${what}: ${JSON.stringify(serious, null, 1)}`);
  return result;
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Asserts the page does not scroll sideways (usable at the current width).
export async function assertNoHorizontalScroll(page, what) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width + 1, `${what} scrolls sideways at ${width}px (content ${scroll}px wide)`);
}

// A plain site on its own port (another origin) whose page embeds the widget.
export async function startHostSite(widgetSrc, widgetKey) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Bikes</title><link rel="icon" href="data:,"></head>
<body><main><h1>Acme Bikes</h1><p>Welcome to our shop. Questions? Use the chat bubble.</p></main>
<script src="${widgetSrc}" data-key="${widgetKey}" async></script></body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}
