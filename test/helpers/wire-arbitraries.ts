// fast-check generators of tim's wire values, in the exact shape the decoders return (optional
// fields absent, Go's filled fields present, byte fields as Buffers, timestamps as bigints), and
// of hostile variations of them, for the property tests of src/protocol and the socket fuzzer.

import fc from 'fast-check';
import { encodeBigDataRequest } from '../../src/protocol/big-data.js';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { encodeAuth, encodeMessage, encodeNodes, encodePresence, encodeReq, encodeStream } from '../../src/protocol/json-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimAck, TimAuth, TimMessage, TimNodes, TimPresence, TimReq, TimStream, Tid } from '../../src/protocol/wire-types.js';

/** The seed of every fuzz run: FUZZ_SEED from the environment (a number, or `random` for a fresh
 *  one), else a fixed default so that CI runs are reproducible. fast-check prints it on failure
 *  (with the path of the failing case); the socket fuzzer prints it always. */
export function fuzzSeed(fallback = 20_240_611): number {
  const env = process.env.FUZZ_SEED;
  if (env === undefined || env === '') return fallback;
  if (env === 'random') return (Math.random() * 0x7fffffff) | 0;
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED must be an integer or 'random', not ${env}`);
  return n;
}

const noProto = { noNullPrototype: true } as const;

/** One code point outside the surrogate range. */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff - 0x800 })
  .map((c) => String.fromCodePoint(c < 0xd800 ? c : c + 0x800));
/** A lone surrogate: valid in a JS string and in JSON text as an escape, never as raw UTF-8. */
const surrogateHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Pieces that take the codec's other paths: escapes, the JSON line separators, a 16-digit run
 *  (which sends the whole body through the exact parser), key names of Object.prototype. */
const special = fc.constantFrom('"', '\\', '/', '\u2028', '\u0000', '\u007f', 'é', '😀', '1234567890123456', '__proto__', 'constructor');

/** Any string the wire can carry: every code point, lone surrogates, escapes. */
export const text = (maxLength = 12) =>
  fc.string({
    unit: fc.oneof({ arbitrary: codePoint, weight: 6 }, { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 }, { arbitrary: surrogateHalf, weight: 1 }, { arbitrary: special, weight: 1 }),
    maxLength,
  });

/** Text every database stores exactly (src/store/storable-text.ts): no NUL, no lone surrogate. A
 *  well-behaved client's text; `text` is the hostile superset. */
export const storableText = (maxLength = 12) =>
  fc
    .string({
      unit: fc.oneof({ arbitrary: codePoint.filter((c) => c !== '\u0000'), weight: 6 }, { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 }, { arbitrary: special.filter((c) => c !== '\u0000'), weight: 1 }),
      maxLength,
    });

export const i8 = fc.integer({ min: -128, max: 127 });
export const i16 = fc.integer({ min: -32768, max: 32767 });
export const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** An id: any safe integer, the bounds ±(2^53-1) included, small ones often. */
export const safeId = fc.oneof(
  fc.integer({ min: -MAX_SAFE, max: MAX_SAFE }),
  fc.constantFrom(MAX_SAFE, -MAX_SAFE, 0, 1, 2 ** 31, 2 ** 32, 2 ** 53 - 2),
  fc.nat(1000),
);
/** An int64 timestamp: the full int64 range, realistic nanosecond times often. */
export const int64Big = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 1_500_000_000_000_000_000n, max: 2_500_000_000_000_000_000n }),
  fc.constantFrom(2n ** 63n - 1n, -(2n ** 63n), 0n, 2n ** 53n + 1n, -(2n ** 53n) - 1n),
);
export const bytes = (maxLength = 24) => fc.uint8Array({ maxLength }).map((u) => Buffer.from(u));
export const strMap = fc.dictionary(text(6), text(8), { maxKeys: 3, ...noProto });
export const bytesMap = fc.dictionary(text(6), bytes(8), { maxKeys: 3, ...noProto });
export const strList = fc.array(text(8), { maxLength: 4 });

export const tid: fc.Arbitrary<Tid> = fc.record(
  { node: text(16), domain: text(8), resource: text(8), termtyp: i8, extend: strMap },
  { requiredKeys: ['node'], ...noProto },
);

export const message: fc.Arbitrary<TimMessage> = fc.record(
  {
    msType: i8,
    odType: i8,
    id: safeId,
    mid: safeId,
    bnType: i32,
    fromTid: tid,
    toTid: tid,
    roomTid: tid,
    dataBinary: bytes(),
    dataString: text(40),
    isOffline: fc.boolean(),
    timestamp: int64Big,
    udtype: i16,
    udshow: i16,
    extend: strMap,
    extra: bytesMap,
    ToList: strList,
  },
  { requiredKeys: ['msType', 'odType'], ...noProto },
);

export const ack: fc.Arbitrary<TimAck> = fc.record(
  {
    ok: fc.boolean(),
    timType: i8,
    error: fc.record({ code: i32, info: text(20) }, noProto),
    t: safeId,
    n: text(16),
    t2: safeId,
    n2: text(16),
  },
  { requiredKeys: ['ok', 'timType'], ...noProto },
);

export const presence: fc.Arbitrary<TimPresence> = fc.record(
  {
    id: safeId,
    offline: fc.boolean(),
    subStatus: i8,
    fromTid: tid,
    toTid: tid,
    toList: strList,
    show: i16,
    status: text(20),
    extend: strMap,
    extra: bytesMap,
  },
  { requiredKeys: [], ...noProto },
);

export const auth: fc.Arbitrary<TimAuth> = fc.record(
  { name: text(16), pwd: text(16), domain: text(8), resource: text(8), termtyp: i8, token: text(24), extend: strMap },
  { requiredKeys: [], ...noProto },
);

export const req: fc.Arbitrary<TimReq> = fc.record(
  { rtype: i32, node: text(16), node2: text(16), reqInt: safeId, reqInt2: safeId, reqStr: text(16), reqStr2: text(16) },
  { requiredKeys: [], ...noProto },
);

/** id and fromNode are Go non-pointer fields the encoder always writes, so a round trip is exact
 *  only with them present. */
export const stream: fc.Arbitrary<TimStream> = fc.record(
  { id: safeId, VNode: text(16), dtype: i8, body: bytes(), fromNode: text(16) },
  { requiredKeys: ['id', 'VNode', 'fromNode'], ...noProto },
);

const userBean = fc.record(
  {
    name: text(8),
    nickName: text(8),
    brithday: text(8),
    gender: i8,
    cover: text(8),
    area: text(8),
    createtime: int64Big,
    photoTidAlbum: strList,
    extend: strMap,
    extra: bytesMap,
  },
  { requiredKeys: [], ...noProto },
);

const roomBean = fc.record(
  {
    founder: text(8),
    managers: strList,
    cover: text(8),
    topic: text(8),
    label: text(8),
    gtype: i8,
    kind: safeId,
    createtime: int64Big,
    extend: strMap,
    extra: bytesMap,
  },
  { requiredKeys: [], ...noProto },
);

export const nodes: fc.Arbitrary<TimNodes> = fc.record(
  {
    ntype: i32,
    nodelist: strList,
    usermap: fc.dictionary(text(8), userBean, { maxKeys: 2, ...noProto }),
    roommap: fc.dictionary(text(8), roomBean, { maxKeys: 2, ...noProto }),
    node: text(16),
  },
  { requiredKeys: ['ntype'], ...noProto },
);

/** JSON texts (as strings) that are hostile as a value of any field: wrong types, out-of-range and
 *  non-integral numbers, huge literals, bad base64, nesting. */
export const hostileValue = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    '"x"',
    '""',
    '[]',
    '{}',
    '[1]',
    '["a",1]',
    '{"a":1}',
    '{"node":5}',
    '1.5',
    '-0',
    '1e999',
    '-1e999',
    '256',
    '-129',
    '32768',
    '2147483648',
    '9007199254740993',
    '9223372036854775807',
    '9223372036854775808',
    '-9223372036854775809',
    '18446744073709551616',
    '1' + '0'.repeat(400),
    '"AAA"',
    '"A==="',
    '"****"',
    '"AAAA\\r\\n"',
    '[256]',
    '[-1]',
    '[1.5]',
    '"\\ud800"',
    '"\\u0000"',
  ),
  fc.integer({ min: 1, max: 200 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 1, max: 60 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

/** A byte-level edit of a frame; positions are fractions of the current length (0..65535). */
export type Mutation =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'drop'; at: number; len: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'dup'; at: number; len: number }
  | { kind: 'token'; at: number; token: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(65535), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(65535) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(65535), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(65535), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(65535), len: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(65535), token: hostileValue }),
);

/** `frame` with `edits` applied in turn (a new buffer; `frame` is not changed). */
export function mutate(frame: Buffer, edits: readonly Mutation[]): Buffer {
  let f = frame;
  for (const e of edits) {
    const at = Math.floor((e.at / 65536) * (f.length + 1));
    switch (e.kind) {
      case 'set': {
        if (f.length === 0) break;
        const i = Math.min(at, f.length - 1);
        f = Buffer.concat([f.subarray(0, i), Buffer.from([e.byte]), f.subarray(i + 1)]);
        break;
      }
      case 'cut':
        f = f.subarray(0, at);
        break;
      case 'drop':
        f = Buffer.concat([f.subarray(0, at), f.subarray(at + e.len)]);
        break;
      case 'insert':
        f = Buffer.concat([f.subarray(0, at), Buffer.from(e.bytes), f.subarray(at)]);
        break;
      case 'dup':
        f = Buffer.concat([f.subarray(0, at + e.len), f.subarray(at)]);
        break;
      case 'token':
        f = Buffer.concat([f.subarray(0, at), Buffer.from(e.token), f.subarray(at)]);
        break;
    }
  }
  return Buffer.from(f);
}

/** Valid client frames of every kind the server decodes. */
export const validFrame: fc.Arbitrary<Buffer> = fc.oneof(
  message.map((m) => encodeClientFrame(TimType.MESSAGE, encodeMessage(m))),
  message.map((m) => encodeClientFrame(TimType.REVOKEMESSAGE, encodeMessage({ ...m, odType: 2 }))),
  presence.map((p) => encodeClientFrame(TimType.PRESENCE, encodePresence(p))),
  presence.map((p) => encodeClientFrame(TimType.BROADPRESENCE, encodePresence(p))),
  auth.map((a) => encodeClientFrame(TimType.AUTH, encodeAuth(a))),
  req.map((r) => encodeClientFrame(TimType.BUSINESS, encodeReq(r))),
  req.map((r) => encodeClientFrame(TimType.PULLMESSAGE, encodeReq(r))),
  req.map((r) => encodeClientFrame(TimType.VROOM, encodeReq(r))),
  stream.map((s) => encodeClientFrame(TimType.STREAM, encodeStream(s))),
  nodes.map((n) => encodeClientFrame(TimType.NODES, encodeNodes(n))),
  fc.integer().map((id) => encodeClientFrame(TimType.ACK, Buffer.from([id >>> 24, id >>> 16, id >>> 8, id]))),
  fc
    .tuple(fc.constantFrom(TimType.BIGSTRING, TimType.BIGBINARY, TimType.BIGBINARYSTREAM), text(20), bytes(40))
    .map(([t, target, payload]) => encodeBigDataRequest(t, target, payload)),
);
