import { describe, expect, it } from 'vitest';
import { checkJsonBounds } from '../../../src/protocol/json-bounds.js';
import { parseJsonText } from '../../../src/protocol/json-parse.js';

// checkJsonBounds tells parseJsonText whether a text needs the exact parser: exactly when it holds
// an integer literal of 16 digits or more (JSON.parse could round it).
describe('which parser a text takes', () => {
  it('the exact one for an integer literal of 16 digits or more, at any offset, signed or not', () => {
    for (let pad = 0; pad < 40; pad++) {
      for (const [run, want] of [
        [15, false],
        [16, true],
        [17, true],
      ] as const) {
        const digits = '1234567890123456789'.slice(0, run);
        for (const sign of ['', '-']) {
          const text = `[${'"ab",'.repeat(pad % 5)}${' '.repeat(pad)}${sign}${digits}${pad % 2 ? ',0' : ''}]`;
          expect(checkJsonBounds(text), text).toBe(want);
        }
      }
    }
  });

  it('JSON.parse for digits in strings or keys, fractions and exponents (it reads those exactly as the exact one)', () => {
    for (const t of [
      '["12345678901234567890"]',
      '{"12345678901234567890":1}',
      '["\\"12345678901234567890"]',
      '[1234567890123456.5]',
      '[12345678901234567e0]',
      '[1.2345678901234567]',
      '[１２３４５６７８９０１２３４５６７８]',
    ]) {
      expect(checkJsonBounds(t), t).toBe(false);
    }
    expect(checkJsonBounds('["\\\\",12345678901234567]')).toBe(true);
  });

  it('reads integers beyond 2^53 exactly, and the rest as JSON.parse does', () => {
    const text = '{"t":9223372036854775807,"id":9007199254740991,"n":-9007199254740993,"f":1234567890123456.5,"s":"12345678901234567890","e":"\\n\\u00e9"}';
    expect(parseJsonText(text)).toStrictEqual({
      t: 9223372036854775807n,
      id: 9007199254740991,
      n: -9007199254740993n,
      f: 1234567890123456.5,
      s: '12345678901234567890',
      e: '\né',
    });
  });

});

describe('the exact parser', () => {
  it('decodes a string of 3 M escapes (7.9 MiB) in one go (escape by escape it took ~1 s)', () => {
    const text = '\n\u00e9"\\/'.repeat(590_000);
    const escaped = JSON.stringify(text).replaceAll('/', '\\/').replaceAll('\u00e9', '\\u00e9');
    const json = `{"t":1718000000123456789,"s":${escaped}}`;
    const t0 = performance.now();
    const v = parseJsonText(json);
    console.log(`${(json.length / 2 ** 20).toFixed(1)} MiB of escapes through the exact parser in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(v).toStrictEqual({ t: 1718000000123456789n, s: text });
  });
});
