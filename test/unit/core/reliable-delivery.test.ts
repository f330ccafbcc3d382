// Reliable delivery (src/core/reliable-delivery.ts, docs/protocol.md 2.3, docs/reliability.md): a
// frame nobody acknowledges is resent with a fresh ack id after each ack timeout and, after its
// SENDS attempts, stored offline; an ack settles it (no resend, nothing stored); with durable
// delivery the row written with the message stays until the ack deletes it; cancel(mid) ends it
// with no resend and nothing stored.
//
// The attempts' timers are vitest fake timers (the core has no clock seam for them: Attempt calls
// setTimeout), so the timeouts pass without real waiting. setImmediate stays real: DeliveredAcks
// batches its deletes on it, and `until` polls with it.

import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DeliveredAcks } from '../../../src/core/delivered-acks.js';
import { silentLogger } from '../../../src/core/ports.js';
import { ReliableDelivery, SENDS, type DeliveryOutcome } from '../../../src/core/reliable-delivery.js';
import { Session } from '../../../src/core/session.js';
import { SessionRegistry } from '../../../src/core/session-registry.js';
import { readAckId } from '../../../src/protocol/frame-codec.js';
import { TimType } from '../../../src/protocol/timtype.js';
import type { OfflineRecord } from '../../../src/store/store.js';
import { RecordingSocket, until } from '../../helpers/memory-core.js';
import { dbError, MemoryStore } from '../../helpers/memory-store.js';

const TIMEOUT = 1000;
const BODY = Buffer.from('{"msType":2,"odType":1,"id":5,"mid":77,"dataString":"hi"}');
const record = (node = 'bob', mid = 77): OfflineRecord => ({ node, id: 5, mid, stanza: BODY.toString(), time: 1 });

let store: MemoryStore;
let registry: SessionRegistry;
let delivery: ReliableDelivery;
let counted: string[];
let storeFailures: unknown[];

function setUp(durable: boolean): void {
  store = new MemoryStore({ durableDelivery: durable });
  registry = new SessionRegistry();
  counted = [];
  storeFailures = [];
  const acks = new DeliveredAcks(store, () => undefined);
  delivery = new ReliableDelivery(
    registry,
    store,
    TIMEOUT,
    silentLogger,
    {
      offlineStoredFor: () => undefined,
      counted: (o) => void counted.push(o),
      storeFailed: (err) => void storeFailures.push(err),
    },
    acks,
  );
}

/** A logged-in session of `node` on a RecordingSocket, registered as the core would. */
function device(node: string): { s: Session; socket: RecordingSocket } {
  const socket = new RecordingSocket();
  const s = new Session(socket, silentLogger, { sendQueueMax: 1000, sendQueueBytes: 1 << 20, inboundMax: 100 }, 0);
  s.node = node;
  registry.add(s);
  registry.bind(s);
  return { s, socket };
}

/** What the client would do on reading `frame`: acknowledge its ack id. */
function ackFrame(s: Session, frame: Buffer): void {
  s.pendingAcks.get(readAckId(frame))?.acked();
}

/** Records the outcome of `p` when it settles. */
function watch(p: Promise<DeliveryOutcome>): { outcome: DeliveryOutcome | undefined } {
  const w: { outcome: DeliveryOutcome | undefined } = { outcome: undefined };
  void p.then((o) => (w.outcome = o));
  return w;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  await vi.runAllTimersAsync();
  vi.useRealTimers();
  store.openAll();
  await delivery.settle();
});

it('resends an unacknowledged frame after each ack timeout with a fresh ack id, then stores it offline', async () => {
  setUp(false);
  const bob = device('bob');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));

  expect(bob.socket.frames).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(TIMEOUT - 1);
  expect(bob.socket.frames).toHaveLength(1);
  for (let sent = 2; sent <= SENDS; sent++) {
    await vi.advanceTimersByTimeAsync(1);
    expect(bob.socket.frames).toHaveLength(sent);
    await vi.advanceTimersByTimeAsync(TIMEOUT - 1);
  }
  expect(w.outcome).toBeUndefined();
  expect(store.offline).toEqual([]);

  await vi.advanceTimersByTimeAsync(1);
  await delivery.settle();
  expect(w.outcome).toBe('stored_offline');
  expect(store.offline.map(({ node, id, mid, stanza }) => ({ node, id, mid, stanza }))).toEqual([{ node: 'bob', id: 5, mid: 77, stanza: BODY.toString() }]);
  expect(counted).toEqual(['timeout', 'timeout', 'timeout', 'stored_offline']);

  // Every send is the same reliable MESSAGE frame, each with its own ack id.
  const frames = bob.socket.frames;
  expect(frames.map((f) => f[0])).toEqual(Array(SENDS).fill(TimType.MESSAGE | 0x80));
  expect(frames.map((f) => f.subarray(5).toString())).toEqual(Array(SENDS).fill(BODY.toString()));
  expect(new Set(frames.map(readAckId)).size).toBe(SENDS);
  expect(bob.s.pendingAckCount).toBe(0);

  await vi.advanceTimersByTimeAsync(10 * TIMEOUT);
  expect(frames).toHaveLength(SENDS);
});

it('an ack settles the delivery: no resend, nothing stored offline', async () => {
  setUp(false);
  const bob = device('bob');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  ackFrame(bob.s, bob.socket.frames[0]);
  await delivery.settle();
  expect(w.outcome).toBe('delivered');

  await vi.advanceTimersByTimeAsync(10 * TIMEOUT);
  expect(bob.socket.frames).toHaveLength(1);
  expect(store.count('saveOffline')).toBe(0);
  expect(bob.s.pendingAckCount).toBe(0);
  expect(counted).toEqual(['delivered']);
});

