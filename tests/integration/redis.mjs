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
    // Runs one command (a small RESP client): its reply as a string, a number, null or an array.
    command(...args) {
      return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = Buffer.alloc(0);
        socket.setTimeout(5_000, () => { socket.destroy(); reject(new Error(`redis ${args[0]} timed out`)); });
        socket.on('error', reject);
        // [value, next offset], or null while the reply is incomplete.
        const parse = (at) => {
          const eol = data.indexOf('\r\n', at);
          if (eol < 0) return null;
          const line = data.toString('utf8', at + 1, eol);
          switch (String.fromCharCode(data[at])) {
            case '+': return [line, eol + 2];
            case '-': return [new Error(line), eol + 2];
            case ':': return [Number(line), eol + 2];
            case '$': {
              const n = Number(line);
              if (n < 0) return [null, eol + 2];
              if (data.length < eol + 2 + n + 2) return null;
              return [data.toString('utf8', eol + 2, eol + 2 + n), eol + 2 + n + 2];
            }
            case '*': {
              const out = [];
              let next = eol + 2;
              for (let i = 0; i < Number(line); i++) {
                const item = parse(next);
                if (!item) return null;
                out.push(item[0]);
                next = item[1];
              }
              return [out, next];
            }
            default: return [new Error(`bad reply ${line}`), data.length];
          }
        };
        socket.on('data', (chunk) => {
          data = Buffer.concat([data, chunk]);
          const reply = parse(0);
          if (!reply) return;
          socket.end();
          if (reply[0] instanceof Error) reject(reply[0]); else resolve(reply[0]);
        });
        socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
      });
    },
    // GET `key`: its string value, or null.
    get(key) { return redis.command('GET', key); },
    // The calls of `command` so far (INFO commandstats).
    async calls(command) {
      const info = await redis.command('INFO', 'commandstats');
      return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
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
