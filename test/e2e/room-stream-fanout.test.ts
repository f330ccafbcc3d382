// Room stream messages (odType 5) go to the members' open sessions as the registry keeps them per
// room (core/session-registry.ts roomSessions): on a real server, with the roster cache warm, every
// login, logout, kick, join, leave and the room's cancellation applies to the very next message.
// A 1:1 stream gets the same refusals with a cold and a warm permission cache, and a friendship
// ended applies at once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, befriend, logout, makeRoom, party, startServer, sync, until, type Party, type TestServer } from '../helpers/tim-server.js';

const biz = (req: object) => (c: Party['c']) => c.business(req);

let seq = 0;

/** `from` streams to `room`: each of `to` (the sender's devices included when listed) gets it, none of `not`. */
async function streamPost(from: Party, room: string, to: Party[], not: Party[]): Promise<void> {
  const text = `room stream ${++seq}`;
  const got = to.map((p) => p.c.next('message', (m) => m.dataString === text && m.odType === 5, 5000));
  from.c.send({ roomTid: { node: room }, odType: 5, dataString: text }, { awaitEcho: false }).catch(() => undefined);
  await Promise.all(got);
  for (const p of not) {
    await sync(p.c);
    expect(p.box.messages.filter((m) => m.dataString === text), `${p.name} must not get "${text}"`).toEqual([]);
  }
}

await describeEachDatabase(
  'room stream fan-out',
  (ctx) => {
    let srv: TestServer;
    beforeAll(async () => {
      // Several devices per account, so that one user can have two sessions in the room's list.
      srv = await startServer(ctx.database, { limits: { deviceLimit: 4, deviceTypeLimit: 4 } });
    });
    afterAll(async () => srv?.close());

    it('a member logging in, a second device, a logout and a kick apply to the next message', async () => {
      const [a, b] = await Promise.all(['rs-a1', 'rs-b1'].map((n) => party(srv, n)));
      const room = randomNode();
      const c = await party(srv, 'rs-c1');
      await makeRoom(srv.knex, room, a.node, [b.node, c.node]);
      await logout(srv, c); // a member offline when the list is first built
      await streamPost(a, room, [a, b], []);
      expect(srv.app.core.registry.roomListCount.rooms).toBeGreaterThan(0); // kept

      const c2 = await party(srv, 'rs-c1'); // comes online
      await streamPost(a, room, [a, b, c2], []);
      const b2 = await party(srv, 'rs-b1'); // a second device
      await streamPost(a, room, [a, b, b2, c2], []);

      await b2.c.close(); // one of b's two devices logs out
      await until(() => srv.app.core.registry.sessionsOf(b.node).length === 1, 5000, 'one session of b left');
      await streamPost(a, room, [a, b, c2], []);

      const closed = c2.c.next('close', undefined, 5000).catch(() => undefined);
      expect(srv.app.core.kick(c2.node, false)).toBe(1);
      await closed;
      await until(() => !srv.app.core.registry.isOnline(c2.node), 5000, 'c offline');
      await streamPost(a, room, [a, b], []);
    });

    it('a kicked, leaving or blocking member gets nothing more; a pulled-in user gets the next message; a cancelled room refuses', async () => {
      const [a, b, c, d, e] = await Promise.all(['rs-a2', 'rs-b2', 'rs-c2', 'rs-d2', 'rs-e2'].map((n) => party(srv, n)));
      const room = randomNode();
      await makeRoom(srv.knex, room, a.node, [b.node, c.node, e.node]);
      await streamPost(a, room, [a, b, c, e], [d]);
      expect(srv.app.core.rosters.peekRoom(room)).toContain(c.node); // warm

      await act(a, biz({ rtype: 13, node: room, node2: c.node }), c); // KICKROOM
      expect(a.box.acks).toMatchObject([{ ok: true, t: 13 }]);
      await streamPost(a, room, [a, b, e], [c, d]);
      await streamPost(b, room, [a, b, e], [c, d]); // from another member: the same list

      await act(a, biz({ rtype: 12, node: room, node2: d.node }), d); // PULLROOM
      expect(a.box.acks).toMatchObject([{ ok: true, t: 12 }]);
      await streamPost(a, room, [a, b, d, e], [c]);

      await act(b, biz({ rtype: 16, node: room })); // LEAVEROOM
      expect(b.box.acks).toMatchObject([{ ok: true, t: 16 }]);
      await streamPost(a, room, [a, d, e], [b, c]);

      await act(e, biz({ rtype: 14, node: room })); // BLOCKROOM
      expect(e.box.acks).toMatchObject([{ ok: true, t: 14 }]);
      await streamPost(a, room, [a, d], [b, c, e]);

      await act(a, biz({ rtype: 13, node: room, node2: d.node }), d); // the founder alone is left
      await streamPost(a, room, [a], [b, c, d, e]);
      await act(a, biz({ rtype: 17, node: room })); // CANCELROOM
      expect(a.box.acks).toMatchObject([{ ok: true, t: 17 }]);
      a.box.clear();
      const text = `room stream ${++seq}`;
      a.c.send({ roomTid: { node: room }, odType: 5, dataString: text }, { awaitEcho: false }).catch(() => undefined);
      await until(() => a.box.acks.some((x) => x.ok === false), 5000, 'the refusal');
      for (const p of [a, b, c, d, e]) {
        await sync(p.c);
        expect(p.box.messages.filter((m) => m.dataString === text)).toEqual([]);
      }
    });

    it('a 1:1 stream is refused to a non-friend, to oneself and to an unknown user, cold and warm; an ended friendship applies to the next one', async () => {
      const [a, b, x] = await Promise.all(['rs-a3', 'rs-b3', 'rs-x3'].map((n) => party(srv, n)));
      await befriend(srv.knex, a.node, b.node);
      const refused = async (to: string, code: number) => {
        a.box.clear();
        a.c.send({ msType: 2, odType: 5, toTid: { node: to }, dataString: 'refused' }, { awaitEcho: false }).catch(() => undefined);
        await until(() => a.box.acks.length > 0, 5000, `the refusal of a stream to ${to}`);
        expect(a.box.acks).toMatchObject([{ ok: false, timType: 90, error: { code } }]);
      };
      const unknown = randomNode();
      for (const round of ['cold', 'warm']) {
        await refused(x.node, 4105);
        await refused(a.node, 4105);
        await refused(unknown, 4106);
        const got = b.c.next('message', (m) => m.dataString === `stream ${round}`, 5000);
        a.c.send({ msType: 2, odType: 5, toTid: { node: b.node }, dataString: `stream ${round}` }, { awaitEcho: false }).catch(() => undefined);
        expect(await got).toMatchObject({ odType: 5, fromTid: { node: a.node }, toTid: { node: b.node } });
      }
      await act(a, biz({ rtype: 6, node: b.node })); // the friendship ends
      await refused(b.node, 4105);
      await sync(b.c);
      expect(b.box.messages.filter((m) => m.dataString === 'refused')).toEqual([]);
    });
  },
  { clients: ['sqlite'] },
);
