// The builtin schema as an ordered list of migrations. Append new versions; never edit an applied one.
//
// Contract for every migration:
//  - `up` must be idempotent (create only what is missing, alter only what is not yet altered).
//    On SQLite and PostgreSQL it runs inside a transaction with the version record, so a failure
//    leaves nothing behind; on MySQL/MariaDB and Oracle each DDL statement commits on its own, so a
//    run that was cut short is finished by running `up` again.
//  - `render` returns the statements `up` would run on a database without the builtin tables,
//    built with the same knex schema builder calls but not executed (`tim migrate --print`).

import knexFactory, { type Knex } from 'knex';
import type { DbClient } from '../../config/types.js';
import { ColumnKit, INIT_TABLES, VERSION_TABLE, type BuiltinTable } from './builtin-tables.js';
import { dialectFor } from '../dialects/registry.js';
import { builtinIdent, dialectOf } from './knex-dialect.js';

export interface BuiltinMigration {
  readonly version: number;
  readonly name: string;
  up(knex: Knex): Promise<void>;
  render(knex: Knex): string[];
}

/** The CREATE TABLE (plus index) statements of one builtin table, for the dialect of `knex`. */
export function createTableBuilder(knex: Knex, table: BuiltinTable): Knex.SchemaBuilder {
  const kit = new ColumnKit(dialectOf(knex));
  return knex.schema.createTable(kit.id(table.name), (t) => {
    table.define(t, kit);
    kit.tableOptions(t);
  });
}

/** A migration that creates tables, skipping those that already exist. */
function createTables(version: number, name: string, tables: readonly BuiltinTable[]): BuiltinMigration {
  return {
    version,
    name,
    async up(knex) {
      const kit = new ColumnKit(dialectOf(knex));
      for (const table of tables) {
        if (!(await knex.schema.hasTable(kit.id(table.name)))) {
          await createTableBuilder(knex, table);
        }
      }
    },
    render(knex) {
      return tables.flatMap((table) => createTableBuilder(knex, table).toSQL().map((q) => q.sql));
    },
  };
}

export const builtinMigrations: readonly BuiltinMigration[] = [createTables(1, 'init', INIT_TABLES)];

/** The ledger row recording `m`; applied_at NULL marks a claim still being applied. */
export function versionRow(client: DbClient, m: BuiltinMigration, now: number, applied: boolean): Record<string, unknown> {
  const id = (c: string) => builtinIdent(client, c);
  return {
    [id('version')]: m.version,
    [id('name')]: m.name,
    [id('claimed_at')]: now,
    [id('applied_at')]: applied ? now : null,
  };
}

/**
 * The DDL of the whole builtin schema for `client`, as `tim migrate --print` shows it: the version
 * table, every migration's statements as they would run on an empty database, and the rows that
 * record them as applied (so a server started on the result runs nothing). Needs no connection and
 * no database server: knex without `connection` loads no driver and opens no pool.
 */
export function builtinSchemaSql(client: DbClient, migrations: readonly BuiltinMigration[] = builtinMigrations): string {
  const knex = knexFactory({ client: dialectFor(client).knexClient, useNullAsDefault: true });
  const now = Date.now();
  const statements = [
    ...createTableBuilder(knex, VERSION_TABLE).toSQL().map((q) => q.sql),
    ...migrations.flatMap((m) => m.render(knex)),
    ...migrations.map((m) =>
      knex(builtinIdent(client, VERSION_TABLE.name)).insert(versionRow(client, m, now, true)).toString(),
    ),
  ];
  const last = migrations[migrations.length - 1];
  const header =
    `-- tim builtin schema for ${client}, migrations 1..${last ? last.version : 0}.\n` +
    `-- Printed by \`tim migrate --print\`; tim applies the same statements itself on start.\n`;
  return `${header}\n${statements.map((s) => `${s};`).join('\n\n')}\n`;
}
