// Messages (docs/protocol.md 6): user to user, room, private inside a room, stream and custom odTypes,
// with the bytes of docs/protocol.md section 14 (echo 0x5A plain; delivery 0xDA + 4-byte ack id), permissions and
// the refusal codes.

import { beforeAll, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, isType, recordFrames } from '../helpers/frames.js';
import { befriend, makeRoom, startServer, until, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('messages', (ctx) => {
  let alice: string, bob: string, carol: string, dave: string;
  const srv = withServer(ctx);
  beforeAll(async () => {
    [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
    await befriend(srv.knex, alice, carol);
  });

  it('stores, echoes plain to the sender and delivers reliably to the recipient, with tim bytes', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob', { autoAck: false });
    const la = recordFrames(a);
    const lb = recordFrames(b);
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'hello' });

    const e = await la.wait(isType(90, false));
    expect(e[0]).toBe(0x5a);
    const eb = bodyOf(e);
    expect(eb).toMatchObject({ msType: 2, odType: 1, fromTid: { node: alice }, toTid: { node: bob }, dataString: 'hello' });
    expect(eb.mid).toBe(echo.mid);
    expect(Number.isSafeInteger(eb.id)).toBe(true);
    expect(String(eb.timestamp).length).toBeGreaterThanOrEqual(19); // nanoseconds
    const row = await srv.knex('tim_message').where({ mid: echo.mid }).first();
    expect(row).toBeDefined(); // echoed means stored

    const d = await lb.wait(isType(90, true));
    expect(d[0]).toBe(0xda);
    const ackId = d.subarray(1, 5);
    expect(bodyOf(d)).toMatchObject({ id: eb.id, mid: echo.mid, dataString: 'hello', fromTid: { node: alice } });
    b.sendRaw(Buffer.concat([Buffer.from([0x8c]), ackId])); // ACK: 0x8C + the 4 bytes verbatim
    // Acknowledged: neither resent nor stored offline after the ack timeout (0.5 s here).
    await until(() => srv.app.core.stats.delivered >= 1, 5000, 'delivery to count');
    expect(lb.count(isType(90, true))).toBe(1);
    expect(await srv.knex('tim_offline').where({ node: bob }).count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
    const offline = await srv.knex('tim_offline').where({ node: bob });
    expect(offline).toHaveLength(0);
  });

  it('delivers to every device of the recipient and echoes to every device of the sender', async () => {
    const srv2 = await startServer(ctx.database, { limits: { deviceLimit: 3, deviceTypeLimit: 3 } });
    try {
      const [x, y] = await Promise.all([srv2.user('x'), srv2.user('y')]);
      await befriend(srv2.knex, x, y);
      const x1 = await srv2.login('x');
      const x2 = await srv2.login('x');
      const y1 = await srv2.login('y');
      const y2 = await srv2.login('y');
      const waits = [x2.next('message'), y1.next('message'), y2.next('message')];
      const echo = await x1.send({ msType: 2, odType: 1, toTid: { node: y }, dataString: 'all devices' });
      for (const m of await Promise.all(waits)) expect(m.mid).toBe(echo.mid);
    } finally {
      await srv2.close();
    }
  });

  it('refuses non-friends (4105), yourself (4105), unknown users and bad nodes (4106), msType 1 and reserved odTypes (4104)', async () => {
    const a = await srv.login('alice');
    await expect(a.send({ msType: 2, odType: 1, toTid: { node: dave }, dataString: 'x' })).rejects.toMatchObject({ code: 4105 });
    await expect(a.send({ msType: 2, odType: 1, toTid: { node: alice }, dataString: 'x' })).rejects.toMatchObject({ code: 4105 });
    await expect(a.send({ msType: 2, odType: 1, toTid: { node: randomNode() }, dataString: 'x' })).rejects.toMatchObject({ code: 4106 });
    await expect(a.send({ msType: 2, odType: 1, toTid: { node: 'not-a-node' }, dataString: 'x' })).rejects.toMatchObject({ code: 4106 });
    await expect(a.send({ msType: 1, odType: 1, toTid: { node: bob }, dataString: 'x' })).rejects.toMatchObject({ code: 4104 });
    await expect(a.send({ msType: 2, odType: 9, toTid: { node: bob }, dataString: 'x' })).rejects.toMatchObject({ code: 4104 });
    await expect(a.send({ msType: 2, odType: 1, dataString: 'x' })).rejects.toMatchObject({ code: 4106 });
    const n = await srv.knex('tim_message').where({ sender: alice, receiver: dave }).count({ n: '*' });
    expect(Number(n[0].n)).toBe(0);
  });

  it('ignores a client-supplied ToList and fromTid', async () => {
    const a = await srv.login('alice');
    const c = await srv.login('carol');
    const b = await srv.login('bob');
    const lc = recordFrames(c);
    const got = b.next('message');
    const echo = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, ToList: [carol], fromTid: { node: carol }, dataString: 'only bob' } as never);
    const m = await got;
    expect(m.mid).toBe(echo.mid);
    expect(m.fromTid?.node).toBe(alice);
    expect(lc.count(isType(90))).toBe(0);
  });

  it('relays stream messages (odType 5) only to online devices, never stored, no echo', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const la = recordFrames(a);
    const lb = recordFrames(b);
    const before = await srv.knex('tim_message').count({ n: '*' });
    await a.send({ msType: 2, odType: 5, toTid: { node: bob }, dataString: 'live' }, { awaitEcho: false });
    const f = await lb.wait(isType(90));
    expect(f[0]).toBe(0x5a); // plain, no ack flag
    expect(bodyOf(f)).toMatchObject({ odType: 5, dataString: 'live', fromTid: { node: alice } });
    // frank is offline: nothing is kept for him
    const frank = await srv.user('frank');
    await befriend(srv.knex, alice, frank);
    await a.send({ msType: 2, odType: 5, toTid: { node: frank }, dataString: 'lost' }, { awaitEcho: false });
    a.ping();
    await la.wait((x) => x[0] === 0x0d); // the stream frames before the ping were handled
    expect(la.count(isType(90))).toBe(0);
    const after = await srv.knex('tim_message').count({ n: '*' });
    expect(Number(after[0].n)).toBe(Number(before[0].n));
    expect(await srv.knex('tim_offline').where({ node: frank })).toHaveLength(0);
  });

  it('forwards custom odTypes (> 30) reliably without storing them as history, offline when needed', async () => {
    const a = await srv.login('alice');
    const lb = recordFrames(await srv.login('bob'));
    await a.send({ msType: 2, odType: 42, toTid: { node: bob }, dataString: 'custom' }, { awaitEcho: false });
    const f = await lb.wait(isType(90, true));
    expect(bodyOf(f)).toMatchObject({ odType: 42, dataString: 'custom' });
    const erin = await srv.user('erin'); // never logged in
    await befriend(srv.knex, alice, erin);
    await a.send({ msType: 2, odType: 42, toTid: { node: erin }, dataString: 'later' }, { awaitEcho: false });
    await until(async () => (await srv.knex('tim_offline').where({ node: erin })).length === 1, 5000, 'offline row');
    expect(await srv.knex('tim_message').where({ od_type: 42 })).toHaveLength(0);
  });

  it('fans a room message out reliably to every member including the sender, and refuses non-members', async () => {
    const room = randomNode();
    await makeRoom(srv.knex, room, alice, [bob, carol]);
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const c = await srv.login('carol');
    const d = await srv.login('dave');
    const waits = [a, b, c].map((x) => x.next('message', (m) => m.dataString === 'to the room'));
    const own = await a.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'to the room' });
    const got = await Promise.all(waits);
    for (const m of got) {
      expect(m.mid).toBe(own.mid);
      expect(m.roomTid?.node).toBe(room);
      expect(m.toTid).toBeUndefined();
    }
    expect(await srv.knex('tim_message').where({ mid: own.mid, room })).toHaveLength(1);
    await expect(d.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'x' })).rejects.toMatchObject({ code: 4105 });
    await expect(d.send({ msType: 3, odType: 1, dataString: 'x' })).rejects.toMatchObject({ code: 4106 });
    await expect(a.send({ msType: 3, odType: 42, roomTid: { node: room }, dataString: 'x' })).rejects.toMatchObject({ code: 4104 });
  });

  it('sends a private message inside a room between members who are not friends', async () => {
    const room = randomNode();
    await makeRoom(srv.knex, room, bob, [carol, dave]);
    const c = await srv.login('carol');
    const d = await srv.login('dave');
    const got = d.next('message', (m) => m.dataString === 'psst');
    const echo = await c.send({ msType: 2, odType: 1, roomTid: { node: room }, toTid: { node: dave }, dataString: 'psst' });
    const m = await got;
    expect(m.roomTid?.node).toBe(room);
    expect(m.mid).toBe(echo.mid);
    const a = await srv.login('alice'); // alice is not in that room
    const ld = recordFrames(a);
    a.send({ msType: 2, odType: 1, roomTid: { node: room }, toTid: { node: dave }, dataString: 'no' }).catch(() => undefined);
    await ld.wait(isErrorAck(90, 4105));
  });
});
