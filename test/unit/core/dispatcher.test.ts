// Frame routing (src/core/dispatcher.ts, docs/protocol.md section 4): each frame type reaches its
// handler, seen by what only that handler does (a store call, a frame to the sender or to another
// user); frames a client may not send and unknown types answer 4104, a body that is not a JSON
// object 4113, a wrong field 4104, a type in disabledApis 4107, an oversized frame 4114 and a close;
// before login only AUTH is handled (PING unanswered, ACK ignored, anything else closes with 4006
// and no reply); an extension takes its frame type, and registering one twice is refused.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/core/session.js';
import type { TimCore } from '../../../src/core/tim-core.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { CloseCode } from '../../../src/protocol/close-codes.js';
import { encodeAckFrame, encodeClientFrame } from '../../../src/protocol/frame-codec.js';
import { TimType } from '../../../src/protocol/timtype.js';
import { bodyOf, clientFrame, loggedIn, memoryCore, RecordingSocket, until } from '../../helpers/memory-core.js';
import { MemoryStore } from '../../helpers/memory-store.js';

let store: MemoryStore;
let core: TimCore;
let alice: { s: Session; socket: RecordingSocket };
let bob: { s: Session; socket: RecordingSocket };

async function start(opts: { disabledApis?: number[]; maxFrameBytes?: number } = {}) {
  store = new MemoryStore();
  store.friends.set('alice', ['bob']);
  core = memoryCore(store, opts.maxFrameBytes ? { maxFrameBytes: opts.maxFrameBytes } : {}, { disabledApis: opts.disabledApis });
  alice = await loggedIn(core, store, 'alice');
  bob = await loggedIn(core, store, 'bob');
}
afterEach(async () => {
  store.openAll();
  await core.close();
});

/** Sends `frame` as alice and waits until her queue and deferred answers are done. */
async function fromAlice(frame: Buffer): Promise<void> {
  core.receive(alice.s, frame);
  await alice.s.idle();
}

/** The error acks alice got, as [timType, code]. */
const errorAcks = () =>
  alice.socket
    .ofType(TimType.ACK)
    .map(bodyOf)
    .filter((a) => a.ok === false)
    .map((a) => [a.timType, a.error.code]);

const userMessage = { msType: 2, odType: 1, toTid: { node: 'bob' }, dataString: 'hi' };

