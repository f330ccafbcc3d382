// parseConfigText / loadConfigFile: errors name file, key path and line:column; positions of templates.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../../src/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error.js';

const FILE = 'tim.config.yaml';
const parse = (text: string) => parseConfigText(text, FILE, {});
const errorOf = (text: string) => configErrorOf(() => parse(text));
const where = (err: ConfigError) => [err.key, err.line, err.col];

describe('parseConfigText errors', () => {
  it('reports a wrong type with file:line:col, key path and the value', () => {
    const err = errorOf('listen: "0.0.0.0:1"\nlimits:\n  pullMax: abc\n');
    expect(err.message).toBe('tim.config.yaml:3:12: limits.pullMax: expected a positive integer, got "abc"');
    expect([err.file, ...where(err)]).toEqual([FILE, 'limits.pullMax', 3, 12]);
  });

  it('rejects an unknown key at a nested path, at the key', () => {
    const err = errorOf('admin:\n  accounts:\n    - username: a\n      password: b\n      role: root\n');
    expect(where(err)).toEqual(['admin.accounts[0].role', 5, 7]);
    expect(err.reason).toBe('unknown key; valid keys: username, password');
  });

  it('suggests the closest valid key', () => {
    const err = errorOf('limits:\n  pulMax: 5\n');
    expect(where(err)).toEqual(['limits.pulMax', 2, 3]);
    expect(err.reason).toMatch(/^unknown key; did you mean pullMax\? valid keys: deviceLimit, /);
  });

  it('rejects a bad enum value listing the valid names', () => {
    expect(errorOf('database:\n  client: mssql\n').message).toBe(
      'tim.config.yaml:2:11: database.client: expected one of sqlite, mysql, postgres, oracle, got "mssql"',
    );
    expect(errorOf('mode: hybrid').reason).toBe('expected one of builtin, external, got "hybrid"');
    expect(errorOf('passwords: md5').reason).toBe('expected one of bcrypt, scrypt, pbkdf2, plain, sql, got "md5"');
    expect(errorOf('logLevel: verbose').reason).toBe('expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"');
  });

  it('gives the parser message with file:line:col for broken YAML', () => {
    const err = errorOf('listen: "0.0.0.0:1"\nadmin: [1, 2\nmode: builtin\n');
    expect(err.file).toBe(FILE);
    expect(err.line).toBeGreaterThanOrEqual(2);
    expect(err.col).toBeGreaterThan(0);
    expect(err.message).toMatch(/^tim\.config\.yaml:\d+:\d+: \S/);
    expect(err.message).toMatch(/flow sequence/i);
  });

  it('rejects a duplicate key at the second occurrence', () => {
    const err = errorOf('limits:\n  pullMax: 1\n  pullMax: 2\n');
    expect(err.message).toBe('tim.config.yaml:3:3: limits.pullMax: duplicate key');
  });

  it('rejects several YAML documents and a top level that is not a mapping', () => {
    expect(errorOf('mode: builtin\n---\nmode: external\n').reason).toMatch(/single YAML document/);
    expect(errorOf('- listen\n').message).toBe('tim.config.yaml:1:1: expected a mapping, got a list');
  });

  it('checks numbers: integer, range, and fractional timeouts where allowed', () => {
    expect(errorOf('limits: { pullMax: 0 }').reason).toBe('expected a positive integer (at most 10000), got 0');
    expect(errorOf('limits: { pullMax: 1.5 }').reason).toBe('expected a positive integer (at most 10000), got 1.5');
    expect(errorOf('limits: { ackTimeoutSeconds: 0 }').reason).toBe('expected a positive number (at most 2147483), got 0');
    expect(errorOf('limits: { authCacheSeconds: -1 }').reason).toMatch(/^expected a non-negative number/);
    expect(errorOf('limits: { tokenTtlSeconds: 0.5 }').key).toBe('limits.tokenTtlSeconds');
    expect(errorOf('database: { pool: { min: 5, max: 2 } }').message).toMatch(/database\.pool\.min: must not exceed pool\.max \(2\)$/);
    const limits = parse('limits: { ackTimeoutSeconds: 0.2, authCacheSeconds: 0, pingTimeoutSeconds: 1.5 }').limits;
    expect([limits.ackTimeoutSeconds, limits.authCacheSeconds, limits.pingTimeoutSeconds]).toEqual([0.2, 0, 1.5]);
  });

  it('checks host:port listeners', () => {
    expect(parse('listen: "[::]:20003"\nadmin: { listen: "localhost:0" }').listen).toBe('[::]:20003');
    for (const bad of ['"0.0.0.0:70000"', 'localhost', '"::1:20003"', '":20003"']) {
      const err = errorOf(`listen: ${bad}\n`);
      expect(where(err)).toEqual(['listen', 1, 9]);
      expect(err.reason).toMatch(/^expected "host:port"/);
    }
  });

  it('requires tls cert and key together, and resolves them next to the file', () => {
    const err = configErrorOf(() => parseConfigText('logLevel: info\ntls:\n  cert: a.crt\n', FILE, {}));
    expect(err.message).toBe('tim.config.yaml:2:1: tls.key: missing; tls needs both cert and key, or neither');
    expect(errorOf('tls: { key: a.key }').key).toBe('tls.cert');
    const config = parseConfigText('tls: { cert: certs/a.crt, key: /abs/a.key }', '/etc/tim/tim.config.yaml', {});
    expect(config.tls).toEqual({ cert: path.resolve('/etc/tim/certs/a.crt'), key: path.resolve('/abs/a.key') });
    expect(parse('tls: {}').tls).toBeUndefined();
    expect('tls' in parse('tls:')).toBe(false);
  });

  it('checks origin and cluster.redis', () => {
    expect(errorOf('origin: "https://a.example.com/"').key).toBe('origin');
    expect(parse('origin: "https://a.example.com:8443"').origin).toBe('https://a.example.com:8443');
    expect(errorOf('cluster: { redis: "http://x" }').reason).toMatch(/redis:\/\//);
    expect(errorOf('cluster: {}').key).toBe('cluster.redis');
    expect(parse('cluster: { redis: "rediss://:pw@r:6380/1" }').cluster).toEqual({ redis: 'rediss://:pw@r:6380/1' });
  });

  it('drops empty admin keys and accounts without a password', () => {
    const text = 'admin:\n  keys: ["${K1}", "k2", ""]\n  accounts:\n    - { username: a, password: "${P}" }\n    - { username: b, password: pw }\n';
    const admin = parseConfigText(text, FILE, {}).admin;
    expect(admin.keys).toEqual(['k2']);
    expect(admin.accounts).toEqual([{ username: 'b', password: 'pw' }]);
    expect(errorOf('admin: { accounts: [{ password: x }] }').message).toMatch(/admin\.accounts\[0\]\.username: missing; expected a non-empty string$/);
    expect(errorOf('admin: { keys: [k, 7] }').key).toBe('admin.keys[1]');
  });

  it('checks disabledApis as TIMTYPE numbers', () => {
    expect(parse('disabledApis: [1, 127]').disabledApis).toEqual([1, 127]);
    expect(where(errorOf('disabledApis:\n  - 3\n  - 128\n'))).toEqual(['disabledApis[1]', 3, 5]);
  });
});

describe('database.connection', () => {
  const conf = '/etc/tim/tim.config.yaml';

  it('resolves a relative sqlite path against the config file directory', () => {
    expect(parseConfigText('database: { connection: ./data/x.db }', conf, {}).database.connection).toBe(path.resolve('/etc/tim/data/x.db'));
    expect(parseConfigText('database: { connection: /var/x.db }', conf, {}).database.connection).toBe(path.resolve('/var/x.db'));
    expect(parseConfigText('logLevel: info', conf, {}).database.connection).toBe(path.resolve('/etc/tim/data/tim.db'));
    expect(parseConfigText('database: { connection: ":memory:" }', conf, {}).database.connection).toBe(':memory:');
  });

  it('accepts a URL or a mapping for server databases, and requires one', () => {
    expect(parse('database: { client: postgres, connection: "postgres://u@h/db" }').database.connection).toBe('postgres://u@h/db');
    const mapping = parse('database:\n  client: oracle\n  connection: { user: u, connectString: "h/XE", poolAlias: [a] }\n');
    expect(mapping.database.connection).toEqual({ user: 'u', connectString: 'h/XE', poolAlias: ['a'] });
    expect(errorOf('database:\n  client: mysql\n').message).toBe(
      'tim.config.yaml:1:1: database.connection: missing; client mysql needs a URL or a driver connection mapping',
    );
    expect(errorOf('database: { client: sqlite, connection: { filename: x } }').reason).toMatch(/file path or ":memory:" for sqlite/);
    expect(errorOf('database: { client: mysql, connection: 5 }').reason).toBe('expected a URL or a driver connection mapping for mysql, got 5');
  });
});

describe('sql', () => {
  const text = [
    'mode: external', //                                   1
    'sql:', //                                             2
    '  user.auth: |', //                                   3
    '    SELECT 1 FROM friends', //                        4
    '    WHERE a = :from AND b = :to', //                  5
    '  room.auth:', //                                     6
    '    default: SELECT 1 FROM members WHERE r = :room', // 7
    '    oracle: "SELECT 1 FROM members WHERE ROWNUM = 1"', // 8
    '  login: SELECT id AS node FROM users WHERE name = :name', // 9
    '',
  ].join('\n');

  it('keeps strings and per-client maps', () => {
    const { sql } = parse(text);
    expect(sql['user.auth']).toBe('SELECT 1 FROM friends\nWHERE a = :from AND b = :to\n');
    expect(sql['room.auth']).toEqual({ default: 'SELECT 1 FROM members WHERE r = :room', oracle: 'SELECT 1 FROM members WHERE ROWNUM = 1' });
  });

  it('records where each template text starts: block scalar, map variants, quoted and plain', () => {
    const pos = parse(text).sqlPositions;
    expect(pos['user.auth']).toEqual({ file: FILE, line: 4, col: 5 });
    expect(pos['room.auth.default']).toEqual({ file: FILE, line: 7, col: 14 });
    expect(pos['room.auth.oracle']).toEqual({ file: FILE, line: 8, col: 14 });
    expect(pos['room.auth']?.line).toBe(7);
    expect(pos.login).toEqual({ file: FILE, line: 9, col: 10 });
    expect(Object.keys(pos).sort()).toEqual(['login', 'room.auth', 'room.auth.default', 'room.auth.oracle', 'user.auth']);
  });

  it('rejects unknown template keys listing the valid ones, and unknown variants', () => {
    const err = errorOf('sql:\n  user.auht: SELECT 1\n');
    expect(where(err)).toEqual(['sql.user.auht', 2, 3]);
    expect(err.reason).toMatch(/^unknown template key; did you mean user\.auth\? valid template keys: login, token, user\.exist, /);
    expect(err.reason).toMatch(/roster\.block$/);
    const variant = errorOf('sql:\n  room.auth:\n    mariadb: SELECT 1\n');
    expect(where(variant)).toEqual(['sql.room.auth.mariadb', 3, 5]);
    expect(variant.reason).toBe('unknown variant; valid variants: default, sqlite, mysql, postgres, oracle');
  });

  it('rejects templates that are not SQL text', () => {
    expect(where(errorOf('sql:\n  login: ""\n'))).toEqual(['sql.login', 2, 10]);
    expect(errorOf('sql:\n  login: [a]\n').reason).toMatch(/^expected SQL text or a mapping of default, sqlite/);
    expect(errorOf('sql:\n  login: { oracle: 5 }\n').reason).toBe('expected SQL text, got 5');
    expect(errorOf('sql:\n  login: {}\n').reason).toMatch(/got an empty mapping$/);
  });
});

describe('the result', () => {
  it('is deeply frozen', () => {
    const config = parse('sql:\n  room.auth: { default: SELECT 1 }\ndatabase: { client: postgres, connection: { host: h } }\n');
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config.limits as { pullMax: number }).pullMax = 5;
    }).toThrow(TypeError);
    expect(() => (config.admin.keys as string[]).push('k')).toThrow(TypeError);
    expect(() => {
      (config.sql['room.auth'] as { default: string }).default = 'x';
    }).toThrow(TypeError);
    expect(() => {
      (config.database.connection as Record<string, unknown>).host = 'evil';
    }).toThrow(TypeError);
    expect(config.limits.pullMax).toBe(100);
  });

  it('takes an empty file as all defaults', () => {
    const config = parse('');
    expect([config.listen, config.mode, config.limits.pullMax, config.sql, config.file]).toEqual(['0.0.0.0:20003', 'builtin', 100, {}, FILE]);
  });
});

