// The builtin schema, its migration runner, the builtin account table and every shipped builtin
// template, run for real on each database (a fresh database per suite, from test/helpers/databases.ts):
// SQLite always; MariaDB/MySQL and PostgreSQL when reachable (their absence fails under CI=true); Oracle
// only when TIM_TEST_ORACLE_URL is set. builtinSchemaSql and template compilation run for all four.

import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, DbClient } from '../../src/config/types.js';
import {
  createUser,
  DuplicateUserError,
  getUser,
  InvalidAccountError,
  setPassword,
} from '../../src/store/builtin-accounts.js';
import { builtinMigrations, builtinSchemaSql, type BuiltinMigration } from '../../src/store/migrations/builtin-migrations.js';
import { builtinIdent, dialectOf } from '../../src/store/migrations/knex-dialect.js';
import { migrateBuiltin } from '../../src/store/migrations/migrate.js';
import { verifyPassword } from '../../src/store/passwords.js';
import { loadBuiltinTemplates } from '../../src/store/builtin-templates.js';
import { createKnex } from '../../src/store/connect.js';
import { dialectFor } from '../../src/store/dialects/registry.js';
import { bindSql, type ParamValues, type ScalarValue } from '../../src/store/sql/bind.js';
import { ALL_TEMPLATE_KEYS, type TemplateKey } from '../../src/store/sql/template-keys.js';
import { compileTemplates, type TemplateSet } from '../../src/store/sql/template-set.js';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';

// ---- helpers -------------------------------------------------------------------------------

/** A knex instance configured as the server configures it (driver type options, SQLite pragmas). */
function openKnex(database: Config['database']): Knex {
  return createKnex(database);
}

function builtinTemplateSet(client: DbClient): TemplateSet {
  return compileTemplates(
    { database: { client, connection: '', pool: { min: 0, max: 1 } }, mode: 'builtin', sql: {}, sqlPositions: {}, file: '' },
    loadBuiltinTemplates(),
  );
}

const SHIPPED_KEYS = ALL_TEMPLATE_KEYS.filter((k) => !k.startsWith('roster.'));
const MAX_MID = Number.MAX_SAFE_INTEGER;

// ---- expectations ---------------------------------------------------------------------------

const EXPECTED_COLUMNS: Record<string, string[]> = {
  tim_schema_version: ['version', 'name', 'claimed_at', 'applied_at'],
  tim_user: ['node', 'name', 'domain', 'password_hash', 'profile', 'created_at'],
  tim_message: ['mid', 'chat', 'sender', 'receiver', 'room', 'ms_type', 'od_type', 'body', 'data', 'udtype', 'udshow', 'extend', 'stanza', 'created_at'],
  tim_offline: ['id', 'node', 'msg_id', 'mid', 'stanza', 'created_at'],
  tim_relation: ['owner', 'peer', 'wants', 'blocks', 'updated_at'],
  tim_room: ['node', 'founder', 'gtype', 'status', 'profile', 'created_at'],
  tim_room_member: ['room', 'node', 'state', 'role', 'created_at'],
  tim_room_block: ['room', 'node', 'by_room', 'created_at'],
};

/** the shipped migrations' versions, and the first free one for test migrations */
const ALL_VERSIONS = builtinMigrations.map((m) => m.version);
const NEXT = ALL_VERSIONS[ALL_VERSIONS.length - 1] + 1;

/** A throwaway migration (idempotent, as the contract requires) for the runner's own tests. */

function testMigration(version: number, table: string, fail = false): BuiltinMigration {
  return {
    version,
    name: `test_${version}`,
    async up(knex) {
      const ident = (n: string) => builtinIdent(dialectOf(knex), n);
      if (!(await knex.schema.hasTable(ident(table)))) {
        await knex.schema.createTable(ident(table), (t) => t.integer(ident('x')));
      }
      if (fail) throw new Error('boom');
    },
    render: () => [],
  };
}

const CLIENTS: DbClient[] = ['sqlite', 'mysql', 'postgres', 'oracle'];

