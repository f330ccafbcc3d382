// The bounds json-bounds.ts holds client JSON to (depth, number literal length, entries, object
// entries): legal-size frames shaped to be costly to parse are refused with 4104 before parsing,
// and legitimate tim bodies, deep-ish or long, still parse exactly. The 8 MiB inputs took 0.4-4 s
// each to parse before the bounds; the time each refusal takes now is printed, not asserted.

import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { ProtocolError } from '../../../src/protocol/frame-codec.js';
import {
  MAX_JSON_DEPTH,
  MAX_JSON_ENTRIES,
  MAX_JSON_NUMBER_CHARS,
  MAX_JSON_OBJECT_ENTRIES,
} from '../../../src/protocol/json-bounds.js';
import { decodeMessage, decodeMessageList, decodeNodes, encodeMessage, parseJsonText } from '../../../src/protocol/json-codec.js';
import { codeOf } from '../../helpers/protocol-error.js';

/** limits.maxFrameBytes by default: the largest body a client may send. */
const FRAME_BYTES = 8 * 1024 * 1024;

/** A TimMessage body whose unknown member `x` holds `value` (the decoder ignores it, so only the
 *  parser's work is measured, and without the bounds the body decodes). */
function messageWith(value: string): Buffer {
  const body = Buffer.from(`{"msType":2,"odType":1,"x":${value}}`);
  expect(body.length).toBeLessThanOrEqual(FRAME_BYTES);
  return body;
}

/** The ProtocolError `fn` throws (failing when it returns or throws anything else), and the time. */
function refusal(fn: () => unknown): { err: ProtocolError; ms: number } {
  const t0 = performance.now();
  try {
    fn();
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof ProtocolError) return { err: e, ms };
    throw e;
  }
  throw new Error(`accepted after ${(performance.now() - t0).toFixed(0)} ms`);
}

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `"k${from + i}":0`).join(',');
const half = (FRAME_BYTES - 64) >> 1;

describe('8 MiB bodies shaped to be costly to parse are refused with 4104 before parsing', () => {
  const cases: [string, () => Buffer, RegExp][] = [
    ['4 M nested arrays', () => messageWith('['.repeat(half) + ']'.repeat(half)), /nested deeper than 32/],
    ['700 k nested objects', () => messageWith('{"a":'.repeat(half / 6) + '0' + '}'.repeat(half / 6)), /nested deeper than 32/],
    ['an 8 M-digit integer (BigInt is quadratic)', () => messageWith('7'.repeat(FRAME_BYTES - 64)), /number literal longer than 40/],
    ['an 8 M-digit fraction', () => messageWith('0.' + '7'.repeat(FRAME_BYTES - 64)), /number literal longer than 40/],
    ['an object of 660 k keys', () => messageWith(`{${keys(660_000)}}`), /more than 65536 object members/],
    ['2.8 M empty objects', () => messageWith(`[${'{},'.repeat(2_700_000)}{}]`), /more than 65536 object members/],
    ['550 k objects of distinct keys', () => messageWith(`[${Array.from({ length: 34_000 }, (_, i) => `{${keys(16, i * 16)}}`).join(',')}]`), /more than 65536 object members/],
    ['4 M zeros', () => messageWith(`[${'0,'.repeat(4_000_000)}0]`), /more than 262144 array elements/],
    ['2.8 M empty arrays', () => messageWith(`[${'[],'.repeat(2_700_000)}[]]`), /more than 262144 array elements/],
  ];
  for (const [name, build, why] of cases) {
    it(name, () => {
      const body = build();
      const { err, ms } = refusal(() => decodeMessage(body));
      console.log(`${name}: ${(body.length / 2 ** 20).toFixed(1)} MiB refused in ${ms.toFixed(0)} ms`);
      expect(err.code).toBe(ErrorCode.PARAMS);
      expect(err.message).toMatch(why);
    });
  }

  it('the bound is checked before the parser: malformed text beyond one is 4104 too, and below one still 4113', () => {
    expect(codeOf(() => parseJsonText('['.repeat(MAX_JSON_DEPTH + 1)))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => parseJsonText('['.repeat(MAX_JSON_DEPTH)))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => parseJsonText('{"a":"unterminated'))).toBe(ErrorCode.FORMAT);
  });
});

