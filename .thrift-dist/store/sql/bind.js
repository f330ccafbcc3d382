// Run-time half of the compiler: turns a compiled template plus named values into the text and
// positional bindings for one knex.raw call, expanding list parameters to `?, ?, ?`.
import { requireStorable } from '../storable-text.js';
/**
 * `literal(text)` must return what knex inlines verbatim after counting bindings (knex.raw(text)).
 * `convert` turns a value into what the driver binds. Throws for a missing value, a list given for
 * a scalar or a scalar for a list (programming errors, not database errors); throws
 * StoreError('input') naming the parameter for text no database stores exactly (a NUL or a lone
 * surrogate: storable-text.ts), so that such a value is refused alike on every database.
 */
export function bindSql(compiled, values, literal, convert = (v) => v) {
    let sql = compiled.pieces[0];
    const bindings = [];
    compiled.slots.forEach((slot, k) => {
        if ('literal' in slot) {
            sql += '?';
            bindings.push(literal(slot.literal));
        }
        else {
            const name = slot.param;
            if (!Object.prototype.hasOwnProperty.call(values, name) || values[name] === undefined) {
                throw new Error(`no value for parameter :${name}`);
            }
            const value = values[name];
            if (compiled.lists.has(name)) {
                if (!Array.isArray(value))
                    throw new Error(`parameter :${name} takes a list`);
                if (value.length === 0)
                    throw new Error(`parameter :${name} is an empty list (the caller must not run the statement)`);
                sql += value.map(() => '?').join(', ');
                for (const v of value) {
                    requireStorable(v, `parameter :${name}`);
                    bindings.push(convert(v));
                }
            }
            else {
                if (Array.isArray(value))
                    throw new Error(`parameter :${name} takes a single value, not a list`);
                requireStorable(value, `parameter :${name}`);
                sql += '?';
                bindings.push(convert(value));
            }
        }
        sql += compiled.pieces[k + 1];
    });
    return { sql, bindings };
}
/**
 * Splits the values so that no list holds more than `max` items: one ParamValues per statement run.
 * Used for Oracle's 1000-item IN-list limit; running the statement once per chunk is only correct
 * for statements whose effect is a union over the items (DELETE ... IN, SELECT ... IN), which is
 * what list parameters are for. At most one list may need chunking.
 */
export function chunkLists(compiled, values, max) {
    const long = [...compiled.lists].filter((name) => {
        const v = values[name];
        return Array.isArray(v) && v.length > max;
    });
    if (long.length === 0)
        return [values];
    if (long.length > 1)
        throw new Error(`more than one list parameter exceeds ${max} items (:${long.join(', :')})`);
    const name = long[0];
    const all = values[name];
    const out = [];
    for (let start = 0; start < all.length; start += max)
        out.push({ ...values, [name]: all.slice(start, start + max) });
    return out;
}
/** True when a list parameter that the template uses is empty: the statement must not run. */
export function hasEmptyList(compiled, values) {
    for (const name of compiled.lists) {
        const v = values[name];
        if (Array.isArray(v) && v.length === 0)
            return true;
    }
    return false;
}
//# sourceMappingURL=bind.js.map