// The admin API of a cluster describes the whole cluster, whichever node is asked: GET /stats sums
// the nodes and lists each, GET /connections pages through every node's sockets, detect and
// /timOnline reach users on other nodes, and a node that does not answer makes the answer
// `partial` instead of failing it. Node processes of their own (spawnNode), so their session ids
// overlap as on real servers, sharing a database and the machine's Redis under a prefix of this run.

import type { Knex } from 'knex';
import { beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/store/builtin-accounts.js';
import { createKnex } from '../../src/store/connect.js';
import { until } from '../helpers/tim-server.js';
import { admin, describeCluster, loginClient, nodeConfig, spawnNode, type NodeProcess } from './cluster-helpers.js';

const API = '/api/v1/admin';

await describeCluster('cluster: the admin API describes the whole cluster', (fx) => {
  const { procs, clients } = fx;
  let knex: Knex;
  let A: NodeProcess, B: NodeProcess;
  /** who is logged in where: three users on A, two on B */
  const onA = ['ann', 'abe', 'amy'];
  const onB = ['bea', 'bob'];
  const users: Record<string, string> = {};

  /** Every connection, paging `via` by `limit`; checks each page's shape on the way. */
  async function allConnections(via: NodeProcess, limit: number, query = ''): Promise<{ items: any[]; totals: number[]; pages: number }> {
    const items: any[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await admin(via.adminUrl, 'GET', `${API}/connections?limit=${limit}${query}${cursor !== undefined ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      expect(res.body.partial).toBe(false);
      items.push(...res.body.items);
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
      if (cursor !== undefined) expect(typeof cursor).toBe('string');
      expect(++pages).toBeLessThan(50);
    } while (cursor !== undefined);
    return { items, totals, pages };
  }

  beforeAll(async () => {
    const { db, dir } = fx;
    const url = fx.redisUrl();
    // One after another: the first migrates the shared database.
    A = await spawnNode(dir, 'a', nodeConfig(db.database, url));
    B = await spawnNode(dir, 'b', nodeConfig(db.database, url));
    procs.push(A, B);
    knex = createKnex(db.database);
    for (const n of [...onA, ...onB, 'cid']) users[n] = (await createUser(knex, { name: n, pwd: `secret-${n}` })).node;
    for (const n of onA) clients.push(await loginClient(A.url, n, { resource: `res-${n}` }));
    for (const n of onB) clients.push(await loginClient(B.url, n, { resource: `res-${n}` }));
  });

  fx.onCleanup(() => knex?.destroy());

  it('GET /stats on either node reports the summed connections and one entry per node', async () => {
    for (const via of [A, B]) {
      // The other node's counters arrive with its next heartbeat (a snapshot may be taken between
      // a socket opening and its login, so wait for both figures).
      await until(
        async () => {
          const { body } = await admin(via.adminUrl, 'GET', `${API}/stats`);
          return body.connections === 5 && body.usersOnline === 5;
        },
        10_000,
        'the summed connections and users',
      );
      const { status, body } = await admin(via.adminUrl, 'GET', `${API}/stats`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: true, connections: 5, usersOnline: 5, nodes: 2, partial: false });
      expect(body.logins).toBeGreaterThanOrEqual(5);
      for (const k of ['messagesIn', 'messagesOut', 'bytesIn', 'bytesOut', 'bans', 'startedAt', 'uptimeSeconds']) expect(typeof body[k], k).toBe('number');
      expect(body.byNode).toHaveLength(2);
      expect(body.byNode[0].server).toBe(via.nodeId); // the node asked comes first
      const byServer = Object.fromEntries(body.byNode.map((n: any) => [n.server, n]));
      expect(byServer[A.nodeId]).toMatchObject({ connections: 3, usersOnline: 3 });
      expect(byServer[B.nodeId]).toMatchObject({ connections: 2, usersOnline: 2 });
      for (const n of body.byNode) expect(typeof n.bytesIn).toBe('number');
    }
  });

  it('GET /monitor (the dashboard) lists both live nodes, this one first, with Redis up', async () => {
    await until(async () => (await admin(A.adminUrl, 'GET', `${API}/monitor`)).body.cluster.nodes.length === 2, 10_000, 'both nodes');
    const { status, body } = await admin(A.adminUrl, 'GET', `${API}/monitor`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, server: A.nodeId, database: { status: 'up' }, cluster: { mode: 'redis', redis: 'up', synced: true } });
    expect(body.cluster.nodes.map((n: any) => [n.server, n.self])).toEqual([
      [A.nodeId, true],
      [B.nodeId, false],
    ]);
    await until(async () => (await admin(A.adminUrl, 'GET', `${API}/monitor`)).body.cluster.nodes[1].connections === 2, 10_000, "B's connections");
  });

  it('GET /connections pages through both nodes, ordered by server then id, with no duplicate and none missing', async () => {
    const expected = [...onA.map((n) => `${A.nodeId} ${users[n]} res-${n}`), ...onB.map((n) => `${B.nodeId} ${users[n]} res-${n}`)].sort();
    for (const via of [A, B]) {
      for (const limit of [1, 2, 3, 100]) {
        const { items, totals, pages } = await allConnections(via, limit);
        expect(totals.every((t) => t === 5), `totals ${totals}`).toBe(true);
        expect(pages).toBe(Math.ceil(5 / limit));
        const keys = items.map((i) => `${i.server}/${i.id}`);
        expect(new Set(keys).size).toBe(5);
        expect(items.map((i) => `${i.server} ${i.node} ${i.resource}`).sort()).toEqual(expected);
        const order = [...items].sort((x, y) => (x.server < y.server ? -1 : x.server > y.server ? 1 : x.id - y.id));
        expect(items).toEqual(order);
        for (const i of items) expect(i).toMatchObject({ termtyp: 1, connectedAt: expect.any(Number), remote: expect.stringContaining('127.0.0.1') });
      }
    }
    // One user's connections, asked on the node that does not hold them.
    const bob = await admin(A.adminUrl, 'GET', `${API}/connections?node=${users.bob}`);
    expect(bob.body).toMatchObject({ ok: true, total: 1, partial: false, items: [{ server: B.nodeId, node: users.bob, resource: 'res-bob' }] });
    expect(bob.body.nextCursor).toBeUndefined();
    // A cursor must say which server it is on.
    expect((await admin(A.adminUrl, 'GET', `${API}/connections?cursor=3`)).status).toBe(400);
  });

  it('detect, /timDetect and /timOnline reach users logged in on the other node', async () => {
    const bea = clients[onA.length]; // bea, on B
    const pong = bea.next('pong');
    const res = await admin(A.adminUrl, 'POST', `${API}/users/detect`, { nodes: [users.bea, users.cid] });
    expect([res.status, res.body]).toEqual([202, { ok: true, pinged: 1, partial: false }]);
    await pong;
    const again = bea.next('pong');
    const legacy = await admin(A.adminUrl, 'POST', '/timDetect', { nodes: [users.bea] });
    expect(legacy.status).toBe(200);
    await again;
    const online = await admin(A.adminUrl, 'GET', '/timOnline');
    expect(online.body).toHaveLength(5);
    for (const n of [...onA, ...onB]) expect(online.body).toContainEqual(expect.objectContaining({ node: users[n], resource: `res-${n}` }));
  });

  it('a node that does not answer leaves its part out and says partial, without failing the call', async () => {
    // A third node whose liveness key outlives a pause, so the others keep asking it.
    const C = await spawnNode(fx.dir, 'c', nodeConfig(fx.db.database, fx.redisUrl({ nodeTtlMs: 30_000 })));
    procs.push(C);
    clients.push(await loginClient(C.url, 'cid', { resource: 'res-cid' }));
    await until(async () => (await admin(A.adminUrl, 'GET', `${API}/connections`)).body.total === 6, 10_000, "C's connection in the list");

    C.kill('SIGSTOP');
    const list = await admin(A.adminUrl, 'GET', `${API}/connections`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ ok: true, total: 5, partial: true });
    expect(list.body.items.map((i: any) => i.server).sort()).toEqual([...onA.map(() => A.nodeId), ...onB.map(() => B.nodeId)].sort());
    const detect = await admin(B.adminUrl, 'POST', `${API}/users/detect`, { nodes: [users.cid, users.bob] });
    expect([detect.status, detect.body]).toEqual([202, { ok: true, pinged: 1, partial: true }]);

    C.kill('SIGCONT');
    await until(async () => (await admin(A.adminUrl, 'GET', `${API}/connections`)).body.partial === false, 10_000, 'C to answer again');
    const back = await admin(A.adminUrl, 'GET', `${API}/connections?node=${users.cid}`);
    expect(back.body).toMatchObject({ total: 1, partial: false, items: [{ server: C.nodeId, node: users.cid, resource: 'res-cid' }] });
  });
});
