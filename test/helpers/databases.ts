// Database targets for suites that run against every database (docs/architecture.md, principle 10).
// Each provisionDatabase() call creates a FRESH, isolated database, so suites and files run in
// parallel without seeing each other's rows:
//   sqlite    a file in a new temp directory (in a subdirectory that does not exist yet, so the
//             store's directory creation is exercised too)
//   mysql     CREATE DATABASE tim_t_<random> (utf8mb4, binary collation) on TIM_TEST_MYSQL_URL
//             (default mysql://root@127.0.0.1:3306/test); MariaDB or MySQL
//   postgres  CREATE DATABASE tim_t_<random> on TIM_TEST_PG_URL (default
//             postgres://postgres@127.0.0.1:5432/test); a whole database rather than a schema, so
//             templates can use the default search_path and public schema as deployers do
//   oracle    only when TIM_TEST_ORACLE_URL is set (oracle://system:pw@host:1521/FREEPDB1): a new
//             user TIM_T_<random> with its own schema; the URL's user needs CREATE USER and DROP USER
// An unreachable server skips the target with a one-line reason outside CI and fails when CI=true.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Config, DbClient } from '../../src/config/types.js';
import { checkConnection, createKnex } from '../../src/store/connect.js';

export type DatabaseConfig = Config['database'];

export interface ProvisionedDatabase {
  database: DatabaseConfig;
  /** drops the database (or removes the file); safe to call twice */
  cleanup(): Promise<void>;
}

const DEFAULT_URLS = {
  mysql: 'mysql://root@127.0.0.1:3306/test',
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
} as const;

const POOL = { min: 0, max: 4 };

function adminUrl(client: DbClient): string | undefined {
  switch (client) {
    case 'mysql':
      return process.env.TIM_TEST_MYSQL_URL || DEFAULT_URLS.mysql;
    case 'postgres':
      return process.env.TIM_TEST_PG_URL || DEFAULT_URLS.postgres;
    case 'oracle':
      return process.env.TIM_TEST_ORACLE_URL || undefined;
    case 'sqlite':
      return undefined;
  }
}

const ENV_NAME: Record<DbClient, string> = {
  sqlite: '',
  mysql: 'TIM_TEST_MYSQL_URL',
  postgres: 'TIM_TEST_PG_URL',
  oracle: 'TIM_TEST_ORACLE_URL',
};

/** The targets a suite runs against: SQLite, MariaDB/MySQL, PostgreSQL, and Oracle when configured. */
export function databaseTargets(): DbClient[] {
  const targets: DbClient[] = ['sqlite', 'mysql', 'postgres'];
  if (process.env.TIM_TEST_ORACLE_URL) targets.push('oracle');
  return targets;
}

const inCi = (): boolean => process.env.CI === 'true';

