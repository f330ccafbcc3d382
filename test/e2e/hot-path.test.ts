// The hot path's database cost (issue 3): with a warm permission cache a persisted message costs
// its writes only (the message row and its durable pending row, in one transaction, and the delete
// of the pending row once acknowledged) and a stream message none; a denied sender does not reach
// the database on every frame. Counted with knex's own query events on the real database (on
// SQLite the batched inserts and the acks' deletes bypass knex: counted by the batcher).

import { beforeAll, expect, it } from 'vitest';
import { userAuthKey } from '../../src/core/auth-cache.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, until, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('hot path', (ctx) => {
  const srv = withServer(ctx);
  let statements: string[] = [];
  let alice: string, bob: string, carol: string;
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
    srv.knex.on('query', (q: { sql: string }) => statements.push(q.sql));
  });

  it('costs one insert per persisted message and nothing per stream message once the cache is warm', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    let got = 0;
    b.on('message', () => got++);
    await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'warm-up' });
    await until(() => got === 1, 5000, 'warm-up delivery');
    await until(() => srv.app.core.stats.delivered >= 1, 5000, 'ack');

    await srv.app.core.deliveredAcks.settle();
    statements = [];
    const batched = { ...(srv.app.core.store as SqlStore).saveBatching! };
    await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'counted' });
    await until(() => got === 2, 5000, 'delivery');
    await until(() => srv.app.core.stats.delivered >= 2, 5000, 'ack');
    await srv.app.core.deliveredAcks.settle();
    const writes = statements.map((q) => q.trim().toLowerCase()).filter((q) => !/^(begin|commit|start transaction|savepoint|release)/.test(q));
    const inserts = writes.filter((q) => q.startsWith('insert'));
    const direct = (srv.app.core.store as SqlStore).saveBatching!;
    // message row + pending row, through knex or (SQLite) straight on the connection
    expect(inserts.length + (direct.statements - batched.statements)).toBe(2);
    // the pending row's delete: through knex, or (SQLite) straight on the connection as the inserts
    const directDeletes = direct.directDeletes - batched.directDeletes;
    expect(writes.filter((q) => q.startsWith('delete')).length + directDeletes).toBe(1);
    expect(directDeletes).toBe(ctx.database.client === 'sqlite' ? 1 : 0);
    expect(writes.filter((q) => q.startsWith('select'))).toEqual([]);
    expect(await srv.knex('tim_offline').where({ node: bob })).toEqual([]);

    statements = [];
    for (let i = 0; i < 5; i++) await a.send({ msType: 2, odType: 5, toTid: { node: bob }, dataString: `s${i}` }, { awaitEcho: false });
    await until(() => got === 7, 5000, 'stream deliveries');
    expect(statements).toEqual([]);
  });

  it('asks the database once, not per frame, about a denied sender', async () => {
    const c = await srv.login('carol');
    await expect(c.send({ msType: 2, odType: 1, toTid: { node: alice }, dataString: 'x' })).rejects.toMatchObject({ code: 4105 });
    statements = [];
    for (let i = 0; i < 5; i++) {
      await expect(c.send({ msType: 2, odType: 1, toTid: { node: alice }, dataString: 'x' })).rejects.toMatchObject({ code: 4105 });
    }
    expect(statements).toEqual([]);
    // the cache is directional: carol -> alice is known (denied), alice -> carol was never asked
    expect(srv.app.core.authCache.peek(userAuthKey(carol, alice))).toBe(false);
    expect(srv.app.core.authCache.peek(userAuthKey(alice, carol))).toBeUndefined();
  });
});
