import type { CompiledSql } from './compile.js';
/** A value for a scalar parameter. Drivers differ in how they take each kind; see dialects/. */
export type ScalarValue = string | number | bigint | boolean | Buffer | null;
/** A value for a list parameter (`IN (:ids)`). */
export type ListValue = readonly (string | number | bigint)[];
export type ParamValues = Readonly<Record<string, ScalarValue | ListValue>>;
export interface BoundSql {
    sql: string;
    bindings: unknown[];
}
/**
 * `literal(text)` must return what knex inlines verbatim after counting bindings (knex.raw(text)).
 * `convert` turns a value into what the driver binds. Throws for a missing value, a list given for
 * a scalar or a scalar for a list (programming errors, not database errors); throws
 * StoreError('input') naming the parameter for text no database stores exactly (a NUL or a lone
 * surrogate: storable-text.ts), so that such a value is refused alike on every database.
 */
export declare function bindSql(compiled: CompiledSql, values: ParamValues, literal: (text: string) => unknown, convert?: (value: ScalarValue | string | number | bigint) => unknown): BoundSql;
/**
 * Splits the values so that no list holds more than `max` items: one ParamValues per statement run.
 * Used for Oracle's 1000-item IN-list limit; running the statement once per chunk is only correct
 * for statements whose effect is a union over the items (DELETE ... IN, SELECT ... IN), which is
 * what list parameters are for. At most one list may need chunking.
 */
export declare function chunkLists(compiled: CompiledSql, values: ParamValues, max: number): ParamValues[];
/** True when a list parameter that the template uses is empty: the statement must not run. */
export declare function hasEmptyList(compiled: CompiledSql, values: ParamValues): boolean;
