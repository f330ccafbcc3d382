// JSON bodies of tim frames (docs/protocol.md section 3), read and written
// the way Go's encoding/json does for tim's structs.
//
// Decoding contract (every decodeX(body)):
//  * an empty body is `{}`; otherwise the body must be UTF-8 JSON text holding an object, else
//    ProtocolError 4113 (FORMAT);
//  * keys match case-insensitively (timjs sends `vNode` for `VNode`); unknown keys are ignored; a
//    repeated key (in any case) takes the last value; `null` means absent;
//  * a value of the wrong type, an integer outside its Go type, a non-integer where an integer is
//    due, invalid base64, or a missing required field is ProtocolError 4104 (PARAMS);
//  * byte fields accept a standard base64 string (padding required, CR/LF ignored, as Go) or an
//    array of integers 0..255; they come out as Buffers;
//  * integers: exponent or fraction forms that denote an integer (`1e3`, `2.0`) are accepted where
//    Go would refuse them, a deliberate leniency. int64 fields other than `timestamp`/`createtime`
//    are range-checked exactly against int64 but returned as JS numbers (nearest double above
//    2^53, except that the few literals just below 2^63 give 2^63-1024 rather than 2^63, which is
//    outside int64 and would not be read back; the server itself only sends ids below 2^53,
//    docs/protocol.md decision 11);
//  * `timestamp` and `createtime` come out as exact bigints: a body holding an integer literal of
//    16 or more digits is parsed by a slower exact parser that keeps integer literals beyond 2^53
//    as bigint; other bodies go through JSON.parse;
//  * before either parser runs, a body nested deeper than 32 levels, with a number literal longer
//    than 40 characters, more than 2^18 array elements and object members or more than 2^16 object
//    members in all is ProtocolError 4104 (json-bounds.ts: such bodies cost seconds to parse).
// Null map values become "" (extend) or empty bytes (extra) and null list items "", as Go does.
//
// Encoding: encodeJson writes any object with Buffers/Uint8Arrays as padded standard base64,
// bigints as bare numbers, undefined members omitted, keys in the object's order. The typed
// encoders (encodeMessage, ...) write exactly the struct's fields in Go declaration order and emit
// Go's non-pointer fields even when absent (e.g. TimAck `ok`, Tid `node`).
//
// Pure and browser-safe: Buffer is used when present (Node); without it byte fields are plain
// Uint8Arrays typed as Buffer, so only Uint8Array methods may be relied on there.
import { ErrorCode, errorInfo } from './error-codes.js';
import { encodeFrame, noteAsciiText, ProtocolError } from './frame-codec.js';
import { base64Encode, base64DecodeValid, bytesOf, EMPTY_BYTES, isStrictBase64 } from './json-bytes.js';
import { formatError, parseJsonBody, setOwn } from './json-parse.js';
import { TID_SCHEMA, ACK_SCHEMA, AUTH_SCHEMA, REQ_SCHEMA, MESSAGE_SCHEMA, PRESENCE_SCHEMA, STREAM_SCHEMA, NODES_SCHEMA, MESSAGE_LIST_SCHEMA } from './json-schemas.js';
export { parseJsonBody, parseJsonExact, parseJsonText } from './json-parse.js';
// ---------------------------------------------------------------------------------------------
// Decoding
function paramsError(where, what) {
    return new ProtocolError(ErrorCode.PARAMS, `${where}: expected ${what}`);
}
/** 4104 for field `f` of `s` (and map key `key`): the `Struct.field[.key]` text is built only
 *  when a frame is refused, never on the way of a valid one. */
