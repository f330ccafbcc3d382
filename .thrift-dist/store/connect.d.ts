import { type Knex } from 'knex';
import type { DatabaseConfig } from './dialects/dialect.js';
export interface ConnectLogger {
    warn(obj: object | string, msg?: string): void;
}
/**
 * Builds the pool (no connection is opened yet). Throws a StoreError of kind 'connect' for an
 * unknown client or when the SQLite file's directory cannot be created. Bound values never appear
 * in knex's error messages (compileSqlOnError: false), so a password cannot leak into a log.
 * Every statement's bound text is checked before it is sent (storable-text.ts guardKnex): a NUL
 * or a lone surrogate rejects with StoreError('input') on every database alike.
 */
export declare function createKnex(db: DatabaseConfig, options?: {
    logger?: ConnectLogger;
}): Knex;
/** Runs the dialect's ping; any failure becomes StoreError('connect') with a one-line message. */
export declare function checkConnection(knex: Knex, db: DatabaseConfig): Promise<void>;
/**
 * The driver's own reason on one line: knex's "<sql> - " prefix removed when `sql` is given, an
 * AggregateError (several addresses refused) joined, the error code used when there is no text.
 */
export declare function driverReason(e: unknown, sql?: string): string;
