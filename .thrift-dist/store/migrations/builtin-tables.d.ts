import type { Knex } from 'knex';
import type { DbClient } from '../../config/types.js';
/** One table: its lower-case name and how to build it. */
export interface BuiltinTable {
    readonly name: string;
    define(t: Knex.CreateTableBuilder, k: ColumnKit): void;
}
/** Portable column constructors: one call per column, with the per-database type choices made here. */
export declare class ColumnKit {
    readonly client: DbClient;
    constructor(client: DbClient);
    id(name: string): string;
    /** VARCHAR(len) in characters (Oracle's VARCHAR2 counts bytes unless told CHAR). */
    str(t: Knex.CreateTableBuilder, name: string, len: number): Knex.ColumnBuilder;
    /**
     * Unbounded text. MySQL's TEXT stops at 64 KiB, so stanzas and bodies (frames may reach
     * limits.maxFrameBytes) are LONGTEXT there; other databases ignore the size hint.
     */
    text(t: Knex.CreateTableBuilder, name: string, mysqlType: 'mediumtext' | 'longtext'): Knex.ColumnBuilder;
    /** Binary data: BLOB (SQLite, Oracle), BYTEA (PostgreSQL), LONGBLOB (MySQL: BLOB stops at 64 KiB). */
    blob(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
    bigint(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
    small(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
    int(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
    /**
     * A database-generated BIGINT primary key. Oracle gets a 12c identity column rather than knex's
     * sequence-and-trigger emulation (which probes the table on every insert).
     */
    autoId(t: Knex.CreateTableBuilder, name: string, constraint: string): void;
    primary(t: Knex.CreateTableBuilder, cols: string[], constraint: string): void;
    index(t: Knex.CreateTableBuilder, cols: string[], name: string): void;
    unique(t: Knex.CreateTableBuilder, cols: string[], name: string): void;
    /** Table options: utf8mb4 with exact (binary) comparison on MySQL; nothing elsewhere. */
    tableOptions(t: Knex.CreateTableBuilder): void;
}
/**
 * The migration ledger (not a migration itself): one row per applied version. The version is the
 * primary key, which is what lets concurrent starts race safely (see migrate.ts).
 */
export declare const VERSION_TABLE: BuiltinTable;
/** Schema version 1. Column comments give the meaning where the name does not. */
export declare const INIT_TABLES: readonly BuiltinTable[];
