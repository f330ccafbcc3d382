// Oracle through node-oracledb in thin mode (never initOracleClient). knex's oracledb client sets
// outFormat OBJECT (column names upper case, lowered here), commits statements run outside a
// transaction, and numbers every '?' as :n (so a template cannot hold a literal '?'; see compile.ts).
//
// Fetch types are chosen per statement with a fetchTypeHandler, not oracledb's global settings:
//   NUMBER      as a string, so ids beyond 2^53 stay exact; the store converts mids (<= 2^53-1) to
//               numbers and reads check results as strings ('0' denies)
//   CLOB/NCLOB  as a string;  BLOB as a Buffer
// knex.raw resolves with the rows only, so affected-row counts are not available on Oracle.
import { createRequire } from 'node:module';
import { StoreError } from '../errors.js';
import { describeObject, isRowArray, lowerKeys } from './dialect.js';
let oracledb;
function driver() {
    oracledb ??= createRequire(import.meta.url)('oracledb');
    return oracledb;
}
function fetchTypeHandler(metadata) {
    const d = driver();
    if (metadata.dbType === d.DB_TYPE_NUMBER)
        return { type: d.STRING };
    if (metadata.dbType === d.DB_TYPE_CLOB || metadata.dbType === d.DB_TYPE_NCLOB)
        return { type: d.STRING };
    if (metadata.dbType === d.DB_TYPE_BLOB)
        return { type: d.BUFFER };
    return undefined;
}
/** oracle://user:password@host:port/service -> oracledb's { user, password, connectString }. */
export function oracleConnection(connection) {
    if (typeof connection !== 'string')
        return { ...connection };
    let u;
    try {
        u = new URL(connection);
    }
    catch {
        throw new StoreError('connect', 'database.connection: expected oracle://user:password@host:port/service or a connection object');
    }
    return {
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        connectString: `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`,
    };
}
export const oracleDialect = {
    client: 'oracle',
    knexClient: 'oracledb',
    pingSql: 'SELECT 1 FROM DUAL',
    // ORA-01795: at most 1000 expressions in a list.
    maxListItems: 1000,
    knexConfig(db) {
        return { client: 'oracledb', connection: oracleConnection(db.connection), pool: { ...db.pool } };
    },
    queryOptions() {
        return { fetchTypeHandler };
    },
    rowsOf(result) {
        return isRowArray(result) ? result.map(lowerKeys) : [];
    },
    columnsOf(result) {
        return isRowArray(result) && result.length > 0 ? Object.keys(result[0]) : undefined;
    },
    affectedRows() {
        return undefined;
    },
    // oracledb binds null, strings, numbers and Buffers natively; knex turns booleans into 1/0.
    // bigints go as decimal strings, which Oracle converts to NUMBER exactly.
    bindValue(value) {
        return typeof value === 'bigint' ? value.toString() : value;
    },
    describe(db) {
        const c = oracleConnection(db.connection);
        return describeObject('oracle', { user: c.user, connectString: c.connectString ?? c.host });
    },
};
//# sourceMappingURL=oracle.js.map