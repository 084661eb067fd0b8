// Real servers for the multi-node test: Debian's redis-server on a free loopback port (no
// persistence), and HAProxy in front of several CareVoice processes (deploy/haproxy.cfg's
// settings: balance source, so Socket.IO long-polling stays on one process). A missing binary
// throws: setup.sh installs both, and the test must fail rather than skip without them.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { waitForPort } from './pg.mjs';

export function which(name, extra = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', ...extra]) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  throw new Error(`${name} is not installed (scripts/setup.sh installs it)`);
}

export function freePortSync() {
  const r = spawnSync(process.execPath, ['-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"],
  { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

function daemon(cmd, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(cmd, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = false;
  const done = new Promise((resolve) => proc.on('exit', () => { exited = true; resolve(); }));
  return {
    proc,
    get alive() { return !exited; },
    async kill(signal = 'SIGTERM') {
      if (exited) return;
      proc.kill(signal);
      await done;
    },
  };
}

export async function startRedis() {
  const bin = which('redis-server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-redis-'));
  const port = freePortSync();
  const log = path.join(dir, 'redis.log');
  let d = null;
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      d = daemon(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', dir, '--protected-mode', 'no'], log);
      await waitForPort(port);
    },
    async stop() { if (d) await d.kill('SIGKILL'); },
    // GET `key`: its string value, or null (a one-command RESP client: enough to look at a lock).
    get(key) {
      return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = '';
        socket.setTimeout(5_000, () => { socket.destroy(); reject(new Error('redis GET timed out')); });
        socket.on('error', reject);
        socket.on('data', (chunk) => {
          data += chunk.toString('utf8');
          if (data.startsWith('$-1\r\n')) { socket.end(); resolve(null); return; }
          const m = /^\$(\d+)\r\n/.exec(data);
          if (m && data.length >= m[0].length + Number(m[1]) + 2) {
            socket.end();
            resolve(data.slice(m[0].length, m[0].length + Number(m[1])));
          } else if (data.startsWith('-')) {
            socket.end();
            reject(new Error(data.trim()));
          }
        });
        socket.write(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`);
      });
    },
    log() { try { return fs.readFileSync(log, 'utf8'); } catch { return ''; } },
    async close() { await redis.stop(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
  await redis.start();
  return redis;
}

// HAProxy with the repository's deploy/haproxy.cfg, its backends replaced by `ports`.
export async function startHaproxy(ports) {
  const bin = which('haproxy');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-haproxy-'));
  const port = freePortSync();
  const here = path.dirname(new URL(import.meta.url).pathname);
  let cfg = fs.readFileSync(path.join(here, '..', '..', 'deploy', 'haproxy.cfg'), 'utf8');
  cfg = cfg.replace(/^\s*daemon\s*$/m, '')
    .replace(/^\s*bind .*$/m, `    bind 127.0.0.1:${port}`)
    .replace(/^\s*server .*$/gm, '')
    .replace(/^(backend carevoice\s*)$/m,
      `$1\n${ports.map((p, i) => `    server cv${i} 127.0.0.1:${p} check inter 300 fall 1 rise 1`).join('\n')}`);
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, cfg);
  const check = spawnSync(bin, ['-c', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c failed: ${check.stdout}${check.stderr}`);
  const d = daemon(bin, ['-db', '-f', file], path.join(dir, 'haproxy.log'));
  await waitForPort(port);
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() { await d.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}
