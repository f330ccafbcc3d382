import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { checkConnection, createKnex, driverReason } from '../../../src/store/connect.js';
import { lowerKeys, redactUrl } from '../../../src/store/dialects/dialect.js';
import { mysqlDialect } from '../../../src/store/dialects/mysql.js';
import { oracleConnection, oracleDialect } from '../../../src/store/dialects/oracle.js';
import { parseInt8, pgTypes, postgresDialect } from '../../../src/store/dialects/postgres.js';
import { dialectFor } from '../../../src/store/dialects/registry.js';
import { sqliteDialect } from '../../../src/store/dialects/sqlite.js';
import { StoreError } from '../../../src/store/errors.js';

describe('result shapes', () => {
  it('mysql2: [rows, fields] for queries, [ResultSetHeader] for DML', () => {
    const rows = [{ Mid: '9007199254740991', STANZA: '{}' }];
    expect(mysqlDialect.rowsOf([rows, [{ name: 'Mid' }, { name: 'STANZA' }]])).toEqual([{ mid: '9007199254740991', stanza: '{}' }]);
    expect(mysqlDialect.columnsOf([rows, [{ name: 'Mid' }, { name: 'STANZA' }]])).toEqual(['Mid', 'STANZA']);
    expect(mysqlDialect.rowsOf([{ affectedRows: 2 }, undefined])).toEqual([]);
    expect(mysqlDialect.affectedRows([{ affectedRows: 2 }, undefined])).toBe(2);
  });

  it('pg: a Result with rows, fields and rowCount', () => {
    const result = { rows: [{ node: 'a' }], fields: [{ name: 'node' }], rowCount: 1, command: 'SELECT' };
    expect(postgresDialect.rowsOf(result)).toEqual([{ node: 'a' }]);
    expect(postgresDialect.columnsOf(result)).toEqual(['node']);
    expect(postgresDialect.affectedRows({ rows: [], fields: [], rowCount: 3, command: 'DELETE' })).toBe(3);
  });

  it('better-sqlite3: rows for queries, a RunResult for DML', () => {
    expect(sqliteDialect.rowsOf([{ A: 1 }])).toEqual([{ a: 1 }]);
    expect(sqliteDialect.rowsOf({ changes: 1, lastInsertRowid: 1 })).toEqual([]);
    expect(sqliteDialect.affectedRows({ changes: 1, lastInsertRowid: 1 })).toBe(1);
  });

  it('oracledb: rows with upper-case names, no affected count', () => {
    expect(oracleDialect.rowsOf([{ NODE: 'a', PASSWORD_HASH: 'h' }])).toEqual([{ node: 'a', password_hash: 'h' }]);
    expect(oracleDialect.affectedRows([])).toBeUndefined();
  });

  it('lowerKeys keeps the first of two spellings', () => {
    expect(lowerKeys({ Node: 1, node: 2 })).toEqual({ node: 1 });
  });
});

describe('value handling', () => {
  it('pg int8: a number when safe, else the exact text', () => {
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
    expect(parseInt8('9007199254740992')).toBe('9007199254740992');
    expect(parseInt8('-42')).toBe(-42);
    expect(pgTypes.getTypeParser(114)('{"a":  1}')).toBe('{"a":  1}');
    expect(pgTypes.getTypeParser(16)('t')).toBe(true); // pg's default for everything else
  });

  it('sqlite binds integers as BigInt (better-sqlite3 binds numbers as REAL) and booleans as 0/1', () => {
    expect(sqliteDialect.bindValue(9007199254740991)).toBe(9007199254740991n);
    expect(sqliteDialect.bindValue(1.5)).toBe(1.5);
    expect(sqliteDialect.bindValue(true)).toBe(1);
    const buf = Buffer.from([0]);
    expect(sqliteDialect.bindValue(buf)).toBe(buf);
    expect(sqliteDialect.bindValue(null)).toBeNull();
  });

  it('oracle binds bigints as decimal text', () => {
    expect(oracleDialect.bindValue(12n)).toBe('12');
  });

  it('oracle fetches NUMBER and CLOB as strings and BLOB as a Buffer, per statement', async () => {
    const oracledb = createRequire(import.meta.url)('oracledb') as Record<string, unknown>;
    const { fetchTypeHandler } = oracleDialect.queryOptions!() as { fetchTypeHandler: (m: { dbType: unknown }) => unknown };
    expect(fetchTypeHandler({ dbType: oracledb.DB_TYPE_NUMBER })).toEqual({ type: oracledb.STRING });
    expect(fetchTypeHandler({ dbType: oracledb.DB_TYPE_CLOB })).toEqual({ type: oracledb.STRING });
    expect(fetchTypeHandler({ dbType: oracledb.DB_TYPE_BLOB })).toEqual({ type: oracledb.BUFFER });
    expect(fetchTypeHandler({ dbType: oracledb.DB_TYPE_VARCHAR })).toBeUndefined();
    const k = knexFactory({ client: 'oracledb' });
    try {
      const sql = k.raw('SELECT ? FROM DUAL', ['x']).options(oracleDialect.queryOptions!()).toSQL();
      expect(sql.options).toMatchObject({ fetchTypeHandler });
    } finally {
      await k.destroy();
    }
  });
});

