import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import pg from 'pg';
import { InsertBatcher } from '../../src/store/insert-batcher.js';
import { compileSql } from '../../src/store/sql/compile.js';
import { dialectFor } from '../../src/store/dialects/registry.js';

async function check(client: 'sqlite' | 'postgres', connection: string) {
  const dialect = dialectFor(client);
  const knex = knexFactory(dialect.knexConfig({ client, connection, pool: { min: 0, max: 4 } } as never));
  await knex.raw('CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20), data TEXT, n BIGINT)');
  const text = 'INSERT INTO t (id, name, data, n) VALUES (:id, :name, COALESCE(:data, :name), :n)';
  const c = compileSql(text, { client });
  const tpl = { ...c, key: 'message.save' };
  let statements = 0;
  const b = InsertBatcher.forTemplate(knex, dialect, tpl, () => statements++)!;
  console.log(client, 'batchable', !!b, 'maxRows', b.maxRows);
  // 100 concurrent saves, one duplicate id (5 twice)
  const ids = Array.from({ length: 100 }, (_, i) => i + 1);
  ids.push(5);
  const res = await Promise.allSettled(ids.map((id) => b.save({ id, name: `n${id}`, data: id % 2 ? null : 'd', n: id * 10 })));
  const failed = res.map((r, i) => (r.status === 'rejected' ? ids[i] : null)).filter((x) => x !== null);
  const rows = await knex('t').count({ c: '*' });
  const five = await knex('t').where({ id: 5 });
  const three = await knex('t').where({ id: 3 });
  console.log(client, 'statements', statements, 'failed', failed, 'rows', rows[0].c, five, three);
  // in-order batches
  statements = 0;
  await Promise.all(Array.from({ length: 300 }, (_, i) => b.save({ id: 1000 + i, name: 'x', data: null, n: 0 })));
  console.log(client, '300 saves in', statements, 'statements');
  for (const bad of [
    'INSERT INTO t (id, name, data, n) VALUES (:id, :name, :data, :n) ON CONFLICT DO NOTHING',
    "INSERT INTO t (id, name, data, n) VALUES (:id, ':name', :data, :n)",
    'INSERT INTO t (id, name, data, n) SELECT :id, :name, :data, :n',
    'UPDATE t SET name = :name WHERE id = :id',
  ]) {
    let comp;
    try { comp = compileSql(bad, { client }); } catch (e) { console.log('compile fail', bad); continue; }
    console.log(client, 'batchable?', !!InsertBatcher.forTemplate(knex, dialect, { ...comp, key: 'message.save' }), bad);
  }
  await knex.destroy();
}

await check('sqlite', `/tmp/ibcheck/t-${randomBytes(3).toString('hex')}.db`);
const name = `ib_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client('postgres://postgres@127.0.0.1:5432/postgres');
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
try {
  await check('postgres', `postgres://postgres@127.0.0.1:5432/${name}`);
} finally {
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
