// `tim migrate`: create or update the builtin schema; `--print` writes its DDL for the configured
// database without connecting.

import type { Config } from '../config/types.js';
import { checkConnection, createKnex } from '../store/connect.js';
import { builtinSchemaSql } from '../store/migrations/builtin-migrations.js';
import { migrateBuiltin } from '../store/migrations/migrate.js';
import { describeDatabase } from './describe.js';

export async function runMigrate(config: Config, print: boolean, out: (line: string) => void): Promise<number> {
  if (print) {
    out(builtinSchemaSql(config.database.client));
    return 0;
  }
  const knex = createKnex(config.database);
  try {
    await checkConnection(knex, config.database);
    const { applied } = await migrateBuiltin(knex);
    out(`database: ${describeDatabase(config)}`);
    out(applied.length === 0 ? 'builtin schema is up to date' : `applied migrations: ${applied.join(', ')}`);
    return 0;
  } finally {
    await knex.destroy();
  }
}
