// The Thrift-compact codec (src/protocol/thrift-codec.ts) against bytes written by Apache Thrift's
// own TCompactProtocol (the `thrift` package), field by field as tim's generated Go writers do:
// ids, types and required fields transcribed below from tim's stub definitions (the `thrift:"name,
// id[,required]"` tags and the write calls of stub/stub.go), independently of the project's tables.
// Plus hand-derived hex, the decoder's bounds and refusals, and the frame conversion of the edge.

import fc from 'fast-check';
import thrift from 'thrift';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeFrame, encodeReliableFrame } from '../../src/protocol/frame-codec.js';
import { decodeAuth, decodeMessage, decodeNodes, decodePresence, decodeReq, decodeStream, encodeMessage } from '../../src/protocol/json-codec.js';
import { MAX_JSON_ENTRIES, MAX_JSON_OBJECT_ENTRIES } from '../../src/protocol/json-bounds.js';
import { thriftDecode, thriftEncode } from '../../src/protocol/thrift-codec.js';
import { clientFrameToJson, serverFrameToThrift } from '../../src/protocol/thrift-frames.js';
import {
  T_ACK,
  T_AUTH,
  T_MESSAGE,
  T_MESSAGE_LIST,
  T_NODES,
  T_PRESENCE,
  T_REQ,
  T_STREAM,
  T_TID,
  type ThriftStruct,
} from '../../src/protocol/thrift-structs.js';
import { TimType } from '../../src/protocol/timtype.js';
import { codeOf } from '../helpers/protocol-error.js';
import * as arb from '../helpers/wire-arbitraries.js';

// ---------------------------------------------------------------------------------------------
// tim's stub definitions, transcribed: [name, id, type, required]

type StubType = 'bool' | 'byte' | 'i16' | 'i32' | 'i64' | 'string' | 'binary' | 'list<string>' | 'map<string,string>' | 'map<string,binary>' | `struct:${string}` | `list<struct:${string}>` | `map<string,struct:${string}>`;
type StubField = [string, number, StubType, boolean?];

const STUB: Record<string, StubField[]> = {
  TimError: [['code', 1, 'i32'], ['info', 2, 'string']],
  TimAck: [['ok', 1, 'bool', true], ['timType', 2, 'byte', true], ['error', 3, 'struct:TimError'], ['t', 4, 'i64'], ['n', 5, 'string'], ['t2', 6, 'i64'], ['n2', 7, 'string']],
  TimReq: [['rtype', 1, 'i32'], ['node', 2, 'string'], ['node2', 3, 'string'], ['reqInt', 4, 'i64'], ['reqInt2', 5, 'i64'], ['reqStr', 6, 'string'], ['reqStr2', 7, 'string']],
  Tid: [['node', 1, 'string', true], ['domain', 2, 'string'], ['resource', 3, 'string'], ['termtyp', 4, 'byte'], ['extend', 5, 'map<string,string>']],
  TimUserBean: [
    ['name', 1, 'string'], ['nickName', 2, 'string'], ['brithday', 4, 'string'], ['gender', 5, 'byte'], ['cover', 6, 'string'], ['area', 7, 'string'],
    ['createtime', 8, 'i64'], ['photoTidAlbum', 9, 'list<string>'], ['extend', 10, 'map<string,string>'], ['extra', 11, 'map<string,binary>'],
  ],
  TimRoomBean: [
    ['founder', 1, 'string'], ['managers', 2, 'list<string>'], ['cover', 3, 'string'], ['topic', 4, 'string'], ['label', 5, 'string'], ['gtype', 6, 'byte'],
    ['kind', 7, 'i64'], ['createtime', 8, 'i64'], ['extend', 9, 'map<string,string>'], ['extra', 10, 'map<string,binary>'],
  ],
  TimAuth: [['name', 1, 'string'], ['pwd', 2, 'string'], ['domain', 3, 'string'], ['resource', 4, 'string'], ['termtyp', 5, 'byte'], ['token', 6, 'string'], ['extend', 7, 'map<string,string>']],
  TimPresence: [
    ['id', 1, 'i64'], ['offline', 2, 'bool'], ['subStatus', 3, 'byte'], ['fromTid', 4, 'struct:Tid'], ['toTid', 5, 'struct:Tid'], ['toList', 6, 'list<string>'],
    ['show', 7, 'i16'], ['status', 8, 'string'], ['extend', 9, 'map<string,string>'], ['extra', 10, 'map<string,binary>'],
  ],
  TimMessage: [
    ['msType', 1, 'byte', true], ['odType', 2, 'byte', true], ['id', 3, 'i64'], ['mid', 4, 'i64'], ['bnType', 5, 'i32'], ['fromTid', 6, 'struct:Tid'],
    ['toTid', 7, 'struct:Tid'], ['roomTid', 8, 'struct:Tid'], ['dataBinary', 9, 'binary'], ['dataString', 10, 'string'], ['isOffline', 11, 'bool'],
    ['timestamp', 12, 'i64'], ['udtype', 13, 'i16'], ['udshow', 14, 'i16'], ['extend', 15, 'map<string,string>'], ['extra', 16, 'map<string,binary>'],
    ['ToList', 17, 'list<string>'],
  ],
  TimStream: [['id', 1, 'i64', true], ['VNode', 2, 'string', true], ['dtype', 3, 'byte'], ['body', 4, 'binary'], ['fromNode', 5, 'string', true]],
  TimNodes: [['ntype', 1, 'i32', true], ['nodelist', 2, 'list<string>'], ['usermap', 3, 'map<string,struct:TimUserBean>'], ['roommap', 4, 'map<string,struct:TimRoomBean>'], ['node', 5, 'string']],
  TimMessageList: [['id', 1, 'i64'], ['messageList', 2, 'list<struct:TimMessage>']],
};

