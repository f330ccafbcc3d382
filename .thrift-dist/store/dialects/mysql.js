// MySQL and MariaDB through mysql2. knex.raw on mysql2 formats bindings into the text client-side
// (mysql2's formatter skips quoted text and comments), so `LIMIT ?` takes a number as is.
// Type options, always set: BIGINT and DECIMAL come back as strings (supportBigNumbers +
// bigNumberStrings), so a mid is read exactly and converted by the store; DATETIME stays text
// (dateStrings); JSON columns stay text (jsonStrings), so a stanza stored in JSON reads back as written.
import { describeObject, isRowArray, lowerKeys, redactUrl } from './dialect.js';
const TYPE_OPTIONS = { supportBigNumbers: true, bigNumberStrings: true, dateStrings: true, jsonStrings: true };
/** knex.raw on mysql2 resolves with [rows, fields] for a query and [ResultSetHeader, undefined] for DML. */
function parts(result) {
    return Array.isArray(result) ? { rows: result[0], fields: result[1] } : {};
}
export const mysqlDialect = {
    client: 'mysql',
    knexClient: 'mysql2',
    pingSql: 'SELECT 1',
    maxListItems: 1000,
    knexConfig(db) {
        // The URL's own query options (?charset=...) win over the defaults, the type options over both.
        const connection = typeof db.connection === 'string'
            ? { charset: 'utf8mb4', uri: db.connection, ...TYPE_OPTIONS }
            : { charset: 'utf8mb4', ...db.connection, ...TYPE_OPTIONS };
        return { client: 'mysql2', connection: connection, pool: { ...db.pool } };
    },
    rowsOf(result) {
        const { rows } = parts(result);
        return isRowArray(rows) ? rows.map(lowerKeys) : [];
    },
    columnsOf(result) {
        const { fields } = parts(result);
        return Array.isArray(fields) ? fields.map((f) => f.name) : undefined;
    },
    affectedRows(result) {
        const { rows } = parts(result);
        const n = rows?.affectedRows;
        return typeof n === 'number' ? n : undefined;
    },
    // mysql2 writes numbers and bigints as digits, Buffers as X'..', null as NULL, booleans as true/false.
    bindValue(value) {
        return value;
    },
    describe(db) {
        return typeof db.connection === 'string' ? redactUrl(db.connection) : describeObject('mysql', db.connection);
    },
};
//# sourceMappingURL=mysql.js.map