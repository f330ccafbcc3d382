// Applies the builtin schema's pending migrations and records them in tim_schema_version.
//
// Guarantees:
//  - A migration that is recorded as applied is never run again; an up-to-date database sees only
//    reads (a no-op).
//  - Concurrent starts (several tim processes on one database) do not double-apply: the version is
//    the primary key of tim_schema_version, so exactly one process gets to insert its row. The
//    others fail on that key, re-read the table and carry on.
//  - SQLite and PostgreSQL: the version row and the migration's DDL commit together in one
//    transaction (a losing PostgreSQL process blocks on the key until the winner commits, then sees
//    the row). A failure leaves nothing behind.
//  - MySQL/MariaDB and Oracle commit every DDL statement implicitly, so no transaction can cover a
//    migration. There the version row is first inserted as a claim (applied_at NULL), then the
//    migration runs, then applied_at is set. A losing process waits while the claim is pending; a
//    failed migration deletes its claim, and migrations are idempotent, so the next start completes
//    what was cut short. A claim left behind by a crashed process is taken over after
//    `staleClaimMs` (which must exceed the longest migration).
//
// Errors: any database error other than losing the race rejects the returned promise; nothing is
// logged here (the caller reports it).

import type { Knex } from 'knex';
import type { DbClient } from '../../config/types.js';
import { builtinMigrations, createTableBuilder, versionRow, type BuiltinMigration } from './builtin-migrations.js';
import { VERSION_TABLE } from './builtin-tables.js';
import { builtinIdent, dialectOf, field } from './knex-dialect.js';

export { builtinSchemaSql } from './builtin-migrations.js';

const SCHEMA_VERSION_TABLE = VERSION_TABLE.name;

export interface MigrateOptions {
  /** the migrations to apply, ascending by version; default: builtinMigrations */
  migrations?: readonly BuiltinMigration[];
  /** MySQL/Oracle: how long another process's pending claim is waited for before it is taken over (default 5 min) */
  staleClaimMs?: number;
  /** MySQL/Oracle: how often a pending claim is re-read while waiting (default 200 ms) */
  pollMs?: number;
  /** called once per migration, in order: `applied` true when this call ran it, false when it
   *  was already recorded (or another process ran it meanwhile) */
  onStep?: (step: { version: number; name: string; applied: boolean }) => void;
}

type VersionState = { kind: 'absent' } | { kind: 'applied' } | { kind: 'claimed'; claimedAt: number };

const CONTENTION_RETRIES = 5;

export async function migrateBuiltin(knex: Knex, options: MigrateOptions = {}): Promise<{ applied: number[] }> {
  const migrations = options.migrations ?? builtinMigrations;
  assertOrdered(migrations);
  const client = dialectOf(knex);
  await ensureVersionTable(knex, client);
  const applied: number[] = [];
  for (const m of migrations) {
    if ((await readVersion(knex, client, m.version)).kind === 'applied') {
      options.onStep?.({ version: m.version, name: m.name, applied: false });
      continue;
    }
    const ranHere =
      client === 'sqlite' || client === 'postgres'
        ? await applyInTransaction(knex, client, m)
        : await applyWithClaim(knex, client, m, options);
    if (ranHere) applied.push(m.version);
    options.onStep?.({ version: m.version, name: m.name, applied: ranHere });
  }
  return { applied };
}

function assertOrdered(migrations: readonly BuiltinMigration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) {
      throw new Error(`builtin migrations out of order at version ${migrations[i].version}`);
    }
  }
}

async function ensureVersionTable(knex: Knex, client: DbClient): Promise<void> {
  const name = builtinIdent(client, SCHEMA_VERSION_TABLE);
  if (await knex.schema.hasTable(name)) return;
  try {
    await createTableBuilder(knex, VERSION_TABLE);
  } catch (err) {
    // A concurrent start may have created it between the check and the create.
    if (!(await knex.schema.hasTable(name))) throw err;
  }
}

async function readVersion(knex: Knex | Knex.Transaction, client: DbClient, version: number): Promise<VersionState> {
  const id = (c: string) => builtinIdent(client, c);
  const rows: Record<string, unknown>[] = await knex(id(SCHEMA_VERSION_TABLE))
    .select(id('claimed_at'), id('applied_at'))
    .where(id('version'), version);
  const row = rows[0];
  if (!row) return { kind: 'absent' };
  if (field(row, 'applied_at') !== null && field(row, 'applied_at') !== undefined) return { kind: 'applied' };
  return { kind: 'claimed', claimedAt: Number(field(row, 'claimed_at')) };
}