// ---------------------------------------------------------------------------------------------
// The reference writer: Apache Thrift's TCompactProtocol, driven by the transcription above.

const lib = thrift as unknown as {
  TCompactProtocol: new (t: unknown) => thrift.TProtocol;
  TBufferedTransport: new (buf?: Buffer, cb?: (b: Buffer) => void) => thrift.TTransport;
  Thrift: typeof thrift.Thrift;
  Int64: new (hi: number, lo?: number) => unknown;
};
const TT = lib.Thrift.Type;

function int64(v: number | bigint): never {
  const b = BigInt.asUintN(64, BigInt(v));
  return new lib.Int64(Number(b >> 32n), Number(b & 0xffffffffn)) as never;
}

function zeroOf(t: StubType): unknown {
  return t === 'bool' ? false : t === 'string' ? '' : 0;
}

function ttypeOf(t: StubType): number {
  if (t === 'bool') return TT.BOOL;
  if (t === 'byte') return TT.BYTE;
  if (t === 'i16') return TT.I16;
  if (t === 'i32') return TT.I32;
  if (t === 'i64') return TT.I64;
  if (t === 'string' || t === 'binary') return TT.STRING;
  if (t.startsWith('struct:')) return TT.STRUCT;
  if (t.startsWith('list<')) return TT.LIST;
  return TT.MAP;
}

function libValue(p: thrift.TProtocol, t: StubType, v: unknown): void {
  if (t === 'bool') p.writeBool(v as boolean);
  else if (t === 'byte') p.writeByte(v as number);
  else if (t === 'i16') p.writeI16(v as number);
  else if (t === 'i32') p.writeI32(v as number);
  else if (t === 'i64') p.writeI64(int64(v as number | bigint));
  else if (t === 'string') p.writeString(v as string);
  else if (t === 'binary') p.writeBinary(v as Buffer);
  else if (t.startsWith('struct:')) libStruct(p, t.slice(7), v as Record<string, unknown>);
  else if (t === 'list<string>') {
    const a = v as string[];
    p.writeListBegin(TT.STRING, a.length);
    for (const x of a) p.writeString(x);
    p.writeListEnd();
  } else if (t.startsWith('list<struct:')) {
    const a = v as Record<string, unknown>[];
    p.writeListBegin(TT.STRUCT, a.length);
    for (const x of a) libStruct(p, t.slice(12, -1), x);
    p.writeListEnd();
  } else {
    const m = v as Record<string, unknown>;
    const keys = Object.keys(m);
    const vt = t.slice(11, -1) as StubType;
    p.writeMapBegin(TT.STRING, ttypeOf(vt), keys.length);
    for (const k of keys) {
      p.writeString(k);
      libValue(p, vt, m[k]);
    }
    p.writeMapEnd();
  }
}

