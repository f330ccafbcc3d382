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

// ---------------------------------------------------------------------------------------------
// Bytes and base64 (Buffer when available, a table implementation otherwise)

const HAS_BUFFER = typeof Buffer === 'function';
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Encode(b: Uint8Array): string {
  if (HAS_BUFFER) {
    return (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('base64');
  }
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += B64_ALPHABET[n >> 18] + B64_ALPHABET[(n >> 12) & 63] + B64_ALPHABET[(n >> 6) & 63] + B64_ALPHABET[n & 63];
  }
  if (i < b.length) {
    const n = (b[i] << 16) | ((i + 1 < b.length ? b[i + 1] : 0) << 8);
    s += B64_ALPHABET[n >> 18] + B64_ALPHABET[(n >> 12) & 63];
    s += i + 1 < b.length ? B64_ALPHABET[(n >> 6) & 63] + '=' : '==';
  }
  return s;
}

/** Decodes an already validated base64 string. */
function base64DecodeValid(s: string): Buffer {
  if (HAS_BUFFER) return Buffer.from(s, 'base64');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      (B64_ALPHABET.indexOf(s[i]) << 18) |
      (B64_ALPHABET.indexOf(s[i + 1]) << 12) |
      ((s[i + 2] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 2])) << 6) |
      (s[i + 3] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 3]));
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out as Buffer;
}

function bytesOf(values: number[]): Buffer {
  return HAS_BUFFER ? Buffer.from(values) : (Uint8Array.from(values) as Buffer);
}

const EMPTY_BYTES: () => Buffer = () => (HAS_BUFFER ? Buffer.alloc(0) : (new Uint8Array(0) as Buffer));

// ---------------------------------------------------------------------------------------------
// Parsing

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** A run this long may be an integer that JSON.parse would round; take the exact parser. */
const LONG_DIGITS = /\d{16}/;

function formatError(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.FORMAT, message);
}

/** Parses JSON text like JSON.parse, except that integer literals outside ±(2^53-1) become
 *  bigints (exactly). Throws SyntaxError on malformed text. */
export function parseJsonExact(text: string): unknown {
  return new ExactParser(text).parse();
}

/** Parses a frame body as JSON (an empty body is `{}`); integer literals beyond 2^53 come back as
 *  exact bigints. Throws ProtocolError 4113 for invalid UTF-8 or malformed JSON. */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw formatError('body is not valid UTF-8');
  }
  return parseJsonText(text);
}

/** As parseJsonBody, for text already decoded. */
export function parseJsonText(text: string): unknown {
  try {
    return LONG_DIGITS.test(text) ? parseJsonExact(text) : JSON.parse(text);
  } catch (err) {
    // SyntaxError from either parser; RangeError when nesting exhausts the stack.
    throw formatError(`undecodable JSON: ${(err as Error).message}`);
  }
}

