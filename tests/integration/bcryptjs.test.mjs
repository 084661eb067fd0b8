// Users migrated from the old backend keep their bcryptjs hashes: a hash made by the npm
// `bcryptjs` package, written straight into the SQLite file, must log in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { startServer, sqlite, expectError } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

// Finds the users table and its email / password-hash columns from sqlite_master, at run time.
function usersSchema(dbPath) {
  const tables = sqlite(dbPath, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name;")
    .split('\n').map((s) => s.trim()).filter(Boolean);
  for (const t of tables) {
    const cols = sqlite(dbPath, `SELECT name FROM pragma_table_info('${t}');`)
      .split('\n').map((s) => s.trim()).filter(Boolean);
    const email = cols.find((c) => /^email$/i.test(c));
    const pass = cols.find((c) => /pass/i.test(c));
    if (email && pass && /user/i.test(t)) return { table: t, email, pass, cols };
  }
  throw new Error(`no users table with email and password columns in: ${tables.join(', ')}\n` +
    sqlite(dbPath, '.schema'));
}

test('a bcryptjs hash ($2b$ and legacy $2a$) written into the DB logs in after a restart', async () => {
  const users = [];
  for (const variant of ['2b', '2a']) {
    const u = await server.register({ name: `Legacy ${variant}` });
    const legacyPassword = `Legacy${variant.toUpperCase()}pass9`;
    // bcryptjs 3 writes $2b$; bcryptjs 2.x (the old backend) wrote $2a$ with the same algorithm.
    let salt = bcrypt.genSaltSync(10);
    if (variant === '2a') salt = salt.replace(/^\$2b\$/, '$2a$');
    const hash = bcrypt.hashSync(legacyPassword, salt);
    assert.ok(hash.startsWith(`$${variant}$10$`), hash);
    assert.ok(bcrypt.compareSync(legacyPassword, hash));
    users.push({ ...u, legacyPassword, hash });
  }

  const stopped = await server.stop('SIGTERM');
  assert.equal(stopped.code, 0, `clean exit on SIGTERM (got ${JSON.stringify(stopped)})`);

  const s = usersSchema(server.dbPath);
  for (const u of users) {
    const before = sqlite(server.dbPath, `SELECT ${s.pass} FROM ${s.table} WHERE ${s.email}='${u.email}';`).trim();
    assert.match(before, /^\$2[aby]\$\d\d\$/, `the server stores a bcrypt hash (got "${before.slice(0, 10)}…")`);
    sqlite(server.dbPath, `UPDATE ${s.table} SET ${s.pass}='${u.hash}' WHERE ${s.email}='${u.email}';`);
    const now = sqlite(server.dbPath, `SELECT ${s.pass} FROM ${s.table} WHERE ${s.email}='${u.email}';`).trim();
    assert.equal(now, u.hash, 'the hash was replaced');
  }

  await server.start();
  for (const u of users) {
    const ok = await server.api('POST', '/api/auth/login', { body: { email: u.email, password: u.legacyPassword } });
    assert.equal(ok.status, 200, `login with the bcryptjs $${u.hash.slice(1, 3)}$ password: ${ok.status} ${ok.text}`);
    assert.equal(ok.body.user._id, u.user._id);
    const me = await server.api('GET', '/api/auth/me', { token: ok.body.token });
    assert.equal(me.status, 200);
    const old = await server.api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
    expectError(old, 401, 'the replaced password no longer works');
  }
});
