import type { Knex } from 'knex';
import type { Dialect } from './dialects/dialect.js';
import { type BoundStatement } from './multi-row-insert.js';
import type { ParamValues } from './sql/bind.js';
import { type RunnableTemplate } from './sql/run.js';
/** Observes each statement run (one per batch): wall time in ms, success. Must not throw. */
export type StatementObserver = (ms: number, ok: boolean) => void;
export declare class InsertBatcher {
    private readonly knex;
    private readonly dialect;
    private readonly messages;
    /** offlinemsg.save, when configured: its multi-row form, or the template run row by row */
    private readonly offline;
    private readonly observe?;
    private readonly queue;
    private running;
    private scheduled;
    readonly maxInFlight: number;
    /** SQLite with plain templates: batches skip knex (runOnSqliteConnection) */
    private readonly direct;
    /** What the batcher has run so far (multi-row statements, transactions, message rows and pending
     *  rows stored through them), for tests and diagnostics; saves run alone are not counted. */
    readonly counts: {
        statements: number;
        transactions: number;
        rows: number;
        pendingRows: number;
        directDeletes: number;
    };
    private constructor();
    /** A batcher for `template` (message.save) with `offlineTemplate` (offlinemsg.save) for pending
     *  rows, or undefined when message.save cannot be batched safely (see multi-row-insert.ts). */
    static forTemplate(knex: Knex, dialect: Dialect, template: RunnableTemplate | undefined, observe?: StatementObserver, offlineTemplate?: RunnableTemplate): InsertBatcher | undefined;
    /** whether batches (and runDirect) skip knex: SQLite with plain templates */
    get runsDirect(): boolean;
    get maxRows(): number;
    /** Resolves once the message row and its `extra` offlinemsg.save rows are stored; rejects with the
     *  StoreError of its own statement. */
    save(values: ParamValues, extra?: readonly ParamValues[]): Promise<void>;
    private schedule;
    /** Starts batches while slots are free and saves wait. */
    private flush;
    private runBatch;
    /** One save alone: its message row, and its pending rows with it in one transaction. */
    private runOne;
    /** SQLite: one save on the raw connection; false when it failed (rolled back), so the caller runs
     *  it again through knex for the StoreError the Store promises. */
    private directAlone;
    /** The pending rows on `db`: multi-row statements when offlinemsg.save allows, else row by row.
     *  Returns the number of multi-row statements run. */
    private insertPending;
    /** Runs message statements through knex, one after another, on `db`. */
    private runStatements;
    private observed;
    /**
     * SQLite only (see `direct`): the batch's statements run on knex's one connection, taken from
     * its pool for the time of a synchronous better-sqlite3 transaction, with the statements the
     * connection has prepared before (dialects/sqlite.ts memoizes `prepare`). Skips knex's query
     * builder, formatter and runner, about a fifth of a persisted message's database cost. Any
     * failure rolls the whole transaction back and rejects; the caller then runs each save alone
     * through knex, for its own StoreError.
     */
    private runOnSqliteConnection;
    /**
     * Other writes of the persisted path (the pending rows' deletes, delivered-acks.ts) the same way
     * as the batches when this batcher runs direct (SQLite, plain templates): `statements`, bound
     * with `?` placeholders and no literal slot, in one transaction on knex's connection. Resolves
     * false, running nothing, when the batcher does not run direct (the caller goes through knex);
     * rejects with the driver's error, everything rolled back.
     */
    runDirect(statements: readonly BoundStatement[]): Promise<boolean>;
    /** Runs `statements` on knex's one SQLite connection, in a transaction when more than one;
     *  true when it used one. */
    private onConnection;
}
