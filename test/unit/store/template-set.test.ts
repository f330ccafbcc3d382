import { describe, expect, it } from 'vitest';
import type { Config, DbClient, SourcePos, TemplateSource } from '../../../src/config/types.js';
import { TemplateError } from '../../../src/store/errors.js';
import { REQUIRED_KEYS } from '../../../src/store/sql/template-keys.js';
import { compileTemplates, type TemplateConfig } from '../../../src/store/sql/template-set.js';

/** A complete external template set (SQLite syntax) that compiles. */
const COMPLETE: Record<string, TemplateSource> = {
  login: 'SELECT node, pw AS password_hash FROM u WHERE name = :name',
  'user.auth': 'SELECT 1 FROM f WHERE a = :from AND b = :to',
  'room.auth': 'SELECT 1 FROM m WHERE room = :room AND usr = :user',
  'message.save': 'INSERT INTO msg (mid, chat, stanza, t) VALUES (:mid, :chat, :stanza, :time)',
  'message.get': 'SELECT mid, stanza FROM msg WHERE chat = :chat AND mid <= :maxMid ORDER BY mid DESC LIMIT :limit',
  'message.fid': 'SELECT sender AS author FROM msg WHERE chat = :chat AND mid = :mid',
  'message.del': 'DELETE FROM msg WHERE chat = :chat AND mid = :mid',
  'offlinemsg.save': 'INSERT INTO off (owner, stanza) VALUES (:node, :stanza)',
  'offlinemsg.get': 'SELECT id, stanza FROM off WHERE owner = :node ORDER BY id LIMIT :limit',
  'offlinemsg.del': 'DELETE FROM off WHERE owner = :node AND id IN (:ids)',
  roster: 'SELECT b AS node FROM f WHERE a = :node',
  'room.roster': 'SELECT usr AS node FROM m WHERE room = :room',
  'user.room': 'SELECT room FROM m WHERE usr = :node',
};

