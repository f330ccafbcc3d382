// The bound on concurrent password hashing (store/hash-gate.ts): at most `concurrency` jobs run,
// `queueMax` wait in order, one more is refused at once with StoreError('busy'), which the core
// answers with 5104 and the admin API with 503. Jobs are promises the test resolves: no timing.

import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/admin/http-errors.js';
import { errorToCode } from '../../../src/core/tim-error.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { StoreError } from '../../../src/store/errors.js';
import { HashGate } from '../../../src/store/hash-gate.js';

/** A job that runs until the test calls finish(). */
function job(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('HashGate', () => {
  it('runs `concurrency` jobs at once, queues `queueMax` in order, refuses the next at once', async () => {
    const gate = new HashGate(2, 2);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((n) => job(log, n));
    const results = jobs.map((j) => gate.run(j.run));
    await expect(results[4]).rejects.toSatisfy((e) => e instanceof StoreError && e.kind === 'busy');
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    jobs[1].finish();
    await expect(results[1]).resolves.toBe('b');
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    // a slot is free in the queue again: one more may wait
    const f = job(log, 'f');
    const rf = gate.run(f.run);
    await expect(gate.run(job(log, 'g').run)).rejects.toBeInstanceOf(StoreError);
    for (const j of [jobs[0], jobs[2], jobs[3], f]) j.finish();
    expect(await Promise.all([results[0], results[2], results[3], rf])).toEqual(['a', 'c', 'd', 'f']);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d', 'start f']);
    expect(gate.counts).toEqual({ started: 5, refused: 2, peakQueued: 2 });
  });

  it('frees the slot when a job fails; queueMax 0 refuses whenever every slot is busy', async () => {
    const gate = new HashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('kdf failed')))).rejects.toThrow('kdf failed');
    const log: string[] = [];
    const a = job(log, 'a');
    const ra = gate.run(a.run);
    await expect(gate.run(async () => 'b')).rejects.toMatchObject({ kind: 'busy' });
    a.finish();
    await ra;
    await expect(gate.run(async () => 'c')).resolves.toBe('c');
  });

  it('a busy refusal is 5104 on the wire and 503 on the admin API, not a database error', () => {
    const busy = new StoreError('busy', 'password hashing is at capacity');
    expect(errorToCode(busy)).toEqual({ code: ErrorCode.OVERLOAD, unexpected: false });
    expect(classify(busy)).toMatchObject({ status: 503, code: ErrorCode.OVERLOAD, log: false });
    expect(errorToCode(new StoreError('query', 'x')).code).toBe(ErrorCode.DATABASE);
  });
});
