// The admin API's relation endpoints (src/admin/rest-relations.ts over admin-relations.ts):
// seeding friendships and room memberships, acting as a user on rosters and rooms, block lists,
// history, offline rows, vrooms and permission checks; each result checked against what a
// client sees (messages delivered, notifications, refusals) and against the tables.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { userNode } from '../../src/protocol/node-id.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { loadBuiltinTemplates } from '../../src/store/builtin-templates.js';
import { hashPassword } from '../../src/store/passwords.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, startServer, until, withServer } from '../helpers/tim-server.js';

// One password hash for every user, and token logins: the file spends no time hashing.
const HASH = await hashPassword('relations-pw');

const API = '/api/v1/admin';

await describeEachDatabase('admin relations (REST)', (ctx) => {
  const srv = withServer(ctx);

  const call = (method: string, path: string, json?: unknown) => adminCall(srv, method, `${API}${path}`, json === undefined ? {} : { json });
  const nodes = new Map<string, string>();
  /** the node of user `name`, created on first use */
  const user = async (name: string): Promise<string> => {
    const known = nodes.get(name);
    if (known !== undefined) return known;
    const { node } = await createUser(srv.knex, { name, pwd: 'relations-pw' }, async () => HASH);
    nodes.set(name, node);
    return node;
  };
  /** a client logged in as `name` with a one-time token from the admin API */
  const login = async (name: string): Promise<TimClient> => {
    const node = await user(name);
    const c = await srv.client();
    await c.loginByToken((await call('POST', '/tokens', { node })).body.token);
    return c;
  };

  describe('seeding relations (issue 16)', () => {
    it('PUT /friendships makes two users friends, at once able to message each other; idempotent', async () => {
      const [a, b] = [await user('fr-a'), await user('fr-b')];
      expect((await call('GET', `/permissions/message?from=${a}&to=${b}`)).body).toEqual({ ok: true, allowed: false });
      const cb = await login('fr-b');
      const friendNote = cb.next('message', (m) => m.bnType === 5);

      const res = await call('PUT', '/friendships', { a, b });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ ok: true, changed: true });
      expect(await friendNote).toMatchObject({ msType: 2, odType: 4, bnType: 5, fromTid: { node: a } });
      expect((await call('PUT', '/friendships', { a, b })).body).toEqual({ ok: true, changed: false });
      expect((await call('GET', `/users/${a}/friends`)).body).toEqual({ ok: true, node: a, friends: [b] });
      expect((await call('GET', `/users/${b}/friends`)).body.friends).toEqual([a]);
      expect((await call('GET', `/permissions/message?from=${a}&to=${b}`)).body.allowed).toBe(true);

      const ca = await login('fr-a');
      const got = cb.next('message', (m) => m.dataString === 'hello friend');
      await ca.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'hello friend' });
      expect(await got).toMatchObject({ fromTid: { node: a } });

      expect((await call('DELETE', `/users/${a}/friends/${b}`)).body).toEqual({ ok: true, changed: true });
      expect((await call('DELETE', `/users/${a}/friends/${b}`)).body).toEqual({ ok: true, changed: false });
      expect((await call('GET', `/users/${a}/friends`)).body.friends).toEqual([]);
      expect((await call('GET', `/permissions/message?from=${a}&to=${b}`)).body.allowed).toBe(false);
    });

    it('PUT /rooms/{room}/members/{node} adds a user to a room; the lists and room.auth follow; DELETE removes', async () => {
      const [f, u] = [await user('rm-f'), await user('rm-u')];
      const room = (await call('POST', '/rooms', { founder: f, topic: 'seeded', gtype: 1 })).body.node;
      expect((await call('GET', `/permissions/room?user=${u}&room=${room}`)).body.allowed).toBe(false);
      const cu = await login('rm-u');
      const pulled = cu.next('message', (m) => m.bnType === 12);

      expect((await call('PUT', `/rooms/${room}/members/${u}`)).body).toEqual({ ok: true, added: true });
      expect(await pulled).toMatchObject({ bnType: 12, roomTid: { node: room } });
      expect((await call('PUT', `/rooms/${room}/members/${u}`)).body).toEqual({ ok: true, added: false });
      expect((await call('GET', `/rooms/${room}/members`)).body.members.sort()).toEqual([f, u].sort());
      expect((await call('GET', `/users/${u}/rooms`)).body).toEqual({ ok: true, node: u, rooms: [room] });
      expect((await call('GET', `/permissions/room?user=${u}&room=${room}`)).body.allowed).toBe(true);
      const posted = await cu.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'I am in' });
      expect(posted.mid).toBeGreaterThan(0);

      expect((await call('DELETE', `/rooms/${room}/members/${f}`)).status).toBe(403);
      expect((await call('DELETE', `/rooms/${room}/members/${u}`)).body).toEqual({ ok: true, removed: true });
      expect((await call('DELETE', `/rooms/${room}/members/${u}`)).body).toEqual({ ok: true, removed: false });
      expect((await call('GET', `/users/${u}/rooms`)).body.rooms).toEqual([]);
    });

    it('bad input is 400 and unknown users or rooms 404, with a message, and nothing changes', async () => {
      const a = await user('bad-a');
      const ghost = userNode('bad-ghost');
      const missing = await call('PUT', '/friendships', { a });
      expect([missing.status, missing.body.error.code]).toEqual([400, 4104]);
      expect((await call('PUT', '/friendships', { a, b: a })).status).toBe(400);
      expect((await call('PUT', '/friendships', { a, b: { node: 'x' } })).status).toBe(400);
      const malformed = await call('PUT', '/friendships', { a, b: 'not a node!' });
      expect([malformed.status, malformed.body.error.code]).toEqual([404, 4106]); // the admin API's rule for node syntax
      expect(malformed.body.error.message).toBe('b "not a node!" is not a valid node');
      const unknown = await call('PUT', '/friendships', { a, b: ghost });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain(ghost);
      expect((await call('PUT', `/rooms/${ghost}/members/${a}`)).status).toBe(404);
      expect((await call('GET', `/users/${ghost}/friends`)).status).toBe(404);
      expect((await call('GET', `/permissions/message?from=${a}`)).status).toBe(400);
      expect((await call('POST', '/act/roster', { as: a, action: 'hug', peer: a })).status).toBe(400);
      expect((await call('POST', '/act/room', { as: a, action: 'kick', room: ghost })).status).toBe(400);
      expect((await call('DELETE', `/users/${a}/offline`, { ids: [] })).status).toBe(400);
      expect(await srv.knex('tim_relation').where({ owner: a })).toHaveLength(0);
    });
  });

  describe('acting as a user', () => {
    it('roster: add (notifies, then accepts), block (the block list; the other side is refused 4110)', async () => {
      const [c, d] = [await user('ac-c'), await user('ac-d')];
      const cd = await login('ac-d');
      const asked = cd.next('message', (m) => m.bnType === 4);
      expect((await call('POST', '/act/roster', { as: c, action: 'add', peer: d, msg: 'be my friend' })).body).toEqual({ ok: true });
      expect(await asked).toMatchObject({ bnType: 4, fromTid: { node: c }, dataString: 'be my friend' });
      expect((await call('POST', '/act/roster', { as: d, action: 'add', peer: c, msg: 'ok' })).body).toEqual({ ok: true });
      expect((await call('GET', `/users/${c}/friends`)).body.friends).toEqual([d]);
      const again = await call('POST', '/act/roster', { as: c, action: 'add', peer: d });
      expect([again.status, again.body.error.code]).toEqual([409, 4117]);

      expect((await call('POST', '/act/roster', { as: c, action: 'block', peer: d })).body).toEqual({ ok: true });
      expect((await call('GET', `/users/${c}/blocked-users`)).body).toEqual({ ok: true, node: c, blocked: [d] });
      expect((await call('GET', `/users/${c}/friends`)).body.friends).toEqual([]);
      const refused = await call('POST', '/act/roster', { as: d, action: 'add', peer: c });
      expect([refused.status, refused.body.error.code]).toEqual([403, 4110]);
      expect((await call('POST', '/act/roster', { as: c, action: 'remove', peer: d })).body).toEqual({ ok: true });
      expect((await call('GET', `/users/${c}/blocked-users`)).body.blocked).toEqual([]);
    });

    it('rooms: join (pending), pull, kick, block-member and its list, leave, block, cancel, with the client refusals', async () => {
      const [f, g, h] = [await user('ar-f'), await user('ar-g'), await user('ar-h')];
      const room = (await call('POST', '/rooms', { founder: f, gtype: 1 })).body.node;
      const act = (json: Record<string, unknown>) => call('POST', '/act/room', { room, ...json });

      expect((await act({ as: g, action: 'join', msg: 'let me in' })).body).toEqual({ ok: true });
      expect((await call('GET', `/rooms/${room}/members`)).body.members).toEqual([f]); // pending only
      const notAdmin = await act({ as: h, action: 'pull', user: g });
      expect([notAdmin.status, notAdmin.body.error.code]).toEqual([403, 4105]);
      expect((await act({ as: f, action: 'pull', user: g })).body).toEqual({ ok: true });
      expect((await call('GET', `/rooms/${room}/members`)).body.members.sort()).toEqual([f, g].sort());

      expect((await act({ as: f, action: 'kick', user: g })).body).toEqual({ ok: true });
      expect((await act({ as: f, action: 'block-member', user: g })).body).toEqual({ ok: true });
      expect((await call('GET', `/rooms/${room}/blocked-members`)).body).toEqual({ ok: true, room, blocked: [g] });
      expect((await call('GET', `/rooms/${room}/blocked-members?as=${g}`)).body.blocked).toEqual([]);
      expect((await call('GET', `/rooms/${room}/blocked-members?as=${f}`)).body.blocked).toEqual([g]);
      expect((await act({ as: g, action: 'join', msg: 'again' })).body.error.code).toBe(4110);

      expect((await act({ as: f, action: 'pull', user: h })).body).toEqual({ ok: true });
      expect((await act({ as: h, action: 'leave' })).body).toEqual({ ok: true });
      expect((await act({ as: h, action: 'block' })).body).toEqual({ ok: true });
      expect((await call('GET', `/users/${h}/blocked-rooms`)).body.blocked).toEqual([room]);
      expect((await act({ as: f, action: 'leave' })).body.error.code).toBe(4105);
      expect((await act({ as: f, action: 'cancel' })).body).toEqual({ ok: true });
      expect((await act({ as: f, action: 'cancel' })).body.error.code).toBe(4108);
    });
  });

  describe('history, offline rows, vrooms', () => {
    it('history of a chat and a room, and the offline rows of an absent user: peek, then delete', async () => {
      const [a, b] = [await user('hi-a'), await user('hi-b')];
      await call('PUT', '/friendships', { a, b });
      const ca = await login('hi-a');
      const sent = await ca.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'while you were out' });

      const hist = await call('GET', `/users/${a}/history/${b}`);
      expect(hist.status, hist.text).toBe(200);
      expect(hist.body.messages[0]).toMatchObject({ mid: sent.mid, dataString: 'while you were out', fromTid: { node: a } });
      expect(hist.body.messages[0].timestamp).toMatch(/^\d+$/);
      expect((await call('GET', `/users/${b}/history/${a}?mid=${sent.mid! - 1}`)).body.messages).toEqual([]);

      await until(async () => (await call('GET', `/users/${b}/offline`)).body.items.length > 0, 5000, 'offline row');
      const items = (await call('GET', `/users/${b}/offline`)).body.items;
      const mine = items.find((i: { message: { mid?: number } }) => i.message.mid === sent.mid);
      expect(mine.message).toMatchObject({ dataString: 'while you were out' });
      expect((await call('DELETE', `/users/${b}/offline`, { ids: [mine.id] })).body).toEqual({ ok: true, requested: 1 });
      expect((await call('GET', `/users/${b}/offline`)).body.items.some((i: { id: unknown }) => i.id === mine.id)).toBe(false);

      const room = (await call('POST', '/rooms', { founder: a })).body.node;
      const posted = await ca.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'room note' });
      expect((await call('GET', `/rooms/${room}/history`)).body.messages[0]).toMatchObject({ mid: posted.mid, dataString: 'room note' });
      expect((await call('GET', `/rooms/${room}/history?as=${a}`)).body.messages).toHaveLength(1);
      expect((await call('GET', `/rooms/${room}/history?as=${b}`)).status).toBe(403);
    });

    it('vrooms: push rights, a connection subscribed and unsubscribed, removal', async () => {
      const [o, s] = [await user('vr-o'), await user('vr-s')];
      const vnode = (await call('POST', '/vrooms', { owner: o })).body.vnode;
      expect((await call('PUT', `/vrooms/${vnode}/pushers/${s}`)).body).toEqual({ ok: true });
      expect((await call('GET', `/vrooms/${vnode}`)).body).toEqual({ ok: true, vnode, founder: o, pushers: [s], subscribers: 0 });
      expect((await call('DELETE', `/vrooms/${vnode}/pushers/${s}?as=${s}`)).status).toBe(403); // not the founder
      expect((await call('DELETE', `/vrooms/${vnode}/pushers/${s}?as=${o}`)).body).toEqual({ ok: true });

      const cs = await login('vr-s');
      const conn = (await call('GET', `/connections?node=${s}`)).body.items[0].id;
      expect((await call('PUT', `/vrooms/${vnode}/subscriptions`, { node: s, connection: conn })).body).toEqual({ ok: true });
      expect((await call('GET', `/vrooms/${vnode}`)).body.subscribers).toBe(1);
      const co = await login('vr-o');
      const pushed = cs.next('stream');
      co.pushStream(vnode, Buffer.from('live'));
      expect(Buffer.from((await pushed).body!).toString()).toBe('live');
      expect((await call('DELETE', `/vrooms/${vnode}/subscriptions`, { node: s, connection: conn })).body).toEqual({ ok: true });
      expect((await call('GET', `/vrooms/${vnode}`)).body.subscribers).toBe(0);
      expect((await call('PUT', `/vrooms/${vnode}/subscriptions`, { node: s, connection: conn + 9999 })).status).toBe(404);

      expect((await call('DELETE', `/vrooms/${vnode}?as=${s}`)).body).toEqual({ ok: true, removed: false });
      expect((await call('DELETE', `/vrooms/${vnode}`)).body).toEqual({ ok: true, removed: true });
      expect((await call('GET', `/vrooms/${vnode}`)).status).toBe(404);
    });

    it('the OpenAPI document lists the relation routes', async () => {
      const doc = (await adminCall(srv, 'GET', '/docs/json')).body;
      for (const p of ['/friendships', '/rooms/{room}/members/{node}', '/users/{node}/friends', '/users/{node}/rooms', '/act/room', '/permissions/message']) {
        expect(Object.keys(doc.paths)).toContain(`${API}${p}`);
      }
    });
  });
});