function config(
  sql: Record<string, TemplateSource>,
  opts: { client?: DbClient; mode?: 'builtin' | 'external'; positions?: Record<string, SourcePos>; file?: string } = {},
): TemplateConfig {
  return {
    database: { client: opts.client ?? 'sqlite', connection: ':memory:', pool: { min: 0, max: 1 } },
    mode: opts.mode ?? 'external',
    sql,
    sqlPositions: opts.positions ?? {},
    file: opts.file ?? 'tim.config.yaml',
  } satisfies Partial<Config>;
}

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('compileTemplates', () => {
  it('compiles every key and offers them in the order of docs/templates.md', () => {
    const set = compileTemplates(config(COMPLETE));
    expect(set.client).toBe('sqlite');
    expect(set.keys()).toEqual(Object.keys(COMPLETE));
    expect(set.get('user.auth')).toMatchObject({ key: 'user.auth', sql: 'SELECT 1 FROM f WHERE a = ? AND b = ?', params: ['from', 'to'], origin: 'config' });
    expect(set.get('offlinemsg.del')?.lists).toEqual(new Set(['ids']));
    expect(set.has('token')).toBe(false);
  });

  it('names key, parameter, file line and column of an unknown parameter', () => {
    const e = errorOf(() =>
      compileTemplates(
        config({ ...COMPLETE, 'user.auth': ':sender = 1' }, { positions: { 'user.auth': { file: 'tim.config.yaml', line: 14, col: 5 } } }),
      ),
    );
    expect(e.message).toBe('tim.config.yaml:14:5: sql.user.auth: unknown parameter :sender (user.auth offers :from, :to)');
    expect(e).toMatchObject({ key: 'user.auth', parameter: 'sender', file: 'tim.config.yaml', line: 14, col: 5 });
  });

  it('moves a line inside a block scalar to the file line', () => {
    // text starts on file line 10, column 5; the bad parameter is on the text's line 3, column 7
    const text = 'SELECT mid, stanza\nFROM msg\nWHERE :chat = chat AND mid <= :maxmid LIMIT :limit';
    const e = errorOf(() =>
      compileTemplates(config({ ...COMPLETE, 'message.get': text }, { positions: { 'message.get': { file: 'tim.config.yaml', line: 10, col: 5 } } })),
    );
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ key: 'message.get', parameter: 'maxmid', line: 12, col: 5 + 31 - 1 });
    expect(e.message).toMatch(/^tim\.config\.yaml:12:35: sql\.message\.get: unknown parameter :maxmid \(message\.get offers .*\); did you mean :maxMid\?$/);
  });

  it('without positions (a config built in code) gives the line within the template', () => {
    const e = errorOf(() => compileTemplates(config({ ...COMPLETE, 'room.auth': 'SELECT 1\n WHERE x = :usr' }, { file: '' })));
    expect(e.message).toBe('sql.room.auth (line 2:12 of the template): unknown parameter :usr (room.auth offers :room, :user)');
  });

  it('reports syntax errors with their position', () => {
    const e = errorOf(() =>
      compileTemplates(config({ ...COMPLETE, roster: "SELECT b AS node\nFROM f WHERE a = 'x" }, { positions: { roster: { file: 'a.yaml', line: 3, col: 4 } } })),
    );
    expect(e.message).toBe('a.yaml:4:21: sql.roster: unterminated string literal');
  });

  it('collects every problem of every key into one error', () => {
    const { 'message.save': _save, 'user.room': _room, ...rest } = COMPLETE;
    const e = errorOf(() =>
      compileTemplates(config({ ...rest, 'user.auth': 'SELECT :a, :b', roster: "SELECT 'x", 'user.auht': 'SELECT 1' })),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^sql\.user\.auth .*unknown parameter :a/),
      expect.stringMatching(/^sql\.user\.auth .*unknown parameter :b/),
      expect.stringMatching(/^sql\.roster .*unterminated string literal/),
      expect.stringMatching(/^sql\.user\.auht: unknown template key \(known keys: login, token, /),
      'mode: external requires sql.message.save',
      'mode: external requires sql.user.room',
    ]);
  });

  it('lists every missing required key in external mode', () => {
    const e = errorOf(() => compileTemplates(config({})));
    expect(e.problems.map((p) => p.message)).toEqual(REQUIRED_KEYS.map((k) => `mode: external requires sql.${k}`));
  });

  describe('per-client variants', () => {
    const roomAuth: TemplateSource = {
      default: 'SELECT 1 FROM m WHERE room = :room AND usr = :user LIMIT 1',
      oracle: 'SELECT 1 FROM m WHERE room = :room AND usr = :user FETCH FIRST 1 ROWS ONLY',
    };

    it("picks the client's entry over default", () => {
      const oracle = compileTemplates(config({ ...COMPLETE, 'room.auth': roomAuth }, { client: 'oracle' }));
      expect(oracle.get('room.auth')).toMatchObject({ variant: 'oracle', sql: expect.stringContaining('FETCH FIRST') });
      const pg = compileTemplates(config({ ...COMPLETE, 'room.auth': roomAuth }, { client: 'postgres' }));
      expect(pg.get('room.auth')).toMatchObject({ variant: 'default', sql: expect.stringContaining('LIMIT 1') });
    });

    it('a map without the client and without default is an error for that key', () => {
      const e = errorOf(() => compileTemplates(config({ ...COMPLETE, 'room.auth': { mysql: 'SELECT 1' } }, { client: 'sqlite' })));
      expect(e.message).toBe("sql.room.auth: no 'sqlite' variant and no 'default'");
    });

    it('locates problems in a variant at its own position', () => {
      const e = errorOf(() =>
        compileTemplates(
          config(
            { ...COMPLETE, 'room.auth': { default: 'SELECT 1', oracle: 'SELECT :bad FROM dual' } },
            {
              client: 'oracle',
              positions: { 'room.auth': { file: 't.yaml', line: 5, col: 3 }, 'room.auth.oracle': { file: 't.yaml', line: 7, col: 13 } },
            },
          ),
        ),
      );
      expect(e.message).toBe('t.yaml:7:20: sql.room.auth.oracle: unknown parameter :bad (room.auth offers :room, :user)');
    });

    it('compiles with the client’s lexical rules', () => {
      const e = errorOf(() => compileTemplates(config({ ...COMPLETE, 'user.auth': "SELECT 'it\\'s' WHERE :from = :to" }, { client: 'postgres' })));
      expect(e.problems[0].message).toMatch(/unterminated string literal/);
      expect(() => compileTemplates(config({ ...COMPLETE, 'user.auth': "SELECT 'it\\'s' WHERE :from = :to" }, { client: 'mysql' }))).not.toThrow();
    });
  });

  describe('builtin mode', () => {
    it('merges sql: over the shipped templates, key by key', () => {
      const set = compileTemplates(config({ 'user.auth': 'SELECT 2 WHERE :from <> :to' }, { mode: 'builtin' }), COMPLETE);
      expect(set.get('user.auth')).toMatchObject({ origin: 'config', text: 'SELECT 2 WHERE :from <> :to' });
      expect(set.get('roster')).toMatchObject({ origin: 'builtin' });
    });

    it('reports shipped templates as builtin, and a shipped set that lacks a key', () => {
      const { roster: _roster, ...rest } = COMPLETE;
      const e = errorOf(() => compileTemplates(config({}, { mode: 'builtin' }), { ...rest, 'user.auth': 'SELECT :x' }));
      expect(e.problems.map((p) => p.message)).toEqual([
        'sql.user.auth (builtin) (line 1:8 of the template): unknown parameter :x (user.auth offers :from, :to)',
        'builtin mode: the shipped templates lack sql.roster',
      ]);
    });

    it('external mode ignores the builtin templates', () => {
      const e = errorOf(() => compileTemplates(config({}, { mode: 'external' }), COMPLETE));
      expect(e.problems).toHaveLength(REQUIRED_KEYS.length);
    });
  });
});
