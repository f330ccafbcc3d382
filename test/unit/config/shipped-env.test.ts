// The shipped tim.config.yaml's environment overrides (issue 16): TIM_LISTEN, TIM_ADMIN_LISTEN,
// TIM_DATABASE_CLIENT, TIM_DATABASE_URL, TIM_LOG_LEVEL and TIM_LOG_FORMAT change their key; unset
// or empty they leave the default (build-config.test.ts checks the no-environment defaults).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error.js';

const SHIPPED = path.join(import.meta.dirname, '..', '..', '..', 'tim.config.yaml');

describe('the shipped tim.config.yaml takes TIM_* overrides', () => {
  it('replaces the listeners, the database, the log level and format', () => {
    const config = loadConfigFile(SHIPPED, {
      TIM_LISTEN: '127.0.0.1:9003',
      TIM_ADMIN_LISTEN: '127.0.0.1:9004',
      TIM_DATABASE_CLIENT: 'postgres',
      TIM_DATABASE_URL: 'postgres://tim:secret@db:5432/tim',
      TIM_LOG_LEVEL: 'debug',
      TIM_LOG_FORMAT: 'json',
    });
    expect(config.listen).toBe('127.0.0.1:9003');
    expect(config.admin.listen).toBe('127.0.0.1:9004');
    expect(config.database).toMatchObject({ client: 'postgres', connection: 'postgres://tim:secret@db:5432/tim' });
    expect([config.logLevel, config.logFormat]).toEqual(['debug', 'json']);
  });

  it('an empty variable keeps the default, like an unset one', () => {
    const config = loadConfigFile(SHIPPED, { TIM_LISTEN: '', TIM_DATABASE_URL: '', TIM_LOG_FORMAT: '' });
    expect(config.listen).toBe('0.0.0.0:20003');
    expect(config.database.connection).toBe(path.join(path.dirname(SHIPPED), 'data/tim.db'));
    expect(config.logFormat).toBe('auto');
  });

  it('a wrong override is refused naming the key and its line in the file', () => {
    const err = configErrorOf(() => loadConfigFile(SHIPPED, { TIM_LOG_FORMAT: 'xml' }));
    expect(err.key).toBe('logFormat');
    expect(err.message).toMatch(/tim\.config\.yaml:\d+:\d+: logFormat: expected one of auto, json, pretty/);
    const db = configErrorOf(() => loadConfigFile(SHIPPED, { TIM_DATABASE_CLIENT: 'mssql' }));
    expect(db.key).toBe('database.client');
  });
});