await describeEachDatabase('builtin schema', (ctx) => {
  const client = ctx.client;
  let knex: Knex;
  const id = (name: string) => builtinIdent(client, name);

  beforeAll(() => {
    knex = openKnex(ctx.database);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  it('migrates a fresh database once, even when two servers start together', async () => {
    if (client === 'sqlite') {
      // better-sqlite3 is synchronous: two connections of one process cannot wait for each other
      // without stalling the thread, so SQLite's concurrent path is exercised across processes only.
      expect(await migrateBuiltin(knex)).toEqual({ applied: ALL_VERSIONS });
      return;
    }
    const other = openKnex(ctx.database);
    try {
      const results = await Promise.all([migrateBuiltin(knex), migrateBuiltin(other)]);
      // Each version applied exactly once, by one of the two (they may share the work).
      expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(ALL_VERSIONS);
    } finally {
      await other.destroy();
    }
    const rows = await knex(id('tim_schema_version')).select();
    expect(rows).toHaveLength(ALL_VERSIONS.length);
  });

  it('is a no-op when up to date', async () => {
    expect(await migrateBuiltin(knex)).toEqual({ applied: [] });
    const rows: Record<string, unknown>[] = await knex(id('tim_schema_version')).select();
    expect(rows.map((r) => Number(r[id('version')]))).toEqual(builtinMigrations.map((m) => m.version));
    expect(rows[0][id('applied_at')]).not.toBeNull();
  });

  it('creates every table with its columns', async () => {
    for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
      expect(await knex.schema.hasTable(id(table)), table).toBe(true);
      const info = await knex(id(table)).columnInfo();
      expect(Object.keys(info).map((c) => c.toLowerCase()).sort(), table).toEqual([...columns].sort());
    }
  });

  it('applies later migrations only, and a failed one leaves no version behind', async () => {
    const one = testMigration(NEXT, 'tim_test_one');
    expect(await migrateBuiltin(knex, { migrations: [...builtinMigrations, one] })).toEqual({ applied: [NEXT] });
    expect(await migrateBuiltin(knex, { migrations: [...builtinMigrations, one] })).toEqual({ applied: [] });
    const fail = testMigration(NEXT + 1, 'tim_test_fail', true);
    await expect(migrateBuiltin(knex, { migrations: [...builtinMigrations, one, fail] })).rejects.toThrow('boom');
    const versions = (await knex(id('tim_schema_version')).select(id('version'))).map((r) => Number(r[id('version')]));
    expect(versions.sort((a, b) => a - b)).toEqual([...ALL_VERSIONS, NEXT]);
    // Transactional DDL rolls the table back; MySQL/Oracle keep it (the migration is idempotent).
    expect(await knex.schema.hasTable(id('tim_test_fail'))).toBe(client === 'mysql' || client === 'oracle');
  });

  it.runIf(client === 'mysql' || client === 'oracle')('takes over a claim abandoned by a crashed process', async () => {
    const stale = testMigration(NEXT + 2, 'tim_test_stale');
    await knex(id('tim_schema_version')).insert({ [id('version')]: NEXT + 2, [id('name')]: 'test_4', [id('claimed_at')]: 1, [id('applied_at')]: null });
    const started = Date.now();
    const result = await migrateBuiltin(knex, { migrations: [...builtinMigrations, stale], staleClaimMs: 300, pollMs: 50 });
    expect(result).toEqual({ applied: [NEXT + 2] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await knex.schema.dropTableIfExists(id('tim_test_stale'));
  });

  it('createUser derives the node, stores a scrypt hash and refuses duplicates', async () => {
    const { node } = await createUser(knex, { name: 'alice', pwd: 'pw-alice' });
    expect(node).toBe(userNode('alice', null));
    const user = await getUser(knex, node);
    expect(user).toMatchObject({ node, name: 'alice', domain: null, profile: null });
    expect(user!.created_at).toBeGreaterThan(Date.now() - 60_000);
    expect(await verifyPassword('scrypt', 'pw-alice', user!.password_hash)).toBe(true);

    await expect(createUser(knex, { name: 'alice', pwd: 'other' })).rejects.toBeInstanceOf(DuplicateUserError);
    // '' is no domain: the same node.
    await expect(createUser(knex, { name: 'alice', pwd: 'other', domain: '' })).rejects.toBeInstanceOf(DuplicateUserError);

    const withDomain = await createUser(knex, { name: 'alice', pwd: 'pw-d', domain: 'tlnet.top' });
    expect(withDomain.node).toBe(userNode('alice', 'tlnet.top'));
    expect(withDomain.node).not.toBe(node);
    expect((await getUser(knex, withDomain.node))?.domain).toBe('tlnet.top');
    await expect(createUser(knex, { name: 'alice', pwd: 'x', domain: 'tlnet.top' })).rejects.toBeInstanceOf(DuplicateUserError);

    // Case matters on every database (MySQL's tables use a binary collation).
    const upper = await createUser(knex, { name: 'ALICE', pwd: 'pw' });
    expect(upper.node).not.toBe(node);
    expect(await getUser(knex, 'no-such-node')).toBeNull();
  });

  it('a racing duplicate registration is a DuplicateUserError too', async () => {
    const results = await Promise.allSettled([
      createUser(knex, { name: 'racer', pwd: 'a' }),
      createUser(knex, { name: 'racer', pwd: 'b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DuplicateUserError);
  });

  it('validates names and passwords before touching the table', async () => {
    await expect(createUser(knex, { name: '', pwd: 'x' })).rejects.toBeInstanceOf(InvalidAccountError);
    await expect(createUser(knex, { name: 'n'.repeat(65), pwd: 'x' })).rejects.toBeInstanceOf(InvalidAccountError);
    await expect(createUser(knex, { name: 'n', pwd: '' })).rejects.toBeInstanceOf(InvalidAccountError);
    // 64 characters outside the BMP still fit (characters, not bytes or UTF-16 units).
    const long = '😀'.repeat(64);
    const { node } = await createUser(knex, { name: long, pwd: 'x' });
    expect((await getUser(knex, node))?.name).toBe(long);
  });

  it('setPassword replaces the hash, and is false for an unknown node', async () => {
    const { node } = await createUser(knex, { name: 'bob', pwd: 'old' });
    expect(await setPassword(knex, node, 'new')).toBe(true);
    const hash = (await getUser(knex, node))!.password_hash;
    expect(await verifyPassword('scrypt', 'new', hash)).toBe(true);
    expect(await verifyPassword('scrypt', 'old', hash)).toBe(false);
    expect(await setPassword(knex, 'no-such-node', 'x')).toBe(false);
    await expect(setPassword(knex, node, '')).rejects.toBeInstanceOf(InvalidAccountError);
  });

  describe('shipped templates, run with real values', () => {
    let templates: TemplateSet;
    const dialect = dialectFor(client);
    const now = Date.now();

    /** Runs one shipped template exactly as the store does: compiled, bound, through knex.raw. */
    async function run(key: TemplateKey, values: ParamValues): Promise<Record<string, unknown>[]> {
      const t = templates.get(key);
      if (!t) throw new Error(`no shipped template ${key}`);
      const { sql, bindings } = bindSql(t, values, (text) => knex.raw(text), (v) => dialect.bindValue(v as ScalarValue));
      const query = knex.raw(sql, bindings as Knex.RawBinding[]);
      const options = dialect.queryOptions?.();
      return dialect.rowsOf(await (options ? query.options(options) : query));
    }
    const allows = async (key: TemplateKey, values: ParamValues) => {
      const rows = await run(key, values);
      const first = rows[0] ? Object.values(rows[0])[0] : null;
      return rows.length > 0 && first !== null && first !== 0 && first !== false && first !== '0';
    };
    const nodes = async (key: TemplateKey, values: ParamValues, alias: string) =>
      (await run(key, values)).map((r) => String(r[alias])).sort();
    const insert = (table: string, row: Record<string, unknown>) =>
      knex(id(table)).insert(Object.fromEntries(Object.entries(row).map(([k, v]) => [id(k), v])));

    beforeAll(() => {
      templates = builtinTemplateSet(client);
    });

    it('ships every key except roster.add/rm/block', () => {
      expect(templates.keys()).toEqual(SHIPPED_KEYS);
    });

    it('login and token find the user by name and domain, with node and password_hash', async () => {
      const plainNode = userNode('carol', null);
      const domainNode = userNode('carol', 'example.org');
      await createUser(knex, { name: 'carol', pwd: 'pw-carol' });
      await createUser(knex, { name: 'carol', pwd: 'pw-carol-d', domain: 'example.org' });
      for (const key of ['login', 'token'] as const) {
        const rows = await run(key, { name: 'carol', pwd: 'ignored', domain: null });
        expect(rows).toHaveLength(1);
        expect(rows[0].node).toBe(plainNode);
        expect(await verifyPassword('scrypt', 'pw-carol', String(rows[0].password_hash))).toBe(true);
        expect((await run(key, { name: 'carol', pwd: '', domain: '' })).map((r) => r.node)).toEqual([plainNode]);
        const withDomain = await run(key, { name: 'carol', pwd: '', domain: 'example.org' });
        expect(withDomain.map((r) => r.node)).toEqual([domainNode]);
        expect(await verifyPassword('scrypt', 'pw-carol-d', String(withDomain[0].password_hash))).toBe(true);
        expect(await run(key, { name: 'carol', pwd: '', domain: 'other.org' })).toEqual([]);
        expect(await run(key, { name: 'Carol', pwd: '', domain: null })).toEqual([]);
        expect(await run(key, { name: 'nobody', pwd: '', domain: null })).toEqual([]);
      }
    });

    it('user.exist and room.exist (alive rooms only)', async () => {
      expect(await run('user.exist', { node: userNode('carol', null) })).toHaveLength(1);
      expect(await run('user.exist', { node: 'no-such-node' })).toHaveLength(0);
      await insert('tim_room', { node: 'R1', founder: 'A', gtype: 2, status: 1, profile: '{"topic":"t"}', created_at: now });
      await insert('tim_room', { node: 'R2', founder: 'A', gtype: 1, status: 2, profile: null, created_at: now });
      expect(await run('room.exist', { room: 'R1' })).toHaveLength(1);
      expect(await run('room.exist', { room: 'R2' })).toHaveLength(0);
      expect(await run('room.exist', { room: 'R9' })).toHaveLength(0);
    });

    it('user.auth allows mutual friends only, and a block by either side denies both directions', async () => {
      const rel = (owner: string, peer: string, wants: number, blocks: number) =>
        insert('tim_relation', { owner, peer, wants, blocks, updated_at: now });
      await rel('A', 'B', 1, 0); // A <-> B friends
      await rel('B', 'A', 1, 0);
      await rel('A', 'C', 1, 0); // A asked C; C did not answer
      await rel('A', 'D', 1, 0); // friends, then D blocked A
      await rel('D', 'A', 1, 1);
      await rel('E', 'A', 0, 1); // E blocks A, no friendship
      expect(await allows('user.auth', { from: 'A', to: 'B' })).toBe(true);
      expect(await allows('user.auth', { from: 'B', to: 'A' })).toBe(true);
      expect(await allows('user.auth', { from: 'A', to: 'C' })).toBe(false);
      expect(await allows('user.auth', { from: 'C', to: 'A' })).toBe(false);
      expect(await allows('user.auth', { from: 'A', to: 'D' })).toBe(false);
      expect(await allows('user.auth', { from: 'D', to: 'A' })).toBe(false);
      expect(await allows('user.auth', { from: 'A', to: 'E' })).toBe(false);
      expect(await allows('user.auth', { from: 'E', to: 'A' })).toBe(false);
      expect(await allows('user.auth', { from: 'A', to: 'A' })).toBe(false);
      // The block lifted: friends again, in both directions.
      await knex(id('tim_relation')).where({ [id('owner')]: 'D', [id('peer')]: 'A' }).update({ [id('blocks')]: 0 });
      expect(await allows('user.auth', { from: 'A', to: 'D' })).toBe(true);
      expect(await allows('user.auth', { from: 'D', to: 'A' })).toBe(true);
      await knex(id('tim_relation')).where({ [id('owner')]: 'D', [id('peer')]: 'A' }).update({ [id('blocks')]: 1 });
    });

    it('roster lists mutual friends without blocks', async () => {
      expect(await nodes('roster', { node: 'A' }, 'node')).toEqual(['B']);
      expect(await nodes('roster', { node: 'B' }, 'node')).toEqual(['A']);
      expect(await nodes('roster', { node: 'C' }, 'node')).toEqual([]);
      expect(await nodes('roster', { node: 'D' }, 'node')).toEqual([]);
    });

    it('room.auth, room.roster and user.room: members of alive rooms only', async () => {
      const member = (room: string, node: string, state: number, role: number) =>
        insert('tim_room_member', { room, node, state, role, created_at: now });
      await member('R1', 'A', 2, 2);
      await member('R1', 'B', 2, 1);
      await member('R1', 'C', 1, 0); // pending application
      await member('R2', 'A', 2, 2); // R2 is cancelled
      await insert('tim_room_block', { room: 'R1', node: 'E', by_room: 1, created_at: now });
      expect(await allows('room.auth', { room: 'R1', user: 'A' })).toBe(true);
      expect(await allows('room.auth', { room: 'R1', user: 'B' })).toBe(true);
      expect(await allows('room.auth', { room: 'R1', user: 'C' })).toBe(false);
      expect(await allows('room.auth', { room: 'R1', user: 'E' })).toBe(false);
      expect(await allows('room.auth', { room: 'R2', user: 'A' })).toBe(false);
      expect(await allows('room.auth', { room: 'R9', user: 'A' })).toBe(false);
      expect(await nodes('room.roster', { room: 'R1' }, 'node')).toEqual(['A', 'B']);
      expect(await nodes('room.roster', { room: 'R9' }, 'node')).toEqual([]);
      expect(await nodes('user.room', { node: 'A' }, 'room')).toEqual(['R1']);
      expect(await nodes('user.room', { node: 'C' }, 'room')).toEqual([]);
    });

    const chat = 'u:A,B';
    const stanzaOf = (mid: number) => JSON.stringify({ mid, body: `héllo ${mid} ✓ '?' :x` });
    const message = (mid: number, extra: Partial<Record<string, ScalarValue>> = {}): ParamValues => ({
      mid, chat, from: mid % 2 ? 'A' : 'B', to: mid % 2 ? 'B' : 'A', room: null, msType: 2, odType: 1,
      body: `body ${mid}`, data: null, udtype: null, udshow: null, extend: null, stanza: stanzaOf(mid), time: now + mid,
      ...extra,
    });

    it('message.save stores every column', async () => {
      const data = Buffer.from([0, 1, 2, 253, 254, 255]);
      const big = 'x'.repeat(100_000); // beyond MySQL's 64 KiB TEXT
      await run('message.save', message(1, { data, udtype: 7, udshow: 1, extend: '{"k":"v"}', stanza: big }));
      for (const mid of [2, 3, 4, 5]) await run('message.save', message(mid));
      await run('message.save', { ...message(6), chat: 'r:R1', to: null, room: 'R1', msType: 3 });
      const rows: Record<string, unknown>[] = await knex(id('tim_message')).where(id('mid'), 1).options(dialect.queryOptions?.() ?? {});
      const row = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k.toLowerCase(), v]));
      expect(Number(row.mid)).toBe(1);
      expect(row).toMatchObject({ chat, sender: 'A', receiver: 'B', room: null, body: 'body 1', extend: '{"k":"v"}', stanza: big });
      expect([row.ms_type, row.od_type, row.udtype, row.udshow].map(Number)).toEqual([2, 1, 7, 1]);
      expect(Buffer.from(row.data as Uint8Array).equals(data)).toBe(true);
      expect(Number(row.created_at)).toBe(now + 1);
    });

    it('message.get pages newest first from an inclusive cursor', async () => {
      const page = async (maxMid: number, limit: number) =>
        (await run('message.get', { chat, maxMid, limit })).map((r) => ({ mid: Number(r.mid), stanza: r.stanza }));
      const first = await page(MAX_MID, 3);
      expect(first.map((r) => r.mid)).toEqual([5, 4, 3]);
      expect(first[0].stanza).toBe(stanzaOf(5));
      expect((await page(3, 10)).map((r) => r.mid)).toEqual([3, 2, 1]);
      expect((await page(0, 10)).map((r) => r.mid)).toEqual([]);
      expect((await page(MAX_MID, 10)).map((r) => r.mid)).toEqual([5, 4, 3, 2, 1]);
      expect((await run('message.get', { chat: 'r:R1', maxMid: MAX_MID, limit: 10 })).map((r) => Number(r.mid))).toEqual([6]);
    });

    it('keeps mids up to 2^53-1 exact', async () => {
      await run('message.save', { ...message(MAX_MID), chat: 'u:A,C' });
      const rows = await run('message.get', { chat: 'u:A,C', maxMid: MAX_MID, limit: 1 });
      expect(rows.map((r) => Number(r.mid))).toEqual([MAX_MID]);
      expect(String(rows[0].mid)).toBe(String(MAX_MID));
    });

    it('message.fid names the author; message.del removes the message from its chat only', async () => {
      expect(await run('message.fid', { chat, mid: 2 })).toEqual([{ author: 'B' }]);
      expect(await run('message.fid', { chat, mid: 3 })).toEqual([{ author: 'A' }]);
      expect(await run('message.fid', { chat: 'r:R1', mid: 2 })).toEqual([]);
      await run('message.del', { chat: 'r:R1', mid: 2 }); // wrong chat: nothing happens
      expect(await run('message.fid', { chat, mid: 2 })).toHaveLength(1);
      await run('message.del', { chat, mid: 2 });
      expect(await run('message.fid', { chat, mid: 2 })).toEqual([]);
      const left = await run('message.get', { chat, maxMid: MAX_MID, limit: 10 });
      expect(left.map((r) => Number(r.mid))).toEqual([5, 4, 3, 1]);
    });

    it('offlinemsg.save/get/del: oldest first, limited, deleting only the given rows of the node', async () => {
      for (const n of [1, 2, 3]) {
        await run('offlinemsg.save', { node: 'A', id: 100 + n, mid: n, stanza: `{"id":${100 + n}}`, time: now });
      }
      await run('offlinemsg.save', { node: 'B', id: 200, mid: 0, stanza: '{"id":200}', time: now });
      const batch = await run('offlinemsg.get', { node: 'A', limit: 2 });
      expect(batch.map((r) => r.stanza)).toEqual(['{"id":101}', '{"id":102}']);
      const ids = batch.map((r) => r.id as string | number);
      expect(Number(ids[0])).toBeLessThan(Number(ids[1]));
      const bRow = await run('offlinemsg.get', { node: 'B', limit: 10 });
      expect(bRow).toHaveLength(1);
      // B's row id with A's node deletes nothing.
      await run('offlinemsg.del', { node: 'A', ids: [bRow[0].id as string | number] });
      expect(await run('offlinemsg.get', { node: 'B', limit: 10 })).toHaveLength(1);
      await run('offlinemsg.del', { node: 'A', ids });
      expect((await run('offlinemsg.get', { node: 'A', limit: 10 })).map((r) => r.stanza)).toEqual(['{"id":103}']);
      const stored: Record<string, unknown>[] = await knex(id('tim_offline')).where(id('node'), 'A');
      expect(stored.map((r) => [Number(r[id('msg_id')]), Number(r[id('mid')])])).toEqual([[103, 3]]);
    });

    it('offlinemsg.ack deletes only the node rows of the given mids; offlinemsg.purge every row of one mid', async () => {
      await knex(id('tim_offline')).del();
      const save = (node: string, mid: number) => run('offlinemsg.save', { node, id: 1000 + mid, mid, stanza: `{"mid":${mid}}`, time: now });
      for (const mid of [11, 12, 13]) await save('A', mid);
      await save('B', 11);
      await save('B', 12);
      await run('offlinemsg.ack', { node: 'A', mids: [11, 13] });
      const left = async (node: string) => (await run('offlinemsg.get', { node, limit: 10 })).map((r) => r.stanza);
      expect(await left('A')).toEqual(['{"mid":12}']);
      expect(await left('B')).toEqual(['{"mid":11}', '{"mid":12}']);
      await run('offlinemsg.purge', { mid: 12 });
      expect(await left('A')).toEqual([]);
      expect(await left('B')).toEqual(['{"mid":11}']);
    });
  });
});

describe('shipped templates compile for every client', () => {
  it.each(CLIENTS)('%s', (client) => {
    expect(builtinTemplateSet(client).keys()).toEqual(SHIPPED_KEYS);
  });
});

describe('builtinSchemaSql', () => {
  it.each(CLIENTS)('renders the DDL for %s without a connection', (client) => {
    const sql = builtinSchemaSql(client);
    for (const table of Object.keys(EXPECTED_COLUMNS)) {
      expect(sql.toLowerCase()).toContain(`create table ${client === 'mysql' || client === 'sqlite' ? '`' : '"'}${table}`);
    }
    expect(sql).toMatch(/insert into .tim_schema_version./i);
  });

  it('renders Oracle with upper-case names, CHAR lengths, CLOBs and an identity column', () => {
    const sql = builtinSchemaSql('oracle');
    expect(sql).toContain('create table "TIM_USER" ("NODE" varchar2(64 char) not null');
    expect(sql).toContain('"STANZA" clob not null');
    expect(sql).toContain('"ID" number(19) generated by default on null as identity');
    expect(sql).toContain('create index "TIM_MESSAGE_CHAT_MID" on "TIM_MESSAGE" ("CHAT", "MID")');
    expect(sql).not.toMatch(/trigger|sequence/i);
  });

  it('renders MySQL tables as utf8mb4 with the binary collation and large text/blob types', () => {
    const sql = builtinSchemaSql('mysql');
    expect(sql).toContain('collate utf8mb4_bin');
    expect(sql).toContain('`stanza` longtext not null');
    expect(sql).toContain('`data` longblob null');
  });
});
