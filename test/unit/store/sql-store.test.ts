import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PasswordScheme, TemplateSource } from '../../../src/config/types.js';
import { createKnex } from '../../../src/store/connect.js';
import { StoreError } from '../../../src/store/errors.js';
import { SqlStore, type SqlStoreOptions } from '../../../src/store/sql-store.js';
import { checkAllTemplates, sampleValues } from '../../../src/store/template-check.js';
import { allows, toMid } from '../../../src/store/sql/results.js';
import { TEMPLATE_KEYS } from '../../../src/store/sql/template-keys.js';
import { compileTemplates } from '../../../src/store/sql/template-set.js';

describe('the check rule', () => {
  it.each([
    [[], false],
    [[{ ok: null }], false],
    [[{ ok: 0 }], false],
    [[{ ok: 0n }], false],
    [[{ ok: false }], false],
    [[{ ok: '0' }], false],
    [[{ ok: '0.00' }], false],
    [[{ ok: Buffer.from([0]) }], false],
    [[{ ok: 1 }], true],
    [[{ ok: '1' }], true],
    [[{ ok: 'N' }], true],
    [[{ ok: Buffer.from([1]) }], true],
    [[{ ok: 0 }, { ok: 1 }], true],
  ])('case %# allows: %s', (rows, expected) => {
    expect(allows({ rows })).toBe(expected);
  });

  it('reads the first column by the driver’s column order when known', () => {
    // JS objects put integer-like keys first; the driver's column list says what came first.
    expect(allows({ rows: [{ '1': 1, ok: 0 }], columns: ['ok', '1'] })).toBe(false);
    expect(allows({ rows: [{ ok: 1 }], columns: ['OK'] })).toBe(true);
  });
});

describe('toMid', () => {
  it('accepts exact integers up to 2^53-1 in any driver type', () => {
    expect(toMid(9007199254740991, 'k')).toBe(9007199254740991);
    expect(toMid('9007199254740991', 'k')).toBe(9007199254740991);
    expect(toMid(9007199254740991n, 'k')).toBe(9007199254740991);
  });

  it.each([9007199254740992, '9007199254740992', 2n ** 53n, -1, 1.5, '1.0', '', null, Buffer.from('1')])('rejects %s', (v) => {
    expect(() => toMid(v, 'message.get')).toThrow(StoreError);
  });
});

describe('sampleValues', () => {
  it('has a value for every parameter of every key', () => {
    const values = sampleValues();
    for (const spec of Object.values(TEMPLATE_KEYS)) for (const p of spec.params) expect(values).toHaveProperty(p);
  });
});

