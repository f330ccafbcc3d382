// buildConfig (plain objects, no positions), the shipped tim.config.yaml, the schema docs, describeConfig.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConfig, describeConfig, loadConfigFile, TEMPLATE_KEYS } from '../../../src/config/load-config.js';
import { schemaDocs } from '../../../src/config/schema.js';
import type { Limits } from '../../../src/config/types.js';
import { configErrorOf } from '../../helpers/config-error.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHIPPED = path.join(ROOT, 'tim.config.yaml');

// docs/configuration.md, plus the limits the project added (sendQueueMax, kickWindowSeconds).
const DEFAULT_LIMITS: Limits = {
  deviceLimit: 1,
  deviceTypeLimit: 1,
  authCacheSeconds: 300,
  maxFrameBytes: 8388608,
  pullMax: 100,
  offlineBatch: 10,
  pingTimeoutSeconds: 600,
  loginTimeoutSeconds: 5,
  tokenTtlSeconds: 60,
  ackTimeoutSeconds: 10,
  sendQueueMax: 1024,
  sendQueueBytes: 16_777_216,
  preLoginFrameBytes: 65_536,
  maxConnections: 100_000,
  maxConnectionsPerIp: 1000,
  kickWindowSeconds: 10,
  presenceTargetsMax: 100,
  requestRate: 200,
  requestBurst: 400,
  loginFailuresPerAccount: 5,
  loginFailuresPerIp: 20,
  loginFailureWindowSeconds: 60,
  loginLockoutSeconds: 60,
  loginFailuresPerSocket: 3,
  hashConcurrency: 2,
  hashQueueMax: 32,
  httpRatePerMinute: 600,
  adminRatePerMinute: 6000,
  dbErrorLogSeconds: 10,
};

describe('buildConfig', () => {
  it('applies defaults to a partial object', () => {
    const config = buildConfig({
      database: { client: 'sqlite', connection: ':memory:' },
      listen: '127.0.0.1:0',
      admin: { listen: '127.0.0.1:0', keys: ['k'] },
      limits: { ackTimeoutSeconds: 0.2 },
    });
    expect(config.listen).toBe('127.0.0.1:0');
    expect(config.admin).toEqual({ listen: '127.0.0.1:0', keys: ['k'], accounts: [], maxRecipients: 10_000, admiface: { enabled: false, listen: '127.0.0.1:20005' }, onlineSocket: true });
    expect(config.auth).toEqual({});
    expect(config.database).toEqual({ client: 'sqlite', connection: ':memory:', pool: { min: 0, max: 10 } });
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, ackTimeoutSeconds: 0.2 });
    expect([config.file, config.mode, config.passwords, config.logLevel, config.origin]).toEqual(['', 'builtin', 'bcrypt', 'info', '']);
    expect(config.cluster).toBeUndefined();
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('reports errors by key path with line 0', () => {
    const err = configErrorOf(() => buildConfig({ limits: { pullMax: 'abc' as unknown as number } }));
    expect([err.file, err.key, err.line, err.col]).toEqual(['', 'limits.pullMax', 0, 0]);
    expect(err.message).toBe('limits.pullMax: expected a positive integer, got "abc"');
    const unknown = configErrorOf(() => buildConfig({ admin: { secret: 1 } } as never));
    expect(unknown.message).toMatch(/^admin\.secret: unknown key; valid keys: listen, keys, accounts, maxRecipients, admiface, onlineSocket$/);
  });

  it('gives every sql key a position, 0:0 without a file', () => {
    const config = buildConfig({ sql: { login: 'SELECT 1', 'room.auth': { oracle: 'SELECT 2 FROM dual' } } });
    expect(config.sqlPositions).toEqual({
      login: { file: '', line: 0, col: 0 },
      'room.auth': { file: '', line: 0, col: 0 },
      'room.auth.oracle': { file: '', line: 0, col: 0 },
    });
  });

  it('resolves a relative sqlite path against baseDir and does not freeze the caller object', () => {
    const connection = { host: 'db', user: 'tim' };
    const input = { database: { client: 'mysql' as const, connection } };
    const config = buildConfig(input);
    expect(config.database.connection).toEqual(connection);
    expect(Object.isFrozen(connection)).toBe(false);
    expect(buildConfig({ database: { connection: 'x.db' } }, { baseDir: '/data' }).database.connection).toBe(path.resolve('/data/x.db'));
  });

  it('refuses non-plain data in a connection mapping', () => {
    const err = configErrorOf(() => buildConfig({ database: { client: 'postgres', connection: { hook: () => 1 } } }));
    expect(err.key).toBe('database.connection.hook');
  });
});

