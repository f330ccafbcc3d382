// The one place a database client name becomes a Dialect; an unknown name fails fast with the list.
import { StoreError } from '../errors.js';
import { mysqlDialect } from './mysql.js';
import { oracleDialect } from './oracle.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect } from './sqlite.js';
const DIALECTS = {
    sqlite: sqliteDialect,
    mysql: mysqlDialect,
    postgres: postgresDialect,
    oracle: oracleDialect,
};
export function dialectFor(client) {
    const d = DIALECTS[client];
    if (!d) {
        throw new StoreError('connect', `unknown database.client '${client}' (use ${Object.keys(DIALECTS).join(', ')})`);
    }
    return d;
}
//# sourceMappingURL=registry.js.map