// Access to the builtin tables (src/store/migrations/builtin-tables.ts) for the business layer's
// repositories (src/business/*-repo.ts): names spelled for the connected database (upper case on
// Oracle), rows read by lower-case name, and every driver failure turned into a StoreError, which
// the core answers with 5103. This file, store.ts, errors.ts and the account and password modules
// are what business/ may import from the store (test/unit/architecture/import-graph.test.ts).

import type { Knex } from 'knex';
import type { DbClient } from '../config/types.js';
import { dialectFor } from './dialects/registry.js';
import { StoreError } from './errors.js';
import { builtinIdent, dialectOf, field } from './migrations/knex-dialect.js';

import { connectionFailure } from './sql/run.js';

export { connectionFailure };

/**
 * A failure of a builtin-table statement outside BuiltinDb.run (builtin-accounts.ts) as the
 * StoreError the core answers 5103: a lost or refused connection as 'connect', any other driver
 * error (a missing table, a constraint) as 'query'. A StoreError stays as it is, and a JavaScript
 * bug (TypeError, RangeError, ReferenceError) too, so that it is still logged as one (5101).
 */
export function builtinFailure(err: unknown, what: string): unknown {
  if (err instanceof StoreError || err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) return err;
  const connect = connectionFailure(err, 'tim_user', what);
  if (connect !== err) return connect;
  return new StoreError('query', `${what} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

export type Row = Record<string, unknown>;

export class BuiltinDb {
  readonly client: DbClient;

  constructor(readonly knex: Knex) {
    this.client = dialectOf(knex);
  }

  /** A table or column name as created on this database. */
  id(name: string): string {
    return builtinIdent(this.client, name);
  }

  /** `{column: value}` with the names spelled for this database. */
  row(values: Record<string, unknown>): Row {
    const out: Row = {};
    for (const [k, v] of Object.entries(values)) out[this.id(k)] = v;
    return out;
  }

  /** A query builder on `table` (inside `trx` when given). */
  table(name: string, trx?: Knex.Transaction): Knex.QueryBuilder {
    return (trx ?? this.knex)(this.id(name));
  }

  /** Driver options that read Oracle CLOBs (profiles) as text; none elsewhere. */
  get readOptions(): Record<string, unknown> {
    return dialectFor(this.client).queryOptions?.() ?? {};
  }

  /** Runs `fn`, reporting any driver error as StoreError('query') so the client gets 5103. */
  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('query', `builtin ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Runs `fn` in one transaction, with the same error mapping. */
  transaction<T>(what: string, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.run(what, () => this.knex.transaction(fn));
  }
}

/** A column of a row as text ('' for NULL). */
export function str(row: Row, name: string): string {
  const v = field(row, name);
  return v === null || v === undefined ? '' : String(v);
}

/** A column of a row as a number (BIGINT may arrive as a string). */
export function num(row: Row, name: string): number {
  return Number(field(row, name));
}

/** A nullable text column (CLOBs arrive as strings with the read options). */
export function text(row: Row, name: string): string | null {
  const v = field(row, name);
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
