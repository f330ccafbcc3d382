// JSON bodies of tim frames (protocol.md section 3 "Encoding rules", 14.2, 14.3), read and written
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
//    2^53; the server itself only sends ids below 2^53, decision 11);
//  * `timestamp` and `createtime` come out as exact bigints: a body containing a run of 16 or more
//    digits is parsed by a slower exact parser that keeps integer literals beyond 2^53 as bigint;
//    other bodies go through JSON.parse.
// Null map values become "" (extend) or empty bytes (extra) and null list items "", as Go does.
//
// Encoding: encodeJson writes any object with Buffers/Uint8Arrays as padded standard base64,
// bigints as bare numbers, undefined members omitted, keys in the object's order. The typed
// encoders (encodeMessage, ...) write exactly the struct's fields in Go declaration order and emit
// Go's non-pointer fields even when absent (e.g. TimAck `ok`, Tid `node`).
//
// Pure and browser-safe: Buffer is used when present (Node); without it byte fields are plain
// Uint8Arrays typed as Buffer, so only Uint8Array methods may be relied on there.

import { ErrorCode, errorInfo, type ErrorCodeValue } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import type {
  TimAck,
  TimAuth,
  TimMessage,
  TimMessageList,
  TimNodes,
  TimPresence,
  TimReq,
  TimStream,
  Tid,
} from './wire-types.js';

import { B64_STRICT, base64Encode, base64DecodeValid, bytesOf, EMPTY_BYTES } from './json-bytes.js';
import { formatError, parseJsonBody, setOwn } from './json-parse.js';
import { type Field, type Schema, TID_SCHEMA, ACK_SCHEMA, AUTH_SCHEMA, REQ_SCHEMA, MESSAGE_SCHEMA, PRESENCE_SCHEMA, STREAM_SCHEMA, NODES_SCHEMA, MESSAGE_LIST_SCHEMA } from './json-schemas.js';

export { parseJsonBody, parseJsonExact, parseJsonText } from './json-parse.js';
// ---------------------------------------------------------------------------------------------
// Decoding

