import type { Knex } from 'knex';
import type { DbClient } from '../../config/types.js';
/** Which supported database a knex instance (or transaction) talks to; throws for any other. */
export declare function dialectOf(knex: Knex): DbClient;
/**
 * A builtin table, column, index or constraint name as created on `client`. Everything is lower
 * case, except on Oracle, where knex quotes identifiers and unquoted names in templates fold to
 * upper case: creating them upper case there lets the same unquoted template text (`tim_user`,
 * `node`) name them on every database.
 */
export declare function builtinIdent(client: DbClient, name: string): string;
/** A row value read by its lower-case name, whether or not the driver returned it upper case (Oracle). */
export declare function field(row: Record<string, unknown>, name: string): unknown;