describe('each bound is exact: its limit parses, one more is refused', () => {
  const refused = (text: string) => refusal(() => parseJsonText(text)).err.code;

  it(`nesting: ${MAX_JSON_DEPTH} levels of arrays and objects`, () => {
    const arrays = (d: number) => '['.repeat(d) + ']'.repeat(d);
    const objects = (d: number) => '{"a":'.repeat(d - 1) + '{}' + '}'.repeat(d - 1);
    for (const nest of [arrays, objects]) {
      expect(parseJsonText(nest(MAX_JSON_DEPTH))).toStrictEqual(JSON.parse(nest(MAX_JSON_DEPTH)));
      expect(refused(nest(MAX_JSON_DEPTH + 1))).toBe(ErrorCode.PARAMS);
    }
    // Depth is nesting, not count: 5,000 siblings of the deepest allowed shape are fine.
    const wide = `[${Array(5_000).fill(arrays(MAX_JSON_DEPTH - 1)).join(',')}]`;
    expect(parseJsonText(wide)).toStrictEqual(JSON.parse(wide));
    // Closing brackets count back down: 100 shallow values in a row are no deeper than one.
    const row = `[${Array(100).fill('{"a":[[1]]}').join(',')}]`;
    expect(parseJsonText(row)).toStrictEqual(JSON.parse(row));
  });

  it(`number literals: ${MAX_JSON_NUMBER_CHARS} characters, read exactly`, () => {
    const n40 = '9'.repeat(MAX_JSON_NUMBER_CHARS);
    expect(parseJsonText(`[${n40},-${n40.slice(1)}]`)).toStrictEqual([BigInt(n40), -BigInt(n40.slice(1))]);
    expect(parseJsonText(`[0.${'5'.repeat(MAX_JSON_NUMBER_CHARS - 2)}]`)).toStrictEqual([0.5555555555555556]);
    for (const over of [`9${n40}`, `-${n40}`, `0.${'5'.repeat(MAX_JSON_NUMBER_CHARS - 1)}`, `1e${'0'.repeat(MAX_JSON_NUMBER_CHARS - 1)}`]) {
      expect(refused(`{"a":${over}}`), over).toBe(ErrorCode.PARAMS);
    }
  });

  it(`entries: ${MAX_JSON_ENTRIES} array elements and object members in all`, () => {
    const zeros = (n: number) => `[${'0,'.repeat(n - 1)}0]`;
    expect((parseJsonText(zeros(MAX_JSON_ENTRIES)) as unknown[]).length).toBe(MAX_JSON_ENTRIES);
    expect(refused(zeros(MAX_JSON_ENTRIES + 1))).toBe(ErrorCode.PARAMS);
    // Spread over many arrays they count the same; an empty container counts as one.
    const split = `[[${'0,'.repeat(MAX_JSON_ENTRIES / 2 - 2)}0],[${'0,'.repeat(MAX_JSON_ENTRIES / 2 - 2)}0]]`;
    expect(parseJsonText(split)).toStrictEqual(JSON.parse(split));
    expect(refused(split.replace('[[', '[[],['))).toBe(ErrorCode.PARAMS);
  });

  it(`object entries: ${MAX_JSON_OBJECT_ENTRIES} object members in all`, () => {
    const one = `{${keys(MAX_JSON_OBJECT_ENTRIES)}}`;
    expect(Object.keys(parseJsonText(one) as object)).toHaveLength(MAX_JSON_OBJECT_ENTRIES);
    expect(refused(`{${keys(MAX_JSON_OBJECT_ENTRIES + 1)}}`)).toBe(ErrorCode.PARAMS);
    const empties = (n: number) => `[${'{},'.repeat(n - 1)}{}]`;
    expect(parseJsonText(empties(MAX_JSON_OBJECT_ENTRIES))).toHaveLength(MAX_JSON_OBJECT_ENTRIES);
    expect(refused(empties(MAX_JSON_OBJECT_ENTRIES + 1))).toBe(ErrorCode.PARAMS);
    // Array elements inside objects are not object entries.
    const list = `{"a":[${'1,'.repeat(MAX_JSON_OBJECT_ENTRIES * 2)}1]}`;
    expect(parseJsonText(list)).toStrictEqual(JSON.parse(list));
  });

  it('nothing inside a string counts: brackets, commas, digits, escaped quotes and backslash runs', () => {
    const s = '['.repeat(100) + ','.repeat(MAX_JSON_ENTRIES + 1) + '"\\' + '9'.repeat(100) + '{"a":'.repeat(40) + '\\\\';
    const text = JSON.stringify({ s, t: ['\\', '\\"', '"', 'x\\\\'], n: 12345678901234567890n.toString() }) + ' ';
    expect(parseJsonText(text)).toStrictEqual(JSON.parse(text));
    // ... and after such strings the scan is back outside: these are still counted.
    expect(refused(`["\\\\",${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}]`)).toBe(ErrorCode.PARAMS);
    expect(refused(`["\\"",1${'0'.repeat(MAX_JSON_NUMBER_CHARS)}]`)).toBe(ErrorCode.PARAMS);
  });
});

