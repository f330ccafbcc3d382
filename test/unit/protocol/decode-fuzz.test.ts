// Property-based fuzzing of every decoder in src/protocol: on arbitrary bytes, on valid frames
// mutated byte by byte, and on valid bodies with a field replaced by a hostile value, a decoder
// either returns a value or throws ProtocolError with a wire code (4104, 4113 or 4114), never any
// other exception; and whatever it returns, the matching encoder writes again and the decoder reads
// back unchanged (so a decoded value never holds something the server cannot send on). Runs are
// bounded (numRuns) and seeded (FUZZ_SEED, see test/helpers/wire-arbitraries.ts); fast-check prints
// the seed and the shrunk counterexample on failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigDataAssembler, bigDataTotalLength, encodeBigDataRequest, parseBigData } from '../../../src/protocol/big-data.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { frameBody, frameType, ProtocolError, readAckId } from '../../../src/protocol/frame-codec.js';
import { checkJsonBounds } from '../../../src/protocol/json-bounds.js';
import { isStrictBase64 } from '../../../src/protocol/json-bytes.js';
import {
  decodeAck,
  decodeAuth,
  decodeMessage,
  decodeMessageList,
  decodeNodes,
  decodePresence,
  decodeReq,
  decodeStream,
  encodeAck,
  encodeAuth,
  encodeMessage,
  encodeMessageList,
  encodeNodes,
  encodePresence,
  encodeReq,
  encodeStream,
  parseJsonBody,
  parseJsonExact,
  parseJsonText,
} from '../../../src/protocol/json-codec.js';
import {
  ACK_SCHEMA,
  AUTH_SCHEMA,
  MESSAGE_SCHEMA,
  NODES_SCHEMA,
  PRESENCE_SCHEMA,
  REQ_SCHEMA,
  STREAM_SCHEMA,
  type Schema,
} from '../../../src/protocol/json-schemas.js';
import { TimType } from '../../../src/protocol/timtype.js';
import * as arb from '../../helpers/wire-arbitraries.js';
import { mutate, mutation, validFrame } from '../../helpers/wire-arbitraries.js';
import { codeOf } from '../../helpers/protocol-error.js';

fc.configureGlobal({ seed: arb.fuzzSeed(), numRuns: 300 });

const WIRE_CODES = new Set<number>([ErrorCode.PARAMS, ErrorCode.FORMAT, ErrorCode.BIGDATA]);

type Outcome = { ok: true; value: unknown } | { ok: false; code: number };

/** Runs `fn`: its value, or the code of the ProtocolError it threw. Any other throw fails the
 *  property with that error (and its stack). */
function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof ProtocolError) {
      if (!WIRE_CODES.has(e.code)) throw new Error(`ProtocolError with unexpected code ${e.code}: ${e.message}`);
      return { ok: false, code: e.code };
    }
    throw e;
  }
}

interface Codec {
  name: string;
  decode: (body: Uint8Array) => object;
  encode: (v: never) => string;
  schema?: Schema;
}

const CODECS: Codec[] = [
  { name: 'TimMessage', decode: decodeMessage, encode: encodeMessage, schema: MESSAGE_SCHEMA },
  { name: 'TimPresence', decode: decodePresence, encode: encodePresence, schema: PRESENCE_SCHEMA },
  { name: 'TimAuth', decode: decodeAuth, encode: encodeAuth, schema: AUTH_SCHEMA },
  { name: 'TimReq', decode: decodeReq, encode: encodeReq, schema: REQ_SCHEMA },
  { name: 'TimStream', decode: decodeStream, encode: encodeStream, schema: STREAM_SCHEMA },
  { name: 'TimNodes', decode: decodeNodes, encode: encodeNodes, schema: NODES_SCHEMA },
  { name: 'TimAck', decode: decodeAck, encode: encodeAck, schema: ACK_SCHEMA },
  { name: 'TimMessageList', decode: decodeMessageList, encode: encodeMessageList },
];

/** Decodes `body` with `c`; when it decodes, the value must re-encode to a text that decodes to a
 *  value encoding to the same text (a fixpoint after one normalisation). */
