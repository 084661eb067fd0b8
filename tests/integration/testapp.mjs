// Starts `carevoice socketio-testapp --port 0` (the official protocol suites' test application:
// no database, no auth, 127.0.0.1 only) and returns where it listens. Not a test file itself.
//
//   const app = await startTestApp();   // {url, port, proc, stop(), restart()}
//   after(() => app.stop());

import { spawn } from 'node:child_process';

import { BIN } from './harness.mjs';

const START_TIMEOUT_MS = 10_000;
// The line the testapp prints once it listens; with --port 0 the port is the one the OS chose.
export const TESTAPP_LISTEN_RE = /socketio-testapp listening on (http:\/\/127\.0\.0\.1:(\d+))/;

// Returns {url, port} from the testapp's stdout text, or null when the line is not there yet.
export function parseTestAppListening(text) {
  const m = TESTAPP_LISTEN_RE.exec(text);
  return m ? { url: m[1], port: Number(m[2]) } : null;
}

function spawnTestApp(port) {
  const proc = spawn(BIN, ['socketio-testapp', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`socketio-testapp did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk) => {
      out += chunk;
      const where = parseTestAppListening(out);
      if (where) {
        clearTimeout(timer);
        resolve(where);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk) => { out += chunk; });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`socketio-testapp exited (code ${code}, signal ${signal}):\n${out}`));
    });
  });
  return { proc, listening };
}

function stopProc(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => { clearTimeout(timer); resolve(); });
    proc.kill('SIGTERM');
  });
}

export async function startTestApp({ port = 0 } = {}) {
  let { proc, listening } = spawnTestApp(port);
  const where = await listening;
  const app = {
    url: where.url,
    port: where.port,
    get proc() { return proc; },
    // True while the process runs.
    alive() { return proc.exitCode === null && proc.signalCode === null; },
    async stop() { await stopProc(proc); },
    // Stops the process and starts a new one on the same port.
    async restart() {
      await stopProc(proc);
      ({ proc, listening } = spawnTestApp(app.port));
      await listening;
    },
  };
  return app;
}
