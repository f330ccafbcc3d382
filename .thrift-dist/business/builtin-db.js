// Access to the builtin tables (src/store/migrations/builtin-tables.ts) for the business layer:
// names spelled for the connected database (upper case on Oracle), rows read by lower-case name,
// and every driver failure turned into a StoreError, which the core answers with 5103.
import { dialectFor } from '../store/dialects/registry.js';
import { StoreError } from '../store/errors.js';
import { builtinIdent, dialectOf, field } from '../store/migrations/knex-dialect.js';
export class BuiltinDb {
    knex;
    client;
    constructor(knex) {
        this.knex = knex;
        this.client = dialectOf(knex);
    }
    /** A table or column name as created on this database. */
    id(name) {
        return builtinIdent(this.client, name);
    }
    /** `{column: value}` with the names spelled for this database. */
    row(values) {
        const out = {};
        for (const [k, v] of Object.entries(values))
            out[this.id(k)] = v;
        return out;
    }
    /** A query builder on `table` (inside `trx` when given). */
    table(name, trx) {
        return (trx ?? this.knex)(this.id(name));
    }
    /** Driver options that read Oracle CLOBs (profiles) as text; none elsewhere. */
    get readOptions() {
        return dialectFor(this.client).queryOptions?.() ?? {};
    }
    /** Runs `fn`, reporting any driver error as StoreError('query') so the client gets 5103. */
    async run(what, fn) {
        try {
            return await fn();
        }
        catch (err) {
            if (err instanceof StoreError)
                throw err;
            throw new StoreError('query', `builtin ${what} failed: ${err.message}`, { cause: err });
        }
    }
    /** Runs `fn` in one transaction, with the same error mapping. */
    transaction(what, fn) {
        return this.run(what, () => this.knex.transaction(fn));
    }
}
/** A column of a row as text ('' for NULL). */
export function str(row, name) {
    const v = field(row, name);
    return v === null || v === undefined ? '' : String(v);
}
/** A column of a row as a number (BIGINT may arrive as a string). */
export function num(row, name) {
    return Number(field(row, name));
}
/** A nullable text column (CLOBs arrive as strings with the read options). */
export function text(row, name) {
    const v = field(row, name);
    if (v === null || v === undefined)
        return null;
    return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
//# sourceMappingURL=builtin-db.js.map