// The roster cache (core/roster-cache.ts) on a real server and database: a room message and a
// presence broadcast with a warm cache run no `room.roster` / `roster` query (counted with knex's
// query events), and every membership or friendship change applies to the very next message or
// presence while the cache is warm, on the wire, from both sides. POST /api/v1/admin/cache/invalidate
// applies a change made behind tim's back.

import { beforeAll, describe, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import type { TimPresence } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, adminCall, befriend, makeRoom, party, type Party, sync, until, withServer } from '../helpers/tim-server.js';

const biz = (req: object) => (c: Party['c']) => c.business(req);
const INVALIDATE = '/api/v1/admin/cache/invalidate';

let seq = 0;

/**
 * `from` posts to `room`: waits until the sender's own copy and each of `to` got it, then checks that
 * none of `not` did (a sync on each proves everything the server sent them before has arrived; the
 * copies to every member are written in the same turn).
 */
async function roomPost(from: Party, room: string, to: Party[], not: Party[]): Promise<void> {
  const text = `room post ${++seq}`;
  const got = [from, ...to].map((p) => p.c.next('message', (m) => m.dataString === text, 5000));
  from.c.send({ roomTid: { node: room }, dataString: text }, { awaitEcho: false }).catch(() => undefined);
  await Promise.all(got);
  for (const p of not) {
    await sync(p.c);
    expect(p.box.messages.filter((m) => m.dataString === text), `${p.name} must not get "${text}"`).toEqual([]);
  }
}

/** Records the presences `p` receives. */
function presences(p: Party): TimPresence[] {
  const list: TimPresence[] = [];
  p.c.on('presence', (x) => list.push(x));
  return list;
}

/** `from` broadcasts its presence (BROADPRESENCE, no target): each of `to` gets it, none of `not`. */
async function broadcast(from: Party, to: [Party, TimPresence[]][], not: [Party, TimPresence[]][]): Promise<void> {
  const status = `status ${++seq}`;
  const got = to.map(([p]) => p.c.next('presence', (x) => x.status === status, 5000));
  from.c.broadPresence(1, undefined, status);
  await sync(from.c);
  await Promise.all(got);
  for (const [p, seen] of not) {
    await sync(p.c);
    expect(seen.filter((x) => x.status === status), `${p.name} must not hear "${status}"`).toEqual([]);
  }
}

