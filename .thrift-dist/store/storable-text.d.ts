import type { Knex } from 'knex';
/** Why `text` cannot be stored exactly (`a NUL character (U+0000) at index 3`), or undefined. */
export declare function textProblem(text: string): string | undefined;
/**
 * Throws StoreError('input') naming `what` when `value` is a string the database cannot store
 * exactly (textProblem); anything else (numbers, null, Buffers) passes.
 */
export declare function requireStorable(value: unknown, what: string): void;
/**
 * Makes every statement run through `knex` (and its transactions) check its bound values first:
 * one holding unstorable text rejects with StoreError('input') and is never sent. knex emits
 * 'query' synchronously just before handing the statement to the driver, on the transaction's
 * client too, and a listener that throws rejects that query's promise
 * (test/unit/store/storable-text.test.ts pins this on each database).
 */
export declare function guardKnex(knex: Knex): Knex;
