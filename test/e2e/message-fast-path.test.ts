// A 1:1 persisted message takes a synchronous path from its frame to the store's queue when the
// permission cache answers every check (handlers/message.ts), and the promise path when a check
// has to ask the database. Both must behave alike: the same echoes and error acks in the frames'
// order, the same copies, the rows stored before the echo, and nothing stored for a refused frame.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { userAuthKey, userExistKey } from '../../src/core/auth-cache.js';
import { userChat } from '../../src/core/chat-key.js';
import { StoreError } from '../../src/store/errors.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { befriend, startServer, sync, until, type TestServer } from '../helpers/tim-server.js';

const MESSAGE = 0x5a;
const ACK = 0x0c;

await describeEachDatabase('message fast path', (ctx) => {
  let srv: TestServer;
  let alice: string, bob: string, carol: string;
  beforeAll(async () => {
    srv = await startServer(ctx.database);
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
  });
  afterAll(async () => srv?.close());

  const sendBurst = (c: TimClient, burst: { id: number; to: string }[]) => {
    for (const m of burst) void c.send({ msType: 2, odType: 1, id: m.id, toTid: { node: m.to }, dataString: `m${m.id}` }, { awaitEcho: false });
  };

  /** One burst of alice's with a refused frame in the middle: what alice and bob saw, and the rows. */
  async function burst(base: number) {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const aFrames = recordFrames(a);
    const bFrames = recordFrames(b);
    const ids = [base + 1, base + 2, base + 3, base + 4];
    sendBurst(a, [
      { id: ids[0], to: bob },
      { id: ids[1], to: bob },
      { id: ids[2], to: carol }, // not a friend: 4105
      { id: ids[3], to: bob },
    ]);
    await until(() => aFrames.count(isType(MESSAGE)) >= 3, 10_000, 'three echoes');
    await sync(a);
    await until(() => bFrames.count(isType(MESSAGE, true)) >= 3, 10_000, 'three copies');
    const seenByA = aFrames.frames
      .filter((f) => isType(MESSAGE)(f) || (f[0] === ACK && bodyOf(f).ok === false))
      .map((f) => (f[0] === ACK ? `error ${bodyOf(f).error.code}` : `echo ${bodyOf(f).id - base}`));
    const seenByB = bFrames.frames.filter(isType(MESSAGE, true)).map((f) => bodyOf(f).id - base);
    const echoedMids = aFrames.frames.filter(isType(MESSAGE)).map((f) => bodyOf(f).mid as number);
    const rows = await srv.knex('tim_message').whereIn('mid', echoedMids);
    const toCarol = await srv.knex('tim_message').where({ chat: userChat(alice, carol) });
    await Promise.all([a.close(), b.close()]);
    return { seenByA, seenByB, stored: rows.length, toCarol: toCarol.length };
  }

  it('answers alike with a cold cache (database asked) and a warm one (synchronous path)', async () => {
    const cache = srv.app.core.perms.cache;
    cache.clear();
    expect(cache.peek(userAuthKey(alice, bob))).toBeUndefined();
    const cold = await burst(3000);
    // The burst warmed the cache: the next one takes the synchronous path for every frame.
    expect(cache.peek(userExistKey(bob))).toBe(true);
    expect(cache.peek(userAuthKey(alice, bob))).toBe(true);
    expect(cache.peek(userAuthKey(alice, carol))).toBe(false);
    const warm = await burst(4000);

    const expected = { seenByA: ['echo 1', 'echo 2', 'error 4105', 'echo 4'], seenByB: [1, 2, 4], stored: 3, toCarol: 0 };
    expect(cold).toEqual(expected);
    expect(warm).toEqual(expected);
  });

  it('reports a refusal found in the cache with the same code as one the database answered', async () => {
    const cache = srv.app.core.perms.cache;
    const c = await srv.login('carol');
    const codes: number[] = [];
    for (const warmCache of [false, true]) {
      if (!warmCache) cache.clear();
      else expect(cache.peek(userAuthKey(carol, bob))).toBe(false);
      const err = await c.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'refused' }).then(
        () => undefined,
        (e: { code?: number }) => e,
      );
      codes.push(err?.code ?? 0);
    }
    expect(codes).toEqual([4105, 4105]);
    expect(await srv.knex('tim_message').where({ chat: userChat(carol, bob) })).toEqual([]);
    await c.close();
  });

  it('answers a save that throws at once with 5103 and goes on with the next frames', async () => {
    const store = srv.app.core.store;
    const real = store.saveMessageThen;
    store.saveMessageThen = () => {
      store.saveMessageThen = real;
      throw new StoreError('query', 'refused by the test', { key: 'message.save' });
    };
    try {
      const a = await srv.login('alice');
      const b = await srv.login('bob');
      const bFrames = recordFrames(b);
      await expect(a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'thrown' })).rejects.toMatchObject({ code: 5103 });
      // The frame settled: a stream message (which waits for earlier replies) and a stored one go.
      await a.send({ msType: 2, odType: 5, toTid: { node: bob }, dataString: 'stream after' }, { awaitEcho: false });
      await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'stored after' });
      await until(() => bFrames.count(isType(MESSAGE)) >= 2, 10_000, 'both copies');
      expect(bFrames.frames.filter(isType(MESSAGE)).map((f) => bodyOf(f).dataString)).toEqual(['stream after', 'stored after']);
      await Promise.all([a.close(), b.close()]);
    } finally {
      store.saveMessageThen = real;
    }
  });
});
