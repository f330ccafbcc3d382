// Accounts, kicks, bans and who is online, over real HTTP with real clients: REST v1 and the
// legacy paths /timRegister, /timResetAuth, /timModifyUserInfo, /timBlockUser, /timBlockList,
// /timOnline and /timDetect.

import { describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, until, withServer } from '../helpers/tim-server.js';

const API = '/api/v1/admin';

async function loginCode(c: TimClient, name: string, pwd: string): Promise<number | 'ok'> {
  try {
    await c.login(name, pwd);
    return 'ok';
  } catch (err) {
    return (err as { code: number }).code;
  }
}

/** Resolves with the forced-logout ack and the close that follows it. */
function kickedOf(c: TimClient) {
  return Promise.all([c.next('ack', (a) => a.timType === 20), c.next('close')]);
}

await describeEachDatabase('admin users, kicks and bans', (ctx) => {
  const srv = withServer(ctx, { limits: { deviceLimit: 4, deviceTypeLimit: 4 } });

  describe('accounts', () => {
    it('POST /users registers (201), refuses a taken name (409), and the account logs in', async () => {
      const res = await adminCall(srv, 'POST', `${API}/users`, { json: { name: 'acc-a', password: 'pw-a' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ ok: true, node: userNode('acc-a') });
      expect((await (await srv.client()).login('acc-a', 'pw-a')).n).toBe(res.body.node);
      const dup = await adminCall(srv, 'POST', `${API}/users`, { json: { name: 'acc-a', password: 'other' } });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 4101, info: 'has exist' });
      const inDomain = await adminCall(srv, 'POST', `${API}/users`, { json: { name: 'acc-a', password: 'pw', domain: 'tenant' } });
      expect(inDomain.body.node).toBe(userNode('acc-a', 'tenant'));
      expect((await adminCall(srv, 'POST', `${API}/users`, { json: { name: 'acc-b' } })).status).toBe(400);
    });

    it('PUT /users/{node}/password sets a new password; a wrong old one is 403', async () => {
      const node = await srv.user('acc-c', 'old-pw');
      const res = await adminCall(srv, 'PUT', `${API}/users/${node}/password`, { json: { newPassword: 'new-pw' } });
      expect(res).toMatchObject({ status: 200, body: { ok: true } });
      expect(await loginCode(await srv.client(), 'acc-c', 'old-pw')).toBe(4105);
      expect(await loginCode(await srv.client(), 'acc-c', 'new-pw')).toBe('ok');
      const wrongOld = await adminCall(srv, 'PUT', `${API}/users/${node}/password`, { json: { newPassword: 'x', oldPassword: 'not-it' } });
      expect(wrongOld.status).toBe(403);
      expect(wrongOld.body.error.code).toBe(4112);
      const unknown = await adminCall(srv, 'PUT', `${API}/users/${userNode('acc-none')}/password`, { json: { newPassword: 'x' } });
      expect(unknown.status).toBe(404);
    });

    it('PATCH /users/{node} merges profile fields', async () => {
      const node = await srv.user('acc-d');
      expect((await adminCall(srv, 'PATCH', `${API}/users/${node}`, { json: { nickName: 'Dee', gender: 2 } })).body).toEqual({ ok: true });
      expect((await adminCall(srv, 'PATCH', `${API}/users/${node}`, { json: { cover: '/img/1.png', extend: { a: 'b' } } })).status).toBe(200);
      const row = await srv.knex('tim_user').where({ node }).first();
      expect(JSON.parse(row.profile)).toEqual({ nickName: 'Dee', gender: 2, cover: '/img/1.png', extend: { a: 'b' } });
      expect((await adminCall(srv, 'PATCH', `${API}/users/${userNode('acc-nobody')}`, { json: { nickName: 'x' } })).status).toBe(404);
    });

    it('legacy /timRegister, /timResetAuth and /timModifyUserInfo', async () => {
      const reg = await adminCall(srv, 'POST', '/timRegister', { json: { username: 'leg-u', password: 'p1' } });
      expect(reg.body).toEqual({ ok: true, timType: 0, n: userNode('leg-u') });
      expect((await adminCall(srv, 'POST', '/timRegister', { json: { username: 'leg-u', password: 'p1' } })).body).toEqual({
        ok: false,
        timType: 0,
        error: { code: 4101, info: 'has exist' },
      });
      const reset = await adminCall(srv, 'POST', '/timResetAuth', { body: 'loginname=leg-u&pwd=p2', contentType: 'application/x-www-form-urlencoded' });
      expect(reset.body).toEqual({ ok: true, timType: 0, n: 'leg-u' });
      expect(await loginCode(await srv.client(), 'leg-u', 'p2')).toBe('ok');
      expect((await adminCall(srv, 'POST', '/timResetAuth', { json: { loginname: 'leg-u' } })).body.error.code).toBe(4104);
      const form = new URLSearchParams({ node: reg.body.n, userbean: JSON.stringify({ name: 'tim3', cover: '/img/28.png' }) }).toString();
      expect((await adminCall(srv, 'POST', '/timModifyUserInfo', { body: form, contentType: 'application/x-www-form-urlencoded' })).body).toEqual({ ok: true, timType: 0 });
      const row = await srv.knex('tim_user').where({ node: reg.body.n }).first();
      expect(JSON.parse(row.profile)).toMatchObject({ name: 'tim3', cover: '/img/28.png' });
    });
  });

  describe('kicks and bans', () => {
    it('POST /users/{node}/kick: every device gets TimAck{ok:true,timType:20} and is closed; logging in again works', async () => {
      const node = await srv.user('ban-a');
      const [a1, a2] = [await srv.login('ban-a', { termtyp: 1 }), await srv.login('ban-a', { termtyp: 2 })];
      const kicked = [kickedOf(a1), kickedOf(a2)];
      const res = await adminCall(srv, 'POST', `${API}/users/${node}/kick`);
      expect(res.body).toEqual({ ok: true, connectionsClosed: 2 });
      for (const [ack] of await Promise.all(kicked)) expect(ack).toEqual({ ok: true, timType: 20 });
      await until(() => !srv.app.core.registry.isOnline(node), 5000, 'sessions gone');
      expect(await loginCode(await srv.client(), 'ban-a', 'secret-ban-a')).toBe('ok');
    });

    it('PUT /users/{node}/block bans (4105) until DELETE lifts it; GET /blocks lists it', async () => {
      const node = await srv.user('ban-b');
      const c = await srv.login('ban-b');
      const kicked = kickedOf(c);
      const before = Date.now();
      const res = await adminCall(srv, 'PUT', `${API}/users/${node}/block`, { json: { seconds: 600 } });
      expect(res.body).toMatchObject({ ok: true, connectionsClosed: 1 });
      expect(res.body.until).toBeGreaterThanOrEqual(before + 600_000);
      await kicked;
      expect(await loginCode(await srv.client(), 'ban-b', 'secret-ban-b')).toBe(4105);
      const list = await adminCall(srv, 'GET', `${API}/blocks`);
      expect(list.body.items).toContainEqual({ node, until: res.body.until });
      expect((await adminCall(srv, 'DELETE', `${API}/users/${node}/block`)).body).toEqual({ ok: true, removed: true });
      expect((await adminCall(srv, 'DELETE', `${API}/users/${node}/block`)).body).toEqual({ ok: true, removed: false });
      expect(await loginCode(await srv.client(), 'ban-b', 'secret-ban-b')).toBe('ok');
      expect((await adminCall(srv, 'PUT', `${API}/users/${node}/block`, { json: { seconds: 0 } })).status).toBe(400);
      expect((await adminCall(srv, 'POST', `${API}/users/${userNode('ban-nobody')}/kick`)).status).toBe(404);
    });

    it('legacy /timBlockUser: time 0 kicks, > 0 bans, < 0 lifts; /timBlockList lists bans in Unix seconds', async () => {
      const node = await srv.user('ban-c');
      const c = await srv.login('ban-c');
      const kicked = kickedOf(c);
      expect((await adminCall(srv, 'POST', '/timBlockUser', { json: { account: node, time: 0 } })).body).toEqual({ ok: true, timType: 0, n: node });
      await kicked;
      expect(srv.app.core.bans.isBanned(node, Date.now())).toBe(false);
      const form = `account=${node}&time=120`;
      expect((await adminCall(srv, 'POST', '/timBlockUser', { body: form, contentType: 'application/x-www-form-urlencoded' })).body.ok).toBe(true);
      expect(await loginCode(await srv.client(), 'ban-c', 'secret-ban-c')).toBe(4105);
      const list = await adminCall(srv, 'POST', '/timBlockList');
      expect(list.body[node]).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 100);
      expect((await adminCall(srv, 'POST', '/timBlockUser', { json: { account: node, time: -1 } })).body.ok).toBe(true);
      expect(await loginCode(await srv.client(), 'ban-c', 'secret-ban-c')).toBe('ok');
      expect((await adminCall(srv, 'POST', '/timBlockUser', { json: { account: node, time: 'soon' } })).body.error.code).toBe(4104);
    });
  });

  describe('who is online', () => {
    it('GET /connections pages by cursor, and filters by node', async () => {
      const [n1, n2] = [await srv.user('on-a'), await srv.user('on-b')];
      await srv.login('on-a', { resource: 'phone', termtyp: 2 });
      await srv.login('on-a', { termtyp: 1 });
      await srv.login('on-b');
      const mine = await adminCall(srv, 'GET', `${API}/connections?node=${n1}`);
      expect(mine.body.total).toBe(2);
      expect(mine.body.items.map((i: any) => [i.node, i.termtyp])).toEqual([
        [n1, 2],
        [n1, 1],
      ]);
      expect(mine.body.items[0]).toMatchObject({ resource: 'phone', remote: expect.stringContaining('127.0.0.1') });
      const seen: number[] = [];
      let cursor: number | undefined;
      let total = 0;
      do {
        const page = await adminCall(srv, 'GET', `${API}/connections?limit=2${cursor !== undefined ? `&cursor=${cursor}` : ''}`);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((i: any) => i.id));
        total = page.body.total;
        cursor = page.body.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(total);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      expect(total).toBeGreaterThanOrEqual(3);
      expect((await adminCall(srv, 'GET', `${API}/connections?node=${n2}`)).body.total).toBe(1);
      expect((await adminCall(srv, 'GET', `${API}/connections?limit=0`)).status).toBe(400);
    });

    it('POST /presence/query tells who is online with how many devices', async () => {
      const [on, off] = [await srv.user('pq-a'), await srv.user('pq-b')];
      await srv.login('pq-a', { termtyp: 3 });
      const res = await adminCall(srv, 'POST', `${API}/presence/query`, { json: { nodes: [on, off] } });
      const self = srv.app.core.cluster.nodeId;
      expect(res.body).toEqual({
        ok: true,
        nodes: { [on]: { online: true, devices: 1, termtypes: [3], servers: [self] }, [off]: { online: false, devices: 0, termtypes: [], servers: [] } },
      });
    });

    it('POST /presence pushes a presence to online devices only', async () => {
      const [to, away, from] = [await srv.user('pr-a'), await srv.user('pr-b'), await srv.user('pr-c')];
      const c = await srv.login('pr-a');
      const got = c.next('presence');
      const res = await adminCall(srv, 'POST', `${API}/presence`, { json: { to: [to, away], from, presence: { status: 'busy', subStatus: 4, show: 2 } } });
      expect(res.body).toEqual({ ok: true, deliveredTo: 1, results: [{ node: to, online: true }, { node: away, online: false }] });
      expect(await got).toMatchObject({ fromTid: { node: from }, toTid: { node: to }, status: 'busy', subStatus: 4, show: 2 });
    });

    it('/timOnline lists one Tid per connection; detect pings every device', async () => {
      const node = await srv.user('det-a');
      const c = await srv.login('det-a', { resource: 'desk' });
      const online = await adminCall(srv, 'GET', '/timOnline');
      expect(online.body).toContainEqual(expect.objectContaining({ node, resource: 'desk' }));
      const pong = c.next('pong');
      expect((await adminCall(srv, 'POST', `${API}/users/detect`, { json: { nodes: [node] } })).body).toEqual({ ok: true, pinged: 1 });
      await pong;
      const again = c.next('pong');
      const legacy = await adminCall(srv, 'POST', '/timDetect', { body: `nodes=${node}`, contentType: 'application/x-www-form-urlencoded' });
      expect([legacy.status, legacy.text]).toEqual([200, '']);
      await again;
    });

    it('GET /stats counts connections, users online, messages and bytes', async () => {
      await srv.login('st-a');
      const res = await adminCall(srv, 'GET', `${API}/stats`);
      expect(res.body).toMatchObject({ ok: true });
      expect(res.body.connections).toBeGreaterThanOrEqual(1);
      expect(res.body.usersOnline).toBeGreaterThanOrEqual(1);
      expect(res.body.bytesIn).toBeGreaterThan(0);
      expect(res.body.bytesOut).toBeGreaterThan(0);
      for (const k of ['messagesIn', 'messagesOut', 'uptimeSeconds', 'logins']) expect(typeof res.body[k], k).toBe('number');
    });
  });
});
