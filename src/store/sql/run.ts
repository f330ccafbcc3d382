// Runs one compiled template on a knex instance or transaction and normalises what comes back.
//
// Contract:
//  - A template with an empty list parameter does not run: the result is empty with ran=false
//    (`DELETE ... IN ()` is a syntax error on every database, and deleting nothing is the meaning).
//  - A list longer than the dialect's limit (Oracle: 1000) runs once per chunk, inside one
//    transaction (the caller's, if it passed one); rows are concatenated, affected counts summed.
//  - Any database failure rejects with a StoreError naming the key: kind 'connect' when the
//    connection is lost or cannot be opened, 'query' otherwise; the message carries the driver's
//    own one-line reason and never the bound values.
//  - A value no database stores exactly (a NUL or a lone surrogate in text, storable-text.ts)
//    rejects with StoreError('input') naming the key and the parameter; nothing is run.

import knexFactory, { type Knex } from 'knex';
import { driverReason } from '../connect.js';
import type { Dialect, Row } from '../dialects/dialect.js';
import { StoreError } from '../errors.js';
import { bindSql, chunkLists, hasEmptyList, type ParamValues } from './bind.js';
import type { CompiledSql } from './compile.js';

/** What runTemplate needs: compiled SQL and the key it is reported under. */
export type RunnableTemplate = CompiledSql & { key: string };

export interface TemplateResult {
  /** rows with lower-cased keys */
  rows: Row[];
  /** column names in select-list order, when the driver reports them */
  columns?: string[];
  /** rows changed, when the driver reports it (not on Oracle) */
  affected?: number;
  /** false when the statement was skipped because a list parameter was empty */
  ran: boolean;
}

export async function runTemplate(
  db: Knex | Knex.Transaction,
  dialect: Dialect,
  template: RunnableTemplate,
  values: ParamValues,
): Promise<TemplateResult> {
  if (hasEmptyList(template, values)) return { rows: [], affected: 0, ran: false };
  let chunks: ParamValues[];
  try {
    chunks = chunkLists(template, values, dialect.maxListItems);
  } catch (e) {
    throw new StoreError('query', `sql.${template.key}: ${(e as Error).message}`, { key: template.key, cause: e });
  }
  if (chunks.length === 1) return runOnce(db, dialect, template, chunks[0]);
  const runAll = async (trx: Knex.Transaction): Promise<TemplateResult> => {
    const out: TemplateResult = { rows: [], affected: 0, ran: true };
    for (const chunk of chunks) {
      const r = await runOnce(trx, dialect, template, chunk);
      out.rows.push(...r.rows);
      out.columns ??= r.columns;
      out.affected = r.affected === undefined || out.affected === undefined ? undefined : out.affected + r.affected;
    }
    return out;
  };
  if (db.isTransaction) return runAll(db as Knex.Transaction);
  return db.transaction(runAll).catch((e: unknown) => {
    throw connectionFailure(e, template.key);
  });
}

/**
 * `e` as the StoreError the Store promises, for failures raised outside any statement (a
 * transaction's BEGIN, a pool acquire when the database is down, or knex statements outside the
 * templates): a StoreError as it is, a lost or refused connection as StoreError('connect') naming
 * `key` (its message starts with `label`), anything else (a bug) unchanged.
 */
export function connectionFailure(e: unknown, key: string, label = `sql.${key}`): unknown {
  if (e instanceof StoreError || !isConnectionError(e)) return e;
  return new StoreError('connect', `${label}: ${driverReason(e)}`, { key, cause: e });
}

async function runOnce(db: Knex | Knex.Transaction, dialect: Dialect, template: RunnableTemplate, values: ParamValues): Promise<TemplateResult> {
  let bound: ReturnType<typeof bindSql>;
  try {
    bound = bindSql(
      template,
      values,
      (text) => db.raw(text),
      (v) => dialect.bindValue(v),
    );
  } catch (e) {
    throw e instanceof StoreError ? keyed(e, template) : e;
  }
  return runBound(db, dialect, template, bound.sql, bound.bindings);
}

/** `e` (refused before running: StoreError 'input') under the template's key. */
function keyed(e: StoreError, template: RunnableTemplate): StoreError {
  if (e.key !== undefined) return e;
  return new StoreError(e.kind, `sql.${template.key}: ${e.message}`, { key: template.key, cause: e.cause });
}

/**
 * Runs `sql` (knex.raw text) with positional `bindings` already converted for the driver; what
 * runTemplate does after binding. For callers that build the bindings themselves (the insert
 * batcher); failures reject with a StoreError naming `template.key`.
 */
export async function runBound(db: Knex | Knex.Transaction, dialect: Dialect, template: RunnableTemplate, sql: string, bindings: unknown[]): Promise<TemplateResult> {
  let query = db.raw(sql, bindings as Knex.RawBinding[]);
  const options = dialect.queryOptions?.();
  if (options) query = query.options(options);
  let raw: unknown;
  try {
    raw = await query;
  } catch (e) {
    // A StoreError was raised before the driver saw the statement (storable-text.ts guardKnex).
    throw e instanceof StoreError ? keyed(e, template) : queryError(db, template, sql, bindings, e);
  }
  return { rows: dialect.rowsOf(raw), columns: dialect.columnsOf(raw), affected: dialect.affectedRows(raw), ran: true };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);

const PG_CONNECTION_LOST = /Connection terminated|is not queryable$/;

/** Whether a driver error means the database is unreachable rather than that the statement failed. */
export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (CONNECTION_CODES.has(code)) return true;
  if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true; // SQLSTATE connection exceptions, server shutdown or crash
  if (/^NJS-5\d\d$/.test(code)) return true; // node-oracledb network errors
  // pg reports a socket closed under a query by message only (knex may prefix the statement).
  if (code === '' && PG_CONNECTION_LOST.test(e.message)) return true;
  return e instanceof knexFactory.KnexTimeoutError; // no connection free within acquireConnectionTimeout
}

function queryError(db: Knex | Knex.Transaction, template: RunnableTemplate, sql: string, bindings: unknown[], e: unknown): StoreError {
  // knex prefixes the message with the text it sent: literal slots inlined, then renumbered per client.
  let k = 0;
  const sent = sql.replace(/\\?\?/g, (q) => {
    if (q !== '?') return q;
    const b = bindings[k++] as { isRawInstance?: boolean; sql?: string } | undefined;
    return b?.isRawInstance && typeof b.sql === 'string' ? b.sql : q;
  });
  const client = db.client as { positionBindings?: (s: string) => string };
  const positioned = client.positionBindings ? client.positionBindings(sent) : sent;
  const kind = isConnectionError(e) ? 'connect' : 'query';
  return new StoreError(kind, `sql.${template.key}: ${driverReason(e, positioned)}`, { key: template.key, cause: e });
}
