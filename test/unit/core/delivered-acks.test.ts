// DeliveredAcks (src/core/delivered-acks.ts): acks of one turn go in one ackDelivered call, grouped by
// node; acks that arrive while a delete runs wait for it and go together next; a failed delete is
// counted and logged, and settle() waits for everything added.

import { describe, expect, it } from 'vitest';
import { DeliveredAcks } from '../../../src/core/delivered-acks.js';
import type { Store } from '../../../src/store/store.js';

function recordingStore(fail = false) {
  const calls: Record<string, number[]>[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const store = {
    async ackDelivered(byNode: ReadonlyMap<string, readonly number[]>) {
      calls.push(Object.fromEntries([...byNode].map(([n, m]) => [n, [...m]])));
      if (hold) await new Promise<void>((r) => (release = r));
      if (fail) throw new Error('database down');
    },
  } as unknown as Store;
  return {
    store,
    calls,
    holdNext() {
      hold = true;
    },
    releaseHeld() {
      hold = false;
      release?.();
    },
  };
}

const warnings: unknown[] = [];
const log = (err: unknown) => void warnings.push(err);

describe('DeliveredAcks', () => {
  it('groups the acks of one turn by node in one call', async () => {
    const s = recordingStore();
    const acks = new DeliveredAcks(s.store, log);
    acks.add('a', 1);
    acks.add('b', 2);
    acks.add('a', 3);
    await acks.settle();
    expect(s.calls).toEqual([{ a: [1, 3], b: [2] }]);
  });

  it('runs one delete at a time; acks arriving meanwhile go together in the next', async () => {
    const s = recordingStore();
    const acks = new DeliveredAcks(s.store, log);
    s.holdNext();
    acks.add('a', 1);
    await new Promise((r) => setImmediate(r));
    expect(s.calls).toHaveLength(1);
    acks.add('a', 2);
    acks.add('c', 4);
    await new Promise((r) => setImmediate(r));
    expect(s.calls).toHaveLength(1); // still running: nothing started beside it
    s.releaseHeld();
    await acks.settle();
    expect(s.calls).toEqual([{ a: [1] }, { a: [2], c: [4] }]);
  });

  it('counts and logs a failed delete (the rows stay: a duplicate later, never a loss)', async () => {
    const s = recordingStore(true);
    const acks = new DeliveredAcks(s.store, log);
    const before = warnings.length;
    acks.add('a', 1);
    acks.add('b', 2);
    await acks.settle();
    expect(acks.failed).toBe(2);
    expect(warnings.length).toBe(before + 1);
  });
});
