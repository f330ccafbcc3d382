// Redis killed and restarted under load. A private redis-server (free port, temp dir, no
// persistence: it comes back EMPTY) serves two node processes; the machine's shared Redis is never
// touched. While it is down: nothing crashes, /readyz says `cluster: "down"`, local delivery and
// offline storage keep working, cross-node messages go to the offline store. After the restart the
// nodes reconnect by themselves, re-register their sockets, and cross-node delivery is live again;
// nothing persisted is lost, and a duplicate only ever repeats an id and mid.

import { rm } from 'node:fs/promises';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { createKnex } from '../../src/store/connect.js';
import type { ProvisionedDatabase } from '../helpers/databases.js';
import { befriend, until } from '../helpers/tim-server.js';
import { admin, loginClient, nodeConfig, PrivateRedis, redisUrl, clusterPrereqs, spawnNode, tempDir, uniquePrefix, type NodeProcess } from './cluster-helpers.js';

const provisioned = await clusterPrereqs({ ownRedis: true });
const skip = 'skip' in provisioned ? provisioned.skip : undefined;

/** Copies received per mid (persisted messages only). */
function inbox(c: TimClient): Map<number, TimMessage[]> {
  const byMid = new Map<number, TimMessage[]>();
  c.on('message', (m) => {
    if (m.odType === 1 && typeof m.mid === 'number') byMid.set(m.mid, [...(byMid.get(m.mid) ?? []), m]);
  });
  return byMid;
}

/** Sends from `c` to `to` until stopped, keeping every echo (= persisted message). */
function writer(c: TimClient, to: string, tag: string) {
  const echoes: TimMessage[] = [];
  let stop = false;
  let failure: Error | undefined;
  const done = (async () => {
    for (let i = 0; i < 100_000 && !stop; i++) echoes.push(await c.send({ msType: 2, odType: 1, toTid: { node: to }, dataString: `${tag}${i}` }));
  })().catch((err: Error) => {
    failure = err; // reported by stop(), and seen by the waits on `echoes` as a stall
  });
  return {
    echoes,
    async stop() {
      stop = true;
      await done;
      if (failure) throw new Error(`${tag}: a send failed: ${failure.message}`);
    },
  };
}