describe('after login, each type reaches its handler', () => {
  beforeEach(() => start());

  it('AUTH: the login handler (a session already logged in gets an ok ack)', async () => {
    await fromAlice(clientFrame(TimType.AUTH, { name: 'alice', pwd: 'pw' }));
    expect(alice.socket.bodies()).toEqual([{ ok: true, timType: TimType.AUTH }]);
  });

  it.each([TimType.MESSAGE, TimType.REVOKEMESSAGE, TimType.BURNMESSAGE])('%i: the message handler, which the odType drives', async (type) => {
    await fromAlice(clientFrame(type, userMessage));
    expect(store.messages.map((m) => [m.from, m.to, m.body])).toEqual([['alice', 'bob', 'hi']]);
    expect(alice.socket.ofType(TimType.MESSAGE).map(bodyOf)).toMatchObject([{ dataString: 'hi', toTid: { node: 'bob' } }]);
  });

  it('PRESENCE: to its target', async () => {
    await fromAlice(clientFrame(TimType.PRESENCE, { toTid: { node: 'bob' }, status: 'here' }));
    expect(bob.socket.ofType(TimType.PRESENCE).map(bodyOf)).toMatchObject([{ fromTid: { node: 'alice' }, toTid: { node: 'bob' }, status: 'here' }]);
    expect(alice.socket.frames).toEqual([]);
  });

  it('BROADPRESENCE: to the friends from the roster', async () => {
    await fromAlice(clientFrame(TimType.BROADPRESENCE, { status: 'all' }));
    expect(store.calls.filter((c) => c.method === 'roster').map((c) => c.args)).toEqual([['alice']]);
    expect(bob.socket.ofType(TimType.PRESENCE).map(bodyOf)).toMatchObject([{ status: 'all' }]);
  });

  it('OFFLINEMSG: the offline drain (nothing stored: just the end frame)', async () => {
    await fromAlice(clientFrame(TimType.OFFLINEMSG));
    await until(() => alice.socket.frames.length > 0);
    expect(store.calls.filter((c) => c.method === 'getOffline').map((c) => c.args[0])).toEqual(['alice']);
    expect(alice.socket.frames).toEqual([Buffer.from([TimType.OFFLINEMSGEND])]);
  });

  it('PULLMESSAGE: history from message.get', async () => {
    await fromAlice(clientFrame(TimType.MESSAGE, userMessage));
    alice.socket.frames.length = 0;
    await fromAlice(clientFrame(TimType.PULLMESSAGE, { rtype: 1, node: 'bob' }));
    expect(store.count('getMessages')).toBe(1);
    expect(alice.socket.ofType(TimType.PULLMESSAGE).map(bodyOf)).toMatchObject([{ messageList: [{ dataString: 'hi' }] }]);
  });

  it('BUSINESS: the roster list without a business extension', async () => {
    await fromAlice(clientFrame(TimType.BUSINESS, { rtype: 1 }));
    expect(alice.socket.ofType(TimType.NODES).map(bodyOf)).toEqual([{ ntype: 1, nodelist: ['bob'] }]);
  });

  it('ACK: settles the waiter of its ack id, at once, and no other', async () => {
    const settled: number[] = [];
    alice.s.pendingAcks.set(7, { acked: () => settled.push(7), gone: () => undefined });
    alice.s.pendingAcks.set(8, { acked: () => settled.push(8), gone: () => undefined });
    core.receive(alice.s, encodeAckFrame(7));
    expect(settled).toEqual([7]);
    core.receive(alice.s, encodeAckFrame(99)); // unknown: ignored
    expect(settled).toEqual([7]);
    expect(alice.socket.frames).toEqual([]);
  });

  it('PING: answered with an empty PING frame', async () => {
    await fromAlice(clientFrame(TimType.PING));
    expect(alice.socket.frames).toEqual([Buffer.from([TimType.PING])]);
  });

  it('an extension receives the frames of its type, before the built-in BUSINESS lists', async () => {
    const got: [number, string][] = [];
    core.registerExtension(TimType.VROOM, (_core, s, frame) => void got.push([frame[0] & 0x7f, s.node]));
    core.registerExtension(TimType.BUSINESS, (_core, s, frame) => void got.push([frame[0] & 0x7f, s.node]));
    await fromAlice(clientFrame(TimType.VROOM, { rtype: 1 }));
    await fromAlice(clientFrame(TimType.BUSINESS, { rtype: 1 }));
    expect(got).toEqual([
      [TimType.VROOM, 'alice'],
      [TimType.BUSINESS, 'alice'],
    ]);
    expect(alice.socket.frames).toEqual([]);
  });

  it('registering a second extension for a type is refused and the first stays', async () => {
    const got: string[] = [];
    core.registerExtension(TimType.VROOM, () => void got.push('first'));
    expect(() => core.registerExtension(TimType.VROOM, () => void got.push('second'))).toThrow(/already has an extension handler/);
    await fromAlice(clientFrame(TimType.VROOM, {}));
    expect(got).toEqual(['first']);
  });
});

