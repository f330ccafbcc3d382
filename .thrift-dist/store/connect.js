// Opening the database: one knex instance per process from `database:`, and a start-up check that
// turns any connection failure into a one-line StoreError naming the target and the driver's reason
// (`cannot connect to mysql://root@127.0.0.1:3306/app: connect ECONNREFUSED 127.0.0.1:3306`).
import knexFactory from 'knex';
import { dialectFor } from './dialects/registry.js';
import { StoreError } from './errors.js';
import { guardKnex } from './storable-text.js';
/**
 * Builds the pool (no connection is opened yet). Throws a StoreError of kind 'connect' for an
 * unknown client or when the SQLite file's directory cannot be created. Bound values never appear
 * in knex's error messages (compileSqlOnError: false), so a password cannot leak into a log.
 * Every statement's bound text is checked before it is sent (storable-text.ts guardKnex): a NUL
 * or a lone surrogate rejects with StoreError('input') on every database alike.
 */
export function createKnex(db, options = {}) {
    const dialect = dialectFor(db.client);
    try {
        dialect.prepare?.(db);
    }
    catch (e) {
        throw new StoreError('connect', `cannot open ${dialect.describe(db)}: ${driverReason(e)}`, { cause: e });
    }
    const { logger } = options;
    const knex = knexFactory({
        ...dialect.knexConfig(db),
        compileSqlOnError: false,
        log: {
            // Acquire failures reach the caller as rejections; knex would also print them with a stack.
            warn: (message) => {
                if (!String(message).startsWith('Acquire connection error'))
                    logger?.warn({ knex: oneLine(message) }, 'knex warning');
            },
            error: (message) => logger?.warn({ knex: oneLine(message) }, 'knex error'),
            deprecate: (method, alternative) => logger?.warn({ knex: `${method} is deprecated, use ${alternative}` }, 'knex deprecation'),
            debug: () => undefined,
        },
    });
    return guardKnex(knex);
}
/** Runs the dialect's ping; any failure becomes StoreError('connect') with a one-line message. */
export async function checkConnection(knex, db) {
    const dialect = dialectFor(db.client);
    try {
        await knex.raw(dialect.pingSql);
    }
    catch (e) {
        throw new StoreError('connect', `cannot connect to ${dialect.describe(db)}: ${driverReason(e, dialect.pingSql)}`, { cause: e });
    }
}
/**
 * The driver's own reason on one line: knex's "<sql> - " prefix removed when `sql` is given, an
 * AggregateError (several addresses refused) joined, the error code used when there is no text.
 */
export function driverReason(e, sql) {
    if (!(e instanceof Error))
        return oneLine(String(e));
    let text = e.message;
    if (sql !== undefined && text.startsWith(`${sql} - `))
        text = text.slice(sql.length + 3);
    if (text === '' && e instanceof AggregateError) {
        text = [...new Set(e.errors.map((x) => (x instanceof Error ? x.message : String(x))))].join('; ');
    }
    if (text === '')
        text = String(e.code ?? e.name);
    return oneLine(text);
}
function oneLine(text) {
    return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .join('; ');
}
//# sourceMappingURL=connect.js.map