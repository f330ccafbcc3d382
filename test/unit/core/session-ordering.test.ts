// A session's frames are answered in the order they arrived (src/core/session.ts, docs/protocol.md
// decision 3), even when a persisted message's database write (pipelined through Session.defer)
// resolves after the writes of later frames; a frame that fails answers its error ack in its turn
// and does not hold up the frames after it; a closed session handles nothing more.
// A real TimCore over the in-memory Store, whose saveMessage is held or failed per test.

import { afterEach, beforeEach, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { TimType } from '../../../src/protocol/timtype.js';
import type { TimCore } from '../../../src/core/tim-core.js';
import { clientFrame, loggedIn, memoryCore, quiesce, until, type RecordingSocket } from '../../helpers/memory-core.js';
import { MemoryStore } from '../../helpers/memory-store.js';
import type { Session } from '../../../src/core/session.js';

let store: MemoryStore;
let core: TimCore;
let s: Session;
let socket: RecordingSocket;

beforeEach(async () => {
  store = new MemoryStore();
  core = memoryCore(store);
  ({ s, socket } = await loggedIn(core, store, 'alice'));
});
afterEach(() => {
  store.openAll();
  return core.close();
});

/** A persisted 1:1 message from the session's user to `to`, carrying `text`. */
const message = (text: string, to = 'bob') => clientFrame(TimType.MESSAGE, { msType: 2, odType: 1, toTid: { node: to }, dataString: text });

/** What the socket got, in order: `echo:<text>` for a message echo, `ack:<timType>:<code|ok>` for an ack. */
function answers(): string[] {
  return socket.bodies().map((b, i) => {
    const type = socket.frames[i][0] & 0x7f;
    if (type === TimType.MESSAGE) return `echo:${b.dataString}`;
    if (type === TimType.ACK) return `ack:${b.timType}:${b.ok ? 'ok' : b.error.code}`;
    return `type:${type}`;
  });
}

it('echoes pipelined messages in arrival order when the first save resolves last', async () => {
  const first = store.holdNext('saveMessage');
  for (const t of ['m1', 'm2', 'm3']) core.receive(s, message(t));
  // m2 and m3 are stored while m1's write still waits: their echoes must wait for m1's.
  await until(() => store.messages.length === 2);
  expect(first.arrived).toBe(true);
  expect(store.messages.map((m) => m.body)).toEqual(['m2', 'm3']);
  expect(answers()).toEqual([]);

  first.open();
  await s.idle();
  expect(store.messages.map((m) => m.body)).toEqual(['m2', 'm3', 'm1']);
  expect(answers()).toEqual(['echo:m1', 'echo:m2', 'echo:m3']);
});

it('answers a frame of another kind after the echo still owed to an earlier message', async () => {
  const first = store.holdNext('saveMessage');
  core.receive(s, message('m1'));
  core.receive(s, clientFrame(TimType.AUTH, { name: 'alice', pwd: 'pw' })); // logged in already: ok ack
  core.receive(s, message('m2'));
  await first.reached;
  await quiesce(); // the AUTH frame has had every chance to answer early
  expect(answers()).toEqual([]);

  first.open();
  await s.idle();
  expect(answers()).toEqual(['echo:m1', `ack:${TimType.AUTH}:ok`, 'echo:m2']);
});

it('answers a failed save with 5103 in its turn, and the frames after it still go through', async () => {
  const first = store.holdNext('saveMessage');
  store.deny('alice', 'carol');
  core.receive(s, message('m1'));
  core.receive(s, message('m2'));
  core.receive(s, message('to carol', 'carol')); // refused by the permission check: 4105
  core.receive(s, message('m3'));
  // m2 is stored and carol refused while m1's write waits; the refusal waits for m1's answer too.
  await until(() => store.messages.length === 1 && store.count('userAuth') === 2);
  expect(answers()).toEqual([]);

  first.fail();
  await s.idle();
  expect(answers()).toEqual([`ack:${TimType.MESSAGE}:${ErrorCode.DATABASE}`, 'echo:m2', `ack:${TimType.MESSAGE}:${ErrorCode.PERM_DENIED}`, 'echo:m3']);
  expect(store.messages.map((m) => m.body)).toEqual(['m2', 'm3']);
  expect(s.closed).toBe(false);
});

it('goes on after a save that rejects at once', async () => {
  store.failNext('saveMessage');
  core.receive(s, message('m1'));
  core.receive(s, message('m2'));
  await s.idle();
  expect(answers()).toEqual([`ack:${TimType.MESSAGE}:${ErrorCode.DATABASE}`, 'echo:m2']);
});

it('handles no queued frame once the session is closed', async () => {
  // m1's permission check waits on the store, so m2 and m3 queue behind it (not pipelined yet).
  const check = store.holdNext('userExists');
  core.receive(s, message('m1'));
  core.receive(s, message('m2', 'dave'));
  core.receive(s, message('m3', 'erin'));
  await check.reached;

  s.markClosed(); // the peer went away
  core.receive(s, message('m4', 'frank'));
  check.open();
  await s.idle();
  await core.delivery.settle();

  const asked = store.calls.filter((c) => c.method === 'userExists').map((c) => c.args[0]);
  expect(asked).toEqual(['bob']);
  expect(store.messages.map((m) => m.body).filter((b) => b !== 'm1')).toEqual([]);
  expect(answers()).toEqual([]);
});
