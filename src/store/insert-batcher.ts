// Batches concurrent saves of persisted messages: each save is one message.save row plus the
// offlinemsg.save rows of its pending deliveries (durable delivery, docs/reliability.md). The rows of
// all saves made together go as multi-row INSERTs (multi-row-insert.ts) in one transaction: one
// commit (a flush to disk on SQLite and PostgreSQL) for many messages and their pending rows,
// instead of one per row.
//
// Contract (the Store's for saveMessage):
//  - `save` resolves only once the transaction holding its rows has committed, so "echo only after
//    the row and its pending deliveries are stored" holds for every message.
//  - A save's message row and its pending rows are stored together or not at all: one batch is one
//    statement or one transaction. When a batch fails, each save runs again on its own (its rows in
//    one transaction), so one bad row (say a duplicate key) fails only its own save, with its own
//    error. (If a connection drops after the commit but before the answer, the retries fail on their
//    duplicate keys: those saves reject although the rows are stored — the uncertainty any write has.)
//  - Pending rows are inserted in the order of the saves, so a recipient's offline rows (drained in
//    row id order) replay one sender's messages in send order.
//  - At most `maxInFlight` batches run at once (1 on SQLite, which has one connection and one
//    writer; a few on client/server databases, whose concurrent commits share a WAL flush). A save
//    made when a slot is free waits for the current turn of the event loop to end (setImmediate),
//    so the saves of frames read from different sockets in the same turn share a transaction; saves
//    made while every slot is busy go together as soon as one frees. A batch takes at most
//    maxRows x MAX_STATEMENTS message rows. The queue itself is bounded by its callers (each
//    session's frames in flight are bounded by limits.sendQueueMax).
//  - Only a message.save of the multi-row form is batched (`forTemplate` returns undefined
//    otherwise, and the Store saves row by row in a transaction); an offlinemsg.save that is not of
//    that form runs row by row inside the batch's transaction.
//  - On SQLite, when both templates are plain (no literal SQL slot), a batch runs on knex's
//    connection directly (runOnSqliteConnection), so knex's `query` events do not see it; `counts`
//    and the statement observer do.

import type { Knex } from 'knex';
import type { Dialect } from './dialects/dialect.js';
import { MultiRowInsert, type BoundStatement } from './multi-row-insert.js';
import type { ParamValues } from './sql/bind.js';
import type { SaveDone } from './store.js';
import { runBound, runTemplate, type RunnableTemplate } from './sql/run.js';

/** Multi-row message statements in one batch: message rows per commit = maxRows x this. */
const MAX_STATEMENTS = 8;
/** Statements at once: SQLite has a single connection; elsewhere leave most of the pool to reads. */
const IN_FLIGHT: Record<string, number> = { sqlite: 1, mysql: 2, postgres: 2 };

interface Pending {
  values: ParamValues;
  /** offlinemsg.save rows stored with it */
  extra: readonly ParamValues[];
  done: SaveDone;
  /** what `done.reject` gets instead of the raw failure */
  mapFailure: ((err: unknown) => unknown) | undefined;
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
  readonly maxInFlight: number;
  /** SQLite with plain templates: batches skip knex (runOnSqliteConnection) */
  private readonly direct: boolean;
  /** What the batcher has run so far (multi-row statements, transactions, message rows and pending
   *  rows stored through them), for tests and diagnostics; saves run alone are not counted. */
  readonly counts = { statements: 0, transactions: 0, rows: 0, pendingRows: 0, directDeletes: 0 };

