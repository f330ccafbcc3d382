// Session.defer (the pipelined message path): finishes run in the order they were deferred, each
// once its own work settled, whatever order the work settles in; a finish that throws is logged
// and does not stop the ones after it; settled() resolves only after every finish deferred so far;
// a frame whose handler returns nothing is done at once, and one that returns a promise holds the
// frames after it.

import { expect, it } from 'vitest';
import type { Logger } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/core/ports.js';
import { Session, type DeferredFinish, type SocketPort } from '../../../src/core/session.js';

const port: SocketPort = {
  remote: '127.0.0.1',
  send() {},
  queued: () => 0,
  queuedBytes: () => 0,
  loggedIn() {},
  close() {},
};

const session = (log: Logger = silentLogger) => new Session(port, log, { sendQueueMax: 1000, sendQueueBytes: 1 << 20, inboundMax: 100 }, 0);

function recorder(log: string[], name: string): DeferredFinish {
  return { run: () => log.push(`${name} ok`), fail: (err) => log.push(`${name} failed ${String(err)}`) };
}

it('runs deferred finishes in defer order, each after its own work settled', async () => {
  const s = session();
  const log: string[] = [];
  const a = s.defer(recorder(log, 'a'));
  const b = s.defer(recorder(log, 'b'));
  const c = s.defer(recorder(log, 'c'));
  let settled = false;
  void s.settled()!.then(() => (settled = true));

  c.resolve();
  b.reject('boom');
  expect(log).toEqual([]); // a has not settled: nothing may run yet
  a.resolve();
  expect(log).toEqual(['a ok', 'b failed boom', 'c ok']);
  a.reject('late'); // a handle settles once
  expect(log).toHaveLength(3);
  await Promise.resolve();
  expect(settled).toBe(true);
  expect(s.settled()).toBeUndefined();
});

it('logs a finish that throws and still runs the ones after it', () => {
  const errors: unknown[] = [];
  // the session logs through its child of this logger (made on first use)
  const log: Logger = { ...silentLogger, error: (o: unknown) => void errors.push(o), child: () => log } as Logger;
  const s = session(log);
  const ran: string[] = [];
  const a = s.defer({
    run: () => {
      throw new Error('finish threw');
    },
    fail: () => undefined,
  });
  const b = s.defer(recorder(ran, 'b'));
  b.resolve();
  a.resolve();
  expect(ran).toEqual(['b ok']);
  expect(errors).toHaveLength(1);
});

it('handles a frame at once when none is ahead, and queues frames behind one still in progress', async () => {
  const s = session();
  const order: string[] = [];
  let release!: () => void;
  s.enqueue(Buffer.from([1]), () => {
    order.push('first');
    return new Promise<void>((resolve) => (release = resolve));
  });
  expect(order).toEqual(['first']); // synchronous: nothing ahead of it
  s.enqueue(Buffer.from([2]), () => void order.push('second'));
  await Promise.resolve();
  expect(order).toEqual(['first']); // waits for the first frame's promise
  release();
  await s.idle();
  expect(order).toEqual(['first', 'second']);
  s.enqueue(Buffer.from([3]), () => void order.push('third'));
  expect(order).toEqual(['first', 'second', 'third']);
});

it('a handler that rejects (breaking its contract) is logged and the frames after it still run', async () => {
  const errors: unknown[] = [];
  const log: Logger = { ...silentLogger, error: (o: unknown) => void errors.push(o), child: () => log } as Logger;
  const s = session(log);
  const order: string[] = [];
  let fail!: (err: Error) => void;
  s.enqueue(Buffer.from([1]), () => new Promise<void>((_resolve, reject) => (fail = reject)));
  s.enqueue(Buffer.from([2]), () => Promise.reject(new Error('queued handler broke too')));
  s.enqueue(Buffer.from([3]), () => void order.push('third'));
  fail(new Error('first handler broke'));
  await s.idle();
  expect(order).toEqual(['third']);
  expect(errors).toHaveLength(2);
  s.enqueue(Buffer.from([4]), () => void order.push('fourth')); // nothing left in flight: at once
  expect(order).toEqual(['third', 'fourth']);
});
