// PostgreSQL through pg. Type parsing is set per connection (pg's `types` option), never on pg's
// global registry, so other pg users in the process are unaffected:
//   int8 (OID 20)          a number when it is a safe integer, else the exact decimal string
//   json, jsonb (114/3802) the text as the server sends it (a stanza in a json column reads back
//                          byte for byte; jsonb text is PostgreSQL's normalised form)
// Everything else keeps pg's defaults (bytea -> Buffer, numeric -> string).
// knex's PostgreSQL client turns `\?` into a literal '?' and every other '?' into $n.
import { createRequire } from 'node:module';
import { describeObject, isRowArray, lowerKeys, redactUrl } from './dialect.js';
const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const CONNECT_TIMEOUT_MS = 10_000;
let defaults;
/** pg's own parsers, loaded on first use so that other clients never load pg. */
function defaultParser(oid, format) {
    defaults ??= createRequire(import.meta.url)('pg').types.getTypeParser;
    return defaults(oid, format);
}
export function parseInt8(text) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
}
const keepText = (text) => text;
export const pgTypes = {
    getTypeParser(oid, format) {
        if (format !== 'binary') {
            if (oid === INT8)
                return parseInt8;
            if (oid === JSON_OID || oid === JSONB)
                return keepText;
        }
        return defaultParser(oid, format);
    },
};
export const postgresDialect = {
    client: 'postgres',
    knexClient: 'pg',
    pingSql: 'SELECT 1',
    maxListItems: 1000,
    knexConfig(db) {
        const connection = typeof db.connection === 'string'
            ? { connectionString: db.connection, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: pgTypes }
            : { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...db.connection, types: pgTypes };
        return { client: 'pg', connection: connection, pool: { ...db.pool } };
    },
    rowsOf(result) {
        const rows = result?.rows;
        return isRowArray(rows) ? rows.map(lowerKeys) : [];
    },
    columnsOf(result) {
        const fields = result?.fields;
        return Array.isArray(fields) && fields.length > 0 ? fields.map((f) => f.name) : undefined;
    },
    affectedRows(result) {
        const n = result?.rowCount;
        return typeof n === 'number' ? n : undefined;
    },
    // pg sends numbers and bigints as text (the server infers the type), Buffers as bytea, null as NULL.
    bindValue(value) {
        return value;
    },
    describe(db) {
        return typeof db.connection === 'string' ? redactUrl(db.connection) : describeObject('postgres', db.connection);
    },
};
//# sourceMappingURL=postgres.js.map