  private constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    private readonly messages: MultiRowInsert,
    /** offlinemsg.save, when configured: its multi-row form, or the template run row by row */
    private readonly offline: { multi?: MultiRowInsert; single: RunnableTemplate } | undefined,
    private readonly observe?: StatementObserver,
  ) {
    this.maxInFlight = IN_FLIGHT[dialect.client] ?? 1;
    this.direct = dialect.client === 'sqlite' && messages.plain && (offline === undefined || offline.multi?.plain === true);
  }

  /** A batcher for `template` (message.save) with `offlineTemplate` (offlinemsg.save) for pending
   *  rows, or undefined when message.save cannot be batched safely (see multi-row-insert.ts). */
  static forTemplate(
    knex: Knex,
    dialect: Dialect,
    template: RunnableTemplate | undefined,
    observe?: StatementObserver,
    offlineTemplate?: RunnableTemplate,
  ): InsertBatcher | undefined {
    const messages = MultiRowInsert.forTemplate(dialect, template);
    if (messages === undefined) return undefined;
    const offline = offlineTemplate && { multi: MultiRowInsert.forTemplate(dialect, offlineTemplate), single: offlineTemplate };
    return new InsertBatcher(knex, dialect, messages, offline, observe);
  }

  /** whether batches (and runDirect) skip knex: SQLite with plain templates */
  get runsDirect(): boolean {
    return this.direct;
  }

  get maxRows(): number {
    return this.messages.maxRows;
  }

  /** Resolves once the message row and its `extra` offlinemsg.save rows are stored; rejects with the
   *  StoreError of its own statement. */
  save(values: ParamValues, extra: readonly ParamValues[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => this.enqueue(values, extra, { resolve, reject }));
  }

  /** `save` without a promise: `done` is called once the rows are stored (or failed), from the
   *  batch's completion, in the order of the batch's saves; a failure passes through `mapFailure`. */
  enqueue(values: ParamValues, extra: readonly ParamValues[], done: SaveDone, mapFailure?: (err: unknown) => unknown): void {
    if (extra.length > 0 && this.offline === undefined) {
      done.reject(new Error('offlinemsg.save is not configured'));
      return;
    }
    this.queue.push({ values, extra, done, mapFailure });
    this.schedule();
  }

  private schedule(): void {
    if (this.running >= this.maxInFlight || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Starts batches while slots are free and saves wait. */
  private flush(): void {
    while (this.running < this.maxInFlight && this.queue.length > 0) {
      this.running++;
      void this.runBatch(this.queue.splice(0, this.messages.maxRows * MAX_STATEMENTS)).finally(() => {
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
        return;
      }
      // The pending rows in save order, each with its own message row (`owners`), bound before
      // them: text they share with it is scanned for unstorable characters once (multi-row-insert.ts).
      const extra: ParamValues[] = [];
      const owners: ParamValues[] = [];
      for (const p of batch) {
        for (const row of p.extra) {
          extra.push(row);
          owners.push(p.values);
        }
      }
      try {
        if (this.direct) {
          await this.observed(() => this.runOnSqliteConnection(batch, extra, owners));
        } else {
          const values = batch.map((p) => p.values);
          if (values.length <= this.messages.maxRows && extra.length === 0) {
            await this.runStatements(this.knex, this.messages.statements(this.knex, values));
          } else {
            await this.knex.transaction(async (trx) => {
              await this.runStatements(trx, this.messages.statements(trx, values));
              this.counts.statements += await this.insertPending(trx, extra, owners);
            });
            this.counts.transactions++;
          }
        }
        this.counts.rows += batch.length;
        this.counts.pendingRows += extra.length;
      } catch {
        // Nothing was stored (one statement, or one transaction); each save again on its own,
        // for its own outcome.
        await Promise.all(batch.map((p) => this.runOne(p)));
        return;
      }
    } catch (err) {
      // runOne settles its own save; nothing else can throw, but never leave a caller hanging.
      for (const p of batch) fail(p, err);
      return;
    }
    // The batch is stored. Outside every try: a callback that throws (SaveDone must not) can
    // neither fail the saves of a committed batch nor keep the next callers from their echo.
    for (const p of batch) stored(p);
  }

  /** One save alone: its message row, and its pending rows with it in one transaction. */
  private async runOne(p: Pending): Promise<void> {
    try {
      if (p.extra.length === 0) {
        await this.observed(() => runTemplate(this.knex, this.dialect, this.messages.single, p.values));
      } else if (this.direct && (await this.directAlone(p))) {
        // stored
      } else {
        await this.knex.transaction(async (trx) => {
          await this.observed(() => runTemplate(trx, this.dialect, this.messages.single, p.values));
          await this.insertPending(trx, p.extra, undefined);
        });
      }
    } catch (err) {
      fail(p, err);
      return;
    }
    stored(p);
  }

  /** SQLite: one save on the raw connection; false when it failed (rolled back), so the caller runs
   *  it again through knex for the StoreError the Store promises. */
  private async directAlone(p: Pending): Promise<boolean> {
    try {
      await this.observed(() => this.runOnSqliteConnection([p], p.extra, p.extra.map(() => p.values)));
      return true;
    } catch {
      return false;
    }
  }

  /** The pending rows on `db`: multi-row statements when offlinemsg.save allows, else row by row.
   *  `owners`: each row's message row, bound before it (MultiRowInsert.statements).
   *  Returns the number of multi-row statements run. */
  private async insertPending(db: Knex.Transaction, rows: readonly ParamValues[], owners: readonly ParamValues[] | undefined): Promise<number> {
    const offline = this.offline;
    if (rows.length === 0 || offline === undefined) return 0;
    if (offline.multi === undefined) {
      for (const values of rows) await runTemplate(db, this.dialect, offline.single, values);
      return 0;
    }
    const statements = offline.multi.statements(db, rows, owners);
    for (const { sql, bindings } of statements) await runBound(db, this.dialect, offline.single, sql, bindings);
    return statements.length;
  }

  /** Runs message statements through knex, one after another, on `db`. */
  private async runStatements(db: Knex | Knex.Transaction, statements: BoundStatement[]): Promise<void> {
    for (const { sql, bindings } of statements) {
      await this.observed(() => runBound(db, this.dialect, this.messages.single, sql, bindings));
      this.counts.statements++;
    }
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
   * failure rolls the whole transaction back and rejects; the caller then runs each save alone
   * through knex, for its own StoreError.
   */
  private async runOnSqliteConnection(batch: Pending[], extra: readonly ParamValues[], owners: readonly ParamValues[] | undefined): Promise<void> {
    const statements = this.messages.statements(
      this.knex,
      batch.map((p) => p.values),
    );
    if (extra.length > 0) statements.push(...(this.offline?.multi?.statements(this.knex, extra, owners) ?? []));
    if (await this.onConnection(statements)) this.counts.transactions++;
    this.counts.statements += statements.length;
  }

  /**
   * Other writes of the persisted path (the pending rows' deletes, delivered-acks.ts) the same way
   * as the batches when this batcher runs direct (SQLite, plain templates): `statements`, bound
   * with `?` placeholders and no literal slot, in one transaction on knex's connection. Resolves
   * false, running nothing, when the batcher does not run direct (the caller goes through knex);
   * rejects with the driver's error, everything rolled back.
   */
  async runDirect(statements: readonly BoundStatement[]): Promise<boolean> {
    if (!this.direct) return false;
    await this.onConnection(statements);
    this.counts.directDeletes += statements.length;
    return true;
  }

  /** Runs `statements` on knex's one SQLite connection, in a transaction when more than one;
   *  true when it used one. */
  private async onConnection(statements: readonly BoundStatement[]): Promise<boolean> {
    const pool = this.knex.client as {
      acquireConnection(): Promise<SqliteConnection>;
      releaseConnection(conn: SqliteConnection): Promise<unknown>;
    };
    const conn = await pool.acquireConnection();
    try {
      const runAll = () => {
        for (const { sql, bindings } of statements) conn.prepare(sql).run(bindings);
      };
      if (statements.length > 1) {
        conn.transaction(runAll)();
        return true;
      }
      runAll();
      return false;
    } finally {
      await pool.releaseConnection(conn);
    }
  }
}

/** Tells `p`'s caller its row is stored; a callback that throws is reported as a process warning
 *  (the batcher has no logger) and does not stop the others. */
function stored(p: Pending): void {
  try {
    p.done.resolve();
  } catch (err) {
    process.emitWarning(err instanceof Error ? err : new Error(String(err)), { code: 'TIM_SAVE_CALLBACK_THREW', detail: 'a SaveDone.resolve threw; it must not' });
  }
}

function fail(p: Pending, err: unknown): void {
  p.done.reject(p.mapFailure === undefined ? err : p.mapFailure(err));
}