describe('refusals after login', () => {
  beforeEach(() => start());

  it.each([
    ['an unknown type', 50],
    ['REGISTER (HTTP only)', TimType.REGISTER],
    ['TOKEN (HTTP only)', TimType.TOKEN],
    ['OFFLINEMSGEND', TimType.OFFLINEMSGEND],
    ['LOGOUT', TimType.LOGOUT],
    ['VROOM with no extension registered', TimType.VROOM],
  ])('%s answers 4104 with its type and leaves the session open', async (_name, type) => {
    await fromAlice(clientFrame(type, {}));
    expect(errorAcks()).toEqual([[type, ErrorCode.PARAMS]]);
    expect(alice.s.closed).toBe(false);
  });

  it.each([
    ['MESSAGE', TimType.MESSAGE],
    ['PRESENCE', TimType.PRESENCE],
    ['PULLMESSAGE', TimType.PULLMESSAGE],
  ])('a %s body that is not a JSON object answers 4113 and stores nothing', async (_name, type) => {
    await fromAlice(clientFrame(type, 'not json'));
    await fromAlice(clientFrame(type, '[1,2]'));
    expect(errorAcks()).toEqual([
      [type, ErrorCode.FORMAT],
      [type, ErrorCode.FORMAT],
    ]);
    expect(store.messages).toEqual([]);
    expect(bob.socket.frames).toEqual([]);
  });

  it('a field of the wrong type answers 4104 and stores nothing', async () => {
    await fromAlice(clientFrame(TimType.MESSAGE, { ...userMessage, msType: 'two' }));
    expect(errorAcks()).toEqual([[TimType.MESSAGE, ErrorCode.PARAMS]]);
    expect(store.count('saveMessage')).toBe(0);
  });

  it('a frame beyond limits.maxFrameBytes answers 4114, then closes (1009)', async () => {
    await core.close();
    await start({ maxFrameBytes: 1024 });
    await fromAlice(clientFrame(TimType.MESSAGE, { ...userMessage, dataString: 'x'.repeat(2000) }));
    expect(errorAcks()).toEqual([[TimType.MESSAGE, ErrorCode.BIGDATA]]);
    expect(alice.socket.closedWith?.code).toBe(CloseCode.TOO_BIG);
    expect(store.count('saveMessage')).toBe(0);
  });
});

describe('disabledApis', () => {
  beforeEach(() => start({ disabledApis: [TimType.PRESENCE, TimType.PULLMESSAGE] }));

  it('a disabled type answers 4107 and its handler never runs', async () => {
    await fromAlice(clientFrame(TimType.PRESENCE, { toTid: { node: 'bob' } }));
    await fromAlice(clientFrame(TimType.PULLMESSAGE, { rtype: 1, node: 'bob' }));
    expect(errorAcks()).toEqual([
      [TimType.PRESENCE, ErrorCode.INTERFACE],
      [TimType.PULLMESSAGE, ErrorCode.INTERFACE],
    ]);
    expect(bob.socket.frames).toEqual([]);
    expect(store.count('getMessages')).toBe(0);
  });

  it('other types still work', async () => {
    await fromAlice(clientFrame(TimType.MESSAGE, userMessage));
    expect(store.messages).toHaveLength(1);
    expect(errorAcks()).toEqual([]);
  });
});

describe('before login', () => {
  let socket: RecordingSocket;
  let s: Session;
  beforeEach(async () => {
    await start();
    socket = new RecordingSocket();
    s = core.openSession(socket);
  });

  it.each([
    ['MESSAGE', TimType.MESSAGE],
    ['OFFLINEMSG', TimType.OFFLINEMSG],
    ['an unknown type', 50],
  ])('%s closes the socket with 4006 and no reply, handling nothing', async (_name, type) => {
    core.receive(s, clientFrame(type, userMessage));
    await s.idle();
    expect(socket.closedWith?.code).toBe(CloseCode.UNAUTHENTICATED);
    expect(socket.frames).toEqual([]);
    expect(store.calls.filter((c) => c.method !== 'login')).toEqual([]);
  });

  it('PING gets no answer and the socket stays open', async () => {
    core.receive(s, clientFrame(TimType.PING));
    await s.idle();
    expect(socket.frames).toEqual([]);
    expect(socket.closedWith).toBeUndefined();
  });

  it('ACK is ignored', async () => {
    const settled: number[] = [];
    s.pendingAcks.set(5, { acked: () => settled.push(5), gone: () => undefined });
    core.receive(s, encodeAckFrame(5));
    await s.idle();
    expect(settled).toEqual([]);
    expect(socket.closedWith).toBeUndefined();
  });

  it('AUTH is handled: a malformed one answers 4104, a good one logs in', async () => {
    store.account('carol', 'pw');
    core.receive(s, clientFrame(TimType.AUTH, 'not json'));
    core.receive(s, encodeClientFrame(TimType.AUTH, '{"name":"carol","pwd":"pw"}'));
    await s.idle();
    expect(socket.bodies()).toMatchObject([
      { ok: false, timType: TimType.AUTH, error: { code: ErrorCode.PARAMS } },
      { ok: true, timType: TimType.AUTH, n: 'carol' },
    ]);
    expect(s.node).toBe('carol');
  });
});
