// Batches concurrent runs of a single-row INSERT template (message.save) into one multi-row
// INSERT: one statement, one round trip and one commit for many rows, instead of one of each per
// message. A persisted message costs one commit (a flush to disk on SQLite and PostgreSQL) when
// saved alone; shared by every save made while the previous statement ran, that cost is spread.
//
// Contract (the Store's for message.save is unchanged):
//  - `save` resolves only once the statement holding its row has completed, i.e. the row is
//    committed (autocommit), so "echo only after the row is stored" holds for every message.
//  - A multi-row INSERT is one statement, so it stores all of its rows or none. When it fails, each
//    of its rows is run again on its own, so one bad row (say a duplicate key) fails only its own
//    save, with its own error. (If a connection drops after the commit but before the answer, the
//    retries fail on their duplicate keys: those saves reject although the rows are stored — the
//    same uncertainty a lone INSERT has.)
//  - At most `maxInFlight` batches run at once (1 on SQLite, which has one connection and one
//    writer; a few on client/server databases, whose concurrent commits share a WAL flush). A save
//    made when a slot is free waits for the current turn of the event loop to end (setImmediate),
//    so the saves of frames read from different sockets in the same turn share a statement; saves
//    made while every slot is busy go together as soon as one frees. At most `maxRows` rows go in
//    one statement (bounded by the database's limit on bound parameters); a batch of more rows
//    runs as several statements inside one transaction, so it still costs one commit, and stores
//    all of its rows or none. The queue itself is bounded by its callers (each session's frames
//    in flight are bounded by limits.sendQueueMax).
//  - Only templates of the form `INSERT INTO ... VALUES (...)` with nothing after the row, no list
//    parameter and no quote or comment inside the row are batched; `forTemplate` returns undefined
//    for anything else (and for Oracle, which has no multi-row VALUES before 23c), and the caller
//    runs the template row by row as before.
//  - On SQLite a batch runs on knex's connection directly (runOnSqliteConnection), so knex's
//    `query` events do not see it; `counts` and the statement observer do.

import type { Knex } from 'knex';
import type { Dialect } from './dialects/dialect.js';
import type { ParamValues, ScalarValue } from './sql/bind.js';
import { runBound, runTemplate, type RunnableTemplate } from './sql/run.js';

/** Bound parameters per statement: SQLite before 3.32 allowed 999; the others allow 65535. */
const PARAM_BUDGET: Record<string, number> = { sqlite: 900, mysql: 30_000, postgres: 30_000 };
const MAX_ROWS = 256;
/** Statements in one batch's transaction: rows per commit = maxRows x this. */
const MAX_STATEMENTS = 8;
/** Multi-row statement shapes kept (one per batch size seen; the oldest is dropped beyond this). */
const MAX_SHAPES = 32;
/** Statements at once: SQLite has a single connection; elsewhere leave most of the pool to reads. */
const IN_FLIGHT: Record<string, number> = { sqlite: 1, mysql: 2, postgres: 2 };

interface Pending {
  values: ParamValues;
  resolve(): void;
  reject(err: unknown): void;
}

