// What a Session allocates only once it needs it, since most sessions sit idle (their memory per
// connection: docs/performance.md): its logger, a child of the logger it was given bound to its
// id, made the first time it logs; its map of unacknowledged reliable frames, made at the first one.

import { expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../src/core/ports.js';
import { Session } from '../../../src/core/session.js';
import { RecordingSocket } from '../../helpers/memory-core.js';


it('makes its child logger on first use, once, bound to the session id', () => {
  const children: Record<string, unknown>[] = [];
  const warned: unknown[] = [];
  const child: Logger = { ...silentLogger, warn: (obj) => void warned.push(obj) };
  const parent: Logger = {
    ...silentLogger,
    child(bindings) {
      children.push(bindings);
      return child;
    },
  };
  const s = new Session(new RecordingSocket(), parent, { sendQueueMax: 10, sendQueueBytes: 1024, inboundMax: 10 }, 0);
  s.onClose(() => undefined);
  s.send(Buffer.from('x'));
  expect(children).toEqual([]);

  s.log.warn({ n: 1 }, 'first');
  s.log.warn({ n: 2 }, 'second');
  expect(children).toEqual([{ session: s.id }]);
  expect(warned).toEqual([{ n: 1 }, { n: 2 }]);
});

it('makes its map of unacknowledged reliable frames at the first one; counting them makes none', () => {
  const s = new Session(new RecordingSocket(), silentLogger, { sendQueueMax: 10, sendQueueBytes: 1024, inboundMax: 10 }, 0);
  const acks = () => (s as unknown as { acks: Map<number, unknown> | undefined }).acks;
  s.send(Buffer.from('x'));
  expect(s.pendingAckCount).toBe(0);
  expect(acks()).toBeUndefined();

  const gone: number[] = [];
  s.pendingAcks.set(7, { acked: () => undefined, gone: () => gone.push(7) });
  expect(s.pendingAckCount).toBe(1);
  expect(acks()?.size).toBe(1);
  s.markClosed();
  expect(gone).toEqual([7]);
  expect(s.pendingAckCount).toBe(0);
});
