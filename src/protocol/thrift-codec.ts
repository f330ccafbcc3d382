// Thrift compact-protocol bodies of tim's structs (thrift/tim.thrift), read and written the way
// tim's generated Go stubs and Apache Thrift's TCompactProtocol do, over the same decoded objects
// as the JSON codec (wire-types.ts): one model, two encodings.
//
// Decoding contract (thriftDecode):
//  * the body is one struct, field headers up to its STOP byte; bytes after the STOP are ignored
//    (tim's readers stop there too, and atim sends its whole write buffer, zeros included);
//  * unknown field ids, and known ids on the wire with another type, are skipped, as the
//    generated readers do;
//  * a missing `required` field (tim's IDL), a truncated body, an invalid type nibble, an integer
//    outside its field's type, or a list/map whose element types are not the field's is
//    ProtocolError 4104;
//  * bounds, the JSON bounds of json-bounds.ts in Thrift terms: nesting of structs, lists and
//    maps deeper than MAX_JSON_DEPTH; more than MAX_JSON_ENTRIES list elements, map entries and
//    struct fields in all; more than MAX_JSON_OBJECT_ENTRIES map entries and struct fields; a
//    declared length or element count beyond the bytes left: ProtocolError 4104, before anything
//    is allocated for it;
//  * the object comes out as the JSON decoder builds it: fields in schema order, absent optional
//    fields omitted, `fill` fields defaulted, int64 as numbers except `big` fields (bigints),
//    binary fields as Buffers (copies), strings decoded as UTF-8 (invalid bytes become U+FFFD).
//
// Encoding (thriftEncode): fields in id order; optional fields only when present (not undefined
// or null); required fields always, their zero value when absent; bools in the field header as
// compact does; maps in the object's key order. It also takes a value as JSON.parse gives it from
// the JSON codec's text (thrift-frames.ts): binary fields as base64 strings, int64 fields as
// strings of digits.
//
// Pure, synchronous; one module-level scratch buffer for encoding (never held across calls).

import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import { setOwn } from './json-parse.js';
import { MAX_JSON_DEPTH, MAX_JSON_ENTRIES, MAX_JSON_OBJECT_ENTRIES } from './json-bounds.js';
import type { Field, Kind } from './json-schemas.js';
import { KIND_TYPE, type ThriftStruct } from './thrift-structs.js';

/** KIND_TYPE, as a module-local table for the hot loops. */
const KIND_C: Record<Kind, number> = { ...KIND_TYPE };

export const MAX_THRIFT_DEPTH = MAX_JSON_DEPTH;

// The compact type nibbles (thrift-structs.ts CT), as module constants for the hot loops.
const C_STOP = 0;
const C_BOOL_TRUE = 1;
const C_BOOL_FALSE = 2;
const C_BYTE = 3;
const C_I16 = 4;
const C_I32 = 5;
const C_I64 = 6;
const C_DOUBLE = 7;
const C_BINARY = 8;
const C_LIST = 9;
const C_SET = 10;
const C_MAP = 11;
const C_STRUCT = 12;

// ---------------------------------------------------------------------------------------------
// Encoding

const SCRATCH_KEEP = 64 * 1024;
let out = Buffer.allocUnsafe(SCRATCH_KEEP);
let pos = 0;

function ensure(n: number): void {
  if (pos + n <= out.length) return;
  let size = out.length * 2;
  while (size < pos + n) size *= 2;
  const bigger = Buffer.allocUnsafe(size);
  out.copy(bigger, 0, 0, pos);
  out = bigger;
}

/** 8 bytes for turning two 32-bit halves into a bigint (decoding an int64 beyond 2^53). */
const SCRATCH64 = Buffer.allocUnsafe(8);

