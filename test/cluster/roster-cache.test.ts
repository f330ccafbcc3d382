// Cache invalidation across the cluster: a membership or friendship change made through node A
// forgets node B's cached roster lists and permission answers too (TimCore.forget broadcasts a
// `forget` bus message), so B's very next room message or presence follows the change. Two
// instances built by buildApp in this process, sharing a database and the machine's Redis under a
// key prefix of their own.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { randomNode } from '../../src/protocol/node-id.js';
import type { TimMessage, TimPresence } from '../../src/protocol/wire-types.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import type { ProvisionedDatabase } from '../helpers/databases.js';
import { befriend, makeRoom, startServer, sync, until, type TestServer } from '../helpers/tim-server.js';
import { admin, clusterPrereqs, dropPrefix, redisUrl, SHARED_REDIS_PORT, uniquePrefix } from './cluster-helpers.js';

const provisioned = await clusterPrereqs();
const skip = 'skip' in provisioned ? provisioned.skip : undefined;

describe.skipIf(skip !== undefined)(`cluster: cache invalidation reaches every node${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const db = provisioned as ProvisionedDatabase;
  const prefix = uniquePrefix();
  const clients: TimClient[] = [];
  let A: TestServer, B: TestServer;
  const users: Record<string, string> = {};

  async function on(srv: TestServer, name: string): Promise<{ c: TimClient; got: TimMessage[]; heard: TimPresence[] }> {
    const c = await srv.client();
    clients.push(c);
    await c.login(name, `secret-${name}`);
    const got: TimMessage[] = [];
    const heard: TimPresence[] = [];
    c.on('message', (m) => got.push(m));
    c.on('presence', (p) => heard.push(p));
    return { c, got, heard };
  }

  let seq = 0;
  /** `from` posts to `room` and waits for the copies of `to` (the sender's own included). */
  async function post(from: TimClient, room: string, ...to: TimClient[]): Promise<string> {
    const text = `cluster post ${++seq}`;
    const got = [from, ...to].map((c) => c.next('message', (m) => m.dataString === text, 5000));
    from.send({ roomTid: { node: room }, dataString: text }, { awaitEcho: false }).catch(() => undefined);
    await Promise.all(got);
    return text;
  }

  beforeAll(async () => {
    const redis = redisUrl(SHARED_REDIS_PORT, prefix);
    A = await startServer(db.database, { cluster: { redis }, limits: { deviceLimit: 4, deviceTypeLimit: 4 } });
    B = await startServer(db.database, { cluster: { redis }, limits: { deviceLimit: 4, deviceTypeLimit: 4 } });
    for (const n of ['founder', 'sender', 'victim', 'joiner', 'ann', 'ben']) users[n] = (await createUser(A.knex, { name: n, pwd: `secret-${n}`, domain: null })).node;
    await until(() => A.app.core.cluster.health().up && B.app.core.cluster.health().up, 5000, 'both nodes on redis');
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.allSettled([A, B].filter(Boolean).map((n) => n.close()));
    await dropPrefix(SHARED_REDIS_PORT, prefix);
    await db.cleanup();
  });

  it("a member kicked through A gets nothing more of a message sent through B, and B refuses the member's posts", async () => {
    const room = randomNode();
    await makeRoom(A.knex, room, users.founder, [users.sender, users.victim]);
    const founder = await on(A, 'founder');
    const sender = await on(B, 'sender');
    const victim = await on(B, 'victim');
    const joiner = await on(B, 'joiner');
    await post(sender.c, room, founder.c, victim.c); // warms B's lists and answers
    await post(victim.c, room, founder.c, sender.c);
    expect(B.app.core.rosters.peekRoom(room)).toContain(users.victim);

    const kicked = founder.c.next('ack', (a) => a.timType === 41 && a.t === 13, 5000);
    founder.c.business({ rtype: 13, node: room, node2: users.victim });
    expect(await kicked).toMatchObject({ ok: true, n: room, n2: users.victim });

    const text = await post(sender.c, room, founder.c);
    await sync(victim.c); // a copy from B to a socket on B is written in the same turn as the others
    expect(victim.got.filter((m) => m.dataString === text)).toEqual([]);
    await expect(victim.c.send({ roomTid: { node: room }, dataString: 'still here?' })).rejects.toMatchObject({ code: 4105 });

    // And the other way: a user pulled in through A gets B's next message.
    const pulled = founder.c.next('ack', (a) => a.timType === 41 && a.t === 12, 5000);
    founder.c.business({ rtype: 12, node: room, node2: users.joiner });
    await pulled;
    await post(sender.c, room, founder.c, joiner.c);
  });

  it('a friendship ended through A: B stops sending presence to the former friend at once', async () => {
    await befriend(A.knex, users.ann, users.ben);
    const annA = await on(A, 'ann');
    const annB = await on(B, 'ann');
    const ben = await on(B, 'ben');
    const first = annB.c.next('presence', (p) => p.status === 'hello', 5000);
    ben.c.broadPresence(1, undefined, 'hello'); // warms ben's friend list on B
    await first;
    expect(B.app.core.rosters.peekFriends(users.ben)).toEqual([users.ann]);

    const removed = annA.c.next('ack', (a) => a.timType === 41 && a.t === 6, 5000);
    annA.c.business({ rtype: 6, node: users.ben });
    await removed;
    ben.c.broadPresence(1, undefined, 'anyone?');
    await sync(ben.c);
    await sync(annB.c); // ann's device on B would have had it locally, in the same turn
    expect(annB.heard.filter((p) => p.status === 'anyone?')).toEqual([]);
  });

  it('POST /cache/invalidate on A forgets B\'s entries too', async () => {
    const room = randomNode();
    await makeRoom(A.knex, room, users.founder, [users.sender]);
    const sender = await on(B, 'sender');
    await post(sender.c, room);
    expect(B.app.core.rosters.peekRoom(room)).toBeDefined();
    const res = await admin(A.adminUrl, 'POST', '/api/v1/admin/cache/invalidate', { nodes: [room] });
    expect(res).toMatchObject({ status: 200, body: { ok: true, invalidated: 1 } });
    await until(() => B.app.core.rosters.peekRoom(room) === undefined, 5000, "B's entry to go");
  });
});
