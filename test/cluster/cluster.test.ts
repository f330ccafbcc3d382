// Users on different nodes of one cluster: three server instances built by buildApp in this
// process, sharing a PostgreSQL (or MariaDB) database and the machine's Redis under a key prefix of
// their own. Each instance has its own core, sockets and Redis connections: everything that
// crosses nodes goes through Redis (nothing else is shared but the process).

import { beforeAll, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { ClusterService } from '../../src/cluster/cluster-service.js';
import { vroomsOf } from '../../src/core/vroom/index.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { befriend, makeRoom, startServer, until, type TestServer } from '../helpers/tim-server.js';
import { admin, describeCluster } from './cluster-helpers.js';

await describeCluster('cluster: users on different nodes', (fx) => {
  const nodes = fx.servers;
  const clients = fx.clients;
  let A: TestServer, B: TestServer, C: TestServer;
  const users: Record<string, string> = {};
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivan', 'judy', 'kim'];

  async function on(srv: TestServer, name: string, opts: Parameters<TestServer['client']>[0] = {}): Promise<TimClient> {
    const c = await srv.client(opts);
    clients.push(c);
    await c.login(name, `secret-${name}`);
    return c;
  }

  beforeAll(async () => {
    const db = fx.db;
    const redis = fx.redisUrl();
    // One after another: the first migrates the shared database.
    A = await startServer(db.database, { cluster: { redis }, limits: { deviceLimit: 2, deviceTypeLimit: 2 } });
    B = await startServer(db.database, { cluster: { redis }, limits: { deviceLimit: 2, deviceTypeLimit: 2 } });
    C = await startServer(db.database, { cluster: { redis }, limits: { deviceLimit: 2, deviceTypeLimit: 2 } });
    nodes.push(A, B, C);
    for (const n of names) users[n] = (await createUser(A.knex, { name: n, pwd: `secret-${n}`, domain: null })).node;
    await befriend(A.knex, users.alice, users.bob);
    await befriend(A.knex, users.alice, users.carol);
    await befriend(A.knex, users.erin, users.frank);
  });


  it('each node joined the cluster under its own id and /readyz says so', async () => {
    const ids = nodes.map((n) => n.app.core.cluster.nodeId);
    expect(new Set(ids).size).toBe(3);
    for (const n of nodes) {
      expect(n.app.core.cluster.health()).toMatchObject({ mode: 'redis', up: true });
      expect(await admin(n.adminUrl, 'GET', '/readyz')).toMatchObject({ status: 200, body: { ok: true, cluster: 'up' } });
    }
    const seen = await new ClusterService(A.app.core).health();
    await until(async () => (await new ClusterService(A.app.core).health()).nodes.length === 3, 5000, 'three live nodes');
    expect(seen.mode).toBe('redis');
  });

  it('1:1: a message from A reaches B reliably (tim bytes), once, is echoed on A, and nothing is stored offline', async () => {
    const a = await on(A, 'alice');
    const b = await on(B, 'bob', { autoAck: false });
    const la = recordFrames(a);
    const lb = recordFrames(b);
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: users.bob }, dataString: 'across' });
    const e = await la.wait(isType(90, false));
    expect(bodyOf(e).mid).toBe(echo.mid);
    const d = await lb.wait(isType(90, true));
    expect(d[0]).toBe(0xda);
    expect(bodyOf(d)).toMatchObject({ id: echo.id, mid: echo.mid, dataString: 'across', fromTid: { node: users.alice } });
    b.sendRaw(Buffer.concat([Buffer.from([0x8c]), d.subarray(1, 5)]));
    // Counted on A once B reported the ack: B's attempts have ended, so nothing is resent.
    await until(() => A.app.core.stats.delivered >= 1, 5000, 'the sender node to count the delivery');
    expect(lb.count(isType(90, true))).toBe(1);
    expect(await A.knex('tim_offline').where({ node: users.bob })).toHaveLength(0);
    a.close();
    b.close();
  });

  it("1:1: the sender's device on a third node gets the plain echo; a stream message (odType 5) crosses plain", async () => {
    const a1 = await on(A, 'alice');
    const a2 = await on(C, 'alice');
    const b = await on(B, 'bob');
    const l2 = recordFrames(a2);
    const echo = await a1.send({ msType: 2, odType: 1, toTid: { node: users.bob }, dataString: 'two devices' });
    const copy = await l2.wait((f) => isType(90, false)(f) && bodyOf(f).mid === echo.mid);
    expect(bodyOf(copy)).toMatchObject({ id: echo.id, dataString: 'two devices' });
    const got = b.next('message', (m) => m.odType === 5);
    await a1.send({ msType: 2, odType: 5, toTid: { node: users.bob }, dataString: 'live' }, { awaitEcho: false });
    expect(await got).toMatchObject({ odType: 5, dataString: 'live', fromTid: { node: users.alice } });
    for (const c of [a1, a2, b]) c.close();
  });

  it('a user offline everywhere gets the message from the offline store on the node it logs in to', async () => {
    const a = await on(A, 'alice');
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: users.bob }, dataString: 'while away' });
    await until(async () => (await A.knex('tim_offline').where({ node: users.bob })).length === 1, 5000, 'the offline row');
    const b = await C.client();
    clients.push(b);
    const got = b.next('message', (m) => m.mid === echo.mid);
    const end = b.next('offlineEnd');
    await b.login('bob', 'secret-bob');
    b.offline();
    expect(await got).toMatchObject({ isOffline: true, dataString: 'while away' });
    await end;
    a.close();
    b.close();
  });

  it("a remote device that never acknowledges gets tim's three sends (same id and mid), then one offline row", async () => {
    const a = await on(A, 'alice');
    const b = await on(B, 'bob', { autoAck: false });
    const lb = recordFrames(b);
    const before = A.app.core.stats.offlineStored;
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: users.bob }, dataString: 'ignored' });
    await until(() => A.app.core.stats.offlineStored > before, 10_000, 'the sender node to store it offline');
    const sends = lb.frames.filter((f) => isType(90, true)(f) && bodyOf(f).mid === echo.mid);
    expect(sends).toHaveLength(3);
    expect(new Set(sends.map((f) => f.readUInt32BE(1))).size).toBe(3); // a fresh ack id each time
    for (const f of sends) expect(bodyOf(f)).toMatchObject({ id: echo.id, mid: echo.mid });
    expect(await A.knex('tim_offline').where({ node: users.bob, mid: echo.mid })).toHaveLength(1);
    await A.knex('tim_offline').where({ node: users.bob }).delete();
    a.close();
    b.close();
  });

  it('room: members on three nodes each get one reliable copy, the sender included', async () => {
    const room = randomNode();
    await makeRoom(A.knex, room, users.alice, [users.bob, users.carol]);
    const a = await on(A, 'alice');
    const b = await on(B, 'bob');
    const c = await on(C, 'carol');
    const waits = [a, b, c].map((x) => x.next('message', (m) => m.msType === 3 && m.dataString === 'hello room'));
    const echo = await a.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'hello room' });
    for (const m of await Promise.all(waits)) expect(m).toMatchObject({ mid: echo.mid, id: echo.id, roomTid: { node: room } });
    // durable delivery: each member's offline row goes once its device acknowledged
    await until(async () => (await A.knex('tim_offline').whereIn('node', [users.alice, users.bob, users.carol])).length === 0, 5000, 'acknowledged rows deleted');

    // Revoke in the room: the author's devices on every node get the ack, members the notice.
    const a2 = await on(C, 'alice');
    const ackOnC = a2.next('ack', (k) => k.timType === 92);
    const notices = [b, c].map((x) => x.next('message', (m) => m.odType === 2 && m.mid === echo.mid));
    const ackOnA = a.next('ack', (k) => k.timType === 92);
    a.revoke(echo.mid as number, undefined, room).catch(() => undefined);
    expect(await ackOnA).toMatchObject({ ok: true, n: room, t2: echo.mid });
    expect(await ackOnC).toMatchObject({ ok: true, n: room, t2: echo.mid });
    for (const n of await Promise.all(notices)) expect(n).toMatchObject({ msType: 3, odType: 2, mid: echo.mid });
    for (const x of [a, a2, b, c]) x.close();
  });

  it('revoke 1:1: the peer on another node gets the notice with the original mid; the row is gone', async () => {
    const a = await on(A, 'alice');
    const b = await on(B, 'bob');
    const first = b.next('message', (m) => m.dataString === 'oops');
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: users.bob }, dataString: 'oops' });
    await first;
    const notice = b.next('message', (m) => m.odType === 2);
    await a.revoke(echo.mid as number, users.bob);
    expect(await notice).toMatchObject({ msType: 2, odType: 2, mid: echo.mid, fromTid: { node: users.alice } });
    expect(await A.knex('tim_message').where({ mid: echo.mid })).toHaveLength(0);
    a.close();
    b.close();
  });

  it('presence: to a user on another node, broadcast to friends, and offline only when the last socket anywhere closes', async () => {
    const a = await on(A, 'alice');
    const b = await on(B, 'bob');
    const p1 = b.next('presence');
    a.presence({ toTid: { node: users.bob }, subStatus: 2, status: 'busy' });
    expect(await p1).toMatchObject({ fromTid: { node: users.alice }, toTid: { node: users.bob }, status: 'busy', subStatus: 2 });

    const p2 = a.next('presence', (p) => p.fromTid?.node === users.bob);
    b.broadPresence(1, 0, 'here');
    expect(await p2).toMatchObject({ status: 'here', toTid: { node: users.alice } });

    // carol (alice's friend) on B and C; closing C's socket says nothing, closing B's says offline.
    const cB = await on(B, 'carol', { resource: 'on-b' });
    const cC = await on(C, 'carol', { resource: 'on-c' });
    const off = a.next('presence', (p) => p.offline === true && p.fromTid?.node === users.carol);
    await cC.close();
    const svc = new ClusterService(A.app.core);
    await until(async () => (await svc.sessions(users.carol)).length === 1, 5000, "carol's C socket to leave the registry");
    expect((await svc.presence([users.carol]))[users.carol]).toMatchObject({ online: true, devices: 1, servers: [B.app.core.cluster.nodeId] });
    await cB.close();
    expect(await off).toMatchObject({ offline: true, fromTid: { node: users.carol, resource: 'on-b' } });
    a.close();
    b.close();
  });

  it('system messages (admin API on A) and business notifications reach users on other nodes', async () => {
    const b = await on(B, 'bob');
    const c = await on(C, 'carol');
    const sys = [b, c].map((x) => x.next('message', (m) => m.msType === 1));
    const r = await admin(A.adminUrl, 'POST', '/api/v1/admin/messages/system', { to: [users.bob, users.carol], message: { dataString: 'maintenance' } });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual(
      expect.arrayContaining([
        { node: users.bob, status: 'delivered' },
        { node: users.carol, status: 'delivered' },
      ]),
    );
    for (const m of await Promise.all(sys)) expect(m).toMatchObject({ msType: 1, dataString: 'maintenance' });

    const { notify } = await import('../../src/business/notify.js');
    const n = b.next('message', (m) => m.odType === 4);
    notify(A.app.core, [users.bob], { bnType: 5, fromTid: { node: users.alice } });
    expect(await n).toMatchObject({ msType: 2, odType: 4, bnType: 5, fromTid: { node: users.alice } });
    b.close();
    c.close();
  });

  it('big data (95) to a user on another node', async () => {
    const a = await on(A, 'alice');
    const b = await on(B, 'bob');
    const got = b.next('bigString');
    a.bigString(users.bob, 'x'.repeat(70_000));
    expect(await got).toMatchObject({ from: users.alice, text: 'x'.repeat(70_000) });
    a.close();
    b.close();
  });

  it('device limits count across nodes: a third login (limit 2) closes the oldest socket, on another node', async () => {
    const d1 = await on(A, 'dave');
    // Distinct login milliseconds, so "oldest" is unambiguous.
    const t1 = Date.now();
    await until(() => Date.now() > t1, 100, 'a later millisecond');
    const d2 = await on(B, 'dave');
    const t2 = Date.now();
    await until(() => Date.now() > t2, 100, 'a later millisecond');
    const closed = d1.next('close');
    const d3 = await on(C, 'dave');
    expect(await closed).toMatchObject({ code: 4004 });
    expect(d2.connected).toBe(true);
    expect(d3.connected).toBe(true);
    const svc = new ClusterService(B.app.core);
    await until(async () => (await svc.sessions(users.dave)).length === 2, 5000, 'two sockets left');
    expect((await svc.sessions(users.dave)).map((s) => s.server).sort()).toEqual([B.app.core.cluster.nodeId, C.app.core.cluster.nodeId].sort());
    d2.close();
    d3.close();
  });

  it('admin kicks, bans and tokens are cluster-wide', async () => {
    const svc = new ClusterService(A.app.core);
    const e1 = await on(B, 'erin');
    const e2 = await on(C, 'erin');
    const gone = [e1, e2].map((x) => x.next('close'));
    expect(await svc.kick(users.erin)).toBe(2);
    for (const g of await Promise.all(gone)) expect(g.code).toBe(4004);

    // A ban on A refuses logins on B and kicks the socket on C.
    const e3 = await on(C, 'erin');
    const kicked = e3.next('close');
    expect(await svc.ban(users.erin, Date.now() + 60_000)).toBe(1);
    await kicked;
    await until(() => B.app.core.bans.isBanned(users.erin, Date.now()), 5000, 'B to learn the ban');
    const refused = await B.client();
    clients.push(refused);
    await expect(refused.login('erin', 'secret-erin')).rejects.toMatchObject({ code: 4105 });
    expect(new ClusterService(C.app.core).bans().map((b) => b.node)).toContain(users.erin);
    expect(svc.unban(users.erin)).toBe(true);
    await until(() => !B.app.core.bans.isBanned(users.erin, Date.now()), 5000, 'B to learn the ban was lifted');
    (await on(B, 'erin')).close();

    // A one-time token issued on A works once, on B; C refuses it then.
    const { token } = await A.app.core.tokens.issue({ node: users.frank });
    const t1 = await B.client();
    clients.push(t1);
    expect(await t1.loginByToken(token)).toMatchObject({ ok: true, n: users.frank });
    const t2 = await C.client();
    clients.push(t2);
    await expect(t2.loginByToken(token)).rejects.toMatchObject({ code: 4115 });
    t1.close();
  });

  it('online lists, presence queries and stats are summed over the nodes', async () => {
    const k = await on(C, 'kim');
    const j = await on(B, 'judy');
    const svc = new ClusterService(A.app.core);
    await until(async () => {
      const { users: online } = await svc.onlineUsers();
      return online.includes(users.kim) && online.includes(users.judy);
    }, 5000, 'kim and judy in the online list');
    expect((await svc.presence([users.kim, users.hank]))).toEqual({
      [users.kim]: { online: true, devices: 1, termtypes: [1], servers: [C.app.core.cluster.nodeId] },
      [users.hank]: { online: false, devices: 0, termtypes: [], servers: [] },
    });
    const expected = () => nodes.reduce((n, x) => n + x.app.core.registry.connectionCount, 0);
    await until(async () => (await svc.stats()).total.connections === expected(), 5000, 'summed connections to match');
    const st = await svc.stats();
    expect(st.nodes).toBe(3);
    expect(st.byNode.map((b) => b.nodeId).sort()).toEqual(nodes.map((n) => n.app.core.cluster.nodeId).sort());
    const persisted = nodes.reduce((n, x) => n + x.app.core.stats.messagesPersisted, 0);
    expect(persisted).toBeGreaterThan(0);
    await until(async () => (await svc.stats()).total.messagesPersisted === persisted, 5000, 'summed persisted messages to match');
    k.close();
    j.close();
  });

  it('virtual rooms: a push on the home node reaches subscribers on other nodes; granted pushers elsewhere go through the home', async () => {
    const f = await on(A, 'frank');
    const g = await on(B, 'gina');
    const h = await on(C, 'hank');
    const i = await on(C, 'ivan');
    const reg = f.next('ack', (a) => a.timType === 22 && a.t === 1);
    f.vroom({ rtype: 1 });
    const vnode = (await reg).n as string;
    const sub = g.next('ack', (a) => a.timType === 22 && a.t === 5);
    g.vroom({ rtype: 5, node: vnode });
    await sub;
    const s1 = g.next('stream');
    f.pushStream(vnode, Buffer.from([1, 2, 3]), 7);
    expect(await s1).toMatchObject({ VNode: vnode, dtype: 7, body: Buffer.from([1, 2, 3]), fromNode: users.frank });

    const grant = f.next('ack', (a) => a.timType === 22 && a.t === 3);
    f.vroom({ rtype: 3, node: vnode, node2: users.hank });
    await grant;
    const s2 = g.next('stream');
    h.pushStream(vnode, Buffer.from([9]));
    expect(await s2).toMatchObject({ VNode: vnode, body: Buffer.from([9]), fromNode: users.hank });

    const refused = i.next('ack', (a) => a.timType === 94);
    i.pushStream(vnode, Buffer.from([5]));
    expect(await refused).toMatchObject({ ok: false, error: { code: 4105 }, n: vnode });
    expect(vroomsOf(A.app.core)?.get(vnode)?.founder).toBe(users.frank);
    for (const x of [f, g, h, i]) x.close();
  });
});