/** SQLite / PostgreSQL. Resolves true when this call applied the migration, false when another process did. */
async function applyInTransaction(knex: Knex, client: DbClient, m: BuiltinMigration): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.transaction(async (trx) => {
        // The version row first: a concurrent process stops on this key before it touches any DDL.
        await trx(builtinIdent(client, SCHEMA_VERSION_TABLE)).insert(versionRow(client, m, Date.now(), true));
        await m.up(trx);
      });
      return true;
    } catch (err) {
      if ((await readVersion(knex, client, m.version)).kind === 'applied') return false;
      if (attempt < CONTENTION_RETRIES && isContention(err)) {
        await sleep(100 * attempt);
        continue;
      }
      throw err;
    }
  }
}

/** MySQL/MariaDB / Oracle: claim, apply, mark applied. Resolves true when this call ran the migration. */
async function applyWithClaim(knex: Knex, client: DbClient, m: BuiltinMigration, options: MigrateOptions): Promise<boolean> {
  const id = (c: string) => builtinIdent(client, c);
  const table = id(SCHEMA_VERSION_TABLE);
  for (let attempt = 1; ; attempt++) {
    const claimedAt = Date.now();
    try {
      await knex(table).insert(versionRow(client, m, claimedAt, false));
    } catch (err) {
      const state = await readVersion(knex, client, m.version);
      if (state.kind === 'applied') return false;
      if (state.kind === 'absent') {
        // The insert failed for a reason other than a competing claim.
        if (attempt < CONTENTION_RETRIES && isContention(err)) {
          await sleep(100 * attempt);
          continue;
        }
        throw err;
      }
      if ((await waitForClaim(knex, client, m.version, state.claimedAt, options)) === 'applied') return false;
      continue; // the claim was released or taken over: compete again
    }
    try {
      await m.up(knex);
    } catch (err) {
      await releaseClaim(knex, client, m, claimedAt, err);
      throw err;
    }
    // Guarded by claimed_at: if a waiter took this claim over as stale, its own run records it.
    await knex(table)
      .where({ [id('version')]: m.version, [id('claimed_at')]: claimedAt })
      .update({ [id('applied_at')]: Date.now() });
    return true;
  }
}

/** Deletes our pending claim after a failed migration so that the next start retries it. */
async function releaseClaim(knex: Knex, client: DbClient, m: BuiltinMigration, claimedAt: number, cause: unknown): Promise<void> {
  const id = (c: string) => builtinIdent(client, c);
  try {
    await knex(id(SCHEMA_VERSION_TABLE))
      .where({ [id('version')]: m.version, [id('claimed_at')]: claimedAt })
      .whereNull(id('applied_at'))
      .del();
  } catch (releaseErr) {
    throw new Error(
      `migration ${m.version} '${m.name}' failed (${describe(cause)}) and its claim in ${SCHEMA_VERSION_TABLE} ` +
        `could not be released (${describe(releaseErr)}); delete that row before the next start`,
      { cause },
    );
  }
}

/**
 * Waits for another process's pending claim. 'applied' when it finished; 'released' when its row
 * disappeared (it failed) or when it stayed pending for staleClaimMs and was deleted here as abandoned.
 * Staleness is measured on this process's clock from when the claim was first seen, so clock skew
 * between hosts does not matter.
 */
async function waitForClaim(
  knex: Knex,
  client: DbClient,
  version: number,
  claimedAt: number,
  options: MigrateOptions,
): Promise<'applied' | 'released'> {
  const id = (c: string) => builtinIdent(client, c);
  const staleMs = options.staleClaimMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 200;
  let seen = claimedAt;
  let since = Date.now();
  for (;;) {
    await sleep(pollMs);
    const state = await readVersion(knex, client, version);
    if (state.kind === 'applied') return 'applied';
    if (state.kind === 'absent') return 'released';
    if (state.claimedAt !== seen) {
      seen = state.claimedAt; // re-claimed by someone else: a fresh claim, a fresh wait
      since = Date.now();
    } else if (Date.now() - since >= staleMs) {
      await knex(id(SCHEMA_VERSION_TABLE))
        .where({ [id('version')]: version, [id('claimed_at')]: seen })
        .whereNull(id('applied_at'))
        .del();
      return 'released';
    }
  }
}

/** Lock waits, deadlocks and busy files: worth retrying; anything else is a real failure. */
function isContention(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; errorNum?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  if (code === '40001' || code === '40P01' || code === '55P03') return true; // PostgreSQL
  if (code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT') return true; // MySQL
  return e?.errorNum === 54 || e?.errorNum === 60; // Oracle: resource busy, deadlock
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
