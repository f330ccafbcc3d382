// Reading template results by alias: the rules every Store method shares (see sql-store.ts).
import { StoreError } from '../errors.js';
import { TEMPLATE_KEYS } from './template-keys.js';
const MAX_MID = Number.MAX_SAFE_INTEGER;
/** The check rule: some row whose first column is not NULL, 0, false or '0'. */
export function allows(res) {
    const first = res.columns?.[0]?.toLowerCase();
    return res.rows.some((row) => isTruthy(first !== undefined && first in row ? row[first] : Object.values(row)[0]));
}
function isTruthy(v) {
    if (v === null || v === undefined || v === false || v === 0 || v === 0n)
        return false;
    if (typeof v === 'string')
        return !/^\s*[+-]?(0+(\.0*)?|\.0+)\s*$/.test(v);
    if (Buffer.isBuffer(v))
        return v.some((b) => b !== 0);
    return true;
}
export function requireAliases(key, res) {
    const shape = TEMPLATE_KEYS[key].result;
    if (shape.kind !== 'rows')
        return;
    const have = res.columns ? res.columns.map((c) => c.toLowerCase()) : res.rows[0] ? Object.keys(res.rows[0]) : undefined;
    if (!have)
        return;
    const missing = shape.required.filter((a) => !have.includes(a));
    if (missing.length > 0) {
        throw new StoreError('shape', `sql.${key}: the result lacks the alias ${missing.join(', ')} (columns: ${have.join(', ') || 'none'})`, { key });
    }
}
/** A mid read back: an exact integer in [0, 2^53-1]. */
export function toMid(v, key) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)
        return v;
    if (typeof v === 'bigint' && v >= 0n && v <= BigInt(MAX_MID))
        return Number(v);
    if (typeof v === 'string' && /^\d+$/.test(v.trim()) && BigInt(v.trim()) <= BigInt(MAX_MID))
        return Number(v.trim());
    throw new StoreError('shape', `sql.${key}: mid ${String(v)} is not an integer between 0 and 2^53-1`, { key });
}
/** An offline row id, passed back to offlinemsg.del: numbers stay numbers, wider values stay exact text. */
export function toId(v) {
    if (typeof v === 'number' && Number.isSafeInteger(v))
        return v;
    if (typeof v === 'bigint')
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(MAX_MID) ? Number(v) : v.toString();
    if (typeof v === 'string' && v !== '')
        return v;
    throw new StoreError('shape', `sql.offlinemsg.get: id ${String(v)} is not a number or text`, { key: 'offlinemsg.get' });
}
export function toText(v, key, alias) {
    if (typeof v === 'string')
        return v;
    if (Buffer.isBuffer(v))
        return v.toString('utf8');
    if (typeof v === 'number' || typeof v === 'bigint')
        return String(v);
    if (v !== null && typeof v === 'object' && !(v instanceof Date))
        return JSON.stringify(v);
    throw new StoreError('shape', `sql.${key}: ${alias} is ${v === null ? 'NULL' : typeof v}, expected text`, { key });
}
//# sourceMappingURL=results.js.map