it('an ack of a resend settles it too; the stale ack id of the first send no longer counts', async () => {
  setUp(false);
  const bob = device('bob');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  const first = bob.socket.frames[0];
  await vi.advanceTimersByTimeAsync(TIMEOUT);
  expect(bob.socket.frames).toHaveLength(2);
  expect(bob.s.pendingAcks.has(readAckId(first))).toBe(false);

  ackFrame(bob.s, bob.socket.frames[1]);
  await delivery.settle();
  expect(w.outcome).toBe('delivered');
  await vi.advanceTimersByTimeAsync(10 * TIMEOUT);
  expect(bob.socket.frames).toHaveLength(2);
  expect(store.offline).toEqual([]);
});

it('with no session of the node, stores the record offline at once, sending nothing', async () => {
  setUp(false);
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  await delivery.settle();
  expect(w.outcome).toBe('stored_offline');
  expect(store.offlineOf('bob')).toHaveLength(1);
});

it('a device that closes ends its attempt at once: stored offline without waiting for the timeout', async () => {
  setUp(false);
  const bob = device('bob');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  expect(bob.socket.frames).toHaveLength(1);
  bob.s.markClosed();
  await delivery.settle();
  expect(w.outcome).toBe('stored_offline');
  expect(store.offlineOf('bob')).toHaveLength(1);
  expect(bob.socket.frames).toHaveLength(1);
});

it('an offline save that fails drops the frame and reports the failure', async () => {
  setUp(false);
  store.failNext('saveOffline');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  await delivery.settle();
  expect(w.outcome).toBe('dropped');
  expect(store.offline).toEqual([]);
  expect(storeFailures).toHaveLength(1);
});

it('without an offline record an unacknowledged frame is dropped, not stored', async () => {
  setUp(false);
  device('bob');
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, null));
  await vi.advanceTimersByTimeAsync(SENDS * TIMEOUT);
  await delivery.settle();
  expect(w.outcome).toBe('dropped');
  expect(store.count('saveOffline')).toBe(0);
});

it('durable: the row stored with the message stays until the ack, which deletes it', async () => {
  setUp(true);
  const bob = device('bob');
  const rec = record();
  await store.saveMessage({ mid: 77 } as never, [rec]); // as message.save with its pending row
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, rec, true));

  await vi.advanceTimersByTimeAsync(TIMEOUT); // one timeout: the resend still owes it
  expect(bob.socket.frames).toHaveLength(2);
  expect(store.offlineOf('bob').map((r) => r.mid)).toEqual([77]);

  ackFrame(bob.s, bob.socket.frames[1]);
  await delivery.settle();
  expect(w.outcome).toBe('delivered');
  await until(() => store.offline.length === 0);
  const acked = store.calls.filter((c) => c.method === 'ackDelivered').map((c) => [...(c.args[0] as Map<string, number[]>)]);
  expect(acked).toEqual([[['bob', [77]]]]);
  expect(store.count('saveOffline')).toBe(0);
});

it('durable: with no ack the row stays where it is, stored once (no second save)', async () => {
  setUp(true);
  const bob = device('bob');
  const rec = record();
  await store.saveMessage({ mid: 77 } as never, [rec]);
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, rec, true));
  await vi.advanceTimersByTimeAsync(SENDS * TIMEOUT);
  await delivery.settle();
  expect(w.outcome).toBe('stored_offline');
  expect(bob.socket.frames).toHaveLength(SENDS);
  expect(store.offlineOf('bob').map((r) => r.mid)).toEqual([77]);
  expect(store.count('saveOffline')).toBe(0);
  expect(store.count('ackDelivered')).toBe(0);
});

it('cancel(mid) ends the delivery in progress: no resend, nothing stored offline', async () => {
  setUp(false);
  const bob = device('bob');
  const other = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record('bob', 78)));
  const w = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record()));
  expect(bob.socket.frames).toHaveLength(2);

  delivery.cancel(77);
  await vi.advanceTimersByTimeAsync(0);
  expect(w.outcome).toBe('cancelled');
  expect(bob.s.pendingAckCount).toBe(1); // the other message's attempt only

  await vi.advanceTimersByTimeAsync(SENDS * TIMEOUT);
  await delivery.settle();
  // Only the other message was resent and stored.
  expect(bob.socket.frames).toHaveLength(1 + SENDS);
  expect(other.outcome).toBe('stored_offline');
  expect(store.offline.map((r) => r.mid)).toEqual([78]);
});

it('cancel(mid) of a message with several recipients stops every one of its deliveries', async () => {
  setUp(false);
  const bob = device('bob');
  const carol = device('carol');
  const a = watch(delivery.deliver('bob', TimType.MESSAGE, BODY, record('bob')));
  const b = watch(delivery.deliver('carol', TimType.MESSAGE, BODY, record('carol')));
  delivery.cancel(77);
  await vi.advanceTimersByTimeAsync(SENDS * TIMEOUT);
  await delivery.settle();
  expect([a.outcome, b.outcome]).toEqual(['cancelled', 'cancelled']);
  expect([bob.socket.frames.length, carol.socket.frames.length]).toEqual([1, 1]);
  expect(store.offline).toEqual([]);
});
