// The worked examples of sql/examples/<client>/ ("Trailhead", an existing application) as test
// fixtures: load an example's schema, chat tables and seed into a fresh database, and read its
// tim.config.yaml exactly as a deployer would run it (with ${TIM_EXAMPLE_DB} pointing at that
// database). The seed's accounts are described in SEED so tests and the guide agree on them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { parseConfigText } from '../../src/config/load-config.js';
import type { Config, DbClient } from '../../src/config/types.js';
import { checkConnection, createKnex } from '../../src/store/connect.js';

export const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql/examples');

/** The scripts of an example, in the order they are run. */
export const EXAMPLE_SCRIPTS = ['schema.sql', 'chat-tables.sql', 'seed.sql'] as const;

export interface SeedAccount {
  email: string;
  pwd: string;
  node: string;
}

/** The accounts and groups of every example's seed.sql (the same data on each database). */
export const SEED = {
  alice: { email: 'alice@example.com', pwd: 'wonderland', node: '1001' },
  bob: { email: 'bob@example.com', pwd: 'builder', node: '1002' },
  carol: { email: 'carol@example.com', pwd: 'christmas', node: '1003' },
  dave: { email: 'dave@example.com', pwd: 'deep-diver', node: '1004' },
  ohara: { email: "o'hara@example.com", pwd: "'; DROP TABLE app_user; --", node: '1005' },
  erin: { email: 'erin@example.com', pwd: 'eagle-eye', node: '1006' },
  /** deleted_at is set: cannot log in, cannot be addressed */
  zed: { email: 'zed@example.com', pwd: 'zzz-sleep', node: '1007' },
  /** alice (owner), bob, erin; carol is only invited */
  hiking: '501',
  /** carol (owner), dave (admin) */
  books: '502',
  /** archived */
  oldTrips: '503',
} as const satisfies Record<string, SeedAccount | string>;

export function exampleDir(client: DbClient): string {
  return path.join(EXAMPLES_DIR, client);
}

/**
 * Splits a script into statements the way the examples are written: one statement ends with `;`
 * at the end of a line; lines that start with `--` are comments. No procedures, no `;` at a line
 * end inside a string. The trailing `;` is dropped (Oracle rejects it in a single statement).
 */
export function splitSqlScript(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim().startsWith('--')) continue;
    const end = /;\s*$/.test(line);
    current.push(end ? line.replace(/;\s*$/, '') : line);
    if (end) {
      const sql = current.join('\n').trim();
      if (sql !== '') statements.push(sql);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') throw new Error(`statement without a terminating ';': ${rest.slice(0, 60)}...`);
  return statements;
}

export function exampleStatements(client: DbClient): string[] {
  return EXAMPLE_SCRIPTS.flatMap((f) => splitSqlScript(readFileSync(path.join(exampleDir(client), f), 'utf8')));
}

/** Runs the example's schema, chat tables and seed on `knex`, one statement at a time. */
export async function loadExample(knex: Knex, client: DbClient): Promise<void> {
  for (const sql of exampleStatements(client)) {
    try {
      await knex.raw(sql);
    } catch (e) {
      throw new Error(`sql/examples/${client}: ${(e as Error).message}\n${sql}`, { cause: e });
    }
  }
}

/** Loads the example into the (fresh) database `database` through a short-lived pool. */
export async function loadExampleInto(database: Config['database']): Promise<void> {
  const knex = createKnex(database);
  try {
    await checkConnection(knex, database);
    await loadExample(knex, database.client);
  } finally {
    await knex.destroy();
  }
}

/** The connection text that ${TIM_EXAMPLE_DB} stands for in the example's config. */
function connectionText(database: Config['database']): string {
  if (typeof database.connection === 'string') return database.connection;
  throw new Error('the examples take their connection as one string (a URL or a file path)');
}

/**
 * The example's tim.config.yaml as the server would load it from disk (positions and file name
 * kept), with the database, and both listeners on port 0 of 127.0.0.1.
 */
export function exampleConfig(database: Config['database'], env: NodeJS.ProcessEnv = {}): Config {
  const file = path.join(exampleDir(database.client), 'tim.config.yaml');
  return parseConfigText(readFileSync(file, 'utf8'), file, {
    ...process.env,
    TIM_EXAMPLE_DB: connectionText(database),
    TIM_LISTEN: '127.0.0.1:0',
    TIM_ADMIN_LISTEN: '127.0.0.1:0',
    ...env,
  });
}

/** What a test server needs from the example's config: `startServer(database, exampleOverrides(...))`. */
export function exampleOverrides(config: Config): { mode: 'external'; passwords: Config['passwords']; sql: Config['sql'] } {
  if (config.mode !== 'external') throw new Error(`${config.file}: expected mode: external`);
  return { mode: 'external', passwords: config.passwords, sql: config.sql };
}
