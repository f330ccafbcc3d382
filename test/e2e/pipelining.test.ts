// A session pipelines its persisted messages (Session.defer): the next frame is handled while the
// previous message's row is written, so one sender's messages in flight share a statement, yet
// every reply leaves in the frames' order: echoes, error acks, and what the recipient receives.

import { beforeAll, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import type { MessageRecord } from '../../src/store/store.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { befriend, sync, until, withServer } from '../helpers/tim-server.js';

const MESSAGE = 0x5a;
const ACK = 0x0c;

await describeEachDatabase('pipelined persisted messages', (ctx) => {
  let alice: string, bob: string, carol: string;
  /** the most saves one test saw in flight at once */
  let inFlight = 0;
  let maxInFlight = 0;
  const srv = withServer(ctx);
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
    // Observe the real store (the row is still written to the database) to see overlap.
    const store = srv.app.core.store;
    // (The client message path saves through saveMessageThen.)
    const save = store.saveMessageThen.bind(store);
    store.saveMessageThen = (m: MessageRecord, pending, done) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      save(m, pending, {
        resolve() {
          inFlight--;
          done.resolve();
        },
        reject(err) {
          inFlight--;
          done.reject(err);
        },
      });
    };
  });

  /** Sends every message of `burst` in one go, without waiting for echoes. */
  const sendBurst = (c: TimClient, burst: { id: number; to: string; odType?: number }[]) => {
    for (const m of burst) void c.send({ msType: 2, odType: m.odType ?? 1, id: m.id, toTid: { node: m.to }, dataString: `m${m.id}` }, { awaitEcho: false });
  };

  it('overlaps the saves of one sender and echoes them in the order sent', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const aFrames = recordFrames(a);
    const bFrames = recordFrames(b);
    const ids = Array.from({ length: 40 }, (_, i) => 1000 + i);
    maxInFlight = 0;
    sendBurst(a, ids.map((id) => ({ id, to: bob })));
    await until(() => aFrames.count(isType(MESSAGE)) >= ids.length, 10_000, 'all echoes');
    await until(() => bFrames.count(isType(MESSAGE, true)) >= ids.length, 10_000, 'all copies');

    expect(aFrames.frames.filter(isType(MESSAGE)).map((f) => bodyOf(f).id)).toEqual(ids);
    expect(bFrames.frames.filter(isType(MESSAGE, true)).map((f) => bodyOf(f).id)).toEqual(ids);
    // mids are allocated in frame order, so the history order is the send order too
    const mids = aFrames.frames.filter(isType(MESSAGE)).map((f) => bodyOf(f).mid as number);
    expect([...mids].sort((x, y) => x - y)).toEqual(mids);
    // Without pipelining a session has at most one save in flight.
    expect(maxInFlight).toBeGreaterThan(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('puts an error ack between the echoes of its neighbours, and a stream message after the stored ones', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const aFrames = recordFrames(a);
    const bFrames = recordFrames(b);
    sendBurst(a, [
      { id: 2001, to: bob },
      { id: 2002, to: bob },
      { id: 2003, to: carol }, // not a friend: 4105
      { id: 2004, to: bob },
      { id: 2005, to: bob, odType: 5 }, // stream: not stored, no echo
      { id: 2006, to: bob },
    ]);
    await until(() => aFrames.count(isType(MESSAGE)) >= 4, 10_000, 'four echoes');
    await sync(a);
    await until(() => bFrames.count(isType(MESSAGE)) >= 5, 10_000, 'five deliveries');

    const seenByA = aFrames.frames
      .filter((f) => isType(MESSAGE)(f) || (f[0] === ACK && bodyOf(f).ok === false))
      .map((f) => (f[0] === ACK ? `error ${bodyOf(f).error.code}` : `echo ${bodyOf(f).id}`));
    expect(seenByA).toEqual(['echo 2001', 'echo 2002', 'error 4105', 'echo 2004', 'echo 2006']);
    const seenByB = bFrames.frames.filter(isType(MESSAGE)).map((f) => bodyOf(f).id);
    expect(seenByB).toEqual([2001, 2002, 2004, 2005, 2006]);
    await Promise.all([a.close(), b.close()]);
  });
});
