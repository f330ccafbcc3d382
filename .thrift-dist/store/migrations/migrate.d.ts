import type { Knex } from 'knex';
import { type BuiltinMigration } from './builtin-migrations.js';
export { builtinSchemaSql } from './builtin-migrations.js';
export interface MigrateOptions {
    /** the migrations to apply, ascending by version; default: builtinMigrations */
    migrations?: readonly BuiltinMigration[];
    /** MySQL/Oracle: how long another process's pending claim is waited for before it is taken over (default 5 min) */
    staleClaimMs?: number;
    /** MySQL/Oracle: how often a pending claim is re-read while waiting (default 200 ms) */
    pollMs?: number;
    /** called once per migration, in order: `applied` true when this call ran it, false when it
     *  was already recorded (or another process ran it meanwhile) */
    onStep?: (step: {
        version: number;
        name: string;
        applied: boolean;
    }) => void;
}
export declare function migrateBuiltin(knex: Knex, options?: MigrateOptions): Promise<{
    applied: number[];
}>;
