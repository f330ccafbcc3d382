import type { Knex } from 'knex';
import type { DbClient } from '../config/types.js';
export type Row = Record<string, unknown>;
export declare class BuiltinDb {
    readonly knex: Knex;
    readonly client: DbClient;
    constructor(knex: Knex);
    /** A table or column name as created on this database. */
    id(name: string): string;
    /** `{column: value}` with the names spelled for this database. */
    row(values: Record<string, unknown>): Row;
    /** A query builder on `table` (inside `trx` when given). */
    table(name: string, trx?: Knex.Transaction): Knex.QueryBuilder;
    /** Driver options that read Oracle CLOBs (profiles) as text; none elsewhere. */
    get readOptions(): Record<string, unknown>;
    /** Runs `fn`, reporting any driver error as StoreError('query') so the client gets 5103. */
    run<T>(what: string, fn: () => Promise<T>): Promise<T>;
    /** Runs `fn` in one transaction, with the same error mapping. */
    transaction<T>(what: string, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}
/** A column of a row as text ('' for NULL). */
export declare function str(row: Row, name: string): string;
/** A column of a row as a number (BIGINT may arrive as a string). */
export declare function num(row: Row, name: string): number;
/** A nullable text column (CLOBs arrive as strings with the read options). */
export declare function text(row: Row, name: string): string | null;
