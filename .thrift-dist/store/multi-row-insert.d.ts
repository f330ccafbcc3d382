import type { Knex } from 'knex';
import type { Dialect } from './dialects/dialect.js';
import type { ParamValues } from './sql/bind.js';
import type { RunnableTemplate } from './sql/run.js';
export interface BoundStatement {
    sql: string;
    bindings: unknown[];
}
export declare class MultiRowInsert {
    readonly single: RunnableTemplate;
    private readonly dialect;
    /** pieces[0] up to where the row's '(' starts */
    private readonly head;
    private readonly rowStart;
    /** rows per statement (bounded by the database's limit on bound parameters) */
    readonly maxRows: number;
    /** every slot is a parameter (no literal SQL piece): the bindings are plain values, so the
     *  statement can run on a raw better-sqlite3 connection */
    readonly plain: boolean;
    /** multi-row statement texts by row count */
    private readonly shapes;
    private constructor();
    /** The multi-row form of `template`, or undefined when it cannot be built safely (file comment). */
    static forTemplate(dialect: Dialect, template: RunnableTemplate | undefined): MultiRowInsert | undefined;
    /** `rows` as statements of at most maxRows rows each: the cached text for that many rows, and
     *  the rows' bindings one after another. */
    statements(db: Knex | Knex.Transaction, rows: readonly ParamValues[]): BoundStatement[];
    /** Appends one row's bindings in slot order, as bindSql would for the single-row template (with
     *  its StoreError('input') for unstorable text: the batcher then runs each save alone, and only
     *  the save holding it is refused). */
    private bindRow;
    /** The knex.raw text for `n` rows: the row repeated, one '?' per slot. */
    private shapeSql;
}