/** Unsigned varint of the 64 bits hi:lo (both uint32). */
function writeVar64(hi: number, lo: number): void {
  ensure(10);
  while (hi !== 0 || lo >= 0x80) {
    out[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  out[pos++] = lo;
}

/** Unsigned varint of a uint32. */
function writeVar32(u: number): void {
  ensure(5);
  while (u >= 0x80) {
    out[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  out[pos++] = u;
}

/** Unsigned varint of a non-negative integer below 2^53. */
function writeVarNum(u: number): void {
  if (u <= 0xffffffff) writeVar32(u);
  else writeVar64(Math.floor(u / 0x100000000), u >>> 0);
}

/** Zigzag varint of the int64 whose halves are hi (int32) and lo (uint32). */
function writeZigzagHalves(hi: number, lo: number): void {
  const sign = hi >> 31;
  writeVar64((((hi << 1) | (lo >>> 31)) ^ sign) >>> 0, ((lo << 1) ^ sign) >>> 0);
}

const TWO_52 = 2 ** 52;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function writeZigzag64(v: number | bigint): void {
  if (typeof v === 'number') {
    if (v > -TWO_52 && v < TWO_52 && Number.isInteger(v)) {
      writeVarNum(v >= 0 ? v * 2 : -v * 2 - 1);
      return;
    }
    v = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  }
  if (v < INT64_MIN || v > INT64_MAX) v = BigInt.asIntN(64, v);
  writeZigzagHalves(Number(v >> 32n), Number(v & 0xffffffffn));
}

function writeZigzag32(v: number): void {
  writeVar32(((v << 1) ^ (v >> 31)) >>> 0);
}

function writeByte(b: number): void {
  ensure(1);
  out[pos++] = b;
}

/** Node's Buffer has utf8Write (what buf.write(s, offset, 'utf8') calls after checking its
 *  arguments); @types/node does not declare it. */
interface FastBuffer extends Buffer {
  utf8Write(s: string, offset: number, length?: number): number;
}

function writeString(s: string): void {
  const n = s.length;
  if (n < 43) {
    // at most 126 UTF-8 bytes: the length is one varint byte, written once the text is
    ensure(1 + n * 3);
    const w = n === 0 ? 0 : (out as FastBuffer).utf8Write(s, pos + 1);
    out[pos] = w;
    pos += 1 + w;
    return;
  }
  const len = Buffer.byteLength(s, 'utf8');
  writeVarNum(len);
  ensure(len);
  (out as FastBuffer).utf8Write(s, pos, len);
  pos += len;
}

function writeBinary(b: Uint8Array): void {
  writeVarNum(b.length);
  ensure(b.length);
  out.set(b, pos);
  pos += b.length;
}

function writeCollectionHeader(size: number, elemType: number): void {
  if (size < 15) writeByte((size << 4) | elemType);
  else {
    writeByte(0xf0 | elemType);
    writeVarNum(size);
  }
}

function writeMapHeader(size: number, keyType: number, valueType: number): void {
  if (size === 0) writeByte(0);
  else {
    writeVarNum(size);
    writeByte((keyType << 4) | valueType);
  }
}

function writeFieldHeader(type: number, id: number, last: number): void {
  const delta = id - last;
  if (delta > 0 && delta <= 15) writeByte((delta << 4) | type);
  else {
    writeByte(type);
    writeZigzag32(id);
  }
}

function zeroOf(f: Field): unknown {
  if (f.zero !== undefined) return f.zero;
  switch (f.kind) {
    case 'str':
      return '';
    case 'bool':
      return false;
    case 'big':
      return 0n;
    default:
      return 0;
  }
}

function writeStruct(ts: ThriftStruct, o: Record<string, unknown>): void {
  const fields = ts.schema.fields;
  let last = 0;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let v = o[f.name];
    if (v === undefined || v === null) {
      if (!ts.required[i]) continue;
      v = zeroOf(f);
    }
    const id = ts.ids[i];
    if (f.kind === 'bool') {
      writeFieldHeader(v ? C_BOOL_TRUE : C_BOOL_FALSE, id, last);
    } else {
      writeFieldHeader(KIND_C[f.kind], id, last);
      writeValue(ts, i, f, v);
    }
    last = id;
  }
  writeByte(C_STOP);
}

function writeValue(ts: ThriftStruct, i: number, f: Field, v: unknown): void {
  switch (f.kind) {
    case 'str':
      writeString(String(v));
      return;
    case 'bytes':
      writeBinary(typeof v === 'string' ? Buffer.from(v, 'base64') : (v as Uint8Array));
      return;
    case 'i8':
      writeByte((v as number) & 0xff);
      return;
    case 'i16':
    case 'i32':
      writeZigzag32((v as number) | 0);
      return;
    case 'i64':
    case 'big':
      writeZigzag64(typeof v === 'string' ? BigInt(v) : (v as number | bigint));
      return;
    case 'strList': {
      const a = v as unknown[];
      writeCollectionHeader(a.length, C_BINARY);
      for (const x of a) writeString(x == null ? '' : String(x));
      return;
    }
    case 'structList': {
      const a = (v as unknown[]).filter((x) => x != null);
      writeCollectionHeader(a.length, C_STRUCT);
      for (const x of a) writeStruct(ts.subs[i]!, x as Record<string, unknown>);
      return;
    }
    case 'strMap':
    case 'bytesMap':
    case 'structMap': {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).filter((k) => m[k] !== undefined && !(f.kind === 'structMap' && m[k] === null));
      writeMapHeader(keys.length, C_BINARY, f.kind === 'structMap' ? C_STRUCT : C_BINARY);
      for (const k of keys) {
        writeString(k);
        const x = m[k];
        if (f.kind === 'strMap') writeString(x == null ? '' : String(x));
        else if (f.kind === 'bytesMap') writeBinary(x == null ? EMPTY : typeof x === 'string' ? Buffer.from(x, 'base64') : (x as Uint8Array));
        else writeStruct(ts.subs[i]!, x as Record<string, unknown>);
      }
      return;
    }
    case 'struct':
      writeStruct(ts.subs[i]!, v as Record<string, unknown>);
      return;
    case 'bool':
      return; // in the field header
  }
}

const EMPTY = new Uint8Array(0);

/** Writes `header` bytes of room (left for the caller to fill) and the compact body of `value`
 *  as struct `ts`, in one fresh Buffer. */
export function thriftEncodeWithHeader(ts: ThriftStruct, value: object, header: number): Buffer {
  pos = 0;
  ensure(header);
  pos = header;
  try {
    writeStruct(ts, value as Record<string, unknown>);
    const result = Buffer.allocUnsafe(pos);
    out.copy(result, header, header, pos);
    return result;
  } finally {
    pos = 0;
    if (out.length > SCRATCH_KEEP * 16) out = Buffer.allocUnsafe(SCRATCH_KEEP);
  }
}

/** The compact body of `value` as struct `ts`. */
export function thriftEncode(ts: ThriftStruct, value: object): Buffer {
  return thriftEncodeWithHeader(ts, value, 0);
}

// ---------------------------------------------------------------------------------------------
// Decoding

function bad(what: string): ProtocolError {
  return new ProtocolError(ErrorCode.PARAMS, `thrift: ${what}`);
}

class Reader {
  pos = 0;
  entries = 0;
  objectEntries = 0;

  constructor(
    readonly buf: Buffer,
    readonly end: number,
  ) {}

  byte(): number {
    if (this.pos >= this.end) throw bad('body ends early');
    return this.buf[this.pos++];
  }

  /** Unsigned varint of at most 5 bytes, as a uint32. */
  var32(): number {
    let r = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      r += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (r > 0xffffffff) throw bad('varint beyond 32 bits');
        return r;
      }
    }
    throw bad('varint longer than 5 bytes');
  }

  zigzag32(): number {
    const u = this.var32();
    return (u >>> 1) ^ -(u & 1);
  }

  /** A zigzag varint of at most 10 bytes: a number when below 2^53 in magnitude, else a bigint. */
  zigzag64(): number | bigint {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 63) throw bad('varint longer than 10 bytes');
      const b = this.byte();
      const bits = b & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if (b < 0x80) break;
    }
    // undo the zigzag on the two halves
    const sign = -(lo & 1);
    const vlo = (((lo >>> 1) | (hi << 31)) ^ sign) >>> 0;
    const vhi = ((hi >>> 1) ^ sign) | 0;
    if (vhi >= -0x200000 && vhi < 0x200000) return vhi * 0x100000000 + vlo;
    SCRATCH64.writeInt32BE(vhi, 0);
    SCRATCH64.writeUInt32BE(vlo, 4);
    return SCRATCH64.readBigInt64BE(0);
  }

  /** A length or count that must fit in the bytes left, each item taking at least `min` bytes. */
  size(min: number): number {
    const n = this.var32();
    if (n * min > this.end - this.pos) throw bad(`length ${n} beyond the body`);
    return n;
  }

  string(): string {
    const n = this.size(1);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  binary(): Buffer {
    const n = this.size(1);
    const b = Buffer.allocUnsafe(n);
    this.buf.copy(b, 0, this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  count(n: number, object: boolean): void {
    this.entries += n;
    if (this.entries > MAX_JSON_ENTRIES) throw bad(`more than ${MAX_JSON_ENTRIES} list elements, map entries and fields`);
    if (object) {
      this.objectEntries += n;
      if (this.objectEntries > MAX_JSON_OBJECT_ENTRIES) throw bad(`more than ${MAX_JSON_OBJECT_ENTRIES} map entries and fields`);
    }
  }

  /** List header: element type and count. */
  list(): { type: number; n: number } {
    const h = this.byte();
    const type = h & 0x0f;
    let n = h >> 4;
    if (n === 15) n = this.size(1);
    else if (n > this.end - this.pos) throw bad(`length ${n} beyond the body`);
    this.count(n, false);
    return { type, n };
  }

  /** Map header: key and value types and count. */
  map(): { keyType: number; valueType: number; n: number } {
    const n = this.size(2);
    this.count(n, true);
    if (n === 0) return { keyType: 0, valueType: 0, n };
    const kv = this.byte();
    return { keyType: kv >> 4, valueType: kv & 0x0f, n };
  }

  skip(type: number, depth: number): void {
    switch (type) {
      case C_BOOL_TRUE:
      case C_BOOL_FALSE:
        return;
      case C_BYTE:
        this.byte();
        return;
      case C_I16:
      case C_I32:
        this.var32();
        return;
      case C_I64:
        this.zigzag64();
        return;
      case C_DOUBLE:
        if (this.end - this.pos < 8) throw bad('body ends early');
        this.pos += 8;
        return;
      case C_BINARY: {
        const n = this.size(1);
        this.pos += n;
        return;
      }
      case C_LIST:
      case C_SET: {
        if (depth >= MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
        const { type: et, n } = this.list();
        // a bool element is one byte in a collection
        for (let i = 0; i < n; i++) this.skip(et === C_BOOL_TRUE || et === C_BOOL_FALSE ? C_BYTE : et, depth + 1);
        return;
      }
      case C_MAP: {
        if (depth >= MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
        const { keyType, valueType, n } = this.map();
        const k = keyType === C_BOOL_TRUE || keyType === C_BOOL_FALSE ? C_BYTE : keyType;
        const v = valueType === C_BOOL_TRUE || valueType === C_BOOL_FALSE ? C_BYTE : valueType;
        for (let i = 0; i < n; i++) {
          this.skip(k, depth + 1);
          this.skip(v, depth + 1);
        }
        return;
      }
      case C_STRUCT:
        this.skipStruct(depth + 1);
        return;
      default:
        throw bad(`invalid type ${type}`);
    }
  }

  skipStruct(depth: number): void {
    if (depth > MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
    for (;;) {
      const h = this.byte();
      if (h === C_STOP) return;
      if ((h >> 4) === 0) this.zigzag32();
      this.count(1, true);
      this.skip(h & 0x0f, depth);
    }
  }
}

/** Does a field of `kind` take a value of wire type `type`? */
function matches(kind: Kind, type: number): boolean {
  if (kind === 'bool') return type === C_BOOL_TRUE || type === C_BOOL_FALSE;
  return KIND_C[kind] === type;
}

const I16_MIN = -0x8000;
const I16_MAX = 0x7fff;
const INT64_MAX_DOUBLE = 2 ** 63 - 1024;

function readValue(r: Reader, ts: ThriftStruct, i: number, f: Field, type: number, depth: number): unknown {
  switch (f.kind) {
    case 'str':
      return r.string();
    case 'bytes':
      return r.binary();
    case 'bool':
      return type === C_BOOL_TRUE;
    case 'i8':
      return (r.byte() << 24) >> 24;
    case 'i16': {
      const v = r.zigzag32();
      if (v < I16_MIN || v > I16_MAX) throw bad(`${ts.schema.name}.${f.name}: ${v} is not an int16`);
      return v;
    }
    case 'i32':
      return r.zigzag32();
    case 'i64': {
      const v = r.zigzag64();
      return typeof v === 'number' ? v : Math.max(-INT64_MAX_DOUBLE, Math.min(Number(v), INT64_MAX_DOUBLE));
    }
    case 'big':
      return BigInt(r.zigzag64());
    case 'strList': {
      if (depth >= MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
      const { type: et, n } = r.list();
      if (n > 0 && et !== C_BINARY) throw bad(`${ts.schema.name}.${f.name}: expected a list of strings`);
      const a = new Array<string>(n);
      for (let k = 0; k < n; k++) a[k] = r.string();
      return a;
    }
    case 'structList': {
      if (depth >= MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
      const { type: et, n } = r.list();
      if (n > 0 && et !== C_STRUCT) throw bad(`${ts.schema.name}.${f.name}: expected a list of ${f.sub!.name}`);
      const a = new Array<unknown>(n);
      for (let k = 0; k < n; k++) a[k] = readStruct(r, ts.subs[i]!, depth + 1);
      return a;
    }
    case 'strMap':
    case 'bytesMap':
    case 'structMap': {
      if (depth >= MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
      const { keyType, valueType, n } = r.map();
      const want = f.kind === 'structMap' ? C_STRUCT : C_BINARY;
      if (n > 0 && (keyType !== C_BINARY || valueType !== want)) throw bad(`${ts.schema.name}.${f.name}: map of the wrong types`);
      const m: Record<string, unknown> = {};
      for (let k = 0; k < n; k++) {
        const key = r.string();
        const v = f.kind === 'strMap' ? r.string() : f.kind === 'bytesMap' ? r.binary() : readStruct(r, ts.subs[i]!, depth + 1);
        setOwn(m, key, v);
      }
      return m;
    }
    case 'struct':
      return readStruct(r, ts.subs[i]!, depth + 1);
  }
}

/** An `intText` string field sent as an integer (TimAuth.token: older tim clients declare the
 *  token i64): its decimal text, as the JSON codec reads a numeric token. Negative is 4104. */
function intAsText(r: Reader, ts: ThriftStruct, f: Field, type: number): string {
  const v = type === C_I64 ? r.zigzag64() : r.zigzag32();
  if (v < 0) throw bad(`${ts.schema.name}.${f.name}: ${v} is negative`);
  return String(v);
}

function readStruct(r: Reader, ts: ThriftStruct, depth: number): Record<string, unknown> {
  if (depth > MAX_THRIFT_DEPTH) throw bad(`nested deeper than ${MAX_THRIFT_DEPTH} levels`);
  const fields = ts.schema.fields;
  const vals: unknown[] = new Array(fields.length);
  let seen = 0;
  let last = 0;
  for (;;) {
    const h = r.byte();
    if (h === C_STOP) break;
    const type = h & 0x0f;
    const delta = h >> 4;
    const id = delta === 0 ? r.zigzag32() : last + delta;
    last = id;
    r.count(1, true);
    const i = id > 0 && id < ts.byId.length ? ts.byId[id] : undefined;
    if (i === undefined || !matches(fields[i].kind, type)) {
      if (i !== undefined && fields[i].intText && (type === C_I64 || type === C_I32)) {
        vals[i] = intAsText(r, ts, fields[i], type);
        seen |= 1 << i;
        continue;
      }
      r.skip(type, depth);
      continue;
    }
    vals[i] = readValue(r, ts, i, fields[i], type, depth);
    seen |= 1 << i;
  }
  if ((seen & ts.requiredMask) !== ts.requiredMask) {
    const missing = fields.find((_, i) => ts.required[i] && (seen & (1 << i)) === 0)!;
    throw bad(`${ts.schema.name}.${missing.name}: required`);
  }
  const o: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const v = vals[i];
    if (v !== undefined) o[f.name] = v;
    else if (f.fill) o[f.name] = f.zero;
  }
  return o;
}

/** The struct `ts` read from a compact body (see the contract above). */
export function thriftDecode<T = Record<string, unknown>>(ts: ThriftStruct, body: Uint8Array): T {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return readStruct(new Reader(buf, buf.length), ts, 1) as T;
}