describe('SqlStore on SQLite', () => {
  let knex: Knex;
  const db = { client: 'sqlite' as const, connection: ':memory:', pool: { min: 1, max: 1 } };
  const store = (sql: Record<string, TemplateSource>, options: Partial<SqlStoreOptions> = {}): SqlStore =>
    new SqlStore(knex, compileTemplates({ database: db, mode: 'builtin', sql, sqlPositions: {}, file: '' }, BASE), {
      scheme: 'bcrypt',
      verify: async (_s: PasswordScheme, plain: string, hash: string) => plain === hash,
      ...options,
    });

  // builtin mode over these, so each test only writes the keys it is about
  const BASE: Record<string, TemplateSource> = {
    login: 'SELECT node, hash AS password_hash FROM u WHERE name = :name',
    'user.auth': 'SELECT 1 WHERE :from <> :to',
    'room.auth': 'SELECT 1 WHERE :room = :user',
    'message.save': 'SELECT :mid',
    'message.get': 'SELECT 1 AS mid, :chat AS stanza WHERE 0 = 1',
    'message.fid': 'SELECT 1 AS author WHERE 0 = 1',
    'message.del': 'SELECT 1',
    'offlinemsg.save': 'SELECT 1',
    'offlinemsg.get': 'SELECT 1 AS id, 2 AS stanza WHERE 0 = 1',
    'offlinemsg.del': 'SELECT 1 WHERE 1 IN (:ids)',
    roster: 'SELECT 1 AS node WHERE 0 = 1',
    'room.roster': 'SELECT 1 AS node WHERE 0 = 1',
    'user.room': 'SELECT 1 AS room WHERE 0 = 1',
  };

  beforeAll(async () => {
    knex = createKnex(db);
    await knex.raw('CREATE TABLE u (name TEXT, node TEXT, hash TEXT)');
    await knex.raw("INSERT INTO u VALUES ('alice', 'n1', 'pw'), ('nohash', 'n2', NULL)");
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it('spends a verification on unknown names: a built-in hash first, then the first real hash seen', async () => {
    const verify = vi.fn(async (_s: PasswordScheme, plain: string, hash: string) => plain === hash);
    const s = store({}, { scheme: 'scrypt', verify });
    expect(await s.login('ghost', 'x', null)).toEqual({ ok: false, reason: 'unknown' });
    expect(verify).toHaveBeenCalledWith('scrypt', 'x', expect.stringMatching(/^\$scrypt\$ln=15,r=8,p=1\$/));
    expect(await s.login('alice', 'pw', null)).toEqual({ ok: true, node: 'n1' });
    verify.mockClear();
    expect(await s.login('ghost', 'x', null)).toEqual({ ok: false, reason: 'unknown' });
    expect(verify).toHaveBeenCalledWith('scrypt', 'x', 'pw');
  });

  it('prefers an injected dummyVerify', async () => {
    const verify = vi.fn(async () => false);
    const dummyVerify = vi.fn(async () => false);
    expect(await store({}, { scheme: 'pbkdf2', verify, dummyVerify }).login('ghost', 'x', null)).toEqual({ ok: false, reason: 'unknown' });
    expect(dummyVerify).toHaveBeenCalledWith('pbkdf2');
    expect(verify).not.toHaveBeenCalled();
  });

  it('bcrypt has a built-in dummy hash', async () => {
    const verify = vi.fn(async () => false);
    await store({}, { verify }).login('ghost', 'x', null);
    expect(verify).toHaveBeenCalledWith('bcrypt', 'x', expect.stringMatching(/^\$2b\$10\$/));
  });

  it('a NULL hash denies; a verifier that throws is a shape failure, logged', async () => {
    const error = vi.fn();
    expect(await store({}).login('nohash', '', null)).toEqual({ ok: false, reason: 'password' });
    const s = store({}, { verify: async () => Promise.reject(new Error('malformed hash')), logger: { warn: vi.fn(), error } });
    expect(await s.login('alice', 'pw', null)).toEqual({ ok: false, reason: 'shape' });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("scheme 'sql' trusts the row and ignores password_hash", async () => {
    expect(await store({}, { scheme: 'sql', verify: undefined }).login('alice', 'whatever', null)).toEqual({ ok: true, node: 'n1' });
  });

  it('warns once when login neither returns password_hash nor uses :pwd', async () => {
    const warn = vi.fn();
    const s = store({ login: 'SELECT node FROM u WHERE name = :name' }, { logger: { warn, error: vi.fn() } });
    expect(await s.login('alice', 'anything', null)).toEqual({ ok: true, node: 'n1' });
    await s.login('alice', 'anything', null);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('token falls back to login', async () => {
    expect(await store({}).tokenCredentials('alice', 'pw', null)).toEqual({ ok: true, node: 'n1' });
  });

  it('a non-sql scheme needs a verifier', () => {
    expect(() => store({}, { verify: undefined })).toThrow(/needs a verify function/);
  });

  it('roster mutations: all three or none; an absent key is a StoreError', async () => {
    const s = store({ 'roster.add': 'SELECT :from, :to' });
    expect(s.hasRosterMutations()).toBe(false);
    await s.rosterAdd('a', 'b');
    await expect(s.rosterRemove('a', 'b')).rejects.toMatchObject({ kind: 'query', key: 'roster.rm' });
    const all = store({ 'roster.add': 'SELECT 1', 'roster.rm': 'SELECT 1', 'roster.block': 'SELECT 1' });
    expect(all.hasRosterMutations()).toBe(true);
  });

  it('checkAllTemplates reports every key and the one that fails', async () => {
    const set = compileTemplates({ database: db, mode: 'builtin', sql: { 'message.del': 'DELETE FROM nope WHERE :mid = 1' }, sqlPositions: { 'message.del': { file: 'x.yaml', line: 9, col: 3 } }, file: 'x.yaml' }, BASE);
    const results = await checkAllTemplates(knex, set);
    expect(results).toHaveLength(set.keys().length);
    expect(results.filter((r) => !r.ok)).toEqual([{ key: 'message.del', ok: false, error: 'x.yaml:9: no such table: nope' }]);
  });
});