describe('loadConfigFile', () => {
  it('names a missing file', () => {
    const missing = path.join(tmpdir(), 'tim-no-such-dir', 'tim.config.yaml');
    const err = configErrorOf(() => loadConfigFile(missing, {}));
    expect(err.file).toBe(missing);
    expect(err.message).toBe(`${missing}: config file not found`);
  });

  it('reads, substitutes and resolves paths next to the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tim-config-'));
    const file = path.join(dir, 'tim.config.yaml');
    writeFileSync(file, 'database:\n  connection: ${DB:-db/tim.db}\nlogLevel: ${LEVEL}\n');
    const config = loadConfigFile(file, { LEVEL: 'debug' });
    expect(config.database.connection).toBe(path.join(dir, 'db/tim.db'));
    expect(config.logLevel).toBe('debug');
    expect(config.file).toBe(file);
  });
});

describe('YAML aliases', () => {
  it('expands ordinary anchors and refuses unresolved ones as a ConfigError', () => {
    expect(parse('admin: { listen: &l "127.0.0.1:1" }\nlisten: *l\n').listen).toBe('127.0.0.1:1');
    const err = errorOf('listen: *nowhere\n');
    expect(err.file).toBe(FILE);
    expect(err.reason).toMatch(/^cannot expand YAML aliases: /);
  });
});