describe('the shipped tim.config.yaml', () => {
  it('loads with no environment and equals the documented defaults', () => {
    const config = loadConfigFile(SHIPPED, {});
    expect(config.listen).toBe('0.0.0.0:20003');
    expect(config.origin).toBe('');
    expect(config.tls).toBeUndefined();
    expect(config.web).toEqual({ demo: true }); // the demo chat is on out of the box
    expect(config.admin).toEqual({ listen: '127.0.0.1:20004', keys: [], accounts: [], maxRecipients: 10_000, admiface: { enabled: false, listen: '127.0.0.1:20005' }, onlineSocket: true });
    expect(config.database).toEqual({ client: 'sqlite', connection: path.join(ROOT, 'data/tim.db'), pool: { min: 0, max: 10 } });
    expect([config.mode, config.passwords, config.logLevel]).toEqual(['builtin', 'bcrypt', 'info']);
    expect(config.sql).toEqual({});
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.disabledApis).toEqual([]);
    expect(config.cluster).toBeUndefined();
    // writing every key out changes nothing: the file equals an empty config
    expect({ ...config, file: '' }).toEqual(buildConfig({}, { baseDir: ROOT }));
  });

  it('takes the admin key and password from the environment', () => {
    const config = loadConfigFile(SHIPPED, { TIM_ADMIN_KEY: 'key-1', TIM_ADMIN_PASSWORD: 'pw' });
    expect(config.admin.keys).toEqual(['key-1']);
    expect(config.admin.accounts).toEqual([{ username: 'admin', password: 'pw' }]);
  });
});

describe('schema docs and describeConfig', () => {
  it('documents every setting in one line', () => {
    const docs = schemaDocs();
    const paths = docs.map((d) => d.path);
    for (const key of Object.keys(DEFAULT_LIMITS)) expect(paths).toContain(`limits.${key}`);
    expect(paths).toEqual(expect.arrayContaining(['listen', 'tls.cert', 'admin.accounts', 'database.pool.max', 'cluster.redis', 'logLevel']));
    for (const d of docs) expect(d.doc, d.path).toMatch(/^[^\n]{8,}$/);
    expect(docs.find((d) => d.path === 'limits.pullMax')?.default).toBe(100);
  });

  it('exports the template keys', () => {
    expect(TEMPLATE_KEYS).toHaveLength(21);
    expect(TEMPLATE_KEYS).toContain('offlinemsg.del');
    expect(TEMPLATE_KEYS).toContain('offlinemsg.ack');
    expect(TEMPLATE_KEYS).toContain('offlinemsg.purge');
  });

  it('describes each top-level setting without secrets', () => {
    const config = buildConfig({
      admin: { keys: ['very-secret'], accounts: [{ username: 'ops', password: 'hunter2' }] },
      database: { client: 'postgres', connection: 'postgres://app:pw123@db/app' },
      cluster: { redis: 'redis://:redispw@r:6379' },
    });
    const lines = describeConfig(config);
    const text = lines.join('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'config', 'listen', 'origin', 'tls', 'admin', 'database', 'mode', 'passwords', 'sql', 'limits', 'cluster', 'disabledApis', 'logLevel',
    ]);
    expect(text).toContain('1 key, 1 account (ops)');
    expect(text).toContain('postgres://app:***@db/app');
    expect(text).toContain('redis://:***@r:6379');
    for (const secret of ['very-secret', 'hunter2', 'pw123', 'redispw']) expect(text).not.toContain(secret);
  });
});