function uniqueName(): string {
  return `tim_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Connects to the admin URL, runs `fn`, always closes. Connection failures come back as a reason. */
async function withAdmin<T>(client: DbClient, url: string, fn: (k: Knex) => Promise<T>): Promise<{ value: T } | { reason: string }> {
  const db: DatabaseConfig = { client, connection: url, pool: { min: 0, max: 1 } };
  const knex = createKnex(db);
  try {
    try {
      await checkConnection(knex, db);
    } catch (e) {
      return { reason: `${(e as Error).message}${ENV_NAME[client] ? ` (set ${ENV_NAME[client]})` : ''}` };
    }
    return { value: await fn(knex) };
  } finally {
    await knex.destroy();
  }
}

/** Undefined when the target can be used, else why not. Throws instead under CI=true. */
export async function probeDatabase(client: DbClient): Promise<string | undefined> {
  if (client === 'sqlite') return undefined;
  const url = adminUrl(client);
  if (!url) return unavailable(`${client}: ${ENV_NAME[client]} is not set`);
  const r = await withAdmin(client, url, async () => undefined);
  return 'reason' in r ? unavailable(r.reason) : undefined;
}

function unavailable(reason: string): string {
  if (inCi()) throw new Error(`database required in CI: ${reason}`);
  return reason;
}

export async function provisionDatabase(client: DbClient): Promise<ProvisionedDatabase | { skip: string }> {
  if (client === 'sqlite') return provisionSqlite();
  const url = adminUrl(client);
  if (!url) return { skip: unavailable(`${client}: ${ENV_NAME[client]} is not set`) };
  const name = uniqueName();
  const created = await withAdmin(client, url, (k) => createDatabase(client, k, name));
  if ('reason' in created) return { skip: unavailable(created.reason) };
  let dropped = false;
  return {
    database: { client, connection: created.value, pool: POOL },
    async cleanup() {
      if (dropped) return;
      dropped = true;
      const r = await withAdmin(client, url, (k) => dropDatabase(client, k, name));
      if ('reason' in r) throw new Error(`could not drop ${name}: ${r.reason}`);
    },
  };
}

async function provisionSqlite(): Promise<ProvisionedDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-t-'));
  return {
    database: { client: 'sqlite', connection: path.join(dir, 'not-yet', 'tim.db'), pool: { min: 1, max: 1 } },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Creates the database and returns the connection for it (a URL, or an Oracle URL with the new user). */
async function createDatabase(client: DbClient, k: Knex, name: string): Promise<string> {
  const url = new URL(adminUrl(client)!);
  switch (client) {
    case 'mysql':
      await k.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      url.pathname = `/${name}`;
      return url.toString();
    case 'postgres':
      await k.raw(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
      url.pathname = `/${name}`;
      return url.toString();
    case 'oracle': {
      const user = name.toUpperCase();
      const password = `T${randomBytes(12).toString('hex')}`;
      await k.raw(`CREATE USER ${user} IDENTIFIED BY "${password}" QUOTA UNLIMITED ON USERS`);
      await k.raw(`GRANT CREATE SESSION, CREATE TABLE, CREATE SEQUENCE, CREATE VIEW, CREATE PROCEDURE TO ${user}`);
      url.username = user;
      url.password = password;
      return url.toString();
    }
    case 'sqlite':
      throw new Error('unreachable');
  }
}

async function dropDatabase(client: DbClient, k: Knex, name: string): Promise<void> {
  switch (client) {
    case 'mysql':
      await k.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      return;
    case 'postgres':
      // FORCE (PostgreSQL 13+) ends sessions a failed suite left open.
      await k.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => k.raw(`DROP DATABASE IF EXISTS "${name}"`));
      return;
    case 'oracle':
      await k.raw(`DROP USER ${name.toUpperCase()} CASCADE`);
      return;
    case 'sqlite':
      return;
  }
}

export interface DatabaseContext {
  readonly client: DbClient;
  /** the fresh database's config; available from the suite's own beforeAll hooks on */
  readonly database: DatabaseConfig;
}

const announced = new Set<string>();

/**
 * Registers `describe(`${name} [client]`)` once per target, after probing each server (use with
 * top-level await). The fresh database is created in a beforeAll registered before `fn`'s hooks and
 * dropped in an afterAll that runs after them. An unavailable target registers a skipped suite
 * whose title carries the reason, and prints the reason once per process.
 */
export async function describeEachDatabase(
  name: string,
  fn: (ctx: DatabaseContext) => void,
  options: { clients?: DbClient[] } = {},
): Promise<void> {
  const clients = options.clients ?? databaseTargets();
  const reasons = await Promise.all(clients.map((c) => probeDatabase(c)));
  clients.forEach((client, i) => {
    const reason = reasons[i];
    if (reason !== undefined) {
      if (!announced.has(client)) {
        announced.add(client);
        console.warn(`[tim tests] skipping ${client}: ${reason}`);
      }
      describe.skip(`${name} [${client}] skipped: ${reason}`, () => {
        it('needs the database', () => undefined);
      });
      return;
    }
    describe(`${name} [${client}]`, () => {
      let provisioned: ProvisionedDatabase | undefined;
      const ctx: DatabaseContext = {
        client,
        get database() {
          if (!provisioned) throw new Error('the database is provisioned in beforeAll; read ctx.database inside hooks and tests');
          return provisioned.database;
        },
      };
      beforeAll(async () => {
        const p = await provisionDatabase(client);
        if ('skip' in p) throw new Error(`${client} became unavailable: ${p.skip}`);
        provisioned = p;
      });
      afterAll(async () => {
        await provisioned?.cleanup();
      });
      fn(ctx);
    });
  });
}
