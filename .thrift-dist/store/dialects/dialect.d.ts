import type { Knex } from 'knex';
import type { Config, DbClient } from '../../config/types.js';
import type { ScalarValue } from '../sql/bind.js';
export type DatabaseConfig = Config['database'];
export type Row = Record<string, unknown>;
export interface Dialect {
    readonly client: DbClient;
    /** knex's client name for the driver */
    readonly knexClient: string;
    /** a statement that answers when the connection works */
    readonly pingSql: string;
    /** the most items one list parameter may carry in one statement (longer lists run in chunks) */
    readonly maxListItems: number;
    /** knex config: client, connection (with the driver's type options) and pool */
    knexConfig(db: DatabaseConfig): Knex.Config;
    /** side effects needed before the first connection (SQLite: create the file's directory) */
    prepare?(db: DatabaseConfig): void;
    /** driver options for each knex.raw call (passed with `.options()`), if any */
    queryOptions?(): Record<string, unknown>;
    /** knex.raw's resolved value -> rows with lower-cased keys (empty for statements without rows) */
    rowsOf(result: unknown): Row[];
    /** the result's column names in select-list order, when the driver reports them */
    columnsOf(result: unknown): string[] | undefined;
    /** rows changed by a DML statement, when the driver reports it */
    affectedRows(result: unknown): number | undefined;
    /** a parameter value -> what this driver binds (null, Buffer and booleans included) */
    bindValue(value: ScalarValue): unknown;
    /** the target for messages, without any password */
    describe(db: DatabaseConfig): string;
}
/** A row with lower-cased keys; the first spelling wins if two keys differ only in case. */
export declare function lowerKeys(row: Row): Row;
export declare function isRowArray(value: unknown): value is Row[];
/** `scheme://user@host:port/db` from a URL, without the password; the text itself if it does not parse. */
export declare function redactUrl(url: string): string;
/** The same for a driver connection object. */
export declare function describeObject(scheme: string, c: Record<string, unknown>): string;
