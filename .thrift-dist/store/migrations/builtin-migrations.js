// The builtin schema as an ordered list of migrations. Append new versions; never edit an applied one.
//
// Contract for every migration:
//  - `up` must be idempotent (create only what is missing, alter only what is not yet altered).
//    On SQLite and PostgreSQL it runs inside a transaction with the version record, so a failure
//    leaves nothing behind; on MySQL/MariaDB and Oracle each DDL statement commits on its own, so a
//    run that was cut short is finished by running `up` again.
//  - `render` returns the statements `up` would run on a database without the builtin tables,
//    built with the same knex schema builder calls but not executed (`tim migrate --print`).
import knexFactory from 'knex';
import { ColumnKit, INIT_TABLES, VERSION_TABLE } from './builtin-tables.js';
import { dialectFor } from '../dialects/registry.js';
import { builtinIdent, dialectOf } from './knex-dialect.js';
/** The CREATE TABLE (plus index) statements of one builtin table, for the dialect of `knex`. */
export function createTableBuilder(knex, table) {
    const kit = new ColumnKit(dialectOf(knex));
    return knex.schema.createTable(kit.id(table.name), (t) => {
        table.define(t, kit);
        kit.tableOptions(t);
    });
}
/** A migration that creates tables, skipping those that already exist. */
function createTables(version, name, tables) {
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
/**
 * A migration that adds one index to an existing table, unless an index of that name is there.
 * (Not every database has CREATE INDEX IF NOT EXISTS: MySQL and Oracle do not.)
 */
function addIndex(version, name, table, columns, index) {
    const build = (knex) => {
        const kit = new ColumnKit(dialectOf(knex));
        return knex.schema.alterTable(kit.id(table), (t) => kit.index(t, columns, index));
    };
    return {
        version,
        name,
        async up(knex) {
            if (!(await indexExists(knex, table, index)))
                await build(knex);
        },
        render(knex) {
            return build(knex).toSQL().map((q) => q.sql);
        },
    };
}
/** Whether `index` exists on builtin `table`, asked the way each database can answer it. */
async function indexExists(knex, table, index) {
    const client = dialectOf(knex);
    const t = builtinIdent(client, table);
    const i = builtinIdent(client, index);
    const rows = await (client === 'sqlite'
        ? knex.raw("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [i])
        : client === 'postgres'
            ? knex.raw('SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? AND indexname = ?', [t, i])
            : client === 'mysql'
                ? knex.raw('SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?', [t, i])
                : knex.raw('SELECT 1 FROM user_indexes WHERE table_name = ? AND index_name = ?', [t, i]));
    // Drivers answer raw() differently: rows (sqlite, oracle), [rows, fields] (mysql2), { rows } (pg).
    const list = Array.isArray(rows) ? (client === 'mysql' ? rows[0] : rows) : (rows.rows ?? []);
    return list.length > 0;
}
export const builtinMigrations = [
    createTables(1, 'init', INIT_TABLES),
    // Durable delivery: revoke and burn delete a message's offline rows by mid (offlinemsg.purge).
    addIndex(2, 'offline_mid', 'tim_offline', ['mid'], 'tim_offline_mid'),
];
/** The ledger row recording `m`; applied_at NULL marks a claim still being applied. */
export function versionRow(client, m, now, applied) {
    const id = (c) => builtinIdent(client, c);
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
export function builtinSchemaSql(client, migrations = builtinMigrations) {
    const knex = knexFactory({ client: dialectFor(client).knexClient, useNullAsDefault: true });
    const now = Date.now();
    const statements = [
        ...createTableBuilder(knex, VERSION_TABLE).toSQL().map((q) => q.sql),
        ...migrations.flatMap((m) => m.render(knex)),
        ...migrations.map((m) => knex(builtinIdent(client, VERSION_TABLE.name)).insert(versionRow(client, m, now, true)).toString()),
    ];
    const last = migrations[migrations.length - 1];
    const header = `-- tim builtin schema for ${client}, migrations 1..${last ? last.version : 0}.\n` +
        `-- Printed by \`tim migrate --print\`; tim applies the same statements itself on start.\n`;
    return `${header}\n${statements.map((s) => `${s};`).join('\n\n')}\n`;
}
//# sourceMappingURL=builtin-migrations.js.map