const INTEGER_LITERAL = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class ExactParser {
  private i = 0;

  constructor(private readonly s: string) {}

  parse(): unknown {
    const v = this.value();
    this.skipWs();
    if (this.i !== this.s.length) this.fail('unexpected trailing data');
    return v;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }

  private skipWs(): void {
    const s = this.s;
    let i = this.i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.i = i;
  }

  private literal(word: string, v: unknown): unknown {
    if (!this.s.startsWith(word, this.i)) this.fail('unexpected token');
    this.i += word.length;
    return v;
  }

  private value(): unknown {
    this.skipWs();
    const c = this.s.charCodeAt(this.i);
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail(Number.isNaN(c) ? 'unexpected end' : 'unexpected token');
    }
  }

  private object(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return o;
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x22) this.fail('expected a key');
      const k = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x3a) this.fail("expected ':'");
      this.i++;
      setOwn(o, k, this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x7d) return o;
      if (c !== 0x2c) this.fail("expected ',' or '}'");
    }
  }

  private array(): unknown[] {
    const a: unknown[] = [];
    this.i++;
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x5d) return a;
      if (c !== 0x2c) this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const s = this.s;
    let i = ++this.i;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        this.i = i + 1;
        return out + s.slice(start, i);
      }
      if (c < 0x20) {
        this.i = i;
        this.fail('control character in string');
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(start, i);
      const e = s[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.i = i;
            this.fail('bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.i = i;
          this.fail('bad escape');
      }
      i += 2;
      start = i;
    }
  }

  private number(): number | bigint {
    INTEGER_LITERAL.lastIndex = this.i;
    const m = INTEGER_LITERAL.exec(this.s);
    if (m === null) return this.fail('bad number');
    this.i = INTEGER_LITERAL.lastIndex;
    const lit = m[0];
    if (m[1] !== undefined || m[2] !== undefined || lit.length < 16) return Number(lit);
    const n = BigInt(lit);
    return n >= -MAX_SAFE_BIG && n <= MAX_SAFE_BIG ? Number(n) : n;
  }
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Sets an own enumerable property, also for the key `__proto__` (which assignment would treat as
 *  the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

// ---------------------------------------------------------------------------------------------
// Struct schemas (field names, Go types and order from protocol.md section 3)

type Kind =
  | 'str'
  | 'bool'
  | 'i8'
  | 'i16'
  | 'i32'
  | 'i64'
  /** int64 held as an exact bigint (timestamp, createtime) */
  | 'big'
  | 'bytes'
  | 'strMap'
  | 'bytesMap'
  | 'strList'
  | 'struct'
  | 'structList'
  | 'structMap';

interface FieldDef {
  name: string;
  kind: Kind;
  sub?: Schema;
  /** Missing (or null) on input is ProtocolError 4104. */
  required?: boolean;
  /** Go non-pointer field: its zero value, emitted by the typed encoders when absent. */
  zero?: unknown;
  /** Also fill `zero` in when decoding (the TS type declares the field mandatory). */
  fill?: boolean;
}

interface Field extends FieldDef {
  /** `"name":`, precomputed for the encoder */
  readonly quoted: string;
}

interface Schema {
  readonly name: string;
  readonly fields: readonly Field[];
  /** exact and lower-cased wire names -> field index */
  readonly byKey: ReadonlyMap<string, number>;
}

function schema(name: string, defs: FieldDef[]): Schema {
  const fields = defs.map((d) => ({ ...d, quoted: JSON.stringify(d.name) + ':' }));
  const byKey = new Map<string, number>();
  fields.forEach((f, i) => {
    byKey.set(f.name.toLowerCase(), i);
    byKey.set(f.name, i);
  });
  return { name, fields, byKey };
}

const STR_MAP = { kind: 'strMap' } as const;
const BYTES_MAP = { kind: 'bytesMap' } as const;

const ERROR_SCHEMA = schema('TimError', [
  { name: 'code', kind: 'i32', zero: 0, fill: true },
  { name: 'info', kind: 'str', zero: '', fill: true },
]);

const TID_SCHEMA = schema('Tid', [
  { name: 'node', kind: 'str', zero: '', fill: true },
  { name: 'domain', kind: 'str' },
  { name: 'resource', kind: 'str' },
  { name: 'termtyp', kind: 'i8' },
  { name: 'extend', ...STR_MAP },
]);

const ACK_SCHEMA = schema('TimAck', [
  { name: 'ok', kind: 'bool', zero: false, fill: true },
  { name: 'timType', kind: 'i8', zero: 0, fill: true },
  { name: 'error', kind: 'struct', sub: ERROR_SCHEMA },
  { name: 't', kind: 'i64' },
  { name: 'n', kind: 'str' },
  { name: 't2', kind: 'i64' },
  { name: 'n2', kind: 'str' },
]);

const AUTH_SCHEMA = schema('TimAuth', [
  { name: 'name', kind: 'str' },
  { name: 'pwd', kind: 'str' },
  { name: 'domain', kind: 'str' },
  { name: 'resource', kind: 'str' },
  { name: 'termtyp', kind: 'i8' },
  { name: 'token', kind: 'str' },
  { name: 'extend', ...STR_MAP },
]);

const REQ_SCHEMA = schema('TimReq', [
  { name: 'rtype', kind: 'i32' },
  { name: 'node', kind: 'str' },
  { name: 'node2', kind: 'str' },
  { name: 'reqInt', kind: 'i64' },
  { name: 'reqInt2', kind: 'i64' },
  { name: 'reqStr', kind: 'str' },
  { name: 'reqStr2', kind: 'str' },
]);

const MESSAGE_SCHEMA = schema('TimMessage', [
  { name: 'msType', kind: 'i8', required: true, zero: 0 },
  { name: 'odType', kind: 'i8', required: true, zero: 0 },
  { name: 'id', kind: 'i64' },
  { name: 'mid', kind: 'i64' },
  { name: 'bnType', kind: 'i32' },
  { name: 'fromTid', kind: 'struct', sub: TID_SCHEMA },
  { name: 'toTid', kind: 'struct', sub: TID_SCHEMA },
  { name: 'roomTid', kind: 'struct', sub: TID_SCHEMA },
  { name: 'dataBinary', kind: 'bytes' },
  { name: 'dataString', kind: 'str' },
  { name: 'isOffline', kind: 'bool' },
  { name: 'timestamp', kind: 'big' },
  { name: 'udtype', kind: 'i16' },
  { name: 'udshow', kind: 'i16' },
  { name: 'extend', ...STR_MAP },
  { name: 'extra', ...BYTES_MAP },
  { name: 'ToList', kind: 'strList' },
]);

const PRESENCE_SCHEMA = schema('TimPresence', [
  { name: 'id', kind: 'i64' },
  { name: 'offline', kind: 'bool' },
  { name: 'subStatus', kind: 'i8' },
  { name: 'fromTid', kind: 'struct', sub: TID_SCHEMA },
  { name: 'toTid', kind: 'struct', sub: TID_SCHEMA },
  { name: 'toList', kind: 'strList' },
  { name: 'show', kind: 'i16' },
  { name: 'status', kind: 'str' },
  { name: 'extend', ...STR_MAP },
  { name: 'extra', ...BYTES_MAP },
]);

const STREAM_SCHEMA = schema('TimStream', [
  { name: 'id', kind: 'i64', zero: 0 },
  { name: 'VNode', kind: 'str', zero: '', fill: true },
  { name: 'dtype', kind: 'i8' },
  { name: 'body', kind: 'bytes' },
  { name: 'fromNode', kind: 'str', zero: '' },
]);

const USER_BEAN_SCHEMA = schema('TimUserBean', [
  { name: 'name', kind: 'str' },
  { name: 'nickName', kind: 'str' },
  { name: 'brithday', kind: 'str' },
  { name: 'gender', kind: 'i8' },
  { name: 'cover', kind: 'str' },
  { name: 'area', kind: 'str' },
  { name: 'createtime', kind: 'big' },
  { name: 'photoTidAlbum', kind: 'strList' },
  { name: 'extend', ...STR_MAP },
  { name: 'extra', ...BYTES_MAP },
]);

const ROOM_BEAN_SCHEMA = schema('TimRoomBean', [
  { name: 'founder', kind: 'str' },
  { name: 'managers', kind: 'strList' },
  { name: 'cover', kind: 'str' },
  { name: 'topic', kind: 'str' },
  { name: 'label', kind: 'str' },
  { name: 'gtype', kind: 'i8' },
  { name: 'kind', kind: 'i64' },
  { name: 'createtime', kind: 'big' },
  { name: 'extend', ...STR_MAP },
  { name: 'extra', ...BYTES_MAP },
]);

const NODES_SCHEMA = schema('TimNodes', [
  { name: 'ntype', kind: 'i32', zero: 0, fill: true },
  { name: 'nodelist', kind: 'strList' },
  { name: 'usermap', kind: 'structMap', sub: USER_BEAN_SCHEMA },
  { name: 'roommap', kind: 'structMap', sub: ROOM_BEAN_SCHEMA },
  { name: 'node', kind: 'str' },
]);

const MESSAGE_LIST_SCHEMA = schema('TimMessageList', [
  { name: 'id', kind: 'i64' },
  { name: 'messageList', kind: 'structList', sub: MESSAGE_SCHEMA },
]);

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