await describeEachDatabase('roster cache', (ctx) => {
  let statements: string[] = [];
  const srv = withServer(ctx);
  beforeAll(async () => {
    srv.knex.on('query', (q: { sql: string }) => statements.push(q.sql));
  });

  const selectsOf = (table: string) => statements.filter((s) => /^\s*select/i.test(s) && s.includes(table));

  describe('the cache is used', () => {
    it('a second room message runs no room.roster query, only the insert', async () => {
      const [a, b, c] = await Promise.all(['rc-a1', 'rc-b1', 'rc-c1'].map((n) => party(srv, n)));
      const room = randomNode();
      await makeRoom(srv.knex, room, a.node, [b.node, c.node]);
      statements = [];
      await roomPost(a, room, [b, c], []);
      expect(selectsOf('tim_room_member').length).toBeGreaterThan(0); // room.auth and room.roster
      await srv.app.core.delivery.settle();

      await srv.app.core.deliveredAcks.settle();
      statements = [];
      await roomPost(a, room, [b, c], []);
      await srv.app.core.delivery.settle();
      await srv.app.core.deliveredAcks.settle();
      expect(selectsOf('tim_room_member')).toEqual([]);
      // Only writes: the message and its durable rows, and the deletes of the acknowledged rows (on
      // SQLite both run on the direct connection and bypass knex's events, so there the rows' absence
      // is what shows the deletes ran).
      expect(statements.filter((q) => /^\s*select/i.test(q))).toEqual([]);
      if (ctx.database.client === 'sqlite') {
        const left = await srv.knex('tim_offline').whereIn('node', [b.node, c.node]).count({ n: '*' });
        expect(Number(left[0].n)).toBe(0);
      } else {
        expect(statements.filter((q) => /^\s*delete/i.test(q)).length).toBeGreaterThan(0);
      }
      expect(srv.app.core.rosters.peekRoom(room)).toEqual(expect.arrayContaining([a.node, b.node, c.node]));
    });

    it('a second presence broadcast and the logout presence run no roster query', async () => {
      const [a, b] = await Promise.all(['rc-a2', 'rc-b2'].map((n) => party(srv, n)));
      await befriend(srv.knex, a.node, b.node);
      const heard = presences(b);
      statements = [];
      await broadcast(a, [[b, heard]], []);
      expect(selectsOf('tim_relation').length).toBeGreaterThan(0);

      statements = [];
      await broadcast(a, [[b, heard]], []);
      const off = b.c.next('presence', (x) => x.offline === true && x.fromTid?.node === a.node, 5000);
      await a.c.close();
      await off;
      expect(selectsOf('tim_relation')).toEqual([]);
    });
  });

  describe('membership changes apply to the next room message while the cache is warm', () => {
    it('a kicked member gets nothing more; a pulled-in user gets the next message', async () => {
      const [a, b, c, d] = await Promise.all(['rc-a3', 'rc-b3', 'rc-c3', 'rc-d3'].map((n) => party(srv, n)));
      const room = randomNode();
      await makeRoom(srv.knex, room, a.node, [b.node, c.node]);
      await roomPost(a, room, [b, c], [d]);
      expect(srv.app.core.rosters.peekRoom(room)).toContain(c.node); // warm

      await act(a, biz({ rtype: 13, node: room, node2: c.node }), c);
      expect(a.box.acks).toMatchObject([{ ok: true, t: 13 }]);
      await roomPost(a, room, [b], [c, d]);
      await roomPost(b, room, [a], [c, d]); // from another member: the same list

      await act(a, biz({ rtype: 12, node: room, node2: d.node }), d);
      expect(a.box.acks).toMatchObject([{ ok: true, t: 12 }]);
      await roomPost(a, room, [b, d], [c]);
    });

    it('a member who leaves or is blocked gets nothing more; one who joins the open room gets the next message', async () => {
      const [a, b, c, e] = await Promise.all(['rc-a4', 'rc-b4', 'rc-c4', 'rc-e4'].map((n) => party(srv, n)));
      const room = randomNode();
      await makeRoom(srv.knex, room, a.node, [b.node, c.node]);
      await roomPost(a, room, [b, c], [e]);

      await act(b, biz({ rtype: 16, node: room }));
      expect(b.box.acks).toMatchObject([{ ok: true, t: 16 }]);
      await roomPost(a, room, [c], [b, e]);

      await act(e, biz({ rtype: 9, node: room, reqStr: 'let me in' }));
      await roomPost(a, room, [c, e], [b]);
      await roomPost(e, room, [a, c], [b]);

      await act(a, biz({ rtype: 15, node: room, node2: c.node }));
      expect(a.box.acks).toMatchObject([{ ok: true, t: 15 }]);
      await roomPost(a, room, [e], [b, c]);
    });
  });

  describe('friendship changes apply to the next presence of both users', () => {
    it('a removed friend hears nothing more, in either direction; a new friend hears the next one', async () => {
      const [a, b, c] = await Promise.all(['rc-a5', 'rc-b5', 'rc-c5'].map((n) => party(srv, n)));
      await befriend(srv.knex, a.node, b.node);
      const [hA, hB, hC] = [presences(a), presences(b), presences(c)];
      await broadcast(a, [[b, hB]], [[c, hC]]); // warms a's roster
      await broadcast(b, [[a, hA]], [[c, hC]]); // warms b's roster
      expect(srv.app.core.rosters.peekFriends(a.node)).toEqual([b.node]);

      await act(b, biz({ rtype: 6, node: a.node }));
      expect(b.box.acks).toMatchObject([{ ok: true, t: 6 }]);
      await broadcast(a, [], [[b, hB], [c, hC]]);
      await broadcast(b, [], [[a, hA], [c, hC]]);

      await act(a, biz({ rtype: 4, node: c.node, reqStr: 'hi' }), c);
      await act(c, biz({ rtype: 4, node: a.node, reqStr: 'hi back' }), a);
      await broadcast(a, [[c, hC]], [[b, hB]]);
      await broadcast(c, [[a, hA]], [[b, hB]]);
    });

    it('a blocked friend gets no offline presence when the blocker logs out', async () => {
      const [a, b] = await Promise.all(['rc-a6', 'rc-b6'].map((n) => party(srv, n)));
      await befriend(srv.knex, a.node, b.node);
      const hB = presences(b);
      await broadcast(a, [[b, hB]], []); // warm
      await act(a, biz({ rtype: 7, node: b.node }));
      expect(a.box.acks).toMatchObject([{ ok: true, t: 7 }]);
      await a.c.close();
      await until(() => !srv.app.core.registry.isOnline(a.node), 5000, 'a offline');
      await sync(b.c);
      expect(hB.filter((x) => x.offline === true)).toEqual([]);
    });
  });

  describe('POST /api/v1/admin/cache/invalidate', () => {
    it("applies a membership change made behind tim's back at once", async () => {
      const [a, b, c] = await Promise.all(['rc-a7', 'rc-b7', 'rc-c7'].map((n) => party(srv, n)));
      const room = randomNode();
      await makeRoom(srv.knex, room, a.node, [b.node, c.node]);
      await roomPost(a, room, [b, c], []);
      // As an external-mode application would: straight in the database, tim is not told.
      await srv.knex('tim_room_member').where({ room, node: c.node }).delete();
      await roomPost(a, room, [b, c], []); // the warm cache still has c

      const res = await adminCall(srv, 'POST', INVALIDATE, { json: { nodes: [room, room, a.node] } });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ ok: true, invalidated: 2 });
      expect(srv.app.core.rosters.peekRoom(room)).toBeUndefined();
      await roomPost(a, room, [b], [c]);
    });

    it('refuses a bad body with 400 and a message, and a call without the key with 401', async () => {
      const cases: [unknown, RegExp][] = [
        [{}, /nodes/],
        [{ nodes: [] }, /nodes/],
        [{ nodes: 'x' }, /nodes/],
        [{ nodes: [7] }, /nodes/],
        [{ nodes: [''] }, /nodes/],
        [{ nodes: ['x'.repeat(65)] }, /nodes/],
      ];
      for (const [json, message] of cases) {
        const res = await adminCall(srv, 'POST', INVALIDATE, { json });
        expect(res.status, JSON.stringify(json)).toBe(400);
        expect(res.body.ok).toBe(false);
        expect(res.body.error.code).toBe(4104);
        expect(res.body.error.message).toMatch(message);
      }
      // builtin nodes carry a check character: a malformed one names its place
      const bad = await adminCall(srv, 'POST', INVALIDATE, { json: { nodes: [await srv.user('rc-ok'), 'not a node'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/nodes\[1\] "not a node" is not a valid node/);
      expect((await adminCall(srv, 'POST', INVALIDATE, { json: { nodes: ['x'] }, auth: null })).status).toBe(401);
    });

    it('is in the OpenAPI document', async () => {
      const res = await adminCall(srv, 'GET', '/docs/json');
      expect(res.body.paths[INVALIDATE].post.requestBody.content['application/json'].schema).toMatchObject({ required: ['nodes'] });
    });
  });
});

await describeEachDatabase('roster cache off (limits.authCacheSeconds 0)', (ctx) => {
  const statements: string[] = [];
  const srv = withServer(ctx, { limits: { authCacheSeconds: 0 } });
  beforeAll(async () => {
    srv.knex.on('query', (q: { sql: string }) => statements.push(q.sql));
  });

  it('every room message queries the members again', async () => {
    const [a, b] = await Promise.all(['rc0-a', 'rc0-b'].map((n) => party(srv, n)));
    const room = randomNode();
    await makeRoom(srv.knex, room, a.node, [b.node]);
    await roomPost(a, room, [b], []);
    statements.length = 0;
    await roomPost(a, room, [b], []);
    // room.auth and room.roster both read the member table again
    expect(statements.filter((s) => /^\s*select/i.test(s) && s.includes('tim_room_member')).length).toBeGreaterThanOrEqual(2);
    expect(srv.app.core.rosters.peekRoom(room)).toBeUndefined();
  });
});
