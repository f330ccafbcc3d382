// Hostile client frames for the socket fuzzer (test/e2e/socket-fuzz.test.ts), drawn from one
// seeded PRNG so that a run is replayed from its seed: random bytes, mutated valid frames of every
// TimType, oversized and deeply nested JSON, huge numbers, wrong types, and frames addressed at the
// victims the test protects (messages, presence lists naming them again and again, revoke and burn
// of their mids, roster and room operations, big-data frames).

import fc from 'fast-check';
import { encodeBigDataRequest } from '../../src/protocol/big-data.js';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { encodeJson, encodeMessage, encodePresence } from '../../src/protocol/json-codec.js';
import { MESSAGE_SCHEMA, PRESENCE_SCHEMA, REQ_SCHEMA, type Schema } from '../../src/protocol/json-schemas.js';
import { JSON_FLAG, TimType } from '../../src/protocol/timtype.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import * as arb from './wire-arbitraries.js';
import { mutate, type Mutation } from './wire-arbitraries.js';

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (this.next() * 256) | 0;
    return b;
  }
}

/** What a hostile frame may aim at. `mids` grows as the victims' messages are stored. */
export interface Targets {
  /** the protected users' nodes */
  victims: readonly string[];
  /** mids of the victims' stored messages */
  mids: readonly number[];
  /** a room the victims are members of */
  room: string;
  /** other existing users */
  others: readonly string[];
  maxFrameBytes: number;
  presenceTargetsMax: number;
}

/** Values drawn once from the codec's generators (fast-check, same seed) and reused by the PRNG. */
export interface Pools {
  frames: Buffer[];
  messages: TimMessage[];
  hostile: string[];
  texts: string[];
}

export function makePools(seed: number): Pools {
  return {
    frames: fc.sample(arb.validFrame, { seed, numRuns: 400 }),
    messages: fc.sample(arb.message, { seed: seed + 1, numRuns: 200 }),
    hostile: fc.sample(arb.hostileValue, { seed: seed + 2, numRuns: 200 }),
    texts: fc.sample(arb.text(40), { seed: seed + 3, numRuns: 200 }),
  };
}

const J = (type: number, body: string | Buffer) => encodeClientFrame(type, body);

const WRONG_BY_KIND: Record<string, string[]> = {
  str: ['1', 'true', '[]', '{}'],
  bool: ['0', '"true"', '[]'],
  i8: ['128', '-129', '1.5', '"1"'],
  i16: ['32768', '0.5', '"1"'],
  i32: ['2147483648', '1.25', '"1"'],
  i64: ['9223372036854775808', '1.5', '"1"', '1e999', '1' + '0'.repeat(300)],
  big: ['9223372036854775808', '2.5', '"1"', '1' + '0'.repeat(300)],
  bytes: ['"AAA"', '"****"', '[256]', '[-1]'],
  strMap: ['[]', '"x"', '{"a":1}'],
  bytesMap: ['[]', '{"a":"***"}'],
  strList: ['"x"', '{}', '[1]'],
  struct: ['"x"', '[]', '1'],
};

const FRAME_TYPES = Object.values(TimType);

/** A frame kind: its name (for the run's statistics) and how to build one. */
interface Kind {
  name: string;
  weight: number;
  make(r: Rng, p: Pools, t: Targets): Buffer;
}

function randomMutations(r: Rng, p: Pools): Mutation[] {
  const out: Mutation[] = [];
  for (let i = r.int(1, 4); i > 0; i--) {
    const at = r.int(0, 65535);
    switch (r.int(0, 5)) {
      case 0:
        out.push({ kind: 'set', at, byte: r.int(0, 255) });
        break;
      case 1:
        out.push({ kind: 'cut', at });
        break;
      case 2:
        out.push({ kind: 'drop', at, len: r.int(1, 16) });
        break;
      case 3:
        out.push({ kind: 'insert', at, bytes: r.bytes(r.int(1, 8)) });
        break;
      case 4:
        out.push({ kind: 'dup', at, len: r.int(1, 32) });
        break;
      default:
        out.push({ kind: 'token', at, token: r.pick(p.hostile) });
    }
  }
  return out;
}

/** A field of `schema` set to a wrong-typed value inside an otherwise plausible body. */
function wrongTyped(r: Rng, schema: Schema, base: string): string {
  const f = r.pick(schema.fields);
  const wrong = WRONG_BY_KIND[f.kind] ?? ['"x"'];
  return base.slice(0, -1) + (base === '{}' ? '' : ',') + JSON.stringify(f.name) + ':' + r.pick(wrong) + '}';
}

