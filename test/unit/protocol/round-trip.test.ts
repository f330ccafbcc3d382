// Property-based round trips of the codec: generated valid TimMessage / TimAck / TimPresence /
// TimAuth (and the other structs) are encoded, framed as a client or as the server frames them,
// decoded, and come back EXACTLY (every string including lone surrogates and escapes, ids up to
// ±(2^53-1), nanosecond timestamps and the whole int64 range as bigints, bytes); node ids encode,
// decode and check as tim's do. Seeded and bounded (see test/helpers/wire-arbitraries.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeClientFrame, encodeFrame, encodeReliableFrame, frameBody, frameType, readAckId } from '../../../src/protocol/frame-codec.js';
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
  encodeJson,
  encodeMessage,
  encodeMessageList,
  encodeNodes,
  encodePresence,
  encodeReq,
  encodeStream,
} from '../../../src/protocol/json-codec.js';
import {
  base58Decode,
  base58Encode,
  checkNode,
  checkUuid,
  createUuid,
  fnv1a32,
  randomNode,
  userNode,
} from '../../../src/protocol/node-id.js';
import { TimType } from '../../../src/protocol/timtype.js';
import * as arb from '../../helpers/wire-arbitraries.js';

fc.configureGlobal({ seed: arb.fuzzSeed(), numRuns: 300 });

/** Deep equality without toStrictEqual's class check, which reads `constructor` and so misjudges
 *  maps that have a key named "constructor" (generated on purpose). Values are compared by type
 *  (a bigint never equals a number) and +0/-0 apart. */
const same = (got: unknown, want: unknown) => expect(got).toEqual(want);

/**
 * Checks one struct kind: as a client frame (0x80|type ‖ JSON) read by the server, as a plain and
 * as a reliable server frame read by a client, and through encodeJson (the generic encoder the
 * server uses for outgoing copies): each decodes to exactly `v`, and re-encoding gives the same text.
 */
function roundTrip<T extends object>(v: T, type: number, encode: (v: T) => string, decode: (b: Uint8Array) => T, ackId: number): void {
  const json = encode(v);
  const client = encodeClientFrame(type, json);
  expect(frameType(client)).toEqual({ type, json: true });
  same(decode(frameBody(client)), v);

  same(decode(frameBody(encodeFrame(type, json))), v);
  const reliable = encodeReliableFrame(type, ackId, json);
  expect(reliable[0]).toBe(type | 0x80);
  expect(readAckId(reliable)).toBe(ackId | 0);
  same(decode(reliable.subarray(5)), v);

  same(decode(Buffer.from(encodeJson(v), 'utf8')), v);
  expect(encode(decode(Buffer.from(json, 'utf8')))).toBe(json);
}

const ackId = fc.integer({ min: -0x80000000, max: 0xffffffff });