/** What runOnSqliteConnection uses of a better-sqlite3 Database. */
interface SqliteConnection {
  prepare(sql: string): { run(bindings: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/** Observes each statement run (one per batch): wall time in ms, success. Must not throw. */
export type StatementObserver = (ms: number, ok: boolean) => void;

export class InsertBatcher {
  private readonly queue: Pending[] = [];
  private running = 0;
  private scheduled = false;
  /** multi-row statement texts by row count */
  private readonly shapes = new Map<number, string>();
  readonly maxRows: number;
  readonly maxInFlight: number;
  /** SQLite with a template whose row has no literal slot: batches skip knex (runOnSqliteConnection) */
  private readonly direct: boolean;
  /** What the batcher has run so far (multi-row statements, transactions holding several of
   *  them, rows stored through them), for tests and diagnostics; rows run alone are not counted. */
  readonly counts = { statements: 0, transactions: 0, rows: 0 };

  private constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    private readonly single: RunnableTemplate,
    /** pieces[0] split where the row's '(' starts */
    private readonly head: string,
    private readonly rowStart: string,
    private readonly observe?: StatementObserver,
  ) {
    this.maxRows = Math.max(1, Math.min(MAX_ROWS, Math.floor((PARAM_BUDGET[dialect.client] ?? 0) / single.slots.length)));
    this.maxInFlight = IN_FLIGHT[dialect.client] ?? 1;
    this.direct = dialect.client === 'sqlite' && single.slots.every((slot) => 'param' in slot);
  }

  /** A batcher for `template`, or undefined when it cannot be batched safely (see the file comment). */
  static forTemplate(knex: Knex, dialect: Dialect, template: RunnableTemplate | undefined, observe?: StatementObserver): InsertBatcher | undefined {
    if (template === undefined || PARAM_BUDGET[dialect.client] === undefined) return undefined;
    if (template.lists.size > 0 || template.slots.length === 0) return undefined;
    const m = /^(\s*INSERT\s+INTO\s[\s\S]*?\bVALUES\s*)(\([\s\S]*)$/i.exec(template.pieces[0]);
    if (!m) return undefined;
    const row = [m[2], ...template.pieces.slice(1)].join('?');
    if (!isOneParenthesisedRow(row)) return undefined;
    const batcher = new InsertBatcher(knex, dialect, template, m[1], m[2], observe);
    return batcher.maxRows > 1 ? batcher : undefined;
  }

  /** Resolves once the row is stored; rejects with the StoreError of its own statement. */
  save(values: ParamValues): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ values, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running >= this.maxInFlight || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Starts statements while slots are free and rows wait. */
  private flush(): void {
    while (this.running < this.maxInFlight && this.queue.length > 0) {
      this.running++;
      void this.runBatch(this.queue.splice(0, this.maxRows * MAX_STATEMENTS)).finally(() => {
        this.running--;
        // Not at once: the callers just released continue with their sessions' next frames in
        // this same turn, and their saves should join the rows already waiting.
        this.schedule();
      });
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      if (batch.length === 1) {
        await this.runOne(batch[0]);
      } else {
        try {
          if (this.direct) {
            await this.observed(() => this.runOnSqliteConnection(batch));
          } else if (batch.length <= this.maxRows) {
            await this.runStatements(this.knex, batch);
          } else {
            await this.knex.transaction((trx) => this.runStatements(trx, batch));
            this.counts.transactions++;
          }
          this.counts.rows += batch.length;
          for (const p of batch) p.resolve();
        } catch {
          // Nothing was stored (one statement, or one transaction); each row again on its own,
          // for its own outcome.
          await Promise.all(batch.map((p) => this.runOne(p)));
        }
      }
    } catch (err) {
      // runOne settles its own save; nothing else can throw, but never leave a caller hanging.
      for (const p of batch) p.reject(err);
    }
  }

  private async runOne(p: Pending): Promise<void> {
    try {
      await this.run(this.knex, this.single, p.values);
      p.resolve();
    } catch (err) {
      p.reject(err);
    }
  }

  private async run(db: Knex | Knex.Transaction, template: RunnableTemplate, values: ParamValues): Promise<void> {
    await this.observed(() => runTemplate(db, this.dialect, template, values));
  }

  /** Runs the batch's statements through knex, one after another, on `db`. */
  private async runStatements(db: Knex | Knex.Transaction, batch: Pending[]): Promise<void> {
    for (const { sql, bindings } of this.statements(db, batch)) {
      await this.observed(() => runBound(db, this.dialect, this.single, sql, bindings));
      this.counts.statements++;
    }
  }

  /** The batch as multi-row statements of at most maxRows rows each: the cached text for that many
   *  rows, and the rows' bindings one after another. */
  private statements(db: Knex | Knex.Transaction, batch: Pending[]): { sql: string; bindings: unknown[] }[] {
    const out: { sql: string; bindings: unknown[] }[] = [];
    for (let i = 0; i < batch.length; i += this.maxRows) {
      const part = batch.slice(i, i + this.maxRows);
      const bindings: unknown[] = [];
      for (const p of part) this.bindRow(db, p.values, bindings);
      out.push({ sql: this.shapeSql(part.length), bindings });
    }
    return out;
  }

  private async observed(run: () => Promise<unknown>): Promise<void> {
    const start = performance.now();
    let ok = false;
    try {
      await run();
      ok = true;
    } finally {
      this.observe?.(performance.now() - start, ok);
    }
  }

  /**
   * SQLite only (see `direct`): the batch's statements run on knex's one connection, taken from
   * its pool for the time of a synchronous better-sqlite3 transaction, with the statements the
   * connection has prepared before (dialects/sqlite.ts memoizes `prepare`). Skips knex's query
   * builder, formatter and runner, about a fifth of a persisted message's database cost. Any
   * failure rolls the whole transaction back and rejects; the caller then runs each row alone
   * through knex, for its own StoreError.
   */
  private async runOnSqliteConnection(batch: Pending[]): Promise<void> {
    const pool = this.knex.client as {
      acquireConnection(): Promise<SqliteConnection>;
      releaseConnection(conn: SqliteConnection): Promise<unknown>;
    };
    const conn = await pool.acquireConnection();
    try {
      const insertAll = () => {
        for (const { sql, bindings } of this.statements(this.knex, batch)) {
          conn.prepare(sql).run(bindings);
          this.counts.statements++;
        }
      };
      if (batch.length > this.maxRows) {
        conn.transaction(insertAll)();
        this.counts.transactions++;
      } else {
        insertAll();
      }
    } finally {
      await pool.releaseConnection(conn);
    }
  }

  /** Appends one row's bindings in slot order, as bindSql would for the single-row template. */
  private bindRow(db: Knex | Knex.Transaction, values: ParamValues, out: unknown[]): void {
    for (const slot of this.single.slots) {
      if ('literal' in slot) {
        out.push(db.raw(slot.literal));
        continue;
      }
      const value = values[slot.param];
      if (value === undefined || Array.isArray(value)) throw new Error(`no single value for parameter :${slot.param}`);
      out.push(this.dialect.bindValue(value as ScalarValue));
    }
  }

  /** The knex.raw text for `n` rows: the row repeated, one '?' per slot. */
  private shapeSql(n: number): string {
    let sql = this.shapes.get(n);
    if (sql !== undefined) return sql;
    const { pieces } = this.single;
    const inner = pieces.slice(1, -1);
    const last = pieces[pieces.length - 1];
    const out: string[] = [this.head + this.rowStart];
    for (let r = 0; r < n; r++) out.push(...inner, r < n - 1 ? `${last}, ${this.rowStart}` : last);
    sql = out.join('?');
    if (this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value as number);
    this.shapes.set(n, sql);
    return sql;
  }
}

/** `( ... )` and nothing after it but blanks: the parentheses balance only at the very end, and the
 *  row holds no quote or comment (whose contents could hide a parenthesis). */
function isOneParenthesisedRow(text: string): boolean {
  const t = text.trimEnd();
  if (/['"`]|--|\/\*|#/.test(t)) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0 && i !== t.length - 1) return false;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}
