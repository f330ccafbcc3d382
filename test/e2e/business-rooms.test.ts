// Groups from the member's side (docs/protocol.md 8.2): NEWROOM, ADDROOM (open and private), LEAVEROOM,
// CANCELROOM, BLOCKROOM and BLOCKROOMLIST, with the reply and every notification each party gets,
// online and offline, posting rights that follow membership at once, and refused bad input.

import { describe, expect, it } from 'vitest';
import { checkNode, randomNode } from '../../src/protocol/node-id.js';
import type { TimAck, TimMessage } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, backOnline, logout, party, type Party, type TestServer, withServer } from '../helpers/tim-server.js';

const biz = (req: object) => (c: Party['c']) => c.business(req);

/** Creates a room over the wire (1 private, 2 open) and returns its node. */
async function newRoom(founder: Party, name: string, gtype: number): Promise<string> {
  await act(founder, biz({ rtype: 8, node: name, reqInt: gtype }));
  const ack = founder.box.acks[0];
  if (!ack?.ok || ack.n === undefined) throw new Error(`NEWROOM failed: ${JSON.stringify(ack)}`);
  return ack.n;
}

/** Posts to a room; resolves with the error code, or undefined when the sender got its copy. */
async function post(p: Party, room: string, text: string): Promise<number | undefined> {
  const copy = p.c.next('message', (m) => m.dataString === text, 5000);
  const refused = p.c.next('ack', (a) => !a.ok && a.timType === 90, 5000);
  p.c.send({ roomTid: { node: room }, dataString: text }, { awaitEcho: false });
  const first = await Promise.race([copy.then(() => undefined), refused.then((a) => a.error?.code)]);
  copy.catch(() => undefined);
  refused.catch(() => undefined);
  return first;
}

function errors(acks: TimAck[]) {
  return acks.map((a) => ({ ok: a.ok, code: a.error?.code, t: a.t, n: a.n, n2: a.n2 }));
}

function notice(m: TimMessage) {
  return { bnType: m.bnType, from: m.fromTid?.node, to: m.toTid?.node, room: m.roomTid?.node, data: m.dataString };
}

async function members(srv: TestServer, room: string): Promise<string[]> {
  const rows: { node: string; state: number; role: number }[] = await srv.knex('tim_room_member').where({ room });
  return rows.map((r) => `${r.node}:${Number(r.state)}/${Number(r.role)}`).sort();
}

