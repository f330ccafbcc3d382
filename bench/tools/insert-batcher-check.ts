// `node --import tsx bench/tools/insert-batcher-check.ts`: checks src/store/insert-batcher.ts on
// SQLite (temp file) and PostgreSQL (a fresh database on TIM_BENCH_PG_URL, dropped after):
// concurrent saves share statements, a bad row fails alone, and templates that cannot be batched
// safely are refused. Exits non-zero on the first failed assertion.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { dialectFor } from '../../src/store/dialects/registry.js';
import { InsertBatcher } from '../../src/store/insert-batcher.js';
import { compileSql } from '../../src/store/sql/compile.js';
import { createPgDatabase } from '../lib/pg-db.js';

async function check(client: 'sqlite' | 'postgres', connection: string): Promise<void> {
  const dialect = dialectFor(client);
  const knex = knexFactory(dialect.knexConfig({ client, connection, pool: { min: 0, max: 4 } }));
  try {
    await knex.raw('CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20), data TEXT, n BIGINT)');
    // A repeated parameter and a function call inside the row.
    const tpl = { ...compileSql('INSERT INTO t (id, name, data, n) VALUES (:id, :name, COALESCE(:data, :name), :n)', { client }), key: 'message.save' };
    let statements = 0;
    const batcher = InsertBatcher.forTemplate(knex, dialect, tpl, () => statements++);
    assert.ok(batcher, `${client}: the template should batch`);

    // 100 concurrent saves plus a duplicate of id 5: one statement fails, each row is retried alone.
    const ids = [...Array.from({ length: 100 }, (_, i) => i + 1), 5];
    const settled = await Promise.allSettled(ids.map((id) => batcher.save({ id, name: `n${id}`, data: id % 2 ? null : 'd', n: id * 10 })));
    const failed = settled.flatMap((r, i) => (r.status === 'rejected' ? [ids[i]] : []));
    assert.deepEqual(failed, [5], `${client}: only the duplicate fails`);
    assert.equal(Number((await knex('t').count({ c: '*' }))[0].c), 100);
    assert.deepEqual(await knex('t').where({ id: 3 }).select('name', 'data'), [{ name: 'n3', data: 'n3' }]);
    assert.deepEqual(await knex('t').where({ id: 4 }).select('name', 'data'), [{ name: 'n4', data: 'd' }]);

    statements = 0;
    await Promise.all(Array.from({ length: 300 }, (_, i) => batcher.save({ id: 1000 + i, name: 'x', data: null, n: 0 })));
    assert.ok(statements <= Math.ceil(300 / batcher.maxRows) + 1, `${client}: 300 saves took ${statements} statements`);

    for (const text of [
      'INSERT INTO t (id, name, data, n) VALUES (:id, :name, :data, :n) ON CONFLICT DO NOTHING',
      "INSERT INTO t (id, name, data, n) VALUES (:id, ':name', :data, :n)",
      'INSERT INTO t (id, name, data, n) SELECT :id, :name, :data, :n',
      'UPDATE t SET name = :name WHERE id = :id',
    ]) {
      const t = { ...compileSql(text, { client }), key: 'message.save' };
      assert.equal(InsertBatcher.forTemplate(knex, dialect, t), undefined, `${client}: must not batch ${text}`);
    }
    console.log(`${client}: ok (max ${batcher.maxRows} rows, ${batcher.maxInFlight} statement(s) at once)`);
  } finally {
    await knex.destroy();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'tim-batch-'));
try {
  await check('sqlite', path.join(dir, 't.db'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pg = await createPgDatabase(process.env.TIM_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  await check('postgres', pg.url);
} finally {
  await pg.drop();
}