describe('encode -> decode is exact', () => {
  it('TimMessage', () => {
    fc.assert(fc.property(arb.message, ackId, (m, a) => roundTrip(m, TimType.MESSAGE, encodeMessage, decodeMessage, a)), { numRuns: 500 });
  });

  it('TimAck', () => {
    fc.assert(fc.property(arb.ack, ackId, (v, a) => roundTrip(v, TimType.ACK, encodeAck, decodeAck, a)));
  });

  it('TimPresence', () => {
    fc.assert(fc.property(arb.presence, ackId, (v, a) => roundTrip(v, TimType.PRESENCE, encodePresence, decodePresence, a)));
  });

  it('TimAuth', () => {
    fc.assert(fc.property(arb.auth, ackId, (v, a) => roundTrip(v, TimType.AUTH, encodeAuth, decodeAuth, a)));
  });

  it('TimReq, TimStream, TimNodes, TimMessageList', () => {
    fc.assert(fc.property(arb.req, ackId, (v, a) => roundTrip(v, TimType.BUSINESS, encodeReq, decodeReq, a)));
    fc.assert(fc.property(arb.stream, ackId, (v, a) => roundTrip(v, TimType.STREAM, encodeStream, decodeStream, a)), { numRuns: 150 });
    fc.assert(fc.property(arb.nodes, ackId, (v, a) => roundTrip(v, TimType.NODES, encodeNodes, decodeNodes, a)), { numRuns: 150 });
    const list = fc.record({ id: arb.safeId, messageList: fc.array(arb.message, { maxLength: 3 }) }, { requiredKeys: [], noNullPrototype: true });
    fc.assert(fc.property(list, ackId, (v, a) => roundTrip(v, TimType.OFFLINEMSG, encodeMessageList, decodeMessageList, a)), { numRuns: 100 });
  });

  it('ids and timestamps at the edges of their ranges', () => {
    const edges = fc.record(
      { msType: arb.i8, odType: arb.i8, id: arb.safeId, mid: arb.safeId, timestamp: arb.int64Big },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(edges, (m) => {
        const back = decodeMessage(Buffer.from(encodeMessage(m)));
        expect(back.id).toBe(m.id);
        expect(back.mid).toBe(m.mid);
        expect(back.timestamp).toBe(m.timestamp);
      }),
      { numRuns: 1000 },
    );
    for (const id of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      const t = 9_223_372_036_854_775_807n;
      expect(decodeMessage(Buffer.from(encodeMessage({ msType: 2, odType: 1, id, mid: id, timestamp: t })))).toStrictEqual({ msType: 2, odType: 1, id, mid: id, timestamp: t });
    }
  });

  it('an int64 field carries any integral double of the int64 range unchanged, not only safe ones', () => {
    const wide = fc
      .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
      .map(Number)
      .filter((x) => x < 2 ** 63);
    fc.assert(
      fc.property(wide, (id) => {
        expect(decodeAck(Buffer.from(encodeAck({ ok: true, timType: 16, t: id }))).t).toBe(id);
      }),
      { numRuns: 500 },
    );
  });
});

describe('node ids', () => {
  const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const base58ish = fc.string({ unit: fc.oneof({ arbitrary: fc.constantFrom(...B58), weight: 20 }, { arbitrary: fc.constantFrom('0', 'O', 'I', 'l', 'é', ' '), weight: 1 }), maxLength: 80 });
  const maskSeed = fc.option(arb.text(8), { nil: undefined });

  it('base58 encode -> decode is the identity on uint64', () => {
    fc.assert(fc.property(uint64, (u) => base58Decode(base58Encode(u)) === u), { numRuns: 1000 });
  });

  it('base58Decode never throws and stays in uint64; checkNode agrees with checkUuid(base58Decode) on any string', () => {
    fc.assert(
      fc.property(fc.oneof(base58ish, arb.text(70)), fc.integer({ min: 1, max: 80 }), maskSeed, (s, max, seed) => {
        const u = base58Decode(s);
        expect(u >= 0n && u < 2n ** 64n).toBe(true);
        expect(checkNode(s, max, seed)).toBe(s.length > 0 && s.length <= max && checkUuid(u, seed));
      }),
      { numRuns: 1000 },
    );
  });

  it("a user's node decodes to its uuid and passes checkNode with the same maskseed", () => {
    fc.assert(
      fc.property(arb.text(20), fc.option(arb.text(8), { nil: undefined }), fc.option(arb.text(10), { nil: undefined }), maskSeed, (name, domain, salt, seed) => {
        const u = createUuid(name, domain, salt, seed);
        const node = userNode(name, domain, salt, seed);
        expect(base58Decode(node)).toBe(u);
        expect(base58Encode(base58Decode(node))).toBe(node);
        expect(u === 0n || checkNode(node, 64, seed)).toBe(true);
      }),
    );
  });

  it('random nodes pass checkNode', () => {
    fc.assert(
      fc.property(maskSeed, (seed) => {
        const n = randomNode(undefined, undefined, seed);
        expect(checkNode(n, 64, seed)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('fnv1a32 of a string is fnv1a32 of its UTF-8', () => {
    fc.assert(fc.property(arb.text(30), (s) => fnv1a32(s) === fnv1a32(Buffer.from(s, 'utf8'))));
  });
});