const victim = (r: Rng, t: Targets) => r.pick(t.victims);

/** A mid worth attacking: a victim's real one mostly, else anything. */
function mid(r: Rng, t: Targets): unknown {
  if (t.mids.length > 0 && r.chance(0.8)) return r.pick(t.mids);
  return r.pick([0, -1, 1, 2 ** 53, 1.5, '1', null]);
}

export const KINDS: Kind[] = [
  { name: 'random bytes', weight: 8, make: (r) => r.bytes(r.int(0, 300)) },
  { name: 'random bytes, JSON flag, known type', weight: 6, make: (r) => Buffer.concat([Buffer.from([r.pick(FRAME_TYPES) | JSON_FLAG]), r.bytes(r.int(0, 200))]) },
  { name: 'mutated valid frame', weight: 20, make: (r, p) => mutate(r.pick(p.frames), randomMutations(r, p)) },
  { name: 'valid frame, any type', weight: 6, make: (r, p) => r.pick(p.frames) },
  {
    name: 'oversized JSON',
    weight: 1,
    make: (r, _p, t) => J(TimType.MESSAGE, `{"msType":2,"odType":1,"dataString":"${'x'.repeat(t.maxFrameBytes + r.int(0, 20_000))}"}`),
  },
  {
    name: 'deep nesting',
    weight: 3,
    make: (r, _p, t) => {
      const d = r.int(100, Math.floor(t.maxFrameBytes / 2) - 100);
      const open = r.chance(0.5) ? '['.repeat(d) : '{"a":'.repeat(Math.floor(d / 5));
      const close = open.startsWith('[') ? ']'.repeat(d) : '}'.repeat(Math.floor(d / 5));
      const digits = r.chance(0.5) ? '"n":1234567890123456789,' : ''; // the exact parser recurses
      return J(r.pick([TimType.MESSAGE, TimType.PRESENCE, TimType.BUSINESS, TimType.NODES]), `{${digits}"msType":2,"odType":1,"extend":${open}${open.startsWith('[') ? '' : '1'}${close}}`);
    },
  },
  {
    name: 'huge numbers',
    weight: 4,
    make: (r, p, t) => {
      const field = r.pick(['id', 'mid', 'timestamp', 'msType', 'odType', 'bnType', 'udtype']);
      const n = r.pick(['1e400', '-1e400', '9223372036854775808', '18446744073709551615', '-9223372036854775809', '1' + '0'.repeat(r.int(20, 5000)), '0.' + '0'.repeat(400) + '1', '1e-400']);
      const base = { msType: 2, odType: r.pick([1, 2, 3]), toTid: { node: victim(r, t) }, dataString: r.pick(p.texts) };
      return J(TimType.MESSAGE, encodeJson(base).slice(0, -1) + `,"${field}":${n}}`);
    },
  },
  {
    name: 'wrong types',
    weight: 6,
    make: (r, _p, t) => {
      const [type, schema, base] = r.pick([
        [TimType.MESSAGE, MESSAGE_SCHEMA, `{"msType":2,"odType":1,"toTid":{"node":"${victim(r, t)}"}}`],
        [TimType.PRESENCE, PRESENCE_SCHEMA, `{"toTid":{"node":"${victim(r, t)}"}}`],
        [TimType.BROADPRESENCE, PRESENCE_SCHEMA, '{}'],
        [TimType.BUSINESS, REQ_SCHEMA, `{"rtype":4,"node":"${victim(r, t)}"}`],
        [TimType.PULLMESSAGE, REQ_SCHEMA, `{"rtype":1,"node":"${victim(r, t)}"}`],
        [TimType.VROOM, REQ_SCHEMA, '{"rtype":5}'],
      ] as const);
      return J(type, wrongTyped(r, schema, base));
    },
  },
  {
    name: 'message to a victim',
    weight: 8,
    make: (r, p, t) => {
      const m = { ...r.pick(p.messages), msType: 2, odType: r.pick([1, 1, 1, 4, 5, 31, 127]), toTid: { node: victim(r, t) } };
      if (r.chance(0.2)) m.dataString = 'x'.repeat(r.int(1, t.maxFrameBytes / 2));
      return J(TimType.MESSAGE, encodeMessage(m));
    },
  },
  {
    name: 'room message',
    weight: 4,
    make: (r, p, t) => J(TimType.MESSAGE, encodeMessage({ ...r.pick(p.messages), msType: 3, odType: 1, roomTid: { node: t.room }, toTid: undefined })),
  },
  {
    name: 'presence naming a victim up to the cap and beyond',
    weight: 6,
    make: (r, _p, t) => {
      const v = victim(r, t);
      const n = r.pick([1, t.presenceTargetsMax, t.presenceTargetsMax + 1, r.int(2, 3 * t.presenceTargetsMax)]);
      const toList = Array.from({ length: n }, () => v);
      const type = r.chance(0.7) ? TimType.PRESENCE : TimType.BROADPRESENCE;
      return J(type, encodePresence({ toList, status: 'hi', show: r.int(0, 5), subStatus: r.int(0, 3) }));
    },
  },
  {
    name: 'presence with many distinct targets',
    weight: 3,
    make: (r, _p, t) => {
      const n = r.pick([t.presenceTargetsMax, t.presenceTargetsMax + 1, 2 * t.presenceTargetsMax]);
      const toList = [...t.victims, ...t.others];
      while (toList.length < n) toList.push(toList.length % 2 === 0 ? `node${toList.length}` : r.pick(t.victims));
      return J(r.chance(0.5) ? TimType.PRESENCE : TimType.BROADPRESENCE, encodePresence({ toList }));
    },
  },
  {
    name: 'presence to a victim',
    weight: 3,
    make: (r, p, t) => J(TimType.PRESENCE, encodePresence({ toTid: { node: victim(r, t) }, status: r.pick(p.texts), extra: { k: Buffer.alloc(r.int(0, 2000)) } })),
  },
  {
    name: 'revoke or burn of a victim mid',
    weight: 8,
    make: (r, _p, t) => {
      const od = r.pick([2, 3]);
      const body: Record<string, unknown> = { msType: r.pick([2, 2, 3]), odType: od, mid: mid(r, t), toTid: { node: victim(r, t) } };
      if (r.chance(0.3)) body.roomTid = { node: t.room };
      if (r.chance(0.2)) body.toTid = { node: r.pick(t.others) };
      return J(r.pick([TimType.MESSAGE, TimType.REVOKEMESSAGE, TimType.BURNMESSAGE]), JSON.stringify(body));
    },
  },
  {
    name: 'roster and room operations',
    weight: 8,
    make: (r, p, t) => {
      const rtype = r.chance(0.8) ? r.pick([1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) : r.int(-5, 60);
      const node = r.pick([...t.victims, t.room, ...t.others, '', 'x'.repeat(80)]);
      const node2 = r.pick([...t.victims, t.room, undefined]);
      return J(TimType.BUSINESS, JSON.stringify({ rtype, node, node2, reqStr: r.pick(p.texts), reqInt: r.int(-1, 3) }));
    },
  },
  {
    name: 'profile lookups and changes',
    weight: 3,
    make: (r, p, t) => J(TimType.NODES, JSON.stringify({ ntype: r.int(0, 9), nodelist: [...t.victims, t.room, r.pick(p.texts)], node: victim(r, t) })),
  },
  {
    name: 'history pulls of victim chats',
    weight: 3,
    make: (r, _p, t) => J(TimType.PULLMESSAGE, JSON.stringify({ rtype: r.pick([1, 2, 3]), node: r.pick([...t.victims, t.room]), reqInt: mid(r, t), reqInt2: r.pick([1, 100, 1e9, -1]) })),
  },
  {
    name: 'virtual rooms',
    weight: 2,
    make: (r, p, t) => J(TimType.VROOM, JSON.stringify({ rtype: r.int(0, 8), node: r.pick([...t.victims, t.room, r.pick(p.texts)]), node2: victim(r, t), reqInt: r.int(0, 3) })),
  },
  {
    name: 'big data to a victim',
    weight: 5,
    make: (r, _p, t) => {
      const type = r.pick([TimType.BIGSTRING, TimType.BIGBINARY, TimType.BIGBINARYSTREAM]);
      const payload = r.bytes(r.chance(0.8) ? r.int(0, 2000) : r.int(0, t.maxFrameBytes - 200));
      return encodeBigDataRequest(type, r.pick([...t.victims, t.room]), payload, r.chance(0.1) ? 0 : undefined);
    },
  },
  {
    name: 'big data with a lying header',
    weight: 3,
    make: (r, _p, t) => {
      const f = r.bytes(r.int(5, 300));
      f[0] = r.pick([TimType.BIGSTRING, TimType.BIGBINARY, TimType.BIGBINARYSTREAM]) | JSON_FLAG;
      f.writeInt32BE(r.pick([-1, 0, 3, f.length - 1, f.length + r.int(1, 100), t.maxFrameBytes, t.maxFrameBytes + 1, 0x7fffffff]), 1);
      return f;
    },
  },
  {
    name: 'acks, pings, offline, re-auth',
    weight: 4,
    make: (r, p) =>
      r.pick([
        () => J(TimType.ACK, r.bytes(r.int(0, 8))),
        () => J(TimType.PING, ''),
        () => J(TimType.OFFLINEMSG, ''),
        () => J(TimType.AUTH, '{}'),
        () => J(TimType.AUTH, JSON.stringify({ name: r.pick(p.texts), pwd: 'x' })),
        () => J(r.pick([TimType.REGISTER, TimType.TOKEN, TimType.LOGOUT, TimType.OFFLINEMSGEND, 0, 127]), r.pick(p.hostile)),
      ])(),
  },
];

const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + k.weight, 0);