describe('connections', () => {
  it('an unknown client fails fast with the valid names', () => {
    expect(() => dialectFor('mssql')).toThrow("unknown database.client 'mssql' (use sqlite, mysql, postgres, oracle)");
  });

  it('mysql: URL plus the type options that keep numbers exact', () => {
    const cfg = mysqlDialect.knexConfig({ client: 'mysql', connection: 'mysql://u:p@h:3306/d', pool: { min: 0, max: 3 } });
    expect(cfg).toMatchObject({
      client: 'mysql2',
      connection: { uri: 'mysql://u:p@h:3306/d', charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true },
      pool: { min: 0, max: 3 },
    });
  });

  it('pg: per-connection type parsers, not the global registry', () => {
    const cfg = postgresDialect.knexConfig({ client: 'postgres', connection: { host: 'h', user: 'u' }, pool: { min: 0, max: 3 } });
    expect(cfg.connection).toMatchObject({ host: 'h', user: 'u', types: pgTypes });
  });

  it('oracle: a URL becomes user, password and connectString', () => {
    expect(oracleConnection('oracle://sys%40x:p%3Aw@db.example:1521/FREEPDB1')).toEqual({
      user: 'sys@x',
      password: 'p:w',
      connectString: 'db.example:1521/FREEPDB1',
    });
    expect(() => oracleConnection('not a url')).toThrow(StoreError);
  });

  it('descriptions never carry the password', () => {
    expect(redactUrl('postgres://app:secret@db:5432/app')).toBe('postgres://app@db:5432/app');
    expect(oracleDialect.describe({ client: 'oracle', connection: 'oracle://u:secret@h:1521/S', pool: { min: 0, max: 1 } })).toBe(
      'oracle://u@h:1521/S',
    );
    expect(mysqlDialect.describe({ client: 'mysql', connection: { host: 'h', user: 'u', password: 'secret' }, pool: { min: 0, max: 1 } })).toBe(
      'mysql://u@h',
    );
  });

  it("sqlite: creates the file's directory, sets WAL and a busy timeout", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-u-'));
    const file = path.join(dir, 'a', 'b', 'tim.db');
    const db = { client: 'sqlite' as const, connection: file, pool: { min: 0, max: 10 } };
    const knex = createKnex(db);
    try {
      expect(existsSync(path.dirname(file))).toBe(true);
      await checkConnection(knex, db);
      expect(await knex.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await knex.raw('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    } finally {
      await knex.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sqlite: a directory that cannot be created is a one-line connect error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-u-'));
    const blocker = path.join(dir, 'file');
    await writeFile(blocker, '');
    try {
      const err = (() => {
        try {
          createKnex({ client: 'sqlite', connection: path.join(blocker, 'sub', 'tim.db'), pool: { min: 0, max: 1 } });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ kind: 'connect', message: expect.stringMatching(/^cannot open sqlite:.*tim\.db: .*(EEXIST|ENOTDIR)/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a refused connection names the target and the driver reason on one line', async () => {
    for (const db of [
      { client: 'mysql' as const, connection: 'mysql://root:pw@127.0.0.1:1/test', pool: { min: 0, max: 1 } },
      { client: 'postgres' as const, connection: 'postgres://postgres:pw@127.0.0.1:1/test', pool: { min: 0, max: 1 } },
    ]) {
      const knex = createKnex(db);
      try {
        const err = await checkConnection(knex, db).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).kind).toBe('connect');
        expect((err as StoreError).message).toMatch(/^cannot connect to (mysql|postgres):\/\/\w+@127\.0\.0\.1:1\/test: .*ECONNREFUSED 127\.0\.0\.1:1$/);
        expect((err as StoreError).message).not.toContain('pw');
      } finally {
        await knex.destroy();
      }
    }
  });

  it('driverReason strips knex’s statement prefix and joins lines', () => {
    expect(driverReason(new Error('select $1 - relation "x" does not exist'), 'select $1')).toBe('relation "x" does not exist');
    expect(driverReason(new Error('ORA-00942: table or view does not exist\nHelp: https://x'))).toBe('ORA-00942: table or view does not exist; Help: https://x');
    expect(driverReason(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