function checkBody(c: Codec, body: Uint8Array): Outcome {
  const r = outcome(() => c.decode(body));
  if (r.ok) {
    const once = c.encode(r.value as never);
    const again = c.decode(Buffer.from(once, 'utf8'));
    expect(c.encode(again as never), `${c.name} re-encoding`).toBe(once);
  }
  return r;
}

/** The decoder each client frame type's handler uses (dispatcher.ts and the handlers). */
const CODEC_OF_TYPE = new Map<number, Codec>([
  [TimType.AUTH, CODECS[2]],
  [TimType.MESSAGE, CODECS[0]],
  [TimType.REVOKEMESSAGE, CODECS[0]],
  [TimType.BURNMESSAGE, CODECS[0]],
  [TimType.PRESENCE, CODECS[1]],
  [TimType.BROADPRESENCE, CODECS[1]],
  [TimType.PULLMESSAGE, CODECS[3]],
  [TimType.BUSINESS, CODECS[3]],
  [TimType.VROOM, CODECS[3]],
  [TimType.STREAM, CODECS[4]],
  [TimType.NODES, CODECS[5]],
]);

/** What the server does with a client frame's bytes before any handler logic: the type, then the
 *  decoder of that type. */
function decodeClientFrame(frame: Uint8Array): Outcome {
  const t = outcome(() => frameType(frame).type);
  if (!t.ok) return t;
  const type = t.value as number;
  const codec = CODEC_OF_TYPE.get(type);
  if (codec !== undefined) return checkBody(codec, frameBody(frame));
  return outcome(() => {
    switch (type) {
      case TimType.ACK:
        return readAckId(frame);
      case TimType.BIGSTRING:
      case TimType.BIGBINARY:
      case TimType.BIGBINARYSTREAM:
        return parseBigData(frame);
      default:
        return null; // PING, OFFLINEMSG and unknown types read no body
    }
  });
}

describe('decoders on arbitrary input return a value or throw ProtocolError', () => {
  it('arbitrary bytes as a body, for every decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        for (const c of CODECS) checkBody(c, b);
        outcome(() => parseJsonBody(b));
      }),
    );
  });

  it('JSON texts of any shape as a body, for every decoder', () => {
    const json = fc.oneof(fc.json({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ msType: 2, odType: 1, x: v })));
    fc.assert(
      fc.property(json, (t) => {
        for (const c of CODECS) checkBody(c, Buffer.from(t, 'utf8'));
      }),
    );
  });

  it('arbitrary bytes as a whole client frame', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (f) => void decodeClientFrame(f)));
  });

  it('valid frames of every type, mutated byte by byte', () => {
    fc.assert(
      fc.property(validFrame, fc.array(mutation, { minLength: 1, maxLength: 4 }), (frame, edits) => {
        void decodeClientFrame(mutate(frame, edits));
      }),
      { numRuns: 1500 },
    );
  });

  it('valid frames decode before mutation (the generator is sound)', () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        expect(decodeClientFrame(frame).ok).toBe(true);
      }),
    );
  });
});

/** Values of the wrong kind for each field kind: each must be refused with 4104. */
const WRONG: Record<string, string[]> = {
  str: ['1', 'true', '[]', '{}', '["a"]'],
  bool: ['0', '1', '"true"', '[]', '{}'],
  i8: ['128', '-129', '1.5', '"1"', 'true', '[]', '1e999'],
  i16: ['32768', '-32769', '0.5', '"1"', '{}'],
  i32: ['2147483648', '-2147483649', '1.25', '"1"', '[]'],
  i64: ['9223372036854775808', '-9223372036854775809', '1.5', '"1"', '[]', '1e999', '1' + '0'.repeat(400)],
  big: ['9223372036854775808', '-9223372036854775809', '2.5', '"1"', '{}', '1' + '0'.repeat(400)],
  bytes: ['"AAA"', '"A==="', '"****"', '[256]', '[-1]', '[1.5]', '["a"]', '1', '{}'],
  strMap: ['[]', '"x"', '{"a":1}', '{"a":[]}'],
  bytesMap: ['[]', '"x"', '{"a":"***"}', '{"a":1}'],
  strList: ['"x"', '{}', '[1]', '[[]]'],
  struct: ['"x"', '[]', '1', 'true'],
  structList: ['"x"', '{}', '[1]'],
  structMap: ['"x"', '[]', '{"a":1}'],
};

