// Durable delivery under SIGKILL (docs/reliability.md): a server process is killed at several points
// of a persisted conversation whose recipient is connected but acknowledges nothing (a half-open
// socket, a phone in a tunnel). After a restart on the same database, every message whose echo the
// sender saw must reach the recipient through the offline drain, exactly as echoed; a duplicate may
// only repeat an id and mid. Runs on SQLite (a file the restarted process reopens) and PostgreSQL.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import type { DbClient } from '../../src/config/types.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { createKnex } from '../../src/store/connect.js';
import { migrateBuiltin } from '../../src/store/migrations/migrate.js';
import { connectClient, loginClient, spawnNode, tempDir, type NodeProcess } from '../cluster/cluster-helpers.js';
import { provisionDatabase, type ProvisionedDatabase } from '../helpers/databases.js';
import { befriend, until } from '../helpers/tim-server.js';

/** A single server node (no cluster) in its own process, killable. */
function singleNode(database: object): Record<string, unknown> {
  return {
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'] },
    database,
    passwordCost: 10, // cheap hashes: see test/helpers/tim-server.ts
    logLevel: 'silent',
    // a long ack timeout: the kill always lands while deliveries are still waiting for acks
    limits: { ackTimeoutSeconds: 30, loginTimeoutSeconds: 5, kickWindowSeconds: 0 },
  };
}

/** Offline rows waiting for `node`, read over a connection of our own (closed again: on SQLite the
 *  server must stay the only writer). */
async function countOffline(database: object, node: string): Promise<number> {
  const k = createKnex(database as never);
  try {
    return (await k('tim_offline').where({ node })).length;
  } finally {
    await k.destroy();
  }
}

/** How many echoes to wait for before the kill, per round; -1: kill while sends are in flight. */
const ROUNDS = [1, 7, 30, -1];

for (const client of ['sqlite', 'postgres'] as DbClient[]) {
  const provisioned = await provisionDatabase(client);
  const skip = 'skip' in provisioned ? provisioned.skip : undefined;

  describe.skipIf(skip !== undefined)(`SIGKILL with unacknowledged deliveries [${client}]${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const db = provisioned as ProvisionedDatabase;
    let dir: string;
    let knex: Knex;
    let node: NodeProcess | undefined;
    const clients: TimClient[] = [];
    let alice: string, bob: string;
    let database: object;

    beforeAll(async () => {
      dir = await tempDir();
      // SQLite: a file of our own that every restarted process reopens.
      database = client === 'sqlite' ? { ...db.database, connection: path.join(dir, 'tim.db') } : db.database;
      knex = createKnex(database as never);
      await migrateBuiltin(knex);
      alice = (await createUser(knex, { name: 'alice', pwd: 'secret-alice' })).node;
      bob = (await createUser(knex, { name: 'bob', pwd: 'secret-bob' })).node;
      await befriend(knex, alice, bob);
      if (client === 'sqlite') {
        // the server process must be the only connection while it runs (one writer)
        await knex.destroy();
      }
    });

    afterAll(async () => {
      for (const c of clients) c.close();
      await node?.stop();
      if (client !== 'sqlite') await knex?.destroy();
      await db.cleanup();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each(ROUNDS)('every echoed message reaches the half-open recipient after a kill (kill after %i echoes)', async (killAfter) => {
      node = await spawnNode(dir, `n${killAfter}`, singleNode(database));
      const a = await loginClient(node.url, 'alice');
      const halfOpen = await loginClient(node.url, 'bob', { autoAck: false });
      clients.push(a, halfOpen);
      const tag = `r${killAfter}-`;
      const echoed: TimMessage[] = [];
      const firstCopy = halfOpen.next('message', (m) => m.dataString === `${tag}0`, 10_000);

      if (killAfter > 0) {
        for (let i = 0; i < killAfter; i++) echoed.push(await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: `${tag}${i}` }));
        await firstCopy; // the recipient's socket got the live copy and never acknowledged it
        node.kill('SIGKILL');
      } else {
        // 200 sends pipelined; the kill lands after the 20th echo, with saves and echoes in flight.
        const sends = Array.from({ length: 200 }, (_, i) =>
          a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: `${tag}${i}` }).then(
            (m) => {
              echoed.push(m);
              if (echoed.length === 20) node!.kill('SIGKILL');
            },
            () => undefined, // never echoed: not confirmed, so not owed
          ),
        );
        await Promise.all(sends);
      }
      expect(await node.exited).toBe('SIGKILL');
      expect(echoed.length).toBeGreaterThanOrEqual(Math.max(killAfter, 1));

      // Restart on the same database; bob logs in again and drains.
      node = await spawnNode(dir, `n${killAfter}-after`, singleNode(database));
      const b = await connectClient(node.url);
      clients.push(b);
      const got = new Map<number, TimMessage[]>();
      b.on('message', (m) => {
        if (typeof m.mid === 'number' && m.dataString?.startsWith(tag)) got.set(m.mid, [...(got.get(m.mid) ?? []), m]);
      });
      await b.login('bob', 'secret-bob');
      const end = b.next('offlineEnd', undefined, 20_000);
      b.offline();
      await end;
      await until(() => echoed.every((m) => got.has(m.mid as number)), 10_000, 'every echoed message to be drained');
      for (const e of echoed) {
        for (const copy of got.get(e.mid as number)!) {
          expect({ id: copy.id, mid: copy.mid, dataString: copy.dataString, from: copy.fromTid?.node }).toEqual({
            id: e.id,
            mid: e.mid,
            dataString: e.dataString,
            from: alice,
          });
        }
      }
      // what was drained is gone from the offline store once acknowledged
      await until(async () => (await countOffline(database, bob)) === 0, 10_000, 'the drained rows to be deleted');
      await node.stop();
      node = undefined;
    });
  });
}