function libStruct(p: thrift.TProtocol, name: string, o: Record<string, unknown>): void {
  p.writeStructBegin(name);
  for (const [field, id, t, required] of STUB[name]) {
    let v = o[field];
    if (v === undefined) {
      if (!required) continue;
      v = zeroOf(t);
    }
    p.writeFieldBegin(field, ttypeOf(t), id);
    libValue(p, t, v);
    p.writeFieldEnd();
  }
  p.writeFieldStop();
  p.writeStructEnd();
}

/** The compact bytes tim's stubs write for `o` as struct `name`. */
function libEncode(name: string, o: object): Buffer {
  let out: Buffer = Buffer.alloc(0);
  const tr = new lib.TBufferedTransport(undefined, (b) => (out = b));
  libStruct(new lib.TCompactProtocol(tr), name, o as Record<string, unknown>);
  tr.flush();
  return out;
}

const STRUCTS: [string, ThriftStruct, fc.Arbitrary<object>][] = [
  ['TimAck', T_ACK, arb.ack],
  ['TimMessage', T_MESSAGE, arb.message],
  ['TimPresence', T_PRESENCE, arb.presence],
  ['TimAuth', T_AUTH, arb.auth],
  ['TimReq', T_REQ, arb.req],
  ['TimStream', T_STREAM, arb.stream],
  ['TimNodes', T_NODES, arb.nodes],
  ['Tid', T_TID, arb.tid],
  ['TimMessageList', T_MESSAGE_LIST, fc.record({ id: arb.safeId, messageList: fc.array(arb.message, { maxLength: 3 }) }, { requiredKeys: [] })],
];