function fieldError(s, f, what, key) {
    return paramsError(key === undefined ? `${s.name}.${f.name}` : `${s.name}.${f.name}.${key}`, what);
}
const hasOwn = Object.prototype.hasOwnProperty;
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const INT_LIMITS = { i8: 0x80, i16: 0x8000, i32: 0x80000000 };
const INT_NAMES = { i8: 'an int8', i16: 'an int16', i32: 'an int32' };
const TWO_63 = 2 ** 63;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The largest double below 2^63: int64 fields held as numbers never exceed it. */
const INT64_MAX_DOUBLE = 2 ** 63 - 1024;
function int64(v, s, f) {
    if (typeof v === 'number') {
        if (Number.isInteger(v) && v >= -TWO_63 && v < TWO_63)
            return v;
    }
    else if (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) {
        return v;
    }
    throw fieldError(s, f, 'an int64');
}
function bytes(v, s, f, key) {
    if (typeof v === 'string') {
        // Go's base64 decoder skips CR and LF; anything else must be canonical padded base64.
        const t = v.includes('\n') || v.includes('\r') ? v.replace(/[\r\n]/g, '') : v;
        if (!isStrictBase64(t))
            throw fieldError(s, f, 'base64 bytes', key);
        return base64DecodeValid(t);
    }
    if (Array.isArray(v)) {
        for (const x of v) {
            if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) {
                throw fieldError(s, f, 'an array of integers 0..255', key);
            }
        }
        return bytesOf(v);
    }
    throw fieldError(s, f, 'bytes (base64 string or array)', key);
}
/** The decoded value of field `f` of struct `s`; `v` is neither undefined nor null. */
function decodeValue(s, f, v) {
    switch (f.kind) {
        case 'str':
            if (typeof v === 'string')
                return v;
            if (f.intText && ((typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n && v <= INT64_MAX)))
                return String(v);
            throw fieldError(s, f, f.intText ? 'a string or a non-negative integer' : 'a string');
        case 'bool':
            if (typeof v === 'boolean')
                return v;
            throw fieldError(s, f, 'a boolean');
        case 'i8':
        case 'i16':
        case 'i32': {
            const lim = INT_LIMITS[f.kind];
            if (typeof v === 'number' && Number.isInteger(v) && v >= -lim && v < lim)
                return v;
            throw fieldError(s, f, INT_NAMES[f.kind]);
        }
        case 'i64':
            return typeof v === 'number' && Number.isSafeInteger(v) ? v : Math.min(Number(int64(v, s, f)), INT64_MAX_DOUBLE);
        case 'big':
            return BigInt(int64(v, s, f));
        case 'bytes':
            return bytes(v, s, f);
        case 'strList': {
            if (!Array.isArray(v))
                throw fieldError(s, f, 'an array of strings');
            return v.map((x) => {
                if (x === null)
                    return '';
                if (typeof x !== 'string')
                    throw fieldError(s, f, 'an array of strings');
                return x;
            });
        }
        case 'strMap':
        case 'bytesMap': {
            if (!isObject(v))
                throw fieldError(s, f, 'an object');
            const out = {};
            for (const k of Object.keys(v)) {
                const x = v[k];
                if (f.kind === 'strMap') {
                    if (x !== null && typeof x !== 'string')
                        throw fieldError(s, f, 'a string', k);
                    setOwn(out, k, x ?? '');
                }
                else {
                    setOwn(out, k, x === null ? EMPTY_BYTES() : bytes(x, s, f, k));
                }
            }
            return out;
        }
        case 'struct':
            if (!isObject(v))
                throw fieldError(s, f, `an object (${f.sub.name})`);
            return decodeStruct(f.sub, v);
        case 'structList': {
            if (!Array.isArray(v))
                throw fieldError(s, f, 'an array');
            const out = [];
            for (const x of v) {
                if (x === null)
                    continue;
                if (!isObject(x))
                    throw fieldError(s, f, `an array of ${f.sub.name}`);
                out.push(decodeStruct(f.sub, x));
            }
            return out;
        }
        case 'structMap': {
            if (!isObject(v))
                throw fieldError(s, f, 'an object');
            const out = {};
            for (const k of Object.keys(v)) {
                const x = v[k];
                if (x === null)
                    continue;
                if (!isObject(x))
                    throw fieldError(s, f, `an object (${f.sub.name})`, k);
                setOwn(out, k, decodeStruct(f.sub, x));
            }
            return out;
        }
    }
}
/**
 * The struct `s` decoded from the parsed object `o` (fresh from the parser, owned by the decoder).
 *
 * General path: every key is looked up exactly, then lower-cased; the values land in `vals` by
 * field index (a later key wins, null means absent) and a new object is built in field order.
 *
 * In-place path, same result without building it: when `o` is already in decoded shape (every key
 * is a field's exact name, in field order, none null, and every required or fill field present)
 * the general path would build an object with o's keys in o's order holding the decoded values.
 * So each decoded value that differs from the parsed one (bytes, bigints, maps, lists) is written
 * back into `o`, and `o` is returned. Writing back is harmless when the check fails at a later
 * key: `o` has each key once, is never read again for it, and the general path reads `vals` only.
 * Clients that send exact names and omit absent fields (most) take this path.
 */
