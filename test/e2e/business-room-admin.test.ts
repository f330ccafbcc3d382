// Groups from the founder's and managers' side (docs/protocol.md 8.2): PULLROOM, NOPASSROOM, KICKROOM,
// BLOCKROOMMEMBER and BLOCKROOMMEMBERLIST with the founder > manager > member rules, the reply and
// notifications of each party, online and offline, and refused bad input that changes nothing.

import { describe, expect, it } from 'vitest';
import { randomNode, userNode } from '../../src/protocol/node-id.js';
import type { TimAck, TimMessage } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, backOnline, logout, party, type Party, type TestServer, withServer } from '../helpers/tim-server.js';

const biz = (req: object) => (c: Party['c']) => c.business(req);

async function newRoom(founder: Party, gtype: number): Promise<string> {
  await act(founder, biz({ rtype: 8, node: 'room', reqInt: gtype }));
  return founder.box.acks[0].n as string;
}

/** Makes `managers` the room's managers over the wire (MODIFYROOM by the founder). */
async function setManagers(founder: Party, room: string, managers: string[]): Promise<void> {
  await act(founder, (c) => c.nodes({ ntype: 7, roommap: { [room]: { managers } } }));
  expect(founder.box.acks).toEqual([{ ok: true, timType: 42, t: 7 }]);
}

async function members(srv: TestServer, room: string): Promise<string[]> {
  const rows: { node: string; state: number; role: number }[] = await srv.knex('tim_room_member').where({ room });
  return rows.map((r) => `${r.node}:${Number(r.state)}/${Number(r.role)}`).sort();
}

const codes = (acks: TimAck[]) => acks.map((a) => [a.error?.code, a.t, a.n, a.n2]);
const notice = (m: TimMessage) => ({ bnType: m.bnType, from: m.fromTid?.node, to: m.toTid?.node, room: m.roomTid?.node });

/** Whether `p` may post to the room; when it may, also waits for the copies of `others`. */
async function canPost(p: Party, room: string, ...others: Party[]): Promise<boolean> {
  const text = `probe ${Math.random()}`;
  const copy = p.c.next('message', (m) => m.dataString === text, 5000).then(() => true);
  const refused = p.c.next('ack', (a) => !a.ok && a.timType === 90, 5000).then(() => false);
  const theirs = others.map((o) => o.c.next('message', (m) => m.dataString === text, 5000));
  p.c.send({ roomTid: { node: room }, dataString: text }, { awaitEcho: false });
  const r = await Promise.race([copy, refused]);
  copy.catch(() => undefined);
  refused.catch(() => undefined);
  if (r) await Promise.all(theirs);
  else for (const t of theirs) t.catch(() => undefined);
  return r;
}