/** `v` with every string (and map key) as it comes back from UTF-8: lone surrogates become U+FFFD. */
function wellFormed(v: unknown): unknown {
  if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('utf8');
  if (Array.isArray(v)) return v.map(wellFormed);
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(o, wellFormed(k) as string, { value: wellFormed(x), enumerable: true, writable: true, configurable: true });
  return o;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const params = ErrorCode.PARAMS;

// ---------------------------------------------------------------------------------------------

describe('bytes as tim writes them', () => {
  it('hand-derived: the AUTH ok ack and an error ack', () => {
    // 0x11: field 1 (delta 1) bool true; 0x13 0x10: field 2 byte 16; 0x00: STOP
    expect(hex(thriftEncode(T_ACK, { ok: true, timType: 16 }))).toBe('11131000');
    // 0x12: field 1 bool false; 0x13 0x5a: timType 90; 0x1c: field 3 struct TimError {
    //   0x15 0x90 0x40: code 4104 (zigzag 8208); 0x18 0x13 + 19 bytes: info; 0x00 } 0x00
    expect(hex(thriftEncode(T_ACK, { ok: false, timType: 90, error: { code: 4104, info: 'parameter incorrect' } }))).toBe(
      '12135a1c159040' + '1813' + hex(Buffer.from('parameter incorrect')) + '00' + '00',
    );
  });

  it('hand-derived: TimUserBean skips id 3; a delta of 15 still fits the short header', () => {
    // 0x15 0x08: ntype 4; 0x2b: field 3 (delta 2) map; 0x01: one entry; 0x8c: string -> struct;
    // 0x01 'u'; { 0x18 0x01 'a': name; 0x38 0x01 'b': brithday, id 4 (delta 3); 0x00 } 0x00
    expect(hex(thriftEncode(T_NODES, { ntype: 4, usermap: { u: { name: 'a', brithday: 'b' } } }))).toBe('1508' + '2b018c' + '0175' + '180161' + '380162' + '00' + '00');
    // msType 2, odType 1; ToList (17) after odType (2): 0xf9 = delta 15, list; 0x08: empty, strings
    expect(hex(thriftEncode(T_MESSAGE, { msType: 2, odType: 1, ToList: [] }))).toBe('13021301' + 'f908' + '00');
  });

  it('reads the long field header (type, then the zigzag id) and ignores bytes after STOP', () => {
    // 0x09 0x22: list field, id 17 (zigzag 34); trailing zeros as atim's write buffer leaves them
    expect(thriftDecode(T_MESSAGE, Buffer.from('13021301' + '0922' + '1801' + '61' + '00' + '000000', 'hex'))).toEqual({ msType: 2, odType: 1, ToList: ['a'] });
  });

  it.each(STRUCTS)('%s: the codec writes what TCompactProtocol writes for arbitrary values', (name, ts, a) => {
    fc.assert(
      fc.property(a, (v) => {
        expect(hex(thriftEncode(ts, v))).toBe(hex(libEncode(name, v)));
      }),
      { seed: arb.fuzzSeed(), numRuns: 150 },
    );
  });

  it.each(STRUCTS)('%s: what TCompactProtocol writes decodes to the value (strings as UTF-8 has them)', (name, ts, a) => {
    fc.assert(
      fc.property(a, (v) => {
        expect(thriftDecode(ts, libEncode(name, v))).toEqual(wellFormed(v));
      }),
      { seed: arb.fuzzSeed(), numRuns: 150 },
    );
  });
});

describe('refusals and bounds (ProtocolError 4104, like the JSON bounds)', () => {
  const msg = thriftEncode(T_MESSAGE, { msType: 2, odType: 1, id: 7, toTid: { node: 'bob' }, dataString: 'hi', extend: { k: 'v' }, ToList: ['a'] });

  it('every truncation of a body', () => {
    for (let n = 0; n < msg.length; n++) expect(codeOf(() => thriftDecode(T_MESSAGE, msg.subarray(0, n)))).toBe(params);
  });

  it('a missing required field, named; optional fields may all be absent', () => {
    expect(() => thriftDecode(T_MESSAGE, Buffer.from('130200', 'hex'))).toThrow(/TimMessage.odType: required/);
    expect(() => thriftDecode(T_STREAM, thriftEncode(T_REQ, {}))).toThrow(/TimStream.id: required/);
    expect(codeOf(() => thriftDecode(T_MESSAGE, thriftEncode(T_MESSAGE, { msType: 2, odType: 1, toTid: {} as never })))).toBeUndefined(); // node written as ''
    expect(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + '5c' + '00' + '00', 'hex'))).toThrow(/Tid.node: required/); // toTid {}
    expect(thriftDecode(T_AUTH, Buffer.from('00', 'hex'))).toEqual({});
  });

  it('TimAuth.token sent as an i64 or i32 (older tim clients) reads as its decimal text; negative is 4104', () => {
    // 0x66: field 6 (delta 6) i64; zigzag(1234567890123456) as a varint
    const varint = (n: bigint): string => {
      let z = n >= 0n ? n << 1n : (-n << 1n) - 1n;
      let out = '';
      do {
        let b = Number(z & 0x7fn);
        z >>= 7n;
        if (z > 0n) b |= 0x80;
        out += b.toString(16).padStart(2, '0');
      } while (z > 0n);
      return out;
    };
    expect(thriftDecode(T_AUTH, Buffer.from('66' + varint(1234567890123456n) + '00', 'hex'))).toEqual({ token: '1234567890123456' });
    expect(thriftDecode(T_AUTH, Buffer.from('65' + varint(42n) + '00', 'hex'))).toEqual({ token: '42' });
    expect(codeOf(() => thriftDecode(T_AUTH, Buffer.from('66' + varint(-1n) + '00', 'hex')))).toBe(params);
    // other string fields sent as integers are still skipped, as tim does
    expect(thriftDecode(T_AUTH, Buffer.from('16' + varint(7n) + '00', 'hex'))).toEqual({});
  });

  it('skips unknown ids and known ids of another type, as tim does', () => {
    // field 3 (id) sent as a string; field 30 (unknown, long header) a list of one struct; then
    // odType (id 2 after 30: long header 0x03 0x04)
    const body = Buffer.from('1302' + '280178' + '093c' + '1c' + '180161' + '00' + '0304' + '01' + '00', 'hex');
    expect(thriftDecode(T_MESSAGE, body)).toEqual({ msType: 2, odType: 1 });
  });

  it('collections of the wrong element type, integers outside their type, bad type nibbles', () => {
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + 'f9' + '15' + '02' + '00', 'hex')))).toBe(params); // ToList of i32
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + 'b4' + '8080040000', 'hex')))).toBe(params); // udtype (13) 65536
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + '3d' + '00', 'hex')))).toBe(params); // type 13
    expect(codeOf(() => thriftDecode(T_REQ, Buffer.from('15' + 'ffffffffff01' + '00', 'hex')))).toBe(params); // varint of 6 bytes
  });

  it('lengths and counts beyond the body, before allocating', () => {
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + 'a8' + 'ffffffff0f' + '00', 'hex')))).toBe(params); // a 4 GiB string
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + 'f9' + 'f8' + 'ffffff7f' + '00', 'hex')))).toBe(params); // 2^28 elements
    expect(codeOf(() => thriftDecode(T_MESSAGE, Buffer.from('13021301' + 'db' + 'ffffff7f' + '88' + '00', 'hex')))).toBe(params); // 2^28 entries
  });

  it('nesting deeper than the JSON depth bound, in skipped fields too', () => {
    const deep = (levels: number) => Buffer.from('1302' + '1301' + 'fc'.repeat(1) + '1c'.repeat(levels - 1) + '00'.repeat(levels) + '00', 'hex');
    expect(codeOf(() => thriftDecode(T_MESSAGE, deep(10)))).toBeUndefined();
    expect(codeOf(() => thriftDecode(T_MESSAGE, deep(40)))).toBe(params);
  });

  it('more list elements, map entries and fields than the JSON bounds', () => {
    const n = MAX_JSON_ENTRIES + 1;
    const bigList = Buffer.concat([Buffer.from('13021301f9f8', 'hex'), varint(n), Buffer.alloc(n), Buffer.from('00', 'hex')]);
    expect(() => thriftDecode(T_MESSAGE, bigList)).toThrow(/more than 262144/);
    const m = MAX_JSON_OBJECT_ENTRIES + 1;
    const bigMap = Buffer.concat([Buffer.from('13021301db', 'hex'), varint(m), Buffer.from('88', 'hex'), Buffer.alloc(2 * m), Buffer.from('00', 'hex')]);
    expect(() => thriftDecode(T_MESSAGE, bigMap)).toThrow(/more than 65536/);
    // just below both: fine
    const okList = Buffer.concat([Buffer.from('13021301f9f8', 'hex'), varint(10_000), Buffer.alloc(10_000), Buffer.from('00', 'hex')]);
    expect(thriftDecode<{ ToList: string[] }>(T_MESSAGE, okList).ToList).toHaveLength(10_000);
  });

  it('arbitrary bytes: a value or ProtocolError 4104, nothing else, in bounded time', () => {
    const structs = [T_AUTH, T_MESSAGE, T_PRESENCE, T_REQ, T_STREAM, T_NODES, T_ACK, T_MESSAGE_LIST];
    fc.assert(
      fc.property(fc.constantFrom(...structs), fc.uint8Array({ maxLength: 200 }), (ts, bytes) => {
        const code = codeOf(() => thriftDecode(ts, bytes));
        expect(code === undefined || code === params).toBe(true);
      }),
      { seed: arb.fuzzSeed(), numRuns: 3000 },
    );
  });

  it('mutated valid bodies: a value or 4104', () => {
    fc.assert(
      fc.property(arb.message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (m, edits) => {
        const b = Buffer.from(thriftEncode(T_MESSAGE, m));
        for (const [at, v] of edits) b[at % b.length] = v;
        const code = codeOf(() => thriftDecode(T_MESSAGE, b));
        expect(code === undefined || code === params).toBe(true);
      }),
      { seed: arb.fuzzSeed(), numRuns: 1000 },
    );
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

describe('frames of a Thrift connection (the edge)', () => {
  it('client frames with the bit clear become the same JSON frames; ACK, PING, big data and JSON frames pass', () => {
    const t = Buffer.concat([Buffer.from([TimType.MESSAGE]), thriftEncode(T_MESSAGE, { msType: 2, odType: 1, toTid: { node: 'bob' }, dataString: 'hé' })]);
    const j = clientFrameToJson(t);
    expect(j[0]).toBe(TimType.MESSAGE | 0x80);
    expect(decodeMessage(j.subarray(1))).toEqual({ msType: 2, odType: 1, toTid: { node: 'bob' }, dataString: 'hé' });
    for (const raw of [Buffer.from([0x0c, 0, 0, 0, 1]), Buffer.from([0x0d]), Buffer.from([0x5f, 0, 0, 0, 9, 0x61, 0x7c, 0x62, 0x63]), Buffer.from([0xda, 0x7b, 0x7d])]) {
      expect(clientFrameToJson(raw)).toBe(raw);
    }
    // OFFLINEMSG carries nothing tim reads: only the bit changes
    expect(hex(clientFrameToJson(Buffer.from([TimType.OFFLINEMSG])))).toBe('91');
  });

  it('a client body that does not decode becomes a JSON body the core refuses with 4104', () => {
    const decoders: [number, (b: Buffer) => unknown][] = [
      [TimType.AUTH, decodeAuth],
      [TimType.MESSAGE, decodeMessage],
      [TimType.REVOKEMESSAGE, decodeMessage],
      [TimType.BURNMESSAGE, decodeMessage],
      [TimType.PRESENCE, decodePresence],
      [TimType.BROADPRESENCE, decodePresence],
      [TimType.PULLMESSAGE, decodeReq],
      [TimType.BUSINESS, decodeReq],
      [TimType.VROOM, decodeReq],
      [TimType.NODES, decodeNodes],
      [TimType.STREAM, decodeStream],
    ];
    for (const [type, decode] of decoders) {
      for (const body of [[], [0xff], [0x18, 0x05, 0x61]]) {
        const j = clientFrameToJson(Buffer.from([type, ...body]));
        expect(j[0]).toBe(type | 0x80);
        expect(codeOf(() => decode(j.subarray(1)))).toBe(params);
      }
    }
  });

  it('server frames: plain and reliable headers kept, bodies in Thrift; frames without a struct pass', () => {
    const m = { msType: 2, odType: 1, id: 5, mid: 6, fromTid: { node: 'a' }, dataString: 'x', timestamp: 1764864000123456789n };
    const plain = serverFrameToThrift(encodeFrame(TimType.MESSAGE, encodeMessage(m)));
    expect(plain[0]).toBe(TimType.MESSAGE);
    expect(thriftDecode(T_MESSAGE, plain.subarray(1))).toEqual(m);
    const reliable = serverFrameToThrift(encodeReliableFrame(TimType.MESSAGE, -2, encodeMessage(m)));
    expect(hex(reliable.subarray(0, 5))).toBe('dafffffffe');
    expect(reliable.subarray(5)).toEqual(plain.subarray(1));
    // the same JSON body under another type is not taken from the memo of the last one
    const ackBody = '{"ok":true,"timType":16}';
    expect(hex(serverFrameToThrift(encodeFrame(TimType.ACK, ackBody)))).toBe('0c' + '11131000');
    for (const f of [Buffer.from([0x0d]), Buffer.from([0x12]), Buffer.from([0x5f, 0x61, 0x7c, 0x62])]) expect(serverFrameToThrift(f)).toBe(f);
  });

  it('a JSON frame and the Thrift frame it becomes carry the same values for arbitrary messages', () => {
    fc.assert(
      fc.property(arb.message, (m) => {
        const f = serverFrameToThrift(encodeFrame(TimType.MESSAGE, encodeMessage(m)));
        expect(thriftDecode(T_MESSAGE, f.subarray(1))).toEqual(wellFormed(decodeMessage(Buffer.from(encodeMessage(m)))));
      }),
      { seed: arb.fuzzSeed(), numRuns: 300 },
    );
  });
});
