import { describe, expect, it } from 'vitest';
import { AuthCache, roomAuthKey, roomExistKey, userAuthKey, userExistKey } from '../../../src/core/auth-cache.js';

function clocked(maxEntries = 1000) {
  const clock = { t: 1000 };
  const cache = new AuthCache(300, 50, maxEntries, () => clock.t);
  return { clock, cache };
}

describe('AuthCache', () => {
  it('keeps positive and negative answers for their own TTLs', () => {
    const { clock, cache } = clocked();
    cache.set(userAuthKey('a', 'b'), true);
    cache.set(userAuthKey('a', 'c'), false);
    clock.t += 49;
    expect(cache.peek(userAuthKey('a', 'b'))).toBe(true);
    expect(cache.peek(userAuthKey('a', 'c'))).toBe(false);
    clock.t += 1;
    expect(cache.peek(userAuthKey('a', 'c'))).toBeUndefined();
    clock.t += 249;
    expect(cache.peek(userAuthKey('a', 'b'))).toBe(true);
    clock.t += 1;
    expect(cache.peek(userAuthKey('a', 'b'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('tells keys apart by kind, direction and node', () => {
    const { cache } = clocked();
    cache.set(userAuthKey('a', 'b'), true);
    cache.set(roomExistKey('a'), false);
    expect(cache.peek(userAuthKey('b', 'a'))).toBeUndefined();
    expect(cache.peek(roomAuthKey('a', 'b'))).toBeUndefined();
    expect(cache.peek(userExistKey('a'))).toBeUndefined();
    expect(cache.peek(roomExistKey('a'))).toBe(false);
    // parts are compared as values, whatever characters they hold
    cache.set(userAuthKey('x\u0000y', 'z'), true);
    expect(cache.peek(userAuthKey('x', 'y\u0000z'))).toBeUndefined();
    expect(cache.peek(userAuthKey('x\u0000y', 'z'))).toBe(true);
  });

  it('does not cache when a TTL is 0', () => {
    const cache = new AuthCache(0, 0, 10, () => 0);
    cache.set(userExistKey('a'), true);
    expect(cache.peek(userExistKey('a'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('shares one question among concurrent callers and caches its answer', async () => {
    const { cache } = clocked();
    let asked = 0;
    const ask = () => {
      asked++;
      return Promise.resolve(true);
    };
    const p1 = cache.get(userAuthKey('a', 'b'), ask);
    const p2 = cache.get(userAuthKey('a', 'b'), ask);
    // a different key whose naive concatenation would collide
    const p3 = cache.get(userAuthKey('a', 'b'.padStart(2, 'a')), ask);
    expect(await p1).toBe(true);
    expect(await p2).toBe(true);
    expect(await p3).toBe(true);
    expect(asked).toBe(2);
    expect(cache.get(userAuthKey('a', 'b'), ask)).toBe(true); // synchronous hit
    expect(asked).toBe(2);
  });

  it('does not keep an answer asked before an invalidation, and asks again after it', async () => {
    const { cache } = clocked();
    let release: (v: boolean) => void = () => undefined;
    let asks = 0;
    const ask = () => {
      asks++;
      return new Promise<boolean>((r) => (release = r));
    };
    const first = cache.get(userAuthKey('a', 'b'), ask);
    const releaseFirst = release;
    cache.invalidateNode('b'); // the friendship changed while the old answer was being read
    const second = cache.get(userAuthKey('a', 'b'), ask);
    expect(asks).toBe(2);
    releaseFirst(true);
    expect(await first).toBe(true);
    expect(cache.peek(userAuthKey('a', 'b'))).toBeUndefined();
    release(false);
    expect(await second).toBe(false);
    expect(cache.peek(userAuthKey('a', 'b'))).toBe(false);
  });

  it('does not cache a failed question', async () => {
    const { cache } = clocked();
    await expect(cache.get(userExistKey('a'), () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(cache.peek(userExistKey('a'))).toBeUndefined();
    expect(await cache.get(userExistKey('a'), () => Promise.resolve(false))).toBe(false);
  });

  it('invalidateNode forgets the node in every role and nothing else', () => {
    const { cache } = clocked();
    const keys = [
      userAuthKey('n', 'b'),
      userAuthKey('b', 'n'),
      roomAuthKey('n', 'b'),
      roomAuthKey('r', 'n'),
      userExistKey('n'),
      roomExistKey('n'),
    ];
    const others = [userAuthKey('b', 'c'), roomAuthKey('r', 'b'), userExistKey('b'), roomExistKey('r'), userAuthKey('nn', 'b')];
    for (const k of [...keys, ...others]) cache.set(k, true);
    expect(cache.size).toBe(11);
    cache.invalidateNode('n');
    for (const k of keys) expect(cache.peek(k), JSON.stringify(k)).toBeUndefined();
    for (const k of others) expect(cache.peek(k), JSON.stringify(k)).toBe(true);
    expect(cache.size).toBe(5);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.peek(userExistKey('b'))).toBeUndefined();
  });

  it('stays within maxEntries, dropping expired answers first', () => {
    const { clock, cache } = clocked(20);
    for (let i = 0; i < 10; i++) cache.set(userExistKey(`old${i}`), false); // expire at +50
    clock.t += 10;
    for (let i = 0; i < 10; i++) cache.set(userAuthKey('a', `live${i}`), true);
    clock.t += 45;
    cache.set(userAuthKey('z', 'z'), true); // full: the ten expired ones go, the live ones stay
    expect(cache.size).toBe(11);
    for (let i = 0; i < 10; i++) expect(cache.peek(userAuthKey('a', `live${i}`))).toBe(true);
    for (let i = 0; i < 100; i++) {
      cache.set(roomAuthKey(`r${i % 7}`, `u${i}`), true);
      expect(cache.size).toBeLessThanOrEqual(20);
    }
    expect(cache.peek(roomAuthKey('r1', 'u99'))).toBe(true); // the newest answer is kept
  });

  it('replacing an answer keeps one entry', () => {
    const { cache } = clocked();
    cache.set(userAuthKey('a', 'b'), false);
    cache.set(userAuthKey('a', 'b'), true);
    expect(cache.size).toBe(1);
    expect(cache.peek(userAuthKey('a', 'b'))).toBe(true);
  });
});