/** Wrong for a 'str' field that also takes a non-negative integer (json-schemas.ts, intText). */
const WRONG_INT_TEXT = ['-1', '1.5', 'true', '[]', '{}', '["a"]', '9223372036854775808'];

describe('a hostile value in a known field', () => {
  for (const c of CODECS) {
    if (c.schema === undefined) continue;
    const schema = c.schema;
    it(`${c.name}: a value of the wrong kind in any field is 4104, whatever else the body holds`, () => {
      const base = c.name === 'TimMessage' ? '{"msType":2,"odType":1' : '{"x":0';
      fc.assert(
        fc.property(fc.constantFrom(...schema.fields), fc.nat(), fc.boolean(), (f, k, lower) => {
          // an intText string field (TimAuth.token) also takes a non-negative integer
          const wrong = f.intText ? WRONG_INT_TEXT : WRONG[f.kind];
          const v = wrong[k % wrong.length];
          // keys match case-insensitively: the lower-cased name must be refused alike
          const key = lower ? f.name.toLowerCase() : f.name;
          const body = base + ',' + JSON.stringify(key) + ':' + v + '}';
          const r = outcome(() => c.decode(Buffer.from(body)));
          expect(r, body).toEqual({ ok: false, code: ErrorCode.PARAMS });
        }),
        { numRuns: 150 },
      );
    });
  }

  it('any hostile value at any key of a valid message decodes or is refused with a wire code', () => {
    const keys = fc.constantFrom(...MESSAGE_SCHEMA.fields.map((f) => f.name), 'MSTYPE', 'tolist', 'vnode', '__proto__', 'constructor', '');
    fc.assert(
      fc.property(arb.message, keys, arb.hostileValue, (m, key, v) => {
        const json = encodeMessage(m);
        const body = '{' + JSON.stringify(key) + ':' + v + ',' + json.slice(1);
        checkBody(CODECS[0], Buffer.from(body));
        const after = json.slice(0, -1) + ',' + JSON.stringify(key) + ':' + v + '}';
        checkBody(CODECS[0], Buffer.from(after));
      }),
      { numRuns: 600 },
    );
  });
});

describe('the exact JSON parser', () => {
  /** JSON.parse's value with bigints as the double JSON.parse would have read. */
  const asDoubles = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map(asDoubles);
    if (v !== null && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: asDoubles((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
      return o;
    }
    return v;
  };
  const parsed = (fn: () => unknown): { ok: true; v: unknown } | { ok: false } => {
    try {
      return { ok: true, v: asDoubles(fn()) };
    } catch (e) {
      if (e instanceof SyntaxError) return { ok: false };
      throw e;
    }
  };
  const bigLiterals = fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), fc.constantFrom('-0', '0', '1e5', '12345678901234567.5', '1E+2'));
  const jsonish = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.tuple(fc.json({ maxDepth: 2 }), bigLiterals).map(([j, n]) => `[${j},${n}]`),
    fc.tuple(fc.json({ maxDepth: 2 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([j, e]) => mutate(Buffer.from(`[1234567890123456,${j}]`), e).toString('utf8')),
  );

  it('accepts exactly what JSON.parse accepts and reads the same values (bigints aside)', () => {
    fc.assert(
      fc.property(jsonish, (t) => {
        expect(parsed(() => parseJsonExact(t)), t).toStrictEqual(parsed(() => JSON.parse(t)));
      }),
      { numRuns: 800 },
    );
  });

  it('parseJsonText, which takes JSON.parse unless a 16-digit integer is in the text, reads what the exact parser reads', () => {
    fc.assert(
      fc.property(jsonish, (t) => {
        // Mutations may nest too deep or lengthen a number past a bound of json-bounds.ts: that is
        // 4104 before any parser runs (json-bounds.test.ts), so nothing to compare here.
        fc.pre(codeOf(() => checkJsonBounds(t)) === undefined);
        let want: Outcome;
        try {
          want = { ok: true, value: parseJsonExact(t) };
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e;
          want = { ok: false, code: ErrorCode.FORMAT };
        }
        expect(outcome(() => parseJsonText(t)), t).toStrictEqual(want);
      }),
      { numRuns: 800 },
    );
  });
});