/** One hostile frame from a logged-in client, and the name of its kind. */
export function hostileFrame(r: Rng, p: Pools, t: Targets): { kind: string; frame: Buffer } {
  let x = r.next() * TOTAL_WEIGHT;
  for (const k of KINDS) {
    x -= k.weight;
    if (x < 0) return { kind: k.name, frame: k.make(r, p, t) };
  }
  const k = KINDS[KINDS.length - 1];
  return { kind: k.name, frame: k.make(r, p, t) };
}

/** One frame from a client that has not logged in (only AUTH, ACK and PING are legal then). */
export function preLoginFrame(r: Rng, p: Pools, t: Targets, victimNames: readonly string[], preLoginFrameBytes: number): { kind: string; frame: Buffer } {
  switch (r.int(0, 9)) {
    case 0:
      return { kind: 'pre-login: random bytes', frame: r.bytes(r.int(1, 200)) };
    case 8:
    case 9:
    case 1:
      return { kind: 'pre-login: wrong password for a victim', frame: J(TimType.AUTH, JSON.stringify({ name: r.pick(victimNames), pwd: 'guess ' + r.pick(p.texts) })) };
    case 2:
      return { kind: 'pre-login: garbage AUTH', frame: mutate(J(TimType.AUTH, JSON.stringify({ name: r.pick(victimNames), pwd: 'x' })), randomMutations(r, p)) };
    case 3:
      return { kind: 'pre-login: forged token', frame: J(TimType.AUTH, JSON.stringify({ token: r.pick([r.pick(p.texts), 'a.b.c', 'x'.repeat(500)]) })) };
    case 4:
      return { kind: 'pre-login: frame over preLoginFrameBytes', frame: J(TimType.AUTH, `{"name":"${'n'.repeat(preLoginFrameBytes + r.int(0, 5000))}"}`) };
    case 5:
      return { kind: 'pre-login: ack or ping', frame: r.chance(0.5) ? J(TimType.ACK, r.bytes(4)) : J(TimType.PING, '') };
    case 6:
      return { kind: 'pre-login: any other frame', frame: mutate(r.pick(p.frames), []) };
    default:
      return { kind: 'pre-login: message to a victim', frame: J(TimType.MESSAGE, encodeMessage({ msType: 2, odType: 1, toTid: { node: r.pick(t.victims) }, dataString: 'hi' })) };
  }
}

/** A message of exactly `maxFrameBytes` that ends any big-data frame left pending: when one is
 *  pending it overflows the declared length (4114, the assembler resets); when none is, it is a
 *  complete big-data frame without a separator (4104). Either way the next frame is a frame again. */
export function unjamFrame(maxFrameBytes: number): Buffer {
  const f = Buffer.alloc(maxFrameBytes, 0x41);
  f[0] = TimType.BIGBINARY | JSON_FLAG;
  f.writeInt32BE(maxFrameBytes, 1);
  return f;
}

/** Byte 0 names a big-data type: the frame may leave a reassembly pending. */
export function startsBigData(frame: Buffer): boolean {
  if (frame.length === 0) return false;
  const t = frame[0] & 0x7f;
  return t === TimType.BIGSTRING || t === TimType.BIGBINARY || t === TimType.BIGBINARYSTREAM;
}