function paramsError(where: string, what: string): ProtocolError {
  return new ProtocolError(ErrorCode.PARAMS, `${where}: expected ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const INT_LIMITS = { i8: 0x80, i16: 0x8000, i32: 0x80000000 } as const;
const TWO_63 = 2 ** 63;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function int64(v: unknown, where: string): bigint | number {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -TWO_63 && v < TWO_63) return v;
  } else if (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) {
    return v;
  }
  throw paramsError(where, 'an int64');
}

function bytes(v: unknown, where: string): Buffer {
  if (typeof v === 'string') {
    // Go's base64 decoder skips CR and LF; anything else must be canonical padded base64.
    const s = v.includes('\n') || v.includes('\r') ? v.replace(/[\r\n]/g, '') : v;
    if (!B64_STRICT.test(s)) throw paramsError(where, 'base64 bytes');
    return base64DecodeValid(s);
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) {
        throw paramsError(where, 'an array of integers 0..255');
      }
    }
    return bytesOf(v as number[]);
  }
  throw paramsError(where, 'bytes (base64 string or array)');
}

function decodeValue(f: Field, v: unknown, where: string): unknown {
  switch (f.kind) {
    case 'str':
      if (typeof v === 'string') return v;
      throw paramsError(where, 'a string');
    case 'bool':
      if (typeof v === 'boolean') return v;
      throw paramsError(where, 'a boolean');
    case 'i8':
    case 'i16':
    case 'i32': {
      const lim = INT_LIMITS[f.kind];
      if (typeof v === 'number' && Number.isInteger(v) && v >= -lim && v < lim) return v;
      throw paramsError(where, `an int${f.kind.slice(1)}`);
    }
    case 'i64':
      return Number(int64(v, where));
    case 'big':
      return BigInt(int64(v, where));
    case 'bytes':
      return bytes(v, where);
    case 'strList': {
      if (!Array.isArray(v)) throw paramsError(where, 'an array of strings');
      return v.map((x) => {
        if (x === null) return '';
        if (typeof x !== 'string') throw paramsError(where, 'an array of strings');
        return x;
      });
    }
    case 'strMap':
    case 'bytesMap': {
      if (!isObject(v)) throw paramsError(where, 'an object');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (f.kind === 'strMap') {
          if (x !== null && typeof x !== 'string') throw paramsError(`${where}.${k}`, 'a string');
          setOwn(out, k, x ?? '');
        } else {
          setOwn(out, k, x === null ? EMPTY_BYTES() : bytes(x, `${where}.${k}`));
        }
      }
      return out;
    }
    case 'struct':
      if (!isObject(v)) throw paramsError(where, `an object (${f.sub!.name})`);
      return decodeStruct(f.sub!, v);
    case 'structList': {
      if (!Array.isArray(v)) throw paramsError(where, 'an array');
      const out: unknown[] = [];
      for (const x of v) {
        if (x === null) continue;
        if (!isObject(x)) throw paramsError(where, `an array of ${f.sub!.name}`);
        out.push(decodeStruct(f.sub!, x));
      }
      return out;
    }
    case 'structMap': {
      if (!isObject(v)) throw paramsError(where, 'an object');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (x === null) continue;
        if (!isObject(x)) throw paramsError(`${where}.${k}`, `an object (${f.sub!.name})`);
        setOwn(out, k, decodeStruct(f.sub!, x));
      }
      return out;
    }
  }
}

function decodeStruct(s: Schema, o: Record<string, unknown>): Record<string, unknown> {
  const fields = s.fields;
  const vals: unknown[] = new Array(fields.length);
  for (const k of Object.keys(o)) {
    const i = s.byKey.get(k) ?? s.byKey.get(k.toLowerCase());
    if (i === undefined) continue;
    const v = o[k];
    vals[i] = v === null ? undefined : decodeValue(fields[i], v, `${s.name}.${fields[i].name}`);
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let v = vals[i];
    if (v === undefined) {
      if (f.required) throw new ProtocolError(ErrorCode.PARAMS, `${s.name}.${f.name}: required`);
      if (!f.fill) continue;
      v = f.zero;
    }
    out[f.name] = v;
  }
  return out;
}

function decodeBody(s: Schema, body: Uint8Array): Record<string, unknown> {
  const v = parseJsonBody(body);
  if (!isObject(v)) throw formatError(`${s.name}: JSON body is not an object`);
  return decodeStruct(s, v);
}

export function decodeAuth(body: Uint8Array): TimAuth {
  return decodeBody(AUTH_SCHEMA, body) as TimAuth;
}

export function decodeReq(body: Uint8Array): TimReq {
  return decodeBody(REQ_SCHEMA, body) as TimReq;
}

/** msType and odType are required (4104 when missing). */
export function decodeMessage(body: Uint8Array): TimMessage {
  return decodeBody(MESSAGE_SCHEMA, body) as unknown as TimMessage;
}

export function decodePresence(body: Uint8Array): TimPresence {
  return decodeBody(PRESENCE_SCHEMA, body) as TimPresence;
}

/** `VNode` (any case) defaults to "" when absent, as Go's non-pointer string does. */
export function decodeStream(body: Uint8Array): TimStream {
  return decodeBody(STREAM_SCHEMA, body) as unknown as TimStream;
}

/** `ntype` defaults to 0 when absent, as Go's non-pointer int32 does. */
export function decodeNodes(body: Uint8Array): TimNodes {
  return decodeBody(NODES_SCHEMA, body) as unknown as TimNodes;
}

/** Server->client bodies, for clients. */
export function decodeAck(body: Uint8Array): TimAck {
  return decodeBody(ACK_SCHEMA, body) as unknown as TimAck;
}

export function decodeMessageList(body: Uint8Array): TimMessageList {
  return decodeBody(MESSAGE_LIST_SCHEMA, body) as TimMessageList;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const KEY_CACHE_MAX = 4096;
const keyCache = new Map<string, string>();

/** `"key":`, cached because the same few keys are written again and again. */
function quotedKey(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (keyCache.size < KEY_CACHE_MAX) keyCache.set(k, q);
  }
  return q;
}

const TWO_64 = 2 ** 64;

/** JSON text of a number. Integers between 2^53 and 2^64 in magnitude are written with the exact
 *  digits of the double (as Go prints an int64), not JS's shortest round-trip form
 *  ("6917529027641082000"). Non-finite numbers are written as null, like JSON.stringify. */
function writeNumber(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < TWO_64) return BigInt(v).toString();
  return Number.isFinite(v) ? String(v) : 'null';
}

/** JSON text of `v`, or undefined for values that are omitted (undefined, functions, symbols). */
function writeAny(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return writeNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (v instanceof Uint8Array) return '"' + base64Encode(v) + '"';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + (writeAny(v[i]) ?? 'null');
        return s + ']';
      }
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return writeAny(toJSON.call(v));
      let s = '{';
      let sep = '';
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const w = writeAny(o[k]);
        if (w === undefined) continue;
        s += sep + quotedKey(k) + w;
        sep = ',';
      }
      return s + '}';
    }
    default:
      return undefined;
  }
}

/** Go-compatible JSON text of any object: Buffers/Uint8Arrays as padded standard base64, bigints
 *  as bare numbers with exact digits, undefined members omitted, keys in the object's order. */
export function encodeJson(value: object): string {
  return writeAny(value) ?? 'null';
}

function writeStruct(s: Schema, o: Record<string, unknown>): string {
  let out = '{';
  let sep = '';
  for (const f of s.fields) {
    let v = o[f.name];
    if (v === undefined || v === null) {
      if (f.zero === undefined) continue;
      v = f.zero;
    }
    out += sep + f.quoted + writeField(f, v);
    sep = ',';
  }
  return out + '}';
}

function writeField(f: Field, v: unknown): string {
  switch (f.kind) {
    case 'struct':
      return writeStruct(f.sub!, v as Record<string, unknown>);
    case 'structList': {
      const a = v as unknown[];
      let s = '[';
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        s += (i === 0 ? '' : ',') + (x == null ? 'null' : writeStruct(f.sub!, x as Record<string, unknown>));
      }
      return s + ']';
    }
    case 'structMap': {
      const m = v as Record<string, unknown>;
      let s = '{';
      let sep = '';
      for (const k of Object.keys(m)) {
        const x = m[k];
        if (x === undefined) continue;
        s += sep + quotedKey(k) + (x === null ? 'null' : writeStruct(f.sub!, x as Record<string, unknown>));
        sep = ',';
      }
      return s + '}';
    }
    default:
      return writeAny(v) ?? 'null';
  }
}

type Encodable<T> = T | Readonly<T>;

export function encodeMessage(m: Encodable<TimMessage>): string {
  return writeStruct(MESSAGE_SCHEMA, m as unknown as Record<string, unknown>);
}

export function encodeAck(a: Encodable<TimAck>): string {
  return writeStruct(ACK_SCHEMA, a as unknown as Record<string, unknown>);
}

export function encodePresence(p: Encodable<TimPresence>): string {
  return writeStruct(PRESENCE_SCHEMA, p as unknown as Record<string, unknown>);
}

export function encodeNodes(n: Encodable<TimNodes>): string {
  return writeStruct(NODES_SCHEMA, n as unknown as Record<string, unknown>);
}

export function encodeMessageList(l: Encodable<TimMessageList>): string {
  return writeStruct(MESSAGE_LIST_SCHEMA, l as unknown as Record<string, unknown>);
}

export function encodeStream(s: Encodable<TimStream>): string {
  return writeStruct(STREAM_SCHEMA, s as unknown as Record<string, unknown>);
}

export function encodeTid(t: Encodable<Tid>): string {
  return writeStruct(TID_SCHEMA, t as unknown as Record<string, unknown>);
}

/** Client->server bodies. */
export function encodeAuth(a: Encodable<TimAuth>): string {
  return writeStruct(AUTH_SCHEMA, a as unknown as Record<string, unknown>);
}

export function encodeReq(r: Encodable<TimReq>): string {
  return writeStruct(REQ_SCHEMA, r as unknown as Record<string, unknown>);
}

export type AckExtra = Partial<Omit<TimAck, 'ok' | 'timType'>>;

/** JSON of `TimAck{ok, timType, ...extra}` in Go field order. */
export function ackJson(ok: boolean, timType: number, extra?: AckExtra): string {
  return writeStruct(ACK_SCHEMA, { ...extra, ok, timType });
}

/** JSON of an error ack: `{"ok":false,"timType":T,"error":{"code":C,"info":"<tim's text>"},...}`. */
export function errorAckJson(timType: number, code: ErrorCodeValue, extra?: Omit<AckExtra, 'error'>): string {
  return writeStruct(ACK_SCHEMA, { ...extra, ok: false, timType, error: { code, info: errorInfo(code) } });
}
