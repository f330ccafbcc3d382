import pg from 'pg';
import { randomBytes } from 'node:crypto';
const name = `ib_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client('postgres://postgres@127.0.0.1:5432/postgres');
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const c = new pg.Client(`postgres://postgres@127.0.0.1:5432/${name}`);
await c.connect();
await c.query('CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT)');
let id = 0;
for (const rows of [1, 1, 10, 20, 50]) {
  const n = 50;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const vals: string[] = [];
    const params: unknown[] = [];
    for (let r = 0; r < rows; r++) { vals.push(`($${2 * r + 1}, $${2 * r + 2})`); params.push(++id, 'x'.repeat(300)); }
    await c.query(`INSERT INTO t (id, s) VALUES ${vals.join(', ')}`, params);
  }
  console.log(rows, 'rows/stmt:', ((performance.now() - t0) / n).toFixed(2), 'ms per statement');
}
await c.end();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
