// SQLite through better-sqlite3. One connection (better-sqlite3 is synchronous, SQLite has one
// writer, and ':memory:' is a separate database per connection), WAL journal and a busy timeout set
// on connect. Integers bind as BigInt: better-sqlite3 binds a JS number as REAL, which would store
// 9007199254740991 in a TEXT column as '9.00719925474099e+15' and make `LIMIT ?` a REAL. Reads keep
// safeIntegers off, so INTEGER comes back as a number; mids beyond 2^53-1 are excluded by contract.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isRowArray, lowerKeys } from './dialect.js';
const BUSY_TIMEOUT_MS = 5000;
/** Prepared statements kept per connection (the hot templates, a few batch shapes, DDL once). */
const STATEMENT_CACHE_SIZE = 256;
/**
 * knex prepares every statement anew on each query; preparing costs about as much as running a
 * small one. This memoizes `prepare` per connection by SQL text. Safe because knex only runs a
 * statement to completion (`all`/`run`, synchronous) and sets no per-statement mode on SQLite
 * (no safeIntegers option is passed), and SQLite re-prepares a statement itself after a schema
 * change. Bounded: the least recently used texts are dropped first.
 */
function cachePreparedStatements(conn) {
    const prepare = conn.prepare.bind(conn);
    const cache = new Map();
    conn.prepare = (sql) => {
        let stmt = cache.get(sql);
        if (stmt !== undefined) {
            cache.delete(sql);
        }
        else {
            stmt = prepare(sql);
            if (cache.size >= STATEMENT_CACHE_SIZE)
                cache.delete(cache.keys().next().value);
        }
        cache.set(sql, stmt);
        return stmt;
    };
}
function filenameOf(db) {
    if (typeof db.connection === 'string')
        return db.connection;
    const f = db.connection.filename;
    return typeof f === 'string' ? f : '';
}
function isFileBacked(filename) {
    return filename !== '' && filename !== ':memory:' && !filename.startsWith('file:');
}
export const sqliteDialect = {
    client: 'sqlite',
    knexClient: 'better-sqlite3',
    pingSql: 'SELECT 1',
    // SQLite's default limit on host parameters was 999 before 3.32; stay under it.
    maxListItems: 900,
    knexConfig(db) {
        const connection = typeof db.connection === 'string' ? { filename: db.connection } : { ...db.connection };
        return {
            client: 'better-sqlite3',
            connection: connection,
            useNullAsDefault: true,
            pool: {
                min: 1,
                max: 1,
                afterCreate(conn, done) {
                    try {
                        conn.pragma('journal_mode = WAL');
                        conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
                        cachePreparedStatements(conn);
                        done(null, conn);
                    }
                    catch (e) {
                        done(e, conn);
                    }
                },
            },
        };
    },
    prepare(db) {
        const filename = filenameOf(db);
        if (isFileBacked(filename))
            mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    },
    rowsOf(result) {
        return isRowArray(result) ? result.map(lowerKeys) : [];
    },
    columnsOf(result) {
        return isRowArray(result) && result.length > 0 ? Object.keys(result[0]) : undefined;
    },
    affectedRows(result) {
        const changes = result?.changes;
        return typeof changes === 'number' ? changes : undefined;
    },
    bindValue(value) {
        if (typeof value === 'number' && Number.isInteger(value))
            return BigInt(value);
        if (typeof value === 'boolean')
            return value ? 1 : 0;
        return value;
    },
    describe(db) {
        return `sqlite:${filenameOf(db) || ':memory:'}`;
    },
};
//# sourceMappingURL=sqlite.js.map