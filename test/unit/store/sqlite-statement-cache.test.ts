// The SQLite dialect memoizes prepared statements per connection (knex prepares anew on every
// query): the same text reuses one statement, results stay right across a schema change, and the
// cache is bounded.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKnex } from '../../../src/store/connect.js';

let dir: string;
let knex: Knex;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tim-stmt-'));
  knex = createKnex({ client: 'sqlite', connection: path.join(dir, 't.db'), pool: { min: 1, max: 1 } } as never);
});
afterAll(async () => {
  await knex.destroy();
  rmSync(dir, { recursive: true, force: true });
});

type Conn = { prepare(sql: string): unknown };

async function withConnection<T>(fn: (c: Conn) => T): Promise<T> {
  const client = knex.client as { acquireConnection(): Promise<Conn>; releaseConnection(c: Conn): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    return fn(conn);
  } finally {
    await client.releaseConnection(conn);
  }
}

it('reuses one prepared statement for the same text', async () => {
  await withConnection((c) => {
    expect(c.prepare('SELECT 1 AS one')).toBe(c.prepare('SELECT 1 AS one'));
    expect(c.prepare('SELECT 2 AS two')).not.toBe(c.prepare('SELECT 1 AS one'));
  });
});

it('keeps answering right after the schema changes under a cached statement', async () => {
  await knex.raw('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)');
  await knex.raw('INSERT INTO t (id, a) VALUES (?, ?)', [1, 'x']);
  expect(await knex.raw('SELECT * FROM t ORDER BY id')).toEqual([{ id: 1, a: 'x' }]);
  await knex.raw('ALTER TABLE t ADD COLUMN b TEXT');
  await knex.raw('INSERT INTO t (id, a) VALUES (?, ?)', [2, 'y']);
  expect(await knex.raw('SELECT * FROM t ORDER BY id')).toEqual([
    { id: 1, a: 'x', b: null },
    { id: 2, a: 'y', b: null },
  ]);
});

it('stays bounded: the oldest texts are prepared again after many others', async () => {
  await withConnection((c) => {
    const first = c.prepare('SELECT 0 AS n');
    for (let i = 1; i <= 300; i++) c.prepare(`SELECT ${i} AS n`);
    expect(c.prepare('SELECT 0 AS n')).not.toBe(first);
  });
});