describe('admin relations in external mode', () => {
  it('reads through the templates; builtin-table writes and unserved acting answer 501 with a reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relations-ext-'));
    const database = { client: 'sqlite' as const, connection: path.join(dir, 'tim.db'), pool: { min: 1, max: 1 } };
    await (await startServer(database)).close(); // creates the tables the builtin templates read
    const srv = await startServer(database, { mode: 'external', passwords: 'scrypt', sql: loadBuiltinTemplates() });
    try {
      const [{ node: a }, { node: b }] = [
        await createUser(srv.knex, { name: 'ext-a', pwd: 'relations-pw' }, async () => HASH),
        await createUser(srv.knex, { name: 'ext-b', pwd: 'relations-pw' }, async () => HASH),
      ];
      await srv.knex('tim_relation').insert([
        { owner: a, peer: b, wants: 1, blocks: 0, updated_at: 0 },
        { owner: b, peer: a, wants: 1, blocks: 0, updated_at: 0 },
      ]);
      const call = (method: string, p: string, json?: unknown) => adminCall(srv, method, `${API}${p}`, json === undefined ? {} : { json });
      expect((await call('GET', `/users/${a}/friends`)).body.friends).toEqual([b]);
      expect((await call('GET', `/permissions/message?from=${a}&to=${b}`)).body.allowed).toBe(true);
      const seed = await call('PUT', '/friendships', { a, b });
      expect([seed.status, seed.body.error.code]).toEqual([501, 4107]);
      expect(seed.body.error.message).toContain('/cache/invalidate');
      expect((await call('GET', `/users/${a}/blocked-users`)).status).toBe(501);
      expect((await call('POST', '/act/roster', { as: a, action: 'remove', peer: b })).status).toBe(501); // no roster.* templates
      expect(await srv.knex('tim_relation').where({ owner: a })).toHaveLength(1);
    } finally {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
