// The per-connection token bucket and its one-warning-per-episode rule (core/request-rate.ts), and
// the presence target list bound (handlers/presence.ts), driven by an injected clock: no sleeps.

import { describe, expect, it } from 'vitest';
import { distinctTargets } from '../../../src/core/handlers/presence.js';
import { RequestBudget, TokenBucket } from '../../../src/core/request-rate.js';
import { TimError } from '../../../src/core/tim-error.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';

/** How many of `n` takes at time `now` succeed. */
function takes(b: TokenBucket, n: number, now: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (b.take(now)) ok++;
  return ok;
}

describe('TokenBucket', () => {
  it('starts full: a burst passes at once, the next frame does not', () => {
    const b = new TokenBucket(200, 400, 1000);
    expect(takes(b, 400, 1000)).toBe(400);
    expect(b.take(1000)).toBe(false);
  });

  it('refills at the rate, by elapsed time, fractions included', () => {
    const b = new TokenBucket(200, 400, 0);
    takes(b, 400, 0);
    expect(b.take(4)).toBe(false); // 0.8 token
    expect(b.take(5)).toBe(true); // 1.0 token
    expect(b.take(5)).toBe(false);
    expect(takes(b, 1000, 1005)).toBe(200); // one second later: 200 more, not 400
    const slow = new TokenBucket(3, 1, 0);
    slow.take(0);
    expect(slow.take(333)).toBe(false); // 0.999 token
    expect(slow.take(334)).toBe(true);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const b = new TokenBucket(200, 400, 0);
    takes(b, 400, 0);
    expect(b.full(1999)).toBe(false);
    expect(b.full(2000)).toBe(true);
    expect(takes(b, 1000, 3_600_000)).toBe(400);
  });

  it('refills nothing while the clock goes back, and resumes once it has caught up', () => {
    const b = new TokenBucket(100, 10, 10_000);
    takes(b, 10, 10_000);
    expect(b.take(5_000)).toBe(false);
    expect(b.take(10_005)).toBe(false); // 0.5 token since the last reading that moved forward
    expect(b.take(10_010)).toBe(true);
  });
});

describe('RequestBudget', () => {
  it('handles the burst, refuses the first frame over it, closes at the next one', () => {
    const r = new RequestBudget(10, 5, 0);
    expect(Array.from({ length: 5 }, () => r.admit(0))).toEqual(['handle', 'handle', 'handle', 'handle', 'handle']);
    expect(r.admit(0)).toBe('refuse');
    expect(r.admit(0)).toBe('close');
  });

  it('after the warning, frames within the rate are handled; one over it before a full refill closes', () => {
    const r = new RequestBudget(10, 5, 0);
    for (let i = 0; i < 5; i++) r.admit(0);
    expect(r.admit(0)).toBe('refuse');
    expect(r.admit(100)).toBe('handle'); // one token came back
    expect(r.admit(200)).toBe('handle');
    expect(r.admit(200)).toBe('close'); // still in the same episode: no second warning
  });

  it('forgets the warning once the bucket is full again: the next episode is warned first', () => {
    const r = new RequestBudget(10, 5, 0);
    for (let i = 0; i < 5; i++) r.admit(0);
    expect(r.admit(0)).toBe('refuse');
    const later = 500; // 5 tokens at 10/s: full
    for (let i = 0; i < 5; i++) expect(r.admit(later)).toBe('handle');
    expect(r.admit(later)).toBe('refuse');
    expect(r.admit(later)).toBe('close');
  });
});

describe('distinctTargets (presence toList)', () => {
  it('keeps each node once, in first-seen order; repeats do not count against the cap', () => {
    expect(distinctTargets(['b', 'a', 'b', 'c', 'a'], 3)).toEqual(['b', 'a', 'c']);
    expect(distinctTargets(Array(1100).fill('victim'), 1)).toEqual(['victim']);
  });

  it('refuses more than `max` distinct nodes with 4104', () => {
    const list = Array.from({ length: 101 }, (_, i) => `n${i}`);
    expect(distinctTargets(list.slice(0, 100), 100)).toHaveLength(100);
    let err: unknown;
    try {
      distinctTargets(list, 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimError);
    expect((err as TimError).code).toBe(ErrorCode.PARAMS);
  });
});