function decodeStruct(s, o) {
    const fields = s.fields;
    const n = fields.length;
    const vals = new Array(n);
    let inPlace = true;
    let must = 0;
    let next = 0; // fields before `next` cannot match in order any more
    // Object.keys(o) as in writeAny; `o` is changed only in the values of keys already visited.
    for (const k in o) {
        if (!hasOwn.call(o, k))
            continue;
        // Keys from the parser are internalized strings, so `===` on names is a pointer compare.
        let i = next;
        while (i < n && fields[i].name !== k)
            i++;
        if (i < n) {
            next = i + 1;
        }
        else {
            inPlace = false;
            i = s.byKey.get(k) ?? s.byKey.get(k.toLowerCase());
            if (i === undefined)
                continue;
        }
        const v = o[k];
        if (v === null) {
            inPlace = false;
            vals[i] = undefined;
            continue;
        }
        const f = fields[i];
        const d = decodeValue(s, f, v);
        vals[i] = d;
        if (inPlace) {
            if (f.required || f.fill)
                must++;
            if (d !== v)
                o[k] = d;
        }
    }
    if (inPlace && must === s.mustCount)
        return o;
    const out = {};
    for (let i = 0; i < n; i++) {
        const f = fields[i];
        let v = vals[i];
        if (v === undefined) {
            if (f.required)
                throw new ProtocolError(ErrorCode.PARAMS, `${s.name}.${f.name}: required`);
            if (!f.fill)
                continue;
            v = f.zero;
        }
        out[f.name] = v;
    }
    return out;
}
function decodeBody(s, body) {
    const v = parseJsonBody(body);
    if (!isObject(v))
        throw formatError(`${s.name}: JSON body is not an object`);
    return decodeStruct(s, v);
}
export function decodeAuth(body) {
    return decodeBody(AUTH_SCHEMA, body);
}
export function decodeReq(body) {
    return decodeBody(REQ_SCHEMA, body);
}
/** msType and odType are required (4104 when missing). */
export function decodeMessage(body) {
    return decodeBody(MESSAGE_SCHEMA, body);
}
export function decodePresence(body) {
    return decodeBody(PRESENCE_SCHEMA, body);
}
/** `VNode` (any case) defaults to "" when absent, as Go's non-pointer string does. */
export function decodeStream(body) {
    return decodeBody(STREAM_SCHEMA, body);
}
/** `ntype` defaults to 0 when absent, as Go's non-pointer int32 does. */
export function decodeNodes(body) {
    return decodeBody(NODES_SCHEMA, body);
}
/** Server->client bodies, for clients. */
export function decodeAck(body) {
    return decodeBody(ACK_SCHEMA, body);
}
export function decodeMessageList(body) {
    return decodeBody(MESSAGE_LIST_SCHEMA, body);
}
/** Strings that JSON.stringify writes as `"` + s + `"` and that are ASCII: printable ASCII but
 *  `"` and `\`. Most strings on the wire (nodes, resources, base64, plain text) are. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Any code unit that JSON.stringify may escape: controls, `"`, `\` and surrogates (it escapes
 *  lone ones only; paired ones merely take the slow path). Without one, JSON.stringify(s) is
 *  `"` + s + `"`. */
