// A real PostgreSQL server for integration tests: Debian's postgresql-15 binaries run on a fresh
// data folder in the temp dir, on a free loopback port, trusted local auth. As root (CI) the server
// runs as the unprivileged `postgres` user (or `nobody`) through runuser, since PostgreSQL refuses
// to run as root. The C++ twin is src/store/testing/pg_server.cpp.
//
//   const pg = startPostgres();            // synchronous; throws with initdb's log on failure
//   const url = pg.createDatabase();       // postgres://carevoice@127.0.0.1:PORT/cv_xxxx
//   pg.stop(); pg.start();                 // take it away and bring it back mid-test
//   pg.close();                            // stops it and removes its folder

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.PG_BIN_DIR || '/usr/lib/postgresql/15/bin';

export function havePostgres() { return fs.existsSync(path.join(PG_BIN, 'initdb')); }

function serverUser() {
  if (process.getuid() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    if (spawnSync('id', ['-u', name]).status === 0) return name;
  }
  return 'nobody';
}

function run(cmd, args, what) {
  const user = serverUser();
  const r = user
    ? spawnSync('runuser', ['-u', user, '--', cmd, ...args], { encoding: 'utf8', timeout: 120_000 })
    : spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function freePortSync() {
  // A synchronous probe: ask a child node for a free port (bind 0, print, close).
  const r = spawnSync(process.execPath, ['-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"],
  { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

export function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carevoice-pg-'));
  const user = serverUser();
  if (user) spawnSync('chown', [user, dir]);
  const data = path.join(dir, 'data');
  run(path.join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'carevoice', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N'], 'initdb');
  const port = freePortSync();
  fs.appendFileSync(path.join(data, 'postgresql.conf'),
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n` +
    'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n');
  const log = path.join(dir, 'server.log');
  const ctl = (args, what) => run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', log, ...args], what);
  let running = false;
  const pg = {
    port,
    dir,
    url(db = 'postgres') { return `postgres://carevoice@127.0.0.1:${port}/${db}`; },
    start() { ctl(['-w', '-t', '60', 'start'], 'pg_ctl start'); running = true; },
    stop() { ctl(['-m', 'fast', '-w', '-t', '60', 'stop'], 'pg_ctl stop'); running = false; },
    psql(sql, db = 'postgres') {
      const r = spawnSync(path.join(PG_BIN, 'psql'),
        ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', pg.url(db), '-c', sql], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout.trim();
    },
    createDatabase() {
      const name = `cv_${crypto.randomBytes(4).toString('hex')}`;
      pg.psql(`CREATE DATABASE ${name}`);
      return pg.url(name);
    },
    log() { try { return fs.readFileSync(log, 'utf8'); } catch { return ''; } },
    close() {
      if (running) { try { pg.stop(); } catch { /* already gone */ } }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  pg.start();
  return pg;
}

// Resolves once `port` accepts TCP connections (or rejects after timeoutMs).
export async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
