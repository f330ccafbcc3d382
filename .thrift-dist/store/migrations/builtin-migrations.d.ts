import { type Knex } from 'knex';
import type { DbClient } from '../../config/types.js';
import { type BuiltinTable } from './builtin-tables.js';
export interface BuiltinMigration {
    readonly version: number;
    readonly name: string;
    up(knex: Knex): Promise<void>;
    render(knex: Knex): string[];
}
/** The CREATE TABLE (plus index) statements of one builtin table, for the dialect of `knex`. */
export declare function createTableBuilder(knex: Knex, table: BuiltinTable): Knex.SchemaBuilder;
export declare const builtinMigrations: readonly BuiltinMigration[];
/** The ledger row recording `m`; applied_at NULL marks a claim still being applied. */
export declare function versionRow(client: DbClient, m: BuiltinMigration, now: number, applied: boolean): Record<string, unknown>;
/**
 * The DDL of the whole builtin schema for `client`, as `tim migrate --print` shows it: the version
 * table, every migration's statements as they would run on an empty database, and the rows that
 * record them as applied (so a server started on the result runs nothing). Needs no connection and
 * no database server: knex without `connection` loads no driver and opens no pool.
 */
export declare function builtinSchemaSql(client: DbClient, migrations?: readonly BuiltinMigration[]): string;
