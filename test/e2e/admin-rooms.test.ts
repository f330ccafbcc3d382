// Rooms, virtual rooms and messages sent on a user's behalf through the admin API: POST /rooms,
// GET /rooms/{room}/members, PATCH /rooms/{room}, POST /vrooms, POST /messages/proxy and the
// legacy /timNewRoom, /timModifyRoomInfo and /timVroom, checked on the clients and in the tables.

import { describe, expect, it } from 'vitest';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, befriend, makeRoom, withServer } from '../helpers/tim-server.js';
import { vroomsOf } from '../../src/core/vroom/index.js';

const API = '/api/v1/admin';

await describeEachDatabase('admin rooms and proxy messages', (ctx) => {
  const srv = withServer(ctx, { limits: { deviceLimit: 4, deviceTypeLimit: 4 } });

  describe('rooms', () => {
    it('POST /rooms creates a room whose only member is the founder; PATCH changes it as an admin', async () => {
      const [founder, member] = [await srv.user('room-f'), await srv.user('room-m')];
      const res = await adminCall(srv, 'POST', `${API}/rooms`, { json: { founder, topic: 'hikers', gtype: 1 } });
      expect(res.status).toBe(201);
      const room = res.body.node;
      expect((await adminCall(srv, 'GET', `${API}/rooms/${room}/members`)).body).toEqual({ ok: true, room, members: [founder] });
      const row = await srv.knex('tim_room').where({ node: room }).first();
      expect([row.founder, Number(row.gtype), Number(row.status)]).toEqual([founder, 1, 1]);
      expect(JSON.parse(row.profile)).toMatchObject({ topic: 'hikers' });

      await srv.knex('tim_room_member').insert({ room, node: member, state: 2, role: 0, created_at: Date.now() });
      const patch = await adminCall(srv, 'PATCH', `${API}/rooms/${room}`, { json: { topic: 'climbers', label: 'outdoor', gtype: 2, managers: [member] } });
      expect(patch.body).toEqual({ ok: true });
      const after = await srv.knex('tim_room').where({ node: room }).first();
      expect(JSON.parse(after.profile)).toMatchObject({ topic: 'climbers', label: 'outdoor' });
      expect(Number(after.gtype)).toBe(2);
      const m = await srv.knex('tim_room_member').where({ room, node: member }).first();
      expect(Number(m.role)).toBe(1);
      expect((await adminCall(srv, 'GET', `${API}/rooms/${room}/members`)).body.members.sort()).toEqual([founder, member].sort());
    });

    it('refuses unknown rooms and founders with 404', async () => {
      const ghost = userNode('no-such-room');
      expect((await adminCall(srv, 'GET', `${API}/rooms/${ghost}/members`)).body.error.code).toBe(4109);
      expect((await adminCall(srv, 'PATCH', `${API}/rooms/${ghost}`, { json: { topic: 'x' } })).status).toBe(404);
      expect((await adminCall(srv, 'POST', `${API}/rooms`, { json: { founder: userNode('no-such-user') } })).status).toBe(404);
    });

    it('legacy /timNewRoom and /timModifyRoomInfo', async () => {
      const founder = await srv.user('room-lf');
      const form = new URLSearchParams({ node: founder, topic: 'legacy room', gtype: '1' }).toString();
      const res = await adminCall(srv, 'POST', '/timNewRoom', { body: form, contentType: 'application/x-www-form-urlencoded' });
      expect(res.body).toMatchObject({ ok: true, timType: 0 });
      const room = res.body.n;
      expect(Number((await srv.knex('tim_room').where({ node: room }).first()).gtype)).toBe(1);
      const mod = await adminCall(srv, 'POST', '/timModifyRoomInfo', { json: { unode: founder, gnode: room, roombean: { topic: 'renamed' } } });
      expect(mod.body).toEqual({ ok: true, timType: 0 });
      expect(JSON.parse((await srv.knex('tim_room').where({ node: room }).first()).profile).topic).toBe('renamed');
      expect((await adminCall(srv, 'POST', '/timModifyRoomInfo', { json: { gnode: room, roombean: {} } })).body.error.code).toBe(4104);
    });

    it('POST /vrooms and /timVroom create virtual rooms owned by the user', async () => {
      const owner = await srv.user('vr-o');
      const res = await adminCall(srv, 'POST', `${API}/vrooms`, { json: { owner } });
      expect(res.status).toBe(201);
      expect(vroomsOf(srv.app.core)?.get(res.body.vnode)?.founder).toBe(owner);
      const legacy = await adminCall(srv, 'POST', '/timVroom', { json: { node: owner, rtype: 1 } });
      expect(legacy.body).toMatchObject({ ok: true, timType: 0 });
      expect(vroomsOf(srv.app.core)?.get(legacy.body.n)?.founder).toBe(owner);
      expect((await adminCall(srv, 'POST', '/timVroom', { json: { node: owner, rtype: 2 } })).body).toMatchObject({ ok: false, error: { code: 4104 } });
    });
  });

  describe('POST /messages/proxy', () => {
    it('sends as the user through the client path: stored, echoed to the sender, delivered to the friend', async () => {
      const [a, b] = [await srv.user('px-a'), await srv.user('px-b')];
      await befriend(srv.knex, a, b);
      const [ca, cb] = [await srv.login('px-a'), await srv.login('px-b')];
      const echo = ca.next('message');
      const got = cb.next('message');
      const res = await adminCall(srv, 'POST', `${API}/messages/proxy`, { json: { from: a, message: { msType: 2, odType: 1, toTid: { node: b }, dataString: 'on your behalf' } } });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ ok: true, id: expect.any(Number), mid: expect.any(Number) });
      for (const m of await Promise.all([echo, got])) {
        expect(m).toMatchObject({ msType: 2, odType: 1, id: res.body.id, mid: res.body.mid, fromTid: { node: a }, toTid: { node: b }, dataString: 'on your behalf' });
      }
      const row = await srv.knex('tim_message').where({ mid: res.body.mid }).first();
      expect([row.sender, row.receiver]).toEqual([a, b]);
    });

    it('applies the same permission checks: non-friends 403, unknown sender 404, msType 1 and revoke 400', async () => {
      const [a, b] = [await srv.user('px-c'), await srv.user('px-d')];
      const cb = await srv.login('px-d');
      const seen: unknown[] = [];
      cb.on('message', (m) => seen.push(m));
      const send = (json: unknown) => adminCall(srv, 'POST', `${API}/messages/proxy`, { json });
      const denied = await send({ from: a, message: { msType: 2, odType: 1, toTid: { node: b }, dataString: 'no' } });
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe(4105);
      expect((await send({ from: userNode('px-ghost'), message: { msType: 2, odType: 1, toTid: { node: b } } })).status).toBe(404);
      expect((await send({ from: a, message: { msType: 1, odType: 1, toTid: { node: b } } })).status).toBe(400);
      expect((await send({ from: a, message: { msType: 2, odType: 2, mid: 1, toTid: { node: b } } })).status).toBe(400);
      expect((await send({ from: a, message: { msType: 2, odType: 9, toTid: { node: b } } })).status).toBe(400);
      expect(await srv.knex('tim_message').where({ sender: a })).toHaveLength(0);
      expect(seen).toHaveLength(0);
    });

    it('posts into a room as a member; every member gets it reliably', async () => {
      const [f, m] = [await srv.user('px-rf'), await srv.user('px-rm')];
      const room = userNode('px-room');
      await makeRoom(srv.knex, room, f, [m]);
      const cm = await srv.login('px-rm');
      const got = cm.next('message');
      const res = await adminCall(srv, 'POST', `${API}/messages/proxy`, { json: { from: f, message: { msType: 3, odType: 1, roomTid: { node: room }, dataString: 'to all' } } });
      expect(res.status, res.text).toBe(200);
      expect(await got).toMatchObject({ msType: 3, fromTid: { node: f }, roomTid: { node: room }, mid: res.body.mid, dataString: 'to all' });
    });
  });
});
