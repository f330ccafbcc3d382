// The shortest path through the server on every database: two users log in, one messages the
// other, the echo and the reliable delivery arrive, and the row is in the database.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('smoke', (ctx) => {
  const srv = withServer(ctx);

  it('logs in, sends, echoes, delivers and stores', async () => {
    const alice = await srv.user('alice');
    const bob = await srv.user('bob');
    await befriend(srv.knex, alice, bob);
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    expect(a.node).toBe(alice);
    const got = b.next('message');
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'hello' });
    expect(echo.mid).toBeGreaterThan(0);
    const m = await got;
    expect(m.dataString).toBe('hello');
    expect(m.mid).toBe(echo.mid);
    const rows = await srv.knex('tim_message').where({ mid: echo.mid });
    expect(rows).toHaveLength(1);
  });
});