describe('legitimate tim bodies still decode exactly', () => {
  it('a plain 8 MiB message', () => {
    const text = 'é'.repeat(4_000_000);
    const body = Buffer.from(JSON.stringify({ msType: 2, odType: 1, dataString: text }));
    expect(decodeMessage(body).dataString).toBe(text);
  });

  it('ids to 2^53-1 and int64 timestamps, in a message list nested as deep as tim nests (5 levels)', () => {
    const msg = (i: number) =>
      `{"msType":2,"odType":1,"id":${2 ** 53 - 1 - i},"mid":-9007199254740991,"timestamp":${9223372036854775807n - BigInt(i)},` +
      `"fromTid":{"node":"u${i}","extend":{"k":"v"}},"toTid":{"node":"w","extend":{"a":"","b":"c"}},` +
      `"extra":{"bin":[0,1,255]},"extend":{"x":"y"},"ToList":["a","b"],"dataString":"m${i}"}`;
    // 3,000 messages of 20 object members: 60,000, near the object bound (a pull page is 100
    // messages by default).
    const list = decodeMessageList(Buffer.from(`{"id":9223372036854775807,"messageList":[${Array.from({ length: 3000 }, (_, i) => msg(i)).join(',')}]}`));
    expect(list.id).toBe(2 ** 63 - 1024);
    expect(list.messageList).toHaveLength(3000);
    const last = list.messageList![2999];
    expect(last.id).toBe(2 ** 53 - 1 - 2999);
    expect(last.mid).toBe(-(2 ** 53 - 1));
    expect(last.timestamp).toBe(9223372036854775807n - 2999n);
    expect(last.fromTid).toEqual({ node: 'u2999', extend: { k: 'v' } });
    expect(last.extra!.bin.equals(Buffer.from([0, 1, 255]))).toBe(true);
    expect(decodeMessage(Buffer.from(encodeMessage(last)))).toEqual(last);
  });

  it('long lists: 200,000 recipients, a 250 KB byte field as an array, 4,000 user beans', () => {
    const to = Array.from({ length: 200_000 }, (_, i) => `user${i}`);
    const bin = Array.from({ length: 250_000 }, (_, i) => i & 0xff);
    const m = decodeMessage(Buffer.from(JSON.stringify({ msType: 2, odType: 1, ToList: to, dataBinary: [] })));
    expect(m.ToList).toEqual(to);
    const b = decodeMessage(Buffer.from(JSON.stringify({ msType: 2, odType: 1, dataBinary: bin })));
    expect(b.dataBinary!.equals(Buffer.from(bin))).toBe(true);
    const usermap = Object.fromEntries(
      Array.from({ length: 4000 }, (_, i) => [`u${i}`, { name: `n${i}`, createtime: '1718000000123456789', extend: { city: 'x' } }]),
    );
    const text = JSON.stringify({ ntype: 1, usermap }).replaceAll('"1718000000123456789"', '1718000000123456789');
    const nodes = decodeNodes(Buffer.from(text));
    expect(Object.keys(nodes.usermap!)).toHaveLength(4000);
    expect(nodes.usermap!.u3999).toEqual({ name: 'n3999', createtime: 1718000000123456789n, extend: { city: 'x' } });
  });
});
