// The few facts about the connected database that the builtin schema needs: which of the four
// supported clients a knex instance talks to, and how builtin table and column names are spelled there.
/** knex's `client.dialect` for each supported client (mysql2/mariadb share 'mysql', pg-likes 'postgresql'). */
const BY_KNEX_DIALECT = {
    sqlite3: 'sqlite',
    'better-sqlite3': 'sqlite',
    mysql: 'mysql',
    mysql2: 'mysql',
    postgresql: 'postgres',
    pg: 'postgres',
    oracle: 'oracle',
    oracledb: 'oracle',
};
/** Which supported database a knex instance (or transaction) talks to; throws for any other. */
export function dialectOf(knex) {
    const client = knex.client;
    const found = BY_KNEX_DIALECT[client.dialect ?? ''] ?? BY_KNEX_DIALECT[client.driverName ?? ''];
    if (!found) {
        throw new Error(`unsupported knex dialect '${client.dialect ?? client.driverName ?? '?'}' for the builtin schema`);
    }
    return found;
}
/**
 * A builtin table, column, index or constraint name as created on `client`. Everything is lower
 * case, except on Oracle, where knex quotes identifiers and unquoted names in templates fold to
 * upper case: creating them upper case there lets the same unquoted template text (`tim_user`,
 * `node`) name them on every database.
 */
export function builtinIdent(client, name) {
    return client === 'oracle' ? name.toUpperCase() : name;
}
/** A row value read by its lower-case name, whether or not the driver returned it upper case (Oracle). */
export function field(row, name) {
    return name in row ? row[name] : row[name.toUpperCase()];
}
//# sourceMappingURL=knex-dialect.js.map