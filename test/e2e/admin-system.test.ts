// System messages from the application backend (docs/admin-api.md sections 3 to 5) over real HTTP, with real
// clients: what each device receives, live, offline and after reconnecting, and what the answer
// reports per recipient. REST POST /api/v1/admin/messages/system and the legacy /timMessage paths.

import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { userNode } from '../../src/protocol/node-id.js';
import { adminCall, backOnline, until, withServer } from '../helpers/tim-server.js';

const SYSTEM = '/api/v1/admin/messages/system';

await describeEachDatabase('admin system messages', (ctx) => {
  const srv = withServer(ctx, {
    admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], accounts: [{ username: 'admin', password: 'pw' }] },
    limits: { deviceLimit: 4, deviceTypeLimit: 4 },
  });

  const offlineRows = async (node: string) => srv.knex('tim_offline').where({ node });
  const historyRows = async (node: string) => srv.knex('tim_message').where({ receiver: node });

  describe('REST', () => {
    it('reaches every device of a connected user as msType 1, acknowledged, and is not kept in history', async () => {
      const node = await srv.user('sys-a');
      const phone = await srv.login('sys-a', { termtyp: 2, resource: 'phone' });
      const web = await srv.login('sys-a', { termtyp: 1 });
      const got = [phone.next('message'), web.next('message')];
      const res = await adminCall(srv, 'POST', SYSTEM, {
        json: { to: [node], message: { dataString: 'maintenance at 22:00', udtype: 7, udshow: 1, extend: { kind: 'notice' }, dataBinary: 'AAEC' } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, results: [{ node, status: 'delivered' }] });
      expect(Number.isSafeInteger(res.body.id)).toBe(true);
      for (const m of await Promise.all(got)) {
        expect(m).toMatchObject({ msType: 1, odType: 1, id: res.body.id, toTid: { node }, dataString: 'maintenance at 22:00', udtype: 7, udshow: 1, extend: { kind: 'notice' } });
        expect([...m.dataBinary!]).toEqual([0, 1, 2]);
        expect(m.fromTid).toBeUndefined();
        expect(m.mid).toBeUndefined();
        expect(m.timestamp!.toString()).toBe(res.body.timestamp); // nanoseconds, exact
        expect(m.timestamp! > BigInt(Date.now() - 60_000) * 1_000_000n).toBe(true);
      }
      expect(await historyRows(node)).toHaveLength(0);
      expect(await offlineRows(node)).toHaveLength(0);
    });

    it('keeps the caller id, collapses duplicates, and reports a well-formed unknown node without failing the others', async () => {
      const node = await srv.user('sys-b');
      const c = await srv.login('sys-b');
      const got = c.next('message');
      const unknown = userNode('nobody-registered-this');
      const res = await adminCall(srv, 'POST', SYSTEM, { json: { to: [node, node, unknown], message: { id: 42, dataString: 'x' } } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(42);
      expect(res.body.results).toEqual([
        { node, status: 'delivered' },
        { node: unknown, status: 'unknown_node' },
      ]);
      expect((await got).id).toBe(42);
      expect(await offlineRows(unknown)).toHaveLength(0);
    });

    it('is stored offline for a user with no device, and drained on the next login', async () => {
      const node = await srv.user('sys-c');
      const res = await adminCall(srv, 'POST', SYSTEM, { json: { to: [node], message: { dataString: 'while you were away' } } });
      expect(res.body.results).toEqual([{ node, status: 'stored_offline' }]);
      expect(await offlineRows(node)).toHaveLength(1);
      const back = await backOnline(srv, 'sys-c');
      const m = back.box.messages.find((x) => x.dataString === 'while you were away');
      expect(m).toMatchObject({ msType: 1, odType: 1, isOffline: true, id: res.body.id, toTid: { node } });
      await until(async () => (await offlineRows(node)).length === 0, 5000, 'offline row deleted');
    });

    it('is stored offline when the connected device never acknowledges, and delivered after reconnect', async () => {
      const node = await srv.user('sys-d');
      const deaf = await srv.login('sys-d', { autoAck: false });
      const log = recordFrames(deaf);
      const res = await adminCall(srv, 'POST', SYSTEM, { json: { to: [node], message: { dataString: 'ack me' } } });
      // three reliable sends (first + two resends), then the offline store
      expect(log.count(isType(90, true))).toBe(3);
      expect(bodyOf(log.frames.find(isType(90, true))!).msType).toBe(1);
      expect(res.body.results).toEqual([{ node, status: 'stored_offline' }]);
      await deaf.close();
      await until(() => !srv.app.core.registry.isOnline(node), 5000, 'deaf client gone');
      const back = await backOnline(srv, 'sys-d');
      expect(back.box.messages.filter((m) => m.dataString === 'ack me' && m.msType === 1)).toHaveLength(1);
    });

    it('expands a room to its members', async () => {
      const [f, m1, m2] = await Promise.all([srv.user('sys-rf'), srv.user('sys-r1'), srv.user('sys-r2')]);
      const room = (await adminCall(srv, 'POST', '/api/v1/admin/rooms', { json: { founder: f, topic: 'ops' } })).body.node;
      await srv.knex('tim_room_member').insert([m1, m2].map((node) => ({ room, node, state: 2, role: 0, created_at: Date.now() })));
      const c1 = await srv.login('sys-r1');
      const got = c1.next('message');
      const res = await adminCall(srv, 'POST', SYSTEM, { json: { room, message: { dataString: 'room notice' } } });
      expect(res.status, res.text).toBe(200);
      const status = Object.fromEntries(res.body.results.map((r: any) => [r.node, r.status]));
      expect(status).toEqual({ [f]: 'stored_offline', [m1]: 'delivered', [m2]: 'stored_offline' });
      expect(await got).toMatchObject({ msType: 1, toTid: { node: m1 }, roomTid: { node: room }, dataString: 'room notice' });
    });
  });

  describe('legacy', () => {
    const legacy = { username: 'admin', password: 'pw' };

    it("/timMessage as in tim's documentation reaches a connected client as msType 1", async () => {
      const node = await srv.user('leg-a');
      const c = await srv.login('leg-a');
      const got = c.next('message');
      // docs/admin-api.md section 5 (/timMessage): admintim's test_timMessage
      const res = await adminCall(srv, 'POST', '/timMessage', {
        auth: null,
        headers: legacy,
        json: { nodes: { nodelist: [node] }, message: { dataString: 'Hello, World!', udtype: 1, extend: { aaa: '222' } } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, timType: 0 });
      expect(await got).toMatchObject({ msType: 1, odType: 1, toTid: { node }, dataString: 'Hello, World!', udtype: 1, extend: { aaa: '222' } });
    });

    it('/timOsMessage takes a plain array and form bodies with JSON fields', async () => {
      const [a, b] = await Promise.all([srv.user('leg-b'), srv.user('leg-c')]);
      const ca = await srv.login('leg-b');
      const cb = await srv.login('leg-c');
      const got = [ca.next('message'), cb.next('message')];
      const form = new URLSearchParams({ nodes: JSON.stringify([a, b]), message: JSON.stringify({ dataString: 'by form' }) }).toString();
      const res = await adminCall(srv, 'POST', '/timOsMessage', { auth: null, headers: legacy, body: form, contentType: 'application/x-www-form-urlencoded' });
      expect(res.body).toEqual({ ok: true, timType: 0 });
      for (const m of await Promise.all(got)) expect(m).toMatchObject({ msType: 1, dataString: 'by form' });
      const again = ca.next('message');
      const res2 = await adminCall(srv, 'POST', '/timOsMessage', { headers: legacy, auth: null, json: { nodes: [a], message: { dataString: 'array' } } });
      expect(res2.body).toEqual({ ok: true, timType: 0 });
      expect((await again).dataString).toBe('array');
    });

    it('answers ok:false with 4106 in a 200 for a malformed node, and sends nothing', async () => {
      const node = await srv.user('leg-d');
      const res = await adminCall(srv, 'POST', '/timMessage', { auth: null, headers: legacy, json: { nodes: ['not a node!'], message: { dataString: 'x' } } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: false, timType: 0, error: { code: 4106, info: 'account incorrect' } });
      expect(await offlineRows(node)).toHaveLength(0);
    });
  });
});