const MAY_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** JSON.stringify(s), without its cost for strings that need no escape. */
function writeString(t, s) {
    if (PLAIN_ASCII.test(s))
        return '"' + s + '"';
    t.ascii = false;
    return MAY_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}
const KEY_CACHE_MAX = 4096;
/** Quoted plain ASCII keys, cached because the same few keys are written again and again. */
const keyCache = new Map();
function quotedKey(t, k) {
    let q = keyCache.get(k);
    if (q === undefined) {
        const first = writeString(t, k) + ':';
        q = { first, next: ',' + first };
        if (keyCache.size < KEY_CACHE_MAX && PLAIN_ASCII.test(k))
            keyCache.set(k, q);
    }
    return q;
}
const TWO_64 = 2 ** 64;
const SMALL_INT = 2 ** 31;
/** JSON text of a number. Integers between 2^53 and 2^64 in magnitude are written with the exact
 *  digits of the double (as Go prints an int64), not JS's shortest round-trip form
 *  ("6917529027641082000"). Non-finite numbers are written as null, like JSON.stringify. */
function writeNumber(v) {
    if (v > -SMALL_INT && v < SMALL_INT && (v | 0) === v)
        return '' + v; // also -0 -> "0"
    if (Number.isSafeInteger(v))
        return safeIntegerText(v);
    if (Number.isInteger(v) && Math.abs(v) < TWO_64)
        return BigInt(v).toString();
    return Number.isFinite(v) ? String(v) : 'null';
}
/** String(v) for a safe integer of 2^31 or more in magnitude (ids, mids), from two small-integer
 *  conversions: V8 converts small integers quickly but takes its general double-to-text path for
 *  larger ones, at twice the cost. `lo + 1e9` (below 2^31) carries lo's nine digits with their
 *  leading zeros after a '1' that is cut off. */
function safeIntegerText(v) {
    const a = v < 0 ? -v : v;
    const hi = Math.floor(a / 1e9);
    const lo = a - hi * 1e9;
    const text = '' + hi + ('' + (lo + 1e9)).slice(1);
    return v < 0 ? '-' + text : text;
}
/** JSON text of `v`, or undefined for values that are omitted (undefined, functions, symbols). */
function writeAny(t, v) {
    switch (typeof v) {
        case 'string':
            return writeString(t, v);
        case 'number':
            return writeNumber(v);
        case 'bigint':
            return v.toString();
        case 'boolean':
            return v ? 'true' : 'false';
        case 'object': {
            if (v === null)
                return 'null';
            if (v instanceof Uint8Array)
                return '"' + base64Encode(v) + '"';
            if (Array.isArray(v)) {
                let s = '[';
                for (let i = 0; i < v.length; i++)
                    s += (i === 0 ? '' : ',') + (writeAny(t, v[i]) ?? 'null');
                return s + ']';
            }
            const toJSON = v.toJSON;
            if (typeof toJSON === 'function')
                return writeAny(t, toJSON.call(v));
            let s = '{';
            let first = true;
            const o = v;
            // for-in filtered by hasOwnProperty visits Object.keys(o) in the same order (own keys come
            // first, in property order), but lets V8 read o[k] through its enumeration cache instead of
            // a generic keyed lookup. It could differ only for an object that a toJSON or getter
            // changes while it is being written.
            for (const k in o) {
                if (!hasOwn.call(o, k))
                    continue;
                const w = writeAny(t, o[k]);
                if (w === undefined)
                    continue;
                const q = quotedKey(t, k);
                s += (first ? q.first : q.next) + w;
                first = false;
            }
            return s + '}';
        }
        default:
            return undefined;
    }
}
/** Hands a finished text on, declaring it to the frame encoders when it is ASCII. */
function finish(t, json) {
    if (t.ascii)
        noteAsciiText(json);
    return json;
}
/** Go-compatible JSON text of any object: Buffers/Uint8Arrays as padded standard base64, bigints
 *  as bare numbers with exact digits, undefined members omitted, keys in the object's order. */
