import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../../src/business/keyed-lock.js';

/** A promise with its resolve function, to control when work finishes. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('KeyedLock', () => {
  it('runs work of one key one at a time, in call order', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const g = gate();
    const first = lock.run('k', async () => {
      order.push('first start');
      await g.promise;
      order.push('first end');
      return 1;
    });
    const second = lock.run('k', async () => {
      order.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual(['first start']);
    g.open();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(order).toEqual(['first start', 'first end', 'second']);
  });

  it('runs different keys in parallel', async () => {
    const lock = new KeyedLock();
    const g = gate();
    const blocked = lock.run('a', () => g.promise.then(() => 'a'));
    expect(await lock.run('b', async () => 'b')).toBe('b');
    g.open();
    expect(await blocked).toBe('a');
  });

  it('goes on after a failure, which only its caller sees, and forgets idle keys', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
    await new Promise((r) => setImmediate(r));
    expect(lock.size).toBe(0);
  });
});
