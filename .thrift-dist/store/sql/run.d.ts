import type { Knex } from 'knex';
import type { Dialect, Row } from '../dialects/dialect.js';
import { type ParamValues } from './bind.js';
import type { CompiledSql } from './compile.js';
/** What runTemplate needs: compiled SQL and the key it is reported under. */
export type RunnableTemplate = CompiledSql & {
    key: string;
};
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
export declare function runTemplate(db: Knex | Knex.Transaction, dialect: Dialect, template: RunnableTemplate, values: ParamValues): Promise<TemplateResult>;
/**
 * `e` as the StoreError the Store promises, for failures raised outside any statement (a
 * transaction's BEGIN, a pool acquire when the database is down, or knex statements outside the
 * templates): a StoreError as it is, a lost or refused connection as StoreError('connect') naming
 * `key` (its message starts with `label`), anything else (a bug) unchanged.
 */
export declare function connectionFailure(e: unknown, key: string, label?: string): unknown;
/**
 * Runs `sql` (knex.raw text) with positional `bindings` already converted for the driver; what
 * runTemplate does after binding. For callers that build the bindings themselves (the insert
 * batcher); failures reject with a StoreError naming `template.key`.
 */
export declare function runBound(db: Knex | Knex.Transaction, dialect: Dialect, template: RunnableTemplate, sql: string, bindings: unknown[]): Promise<TemplateResult>;
/** Whether a driver error means the database is unreachable rather than that the statement failed. */
export declare function isConnectionError(e: unknown): boolean;