export function encodeJson(value) {
    const t = { ascii: true };
    return finish(t, writeAny(t, value) ?? 'null');
}
/** `encodeFrame(type, encodeJson(value))`: a plain server frame of a JSON body, in one allocation
 *  (an ASCII body is copied byte for byte, without measuring its UTF-8 length). */
export function encodeJsonFrame(type, value) {
    return encodeFrame(type, encodeJson(value));
}
function writeStruct(t, s, o) {
    let out = '{';
    let first = true;
    for (const f of s.fields) {
        let v = o[f.name];
        if (v === undefined || v === null) {
            if (f.zero === undefined)
                continue;
            v = f.zero;
        }
        out += (first ? f.quoted : f.quotedNext) + writeField(t, f, v);
        first = false;
    }
    return out + '}';
}
function writeField(t, f, v) {
    switch (f.kind) {
        case 'struct':
            return writeStruct(t, f.sub, v);
        case 'structList': {
            const a = v;
            let s = '[';
            for (let i = 0; i < a.length; i++) {
                const x = a[i];
                s += (i === 0 ? '' : ',') + (x == null ? 'null' : writeStruct(t, f.sub, x));
            }
            return s + ']';
        }
        case 'structMap': {
            const m = v;
            let s = '{';
            let first = true;
            for (const k of Object.keys(m)) {
                const x = m[k];
                if (x === undefined)
                    continue;
                const q = quotedKey(t, k);
                s += (first ? q.first : q.next) + (x === null ? 'null' : writeStruct(t, f.sub, x));
                first = false;
            }
            return s + '}';
        }
        default:
            return writeAny(t, v) ?? 'null';
    }
}
/** The JSON text of struct `s` from `o`. */
function encodeStruct(s, o) {
    const t = { ascii: true };
    return finish(t, writeStruct(t, s, o));
}
export function encodeMessage(m) {
    return encodeStruct(MESSAGE_SCHEMA, m);
}
export function encodeAck(a) {
    return encodeStruct(ACK_SCHEMA, a);
}
export function encodePresence(p) {
    return encodeStruct(PRESENCE_SCHEMA, p);
}
export function encodeNodes(n) {
    return encodeStruct(NODES_SCHEMA, n);
}
export function encodeMessageList(l) {
    return encodeStruct(MESSAGE_LIST_SCHEMA, l);
}
export function encodeStream(s) {
    return encodeStruct(STREAM_SCHEMA, s);
}
export function encodeTid(t) {
    return encodeStruct(TID_SCHEMA, t);
}
/** Client->server bodies. */
export function encodeAuth(a) {
    return encodeStruct(AUTH_SCHEMA, a);
}
export function encodeReq(r) {
    return encodeStruct(REQ_SCHEMA, r);
}
/** JSON of `TimAck{ok, timType, ...extra}` in Go field order. */
export function ackJson(ok, timType, extra) {
    return encodeStruct(ACK_SCHEMA, { ...extra, ok, timType });
}
/** JSON of an error ack: `{"ok":false,"timType":T,"error":{"code":C,"info":"<tim's text>"},...}`. */
export function errorAckJson(timType, code, extra) {
    return encodeStruct(ACK_SCHEMA, { ...extra, ok: false, timType, error: { code, info: errorInfo(code) } });
}
//# sourceMappingURL=json-codec.js.map