await describeEachDatabase('business room admin', (ctx) => {
  const srv = withServer(ctx);

  describe('PULLROOM', () => {
    it('accepts an applicant (bnType 10) and invites a stranger (bnType 12), also offline', async () => {
      const a = await party(srv, 'ad-a1');
      const b = await party(srv, 'ad-b1');
      const cNode = await srv.user('ad-c1');
      const room = await newRoom(a, 1);
      await act(b, biz({ rtype: 9, node: room, reqStr: 'me' }), a);
      expect(a.box.messages.map((m) => m.bnType)).toEqual([9]);
      expect(await canPost(b, room)).toBe(false); // the refusal is cached, and must be forgotten below

      await act(a, biz({ rtype: 12, node: room, node2: b.node }), b);
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 12, n: room, n2: b.node }]);
      expect(a.box.messages).toEqual([]);
      expect(b.box.messages.map(notice)).toEqual([{ bnType: 10, from: a.node, to: b.node, room }]);
      expect(await canPost(b, room)).toBe(true);

      await act(a, biz({ rtype: 12, node: room, node2: cNode }));
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 12, n: room, n2: cNode }]);
      const c = await backOnline(srv, 'ad-c1');
      expect(c.box.messages.map(notice)).toEqual([{ bnType: 12, from: a.node, to: cNode, room }]);
      expect(c.box.messages[0].isOffline).toBe(true);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`, `${b.node}:2/0`, `${cNode}:2/0`].sort());
    });

    it('in an open room anyone may pull; in a private one only founder and managers', async () => {
      const a = await party(srv, 'ad-a2');
      const b = await party(srv, 'ad-b2');
      const c = await party(srv, 'ad-c2');
      const open = await newRoom(a, 2);
      const priv = await newRoom(a, 1);
      await act(b, biz({ rtype: 12, node: open, node2: c.node }), c); // b is not even a member
      expect(b.box.acks).toEqual([{ ok: true, timType: 41, t: 12, n: open, n2: c.node }]);
      expect(c.box.messages.map(notice)).toEqual([{ bnType: 12, from: b.node, to: c.node, room: open }]);

      await act(a, biz({ rtype: 12, node: priv, node2: b.node }), b);
      await act(b, biz({ rtype: 12, node: priv, node2: c.node }), c); // a plain member
      expect(codes(b.box.acks)).toEqual([[4105, 12, priv, c.node]]);
      expect(c.box.messages).toEqual([]);
      await setManagers(a, priv, [b.node]);
      await act(b, biz({ rtype: 12, node: priv, node2: c.node }), c);
      expect(b.box.acks).toEqual([{ ok: true, timType: 41, t: 12, n: priv, n2: c.node }]);
      expect(c.box.messages.map((m) => m.bnType)).toEqual([12]);
    });

    it('refuses bad pulls with one detailed ack, changing nothing', async () => {
      const a = await party(srv, 'ad-a3');
      const b = await party(srv, 'ad-b3');
      const room = await newRoom(a, 1);
      const ghost = randomNode();
      const cases: [object, number][] = [
        [{ rtype: 12, node: room }, 4104],
        [{ rtype: 12, node2: b.node }, 4104],
        [{ rtype: 12, node: 'x', node2: b.node }, 4106],
        [{ rtype: 12, node: ghost, node2: b.node }, 4109],
        [{ rtype: 12, node: room, node2: 'y' }, 4106],
        [{ rtype: 12, node: room, node2: userNode('ad-nobody') }, 4106],
        [{ rtype: 12, node: room, node2: a.node }, 4105], // oneself
      ];
      for (const [req, code] of cases) {
        await act(a, biz(req), b);
        const r = req as { node?: string; node2?: string };
        expect(codes(a.box.acks), JSON.stringify(req)).toEqual([[code, 12, r.node, r.node2]]);
        expect(b.box.messages).toEqual([]);
      }
      await act(a, biz({ rtype: 12, node: room, node2: b.node }), b);
      await act(a, biz({ rtype: 12, node: room, node2: b.node }), b);
      expect(codes(a.box.acks)).toEqual([[4101, 12, room, b.node]]); // already a member
      expect(b.box.messages).toEqual([]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`, `${b.node}:2/0`].sort());
    });
  });

  describe('NOPASSROOM', () => {
    it('rejects a pending application: bnType 11 to the applicant; refuses the rest', async () => {
      const a = await party(srv, 'ad-a4');
      const b = await party(srv, 'ad-b4');
      const c = await party(srv, 'ad-c4');
      const room = await newRoom(a, 1);
      await act(b, biz({ rtype: 9, node: room, reqStr: 'please' }));
      await act(c, biz({ rtype: 11, node: room, node2: b.node }), b); // c has no rights
      expect(codes(c.box.acks)).toEqual([[4105, 11, room, b.node]]);
      expect(b.box.messages).toEqual([]);

      await act(a, biz({ rtype: 11, node: room, node2: b.node, reqStr: 'ignored' }), b);
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 11, n: room, n2: b.node }]);
      expect(b.box.messages.map((m) => ({ ...notice(m), data: m.dataString }))).toEqual([
        { bnType: 11, from: a.node, to: b.node, room, data: undefined },
      ]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`]);

      await act(a, biz({ rtype: 11, node: room, node2: b.node }), b);
      expect(codes(a.box.acks)).toEqual([[4109, 11, room, b.node]]); // no application any more
      await act(a, biz({ rtype: 12, node: room, node2: c.node }), c);
      await act(a, biz({ rtype: 11, node: room, node2: c.node }), c);
      expect(codes(a.box.acks)).toEqual([[4103, 11, room, c.node]]); // a member, not an applicant
      expect(c.box.messages).toEqual([]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`, `${c.node}:2/0`].sort());
    });
  });

  describe('KICKROOM', () => {
    it('founder and managers kick by rank; the kicked user is told (also offline) and can no longer post', async () => {
      const a = await party(srv, 'ad-a5');
      const m = await party(srv, 'ad-m5');
      const m2 = await party(srv, 'ad-n5');
      const b = await party(srv, 'ad-b5');
      const room = await newRoom(a, 2);
      for (const p of [m, m2, b]) await act(p, biz({ rtype: 9, node: room, reqStr: '' }));
      await setManagers(a, room, [m.node, m2.node]);
      expect(await canPost(b, room, a, m, m2)).toBe(true);

      await act(m, biz({ rtype: 13, node: room, node2: m2.node }), m2);
      expect(codes(m.box.acks)).toEqual([[4105, 13, room, m2.node]]); // manager vs manager
      await act(m, biz({ rtype: 13, node: room, node2: a.node }), a);
      expect(codes(m.box.acks)).toEqual([[4105, 13, room, a.node]]); // the founder
      await act(b, biz({ rtype: 13, node: room, node2: m.node }), m);
      expect(codes(b.box.acks)).toEqual([[4105, 13, room, m.node]]); // a plain member
      await act(a, biz({ rtype: 13, node: room, node2: a.node }));
      expect(codes(a.box.acks)).toEqual([[4105, 13, room, a.node]]); // oneself
      expect(m2.box.messages.concat(a.box.messages, m.box.messages)).toEqual([]);

      await act(m, biz({ rtype: 13, node: room, node2: b.node }), b, a);
      expect(m.box.acks).toEqual([{ ok: true, timType: 41, t: 13, n: room, n2: b.node }]);
      expect(b.box.messages.map(notice)).toEqual([{ bnType: 13, from: m.node, to: b.node, room }]);
      expect(a.box.messages).toEqual([]);
      expect(await canPost(b, room)).toBe(false);
      await act(m, biz({ rtype: 13, node: room, node2: b.node }));
      expect(codes(m.box.acks)).toEqual([[4109, 13, room, b.node]]); // no longer related

      await logout(srv, m2);
      await act(a, biz({ rtype: 13, node: room, node2: m2.node }));
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 13, n: room, n2: m2.node }]);
      const back = await backOnline(srv, 'ad-n5');
      expect(back.box.messages.map(notice)).toEqual([{ bnType: 13, from: a.node, to: m2.node, room }]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`, `${m.node}:2/1`].sort());
    });
  });

  describe('BLOCKROOMMEMBER and its list', () => {
    it('removes and blocks a user, who can no longer apply; the list is for founder and managers only', async () => {
      const a = await party(srv, 'ad-a6');
      const b = await party(srv, 'ad-b6');
      const c = await party(srv, 'ad-c6');
      const room = await newRoom(a, 2);
      await act(b, biz({ rtype: 9, node: room, reqStr: '' }));
      await act(c, biz({ rtype: 9, node: room, reqStr: '' }));

      await act(c, biz({ rtype: 15, node: room, node2: b.node }), b);
      expect(codes(c.box.acks)).toEqual([[4105, 15, room, b.node]]);
      await act(a, biz({ rtype: 15, node: room, node2: b.node }), b);
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 15, n: room, n2: b.node }]);
      expect(b.box.messages).toEqual([]); // no notification
      expect(await canPost(b, room)).toBe(false);
      await act(b, biz({ rtype: 9, node: room, reqStr: 'again' }), a);
      expect(codes(b.box.acks)).toEqual([[4110, 9, room, undefined]]);
      expect(a.box.messages).toEqual([]);

      await act(a, biz({ rtype: 20, node: room }));
      expect(a.box.nodes).toEqual([{ ntype: 10, nodelist: [b.node] }]);
      await act(c, biz({ rtype: 20, node: room }));
      expect(c.box.nodes).toEqual([]);
      expect(c.box.acks).toEqual([]); // not a manager: nothing at all
      await act(a, biz({ rtype: 15, node: room, node2: a.node }));
      expect(codes(a.box.acks)).toEqual([[4105, 15, room, a.node]]);

      // The founder may pull the blocked user back, which lifts the block.
      await act(a, biz({ rtype: 12, node: room, node2: b.node }), b);
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 12, n: room, n2: b.node }]);
      expect(b.box.messages.map((x) => x.bnType)).toEqual([12]);
      await act(a, biz({ rtype: 20, node: room }));
      expect(a.box.nodes).toEqual([]);
    });
  });
});