await describeEachDatabase('business rooms', (ctx) => {
  const srv = withServer(ctx);

  describe('NEWROOM', () => {
    it('creates open and private rooms with the founder as only member', async () => {
      const a = await party(srv, 'rm-a1');
      await act(a, biz({ rtype: 8, node: 'Open talk' }));
      expect(a.box.acks).toHaveLength(1);
      const open = a.box.acks[0];
      expect(open).toMatchObject({ ok: true, timType: 41, t: 8 });
      expect(checkNode(open.n as string)).toBe(true);
      expect(a.box.messages).toEqual([]);
      const priv = await newRoom(a, 'Secret', 1);

      const rooms: { node: string; founder: string; gtype: number; status: number }[] = await srv
        .knex('tim_room')
        .whereIn('node', [open.n as string, priv]);
      expect(rooms.map((r) => [r.node, r.founder, Number(r.gtype), Number(r.status)]).sort()).toEqual(
        [
          [open.n, a.node, 2, 1],
          [priv, a.node, 1, 1],
        ].sort(),
      );
      expect(await members(srv, priv)).toEqual([`${a.node}:2/2`]);
      await act(a, biz({ rtype: 2 }));
      expect(a.box.nodes.map((n) => [n.ntype, [...(n.nodelist ?? [])].sort()])).toEqual([[2, [open.n, priv].sort()]]);
      expect(await post(a, priv, 'founder speaks')).toBeUndefined();
    });
  });

  describe('ADDROOM', () => {
    it('joins an open room at once: bnType 10 to my own devices only, and I may post', async () => {
      const a = await party(srv, 'rm-a2');
      const b = await party(srv, 'rm-b2');
      const room = await newRoom(a, 'Lobby', 2);
      await act(b, biz({ rtype: 9, node: room, reqStr: 'hi all' }), a);
      expect(b.box.acks).toEqual([]);
      expect(b.box.messages.map((m) => ({ ...notice(m), msType: m.msType, odType: m.odType }))).toEqual([
        { bnType: 10, from: undefined, to: undefined, room, data: undefined, msType: 2, odType: 4 },
      ]);
      expect(a.box.messages).toEqual([]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`, `${b.node}:2/0`].sort());

      const atA = a.c.next('message', (m) => m.dataString === 'hello lobby');
      expect(await post(b, room, 'hello lobby')).toBeUndefined();
      expect((await atA).fromTid?.node).toBe(b.node);
      await act(b, biz({ rtype: 3, node: room }));
      expect(b.box.nodes.map((n) => [n.ntype, n.node, [...(n.nodelist ?? [])].sort()])).toEqual([
        [3, room, [a.node, b.node].sort()],
      ]);
    });

    it('applies to a private room: bnType 9 to the founder and each manager, online or offline', async () => {
      const a = await party(srv, 'rm-a3');
      const m = await party(srv, 'rm-m3');
      const b = await party(srv, 'rm-b3');
      const room = await newRoom(a, 'Club', 1);
      await srv.knex('tim_room_member').insert({ room, node: m.node, state: 2, role: 1, created_at: Date.now() });
      await logout(srv, m);

      await act(b, biz({ rtype: 9, node: room, reqStr: 'let me in' }), a);
      expect(b.box.acks).toEqual([]);
      expect(b.box.messages).toEqual([]);
      expect(a.box.messages.map(notice)).toEqual([{ bnType: 9, from: b.node, to: a.node, room, data: 'let me in' }]);
      expect(await members(srv, room)).toContain(`${b.node}:1/0`);
      expect(await post(b, room, 'too early')).toBe(4105); // an applicant is not a member

      const m2 = await backOnline(srv, 'rm-m3');
      expect(m2.box.messages.map(notice)).toEqual([{ bnType: 9, from: b.node, to: m.node, room, data: 'let me in' }]);
      expect(m2.box.messages[0].isOffline).toBe(true);

      // Applying again re-sends the application; nothing else changes.
      await act(b, biz({ rtype: 9, node: room, reqStr: 'please' }), a, m2);
      expect(a.box.messages.map((x) => x.dataString)).toEqual(['please']);
      expect(m2.box.messages.map((x) => x.dataString)).toEqual(['please']);
      expect(await members(srv, room)).toContain(`${b.node}:1/0`);
    });

    it('refuses bad applications with one detailed error ack, changing nothing', async () => {
      const a = await party(srv, 'rm-a4');
      const b = await party(srv, 'rm-b4');
      const room = await newRoom(a, 'Strict', 1);
      const ghostRoom = randomNode();
      const cases: [object, number][] = [
        [{ rtype: 9, node: room }, 4104], // reqStr required
        [{ rtype: 9, reqStr: '' }, 4104], // node required
        [{ rtype: 9, node: 'nope', reqStr: '' }, 4106],
        [{ rtype: 9, node: ghostRoom, reqStr: '' }, 4104], // unknown room
        [{ rtype: 9, node: room, reqStr: '' }, 4101], // the founder is a member already
      ];
      for (const [req, code] of cases) {
        const actor = code === 4101 ? a : b;
        const other = actor === a ? b : a;
        await act(actor, biz(req), other);
        const r = req as { node?: string };
        expect(errors(actor.box.acks), JSON.stringify(req)).toEqual([{ ok: false, code, t: 9, n: r.node, n2: undefined }]);
        expect(other.box.messages).toEqual([]);
      }
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`]);

      // Blocked by the room: 4110.
      await srv.knex('tim_room_block').insert({ room, node: b.node, by_room: 1, created_at: Date.now() });
      await act(b, biz({ rtype: 9, node: room, reqStr: '' }), a);
      expect(errors(b.box.acks)).toEqual([{ ok: false, code: 4110, t: 9, n: room, n2: undefined }]);
      expect(a.box.messages).toEqual([]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`]);
    });
  });

  describe('LEAVEROOM and CANCELROOM', () => {
    it('a member leaves silently and can no longer post; the founder cannot leave', async () => {
      const a = await party(srv, 'rm-a5');
      const b = await party(srv, 'rm-b5');
      const room = await newRoom(a, 'Tea', 2);
      await act(b, biz({ rtype: 9, node: room, reqStr: '' }));
      const atA = a.c.next('message', (m) => m.dataString === 'before leaving');
      expect(await post(b, room, 'before leaving')).toBeUndefined();
      await atA;

      await act(b, biz({ rtype: 16, node: room }), a);
      expect(b.box.acks).toEqual([{ ok: true, timType: 41, t: 16, n: room }]);
      expect(a.box.messages).toEqual([]); // other members are not told
      expect(await post(b, room, 'after leaving')).toBe(4105);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`]);

      await act(b, biz({ rtype: 16, node: room }));
      expect(errors(b.box.acks)).toEqual([{ ok: false, code: 4109, t: 16, n: room, n2: undefined }]);
      await act(a, biz({ rtype: 16, node: room }));
      expect(errors(a.box.acks)).toEqual([{ ok: false, code: 4105, t: 16, n: room, n2: undefined }]);
      await act(a, biz({ rtype: 16, node: randomNode() }));
      expect(a.box.acks.map((x) => x.error?.code)).toEqual([4109]);
      expect(await members(srv, room)).toEqual([`${a.node}:2/2`]);
    });

    it('only the founder cancels, and only once alone; a cancelled room refuses everything with 4108', async () => {
      const a = await party(srv, 'rm-a6');
      const b = await party(srv, 'rm-b6');
      const room = await newRoom(a, 'Short-lived', 2);
      await act(b, biz({ rtype: 9, node: room, reqStr: '' }));

      await act(a, biz({ rtype: 17, node: room }));
      expect(errors(a.box.acks)).toEqual([{ ok: false, code: 4105, t: 17, n: room, n2: undefined }]); // b is still in
      await act(b, biz({ rtype: 17, node: room }));
      expect(errors(b.box.acks)).toEqual([{ ok: false, code: 4105, t: 17, n: room, n2: undefined }]); // not the founder
      expect(await post(a, room, 'still alive')).toBeUndefined();

      await act(b, biz({ rtype: 16, node: room }));
      await act(a, biz({ rtype: 17, node: room }), b);
      expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 17, n: room }]);
      expect(b.box.messages).toEqual([]);
      const [row] = await srv.knex('tim_room').where({ node: room });
      expect(Number(row.status)).toBe(2);

      expect(await post(a, room, 'into the void')).toBe(4106); // the room no longer exists for messages
      const afterCancel: [Party, { rtype: number; node: string; node2?: string; reqStr?: string }][] = [
        [b, { rtype: 9, node: room, reqStr: '' }],
        [a, { rtype: 17, node: room }],
        [a, { rtype: 12, node: room, node2: b.node }],
        [b, { rtype: 14, node: room }],
      ];
      for (const [p, req] of afterCancel) {
        await act(p, biz(req));
        expect(p.box.acks.map((x) => [x.error?.code, x.t]), JSON.stringify(req)).toEqual([[4108, req.rtype]]);
      }
      await act(a, biz({ rtype: 2 }));
      expect(a.box.nodes).toEqual([]);
    });
  });

  describe('database failures', () => {
    it('answers NEWROOM with 5103 when the database fails, creating nothing', async () => {
      const a = await party(srv, 'rm-a9');
      await srv.knex.schema.renameTable('tim_room_member', 'tim_room_member_away');
      try {
        await act(a, biz({ rtype: 8, node: 'doomed' }));
      } finally {
        await srv.knex.schema.renameTable('tim_room_member_away', 'tim_room_member');
      }
      expect(a.box.acks).toEqual([{ ok: false, timType: 41, error: { code: 5103, info: 'database error' }, t: 8 }]);
      expect(await srv.knex('tim_room').where({ founder: a.node })).toEqual([]);
    });
  });

  describe('BLOCKROOM', () => {
    it('leaves the room, refuses pulls into it, lists it, and a new application lifts the block', async () => {
      const a = await party(srv, 'rm-a7');
      const b = await party(srv, 'rm-b7');
      const room = await newRoom(a, 'Noisy', 2);
      await act(b, biz({ rtype: 9, node: room, reqStr: '' }));

      await act(b, biz({ rtype: 14, node: room }), a);
      expect(b.box.acks).toEqual([{ ok: true, timType: 41, t: 14, n: room }]);
      expect(a.box.messages).toEqual([]);
      expect(await post(b, room, 'blocked')).toBe(4105);
      await act(b, biz({ rtype: 19 }));
      expect(b.box.nodes).toEqual([{ ntype: 9, nodelist: [room] }]);

      await act(a, biz({ rtype: 12, node: room, node2: b.node }), b);
      expect(errors(a.box.acks)).toEqual([{ ok: false, code: 4110, t: 12, n: room, n2: b.node }]);
      expect(b.box.messages).toEqual([]);

      await act(a, biz({ rtype: 14, node: room }));
      expect(errors(a.box.acks)).toEqual([{ ok: false, code: 4105, t: 14, n: room, n2: undefined }]); // the founder

      await act(b, biz({ rtype: 9, node: room, reqStr: 'back' }));
      expect(b.box.messages.map((m) => m.bnType)).toEqual([10]);
      await act(b, biz({ rtype: 19 }));
      expect(b.box.nodes).toEqual([]);
      expect(await post(b, room, 'back again')).toBeUndefined();
    });
  });
});