describe('byte fields', () => {
  const B64_REGEX = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  it('isStrictBase64 accepts exactly canonical padded base64 (the regular expression it replaces)', () => {
    const s = fc.oneof(
      fc.string({ unit: fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', '_', ' ', 'é'), maxLength: 12 }),
      arb.bytes(20).map((b) => b.toString('base64')),
    );
    fc.assert(fc.property(s, (x) => isStrictBase64(x) === B64_REGEX.test(x)));
  });
});

describe('bugs the fuzzers found (each failed before its fix)', () => {
  it('a valid dataBinary of 6 MB decodes (the regular expression threw RangeError past a few MB)', () => {
    const data = Buffer.alloc(4_500_000, 0xa5);
    const body = Buffer.from(`{"msType":2,"odType":1,"dataBinary":"${data.toString('base64')}"}`);
    expect(decodeMessage(body).dataBinary?.equals(data)).toBe(true);
    const bad = Buffer.from(`{"msType":2,"odType":1,"dataBinary":"${'A'.repeat(6_000_001)}"}`);
    expect(outcome(() => decodeMessage(bad))).toEqual({ ok: false, code: ErrorCode.PARAMS });
  });

  it('int64 max decodes to a number that encodes back to a valid int64 (it gave 2^63, refused on re-reading)', () => {
    const m = decodeMessage(Buffer.from('{"msType":2,"odType":1,"mid":9223372036854775807,"id":-9223372036854775808}'));
    expect(m.mid).toBe(2 ** 63 - 1024);
    expect(m.id).toBe(-(2 ** 63));
    expect(decodeMessage(Buffer.from(encodeMessage(m)))).toEqual(m);
  });
});

describe('big-data reassembly', () => {
  const MAX = 4096;
  /** A sequence of WebSocket messages a hostile client might send: valid big frames split
   *  anywhere, headers lying about the length, short pieces, other frames in between. */
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.tuple(fc.constantFrom(0xdf, 0xe0, 0xe1), fc.integer({ min: -10, max: MAX * 2 }), fc.uint8Array({ maxLength: 30 })).map(([t, len, rest]) => {
      const b = Buffer.alloc(5 + rest.length);
      b[0] = t;
      b.writeInt32BE(len, 1);
      b.set(rest, 5);
      return new Uint8Array(b);
    }),
  );

  it('never throws, never keeps more than the cap, and completes only frames of their declared length', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (msgs) => {
        const asm = new BigDataAssembler(MAX);
        let held = 0;
        for (const m of msgs) {
          const step = asm.push(m);
          if (step.kind === 'pending') {
            held = step.received;
            expect(step.total).toBeLessThanOrEqual(MAX);
            expect(step.received).toBeLessThan(step.total);
          } else {
            held = 0;
            if (step.kind === 'complete') {
              expect(step.frame.length).toBe(bigDataTotalLength(step.frame));
              void outcome(() => parseBigData(step.frame));
            }
            if (step.kind === 'error') expect(asm.pending).toBe(false);
          }
          expect(held).toBeLessThanOrEqual(MAX);
        }
      }),
    );
  });

  it('a valid frame split into any pieces comes back whole, target and payload intact', () => {
    const base58 = fc.string({ unit: fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), maxLength: 20 });
    fc.assert(
      fc.property(
        fc.constantFrom(TimType.BIGSTRING, TimType.BIGBINARY, TimType.BIGBINARYSTREAM),
        base58,
        arb.bytes(300),
        fc.array(fc.nat(400), { maxLength: 6 }),
        (type, target, payload, cuts) => {
          const frame = encodeBigDataRequest(type, target, payload);
          const at = [...new Set(cuts.map((c) => 6 + (c % Math.max(1, frame.length - 6))))].filter((c) => c < frame.length).sort((x, y) => x - y);
          const asm = new BigDataAssembler(MAX);
          let last = 0;
          let whole: Buffer | undefined;
          for (const end of [...at, frame.length]) {
            const step = asm.push(frame.subarray(last, end));
            last = end;
            if (step.kind === 'complete') whole = step.frame;
            else expect(step.kind).toBe('pending');
          }
          expect(whole?.equals(frame)).toBe(true);
          const p = parseBigData(whole!);
          expect(p.target).toBe(target);
          expect(p.payload.equals(payload)).toBe(true);
        },
      ),
    );
  });
});
