// Lists a client names are bounded before the server acts on them.
// - Presence (handlers/presence.ts): no client can disconnect another through presence fan-out. A
//   PRESENCE or BROADPRESENCE toList is deduplicated (one copy per distinct node per frame) and may
//   name at most limits.presenceTargetsMax (default 100) distinct nodes; a longer list is refused
//   with 4104 and sends nothing. Before, one frame naming the victim 1,100 times queued 1,100
//   copies to the victim's socket and closed it as a slow consumer (4001).
// - MODIFYROOM managers (business/profiles.ts): more than MAX_LOOKUP (500) is refused with 4104
//   before the list reaches SQL (a 100,000-node list used to fail in the database: 5103).
// Core behaviour, the same on every database: run on SQLite only.

import { beforeAll, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, isType, recordFrames } from '../helpers/frames.js';
import { befriend, makeRoom, sync, withServer } from '../helpers/tim-server.js';

/** Error acks (the sync barrier's ok acks are ack frames too). */
const isError = (f: Buffer) => f[0] === 0x0c && bodyOf(f).ok === false;

/** A JSON client frame of `type` (PRESENCE 91 or BROADPRESENCE 19). */
const J = (type: number, body: unknown) => Buffer.concat([Buffer.from([type | 0x80]), Buffer.from(JSON.stringify(body))]);

await describeEachDatabase(
  'client list bounds',
  (ctx) => {
    let victim: string;
    let friend: string;
    const srv = withServer(ctx); // default limits: sendQueueMax 1024, presenceTargetsMax 100
    beforeAll(async () => {
      [victim, friend] = await Promise.all([srv.user('victim'), srv.user('friend'), srv.user('mallory')]);
      await befriend(srv.knex, victim, friend);
    });

    /** The victim is still served: a friend's message reaches it. */
    async function stillServed(v: TimClient): Promise<void> {
      const f = await srv.login('friend');
      const got = v.next('message', (m) => m.dataString === 'still there');
      await f.send({ msType: 2, odType: 1, toTid: { node: victim }, dataString: 'still there' });
      await got;
      await f.close();
    }

    it('one frame naming the victim 1,100 times gives it one copy and leaves it connected (PRESENCE and BROADPRESENCE)', async () => {
      const v = await srv.login('victim');
      const m = await srv.login('mallory');
      const lv = recordFrames(v);
      const lm = recordFrames(m);
      const closed: number[] = [];
      v.on('close', (e) => closed.push(e.code));
      const toList = Array(1100).fill(victim);
      m.sendRaw(J(TimType.PRESENCE, { toList, status: 'p' }));
      m.sendRaw(J(TimType.BROADPRESENCE, { toList, status: 'b' }));
      await sync(m); // both handled, and their copies written to the victim before this answer
      await sync(v);
      const copies = lv.frames.filter(isType(TimType.PRESENCE)).map(bodyOf);
      expect(copies.map((p) => [p.status, p.fromTid?.node, p.toTid?.node])).toEqual([
        ['p', m.node, victim],
        ['b', m.node, victim],
      ]);
      expect(lm.frames.filter(isError)).toHaveLength(0); // no error ack: both were accepted
      expect(closed).toEqual([]);
      expect(v.connected).toBe(true);
      await stillServed(v);
      await Promise.all([v.close(), m.close()]);
    });

    it('many such frames: the victim gets exactly one copy per frame and stays connected', async () => {
      const v = await srv.login('victim');
      const m = await srv.login('mallory');
      const lv = recordFrames(v);
      const closed: number[] = [];
      v.on('close', (e) => closed.push(e.code));
      const toList = Array(1100).fill(victim);
      const frames = 60;
      for (let i = 0; i < frames; i++) m.sendRaw(J(i % 2 ? TimType.BROADPRESENCE : TimType.PRESENCE, { toList, status: `s${i}` }));
      await sync(m);
      await sync(v);
      const statuses = lv.frames.filter(isType(TimType.PRESENCE)).map((f) => bodyOf(f).status);
      expect(statuses).toEqual(Array.from({ length: frames }, (_, i) => `s${i}`));
      expect(closed).toEqual([]);
      expect(v.connected).toBe(true);
      await stillServed(v);
      await Promise.all([v.close(), m.close()]);
    });

    it('a list over presenceTargetsMax distinct nodes is refused with 4104 and nothing is sent; the cap itself passes', async () => {
      const v = await srv.login('victim');
      const m = await srv.login('mallory');
      const lv = recordFrames(v);
      const lm = recordFrames(m);
      const others = Array.from({ length: 100 }, () => randomNode());
      const over = [victim, ...others]; // 101 distinct
      m.sendRaw(J(TimType.PRESENCE, { toList: over, status: 'over' }));
      await lm.wait(isErrorAck(TimType.PRESENCE, 4104));
      m.sendRaw(J(TimType.BROADPRESENCE, { toList: over, status: 'over' }));
      await lm.wait(isErrorAck(TimType.BROADPRESENCE, 4104));
      // exactly at the cap (repeats do not count): accepted, one copy each
      const atCap = [victim, victim, ...others.slice(0, 99)];
      m.sendRaw(J(TimType.PRESENCE, { toList: atCap, status: 'cap' }));
      m.sendRaw(J(TimType.BROADPRESENCE, { toList: atCap, status: 'cap' }));
      await sync(m);
      await sync(v);
      expect(lv.frames.filter(isType(TimType.PRESENCE)).map((f) => bodyOf(f).status)).toEqual(['cap', 'cap']);
      expect(lm.frames.filter(isError).map((f) => [bodyOf(f).timType, bodyOf(f).error.code])).toEqual([
        [TimType.PRESENCE, 4104],
        [TimType.BROADPRESENCE, 4104],
      ]);
      await Promise.all([v.close(), m.close()]);
    });

    it('MODIFYROOM with more than 500 managers is refused with 4104 before any SQL; the room is unchanged', async () => {
      const founder = await srv.user('founder');
      const room = randomNode();
      await makeRoom(srv.knex, room, founder, [victim]);
      const f = await srv.login('founder');
      const lf = recordFrames(f);
      const managers = Array.from({ length: 100_000 }, (_, i) => `m${i}`);
      f.sendRaw(J(TimType.NODES, { ntype: 7, roommap: { [room]: { topic: 'flooded', managers } } }));
      await sync(f);
      expect(lf.frames.filter(isError).map((x) => [bodyOf(x).timType, bodyOf(x).error.code])).toEqual([[TimType.NODES, 4104]]);
      const row = await srv.knex('tim_room').where({ node: room }).first();
      expect(row.profile).toBeNull();
      await f.close();
    });
  },
  { clients: ['sqlite'] },
);
