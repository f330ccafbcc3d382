// One single-row INSERT template turned into multi-row statements: `INSERT INTO t (...) VALUES
// (row), (row), ...` with the row's slots repeated, bound in the template's own way. Used by the
// insert batcher (insert-batcher.ts) for message.save and offlinemsg.save.
//
// Only templates of the form `INSERT INTO ... VALUES (...)` with nothing after the row, no list
// parameter and no quote or comment inside the row qualify; `forTemplate` returns undefined for
// anything else (and for Oracle, which has no multi-row VALUES before 23c).
import { requireStorable } from './storable-text.js';
/** Bound parameters per statement: SQLite before 3.32 allowed 999; the others allow 65535. */
const PARAM_BUDGET = { sqlite: 900, mysql: 30_000, postgres: 30_000 };
const MAX_ROWS = 256;
/** Multi-row statement shapes kept (one per batch size seen; the oldest is dropped beyond this). */
const MAX_SHAPES = 32;
export class MultiRowInsert {
    single;
    dialect;
    head;
    rowStart;
    /** rows per statement (bounded by the database's limit on bound parameters) */
    maxRows;
    /** every slot is a parameter (no literal SQL piece): the bindings are plain values, so the
     *  statement can run on a raw better-sqlite3 connection */
    plain;
    /** multi-row statement texts by row count */
    shapes = new Map();
    constructor(single, dialect, 
    /** pieces[0] up to where the row's '(' starts */
    head, rowStart) {
        this.single = single;
        this.dialect = dialect;
        this.head = head;
        this.rowStart = rowStart;
        this.maxRows = Math.max(1, Math.min(MAX_ROWS, Math.floor((PARAM_BUDGET[dialect.client] ?? 0) / single.slots.length)));
        this.plain = single.slots.every((slot) => 'param' in slot);
    }
    /** The multi-row form of `template`, or undefined when it cannot be built safely (file comment). */
    static forTemplate(dialect, template) {
        if (template === undefined || PARAM_BUDGET[dialect.client] === undefined)
            return undefined;
        if (template.lists.size > 0 || template.slots.length === 0)
            return undefined;
        const m = /^(\s*INSERT\s+INTO\s[\s\S]*?\bVALUES\s*)(\([\s\S]*)$/i.exec(template.pieces[0]);
        if (!m)
            return undefined;
        const row = [m[2], ...template.pieces.slice(1)].join('?');
        if (!isOneParenthesisedRow(row))
            return undefined;
        const insert = new MultiRowInsert(template, dialect, m[1], m[2]);
        return insert.maxRows > 1 ? insert : undefined;
    }
    /** `rows` as statements of at most maxRows rows each: the cached text for that many rows, and
     *  the rows' bindings one after another. */
    statements(db, rows) {
        const out = [];
        for (let i = 0; i < rows.length; i += this.maxRows) {
            const part = rows.slice(i, i + this.maxRows);
            const bindings = [];
            for (const values of part)
                this.bindRow(db, values, bindings);
            out.push({ sql: this.shapeSql(part.length), bindings });
        }
        return out;
    }
    /** Appends one row's bindings in slot order, as bindSql would for the single-row template (with
     *  its StoreError('input') for unstorable text: the batcher then runs each save alone, and only
     *  the save holding it is refused). */
    bindRow(db, values, out) {
        for (const slot of this.single.slots) {
            if ('literal' in slot) {
                out.push(db.raw(slot.literal));
                continue;
            }
            const value = values[slot.param];
            if (value === undefined || Array.isArray(value))
                throw new Error(`no single value for parameter :${slot.param}`);
            requireStorable(value, `parameter :${slot.param}`);
            out.push(this.dialect.bindValue(value));
        }
    }
    /** The knex.raw text for `n` rows: the row repeated, one '?' per slot. */
    shapeSql(n) {
        let sql = this.shapes.get(n);
        if (sql !== undefined)
            return sql;
        const { pieces } = this.single;
        const inner = pieces.slice(1, -1);
        const last = pieces[pieces.length - 1];
        const out = [this.head + this.rowStart];
        for (let r = 0; r < n; r++)
            out.push(...inner, r < n - 1 ? `${last}, ${this.rowStart}` : last);
        sql = out.join('?');
        if (this.shapes.size >= MAX_SHAPES)
            this.shapes.delete(this.shapes.keys().next().value);
        this.shapes.set(n, sql);
        return sql;
    }
}
/** `( ... )` and nothing after it but blanks: the parentheses balance only at the very end, and the
 *  row holds no quote or comment (whose contents could hide a parenthesis). */
function isOneParenthesisedRow(text) {
    const t = text.trimEnd();
    if (/['"`]|--|\/\*|#/.test(t))
        return false;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
        const c = t[i];
        if (c === '(')
            depth++;
        else if (c === ')') {
            depth--;
            if (depth === 0 && i !== t.length - 1)
                return false;
            if (depth < 0)
                return false;
        }
    }
    return depth === 0;
}
//# sourceMappingURL=multi-row-insert.js.map