import { describe, expect, it } from 'vitest';
import { hasLongDigitRun, LONG_DIGITS } from '../../../src/protocol/json-parse.js';

describe('hasLongDigitRun', () => {
  // It probes one character in 16; these cases put runs of 15 and 16 digits at every offset
  // around the probes, so a run the probes could miss would show up.
  it('finds a run of 16 digits at every offset, and never one of 15', () => {
    for (let pad = 0; pad < 40; pad++) {
      for (const [run, want] of [
        [15, false],
        [16, true],
        [17, true],
      ] as const) {
        const digits = '1234567890123456789'.slice(0, run);
        for (const [l, r] of [
          ['x', 'y'],
          ['"', ','],
          ['', ''],
        ]) {
          const text = 'a'.repeat(pad) + l + digits + r + 'b'.repeat(pad % 7);
          expect(hasLongDigitRun(text), text).toBe(want);
          expect(LONG_DIGITS.test(text)).toBe(want);
        }
      }
    }
  });

  it('agrees with /\\d{16}/ on random text', () => {
    const alphabet = '0123456789012345678901234567890123456789.-e"a ';
    for (let i = 0; i < 20000; i++) {
      let s = '';
      for (let n = Math.floor(Math.random() * 120); n > 0; n--) s += alphabet[Math.floor(Math.random() * alphabet.length)];
      expect(hasLongDigitRun(s), s).toBe(LONG_DIGITS.test(s));
    }
  });

  it('counts ASCII digits only, as \\d does', () => {
    expect(hasLongDigitRun('１２３４５６７８９０１２３４５６７８')).toBe(false);
    expect(hasLongDigitRun('')).toBe(false);
    expect(hasLongDigitRun('1'.repeat(16))).toBe(true);
  });
});
