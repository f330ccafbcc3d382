// The one place a database client name becomes a Dialect; an unknown name fails fast with the list.

import type { DbClient } from '../../config/types.js';
import { StoreError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { mysqlDialect } from './mysql.js';
import { oracleDialect } from './oracle.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect } from './sqlite.js';

const DIALECTS: Record<DbClient, Dialect> = {
  sqlite: sqliteDialect,
  mysql: mysqlDialect,
  postgres: postgresDialect,
  oracle: oracleDialect,
};

export function dialectFor(client: DbClient | string): Dialect {
  const d = (DIALECTS as Record<string, Dialect | undefined>)[client];
  if (!d) {
    throw new StoreError('connect', `unknown database.client '${client}' (use ${Object.keys(DIALECTS).join(', ')})`);
  }
  return d;
}
