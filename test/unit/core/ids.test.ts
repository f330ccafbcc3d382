import { describe, expect, it } from 'vitest';
import { IdGenerator, isSafeId } from '../../../src/core/ids.js';

const EPOCH = Date.UTC(2024, 0, 1);

describe('IdGenerator', () => {
  it('packs milliseconds, node number and sequence', () => {
    let now = EPOCH + 1000;
    const ids = new IdGenerator(5, () => now);
    expect(ids.next()).toBe(1000 * 4096 + 5 * 256);
    expect(ids.next()).toBe(1000 * 4096 + 5 * 256 + 1);
    now += 1;
    expect(ids.next()).toBe(1001 * 4096 + 5 * 256);
  });

  it('borrows the next millisecond when the sequence runs out, and never goes back', () => {
    let now = EPOCH + 50;
    const ids = new IdGenerator(0, () => now);
    const seen: number[] = [];
    for (let i = 0; i < 600; i++) seen.push(ids.next());
    now -= 40; // the wall clock steps back
    for (let i = 0; i < 10; i++) seen.push(ids.next());
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen[256]).toBe(51 * 4096);
  });

  it('stays below 2^53 for centuries', () => {
    const ids = new IdGenerator(15, () => EPOCH + 2 ** 41 - 1);
    const id = ids.next();
    expect(Number.isSafeInteger(id)).toBe(true);
    expect(isSafeId(id)).toBe(true);
    expect(() => new IdGenerator(16)).toThrow(RangeError);
  });
});