describe.skipIf(skip !== undefined)(`cluster: Redis stopped and restarted under load${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const db = provisioned as ProvisionedDatabase;
  const prefix = uniquePrefix();
  const procs: NodeProcess[] = [];
  const clients: TimClient[] = [];
  let dir: string;
  let knex: Knex;
  let redis: PrivateRedis;
  let A: NodeProcess, B: NodeProcess;
  const node: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir();
    redis = await PrivateRedis.start();
    const url = redisUrl(redis.port, prefix);
    // requestRate 0: the writers send as fast as echoes come back, a load generator, not a chat client.
    A = await spawnNode(dir, 'a', nodeConfig(db.database, url, { requestRate: 0 }));
    B = await spawnNode(dir, 'b', nodeConfig(db.database, url, { requestRate: 0 }));
    procs.push(A, B);
    knex = createKnex(db.database);
    for (const n of ['alice', 'bob', 'carol', 'dan']) node[n] = (await createUser(knex, { name: n, pwd: `secret-${n}` })).node;
    await befriend(knex, node.alice, node.bob);
    await befriend(knex, node.alice, node.carol);
    await befriend(knex, node.bob, node.dan);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.allSettled(procs.map((p) => p.stop()));
    await knex?.destroy();
    await redis?.close();
    await db.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const clusterState = async (p: NodeProcess) => (await admin(p.adminUrl, 'GET', '/readyz')).body?.cluster as string;

  it('keeps serving through the outage and resumes cross-node delivery by itself', async () => {
    const a = await loginClient(A.url, 'alice');
    const k = await loginClient(A.url, 'carol'); // same node as alice: local delivery
    const b = await loginClient(B.url, 'bob');
    clients.push(a, k, b);
    const got = { alice: inbox(a), carol: inbox(k), bob: inbox(b) };
    expect(await clusterState(A)).toBe('up');

    const aliceToBob = writer(a, node.bob, 'ab');
    const bobToAlice = writer(b, node.alice, 'ba');
    const aliceToCarol = writer(a, node.carol, 'ac');
    await until(() => aliceToBob.echoes.length >= 10 && bobToAlice.echoes.length >= 10, 20_000, 'some cross-node traffic');

    await redis.kill();
    await until(async () => (await clusterState(A)) === 'down' && (await clusterState(B)) === 'down', 10_000, 'both nodes to report redis down');
    const during = { ab: aliceToBob.echoes.length, ac: aliceToCarol.echoes.length, ba: bobToAlice.echoes.length };
    await until(
      () => aliceToBob.echoes.length >= during.ab + 10 && aliceToCarol.echoes.length >= during.ac + 10 && bobToAlice.echoes.length >= during.ba + 10,
      20_000,
      'messages to keep being persisted during the outage',
    );
    // Local delivery is live meanwhile: carol got alice's messages sent during the outage.
    const localMid = aliceToCarol.echoes[during.ac + 5].mid as number;
    await until(() => got.carol.has(localMid), 10_000, 'local delivery during the outage');
    expect(got.carol.get(localMid)?.[0].isOffline).toBeUndefined();
    // Cross-node messages went to the offline store; logins still work (device limits counted locally).
    await until(async () => (await knex('tim_offline').where({ node: node.bob })).length > 0, 10_000, "bob's messages stored offline");
    const d = await loginClient(A.url, 'dan');
    clients.push(d);
    const danGot = inbox(d);

    await redis.restart();
    await until(async () => (await clusterState(A)) === 'up' && (await clusterState(B)) === 'up', 20_000, 'both nodes to reconnect');
    // Cross-node delivery is live again once B has re-registered bob in the (empty) new Redis.
    await until(
      () => aliceToBob.echoes.slice(-3).some((e) => got.bob.get(e.mid as number)?.some((m) => m.isOffline === undefined)),
      20_000,
      'a live cross-node delivery after the restart',
    );
    await Promise.all([aliceToBob.stop(), bobToAlice.stop(), aliceToCarol.stop()]);
    // dan, who logged in during the outage, was registered when Redis came back: bob reaches him live.
    let live = false;
    for (let i = 0; i < 50 && !live; i++) {
      const e = await b.send({ msType: 2, odType: 1, toTid: { node: node.dan }, dataString: `probe${i}` });
      const stored = async () => (await knex('tim_offline').where({ node: node.dan, mid: e.mid })).length > 0;
      await until(async () => danGot.has(e.mid as number) || (await stored()), 10_000, 'a message to dan, live or stored');
      live = danGot.has(e.mid as number);
    }
    expect(live).toBe(true);

    // Drain what was stored meanwhile, then check that every persisted message arrived.
    for (const c of [a, b, k]) c.offline();
    const expectAll = async (echoes: TimMessage[], box: Map<number, TimMessage[]>, what: string) => {
      await until(() => echoes.every((e) => box.has(e.mid as number)), 30_000, what);
      for (const e of echoes) for (const m of box.get(e.mid as number)!) expect({ id: m.id, dataString: m.dataString }).toEqual({ id: e.id, dataString: e.dataString });
    };
    await expectAll(aliceToBob.echoes, got.bob, "alice's messages to reach bob");
    await expectAll(bobToAlice.echoes, got.alice, "bob's messages to reach alice");
    await expectAll(aliceToCarol.echoes, got.carol, "alice's messages to reach carol");
    for (const [from, to] of [
      ['alice', 'bob'],
      ['bob', 'alice'],
      ['alice', 'carol'],
    ]) {
      const rows = await knex('tim_message').where({ sender: node[from], receiver: node[to] }).count({ n: '*' });
      const echoes = from === 'bob' ? bobToAlice.echoes : to === 'bob' ? aliceToBob.echoes : aliceToCarol.echoes;
      expect(Number(rows[0].n)).toBe(echoes.length);
    }
    expect(A.proc.exitCode).toBeNull();
    expect(B.proc.exitCode).toBeNull();
  });
});
