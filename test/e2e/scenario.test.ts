// The scripted scenario, start to end over the wire: three users register over POST /tim2,
// two become friends over ADDROSTER and chat, the third creates a private group, one applies, is
// approved, posts, is kicked and can no longer post; a virtual room carries a binary stream from
// its founder to two subscribers.

import { expect, it } from 'vitest';
import { decodeAck } from '../../src/protocol/json-codec.js';
import { userNode } from '../../src/protocol/node-id.js';
import type { TimAck, TimMessage } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { type Inbox, record, type TestServer, withServer } from '../helpers/tim-server.js';
import type { TimClient } from '../../src/client/tim-client.js';

/** POST /tim2 with the raw REGISTER frame: 0x8E ‖ TimAuth JSON. */
async function registerOverHttp(srv: TestServer, name: string, pwd: string): Promise<TimAck> {
  const body = Buffer.concat([Buffer.from([0x8e]), Buffer.from(JSON.stringify({ name, pwd, domain: null }))]);
  const res = await fetch(`${srv.http}/tim2`, { method: 'POST', body });
  expect(res.status).toBe(200);
  const frame = Buffer.from(await res.arrayBuffer());
  expect(frame[0]).toBe(0x0c);
  return decodeAck(frame.subarray(1));
}

const isNotice = (bnType: number) => (m: TimMessage) => m.odType === 4 && m.bnType === bnType;

await describeEachDatabase('scenario', (ctx) => {
  const srv = withServer(ctx);

  it('register, befriend and chat, run a private group, stream through a virtual room', async () => {
    // 1. Three users register over HTTP.
    const users = ['alice', 'bob', 'carol'];
    for (const name of users) {
      expect(await registerOverHttp(srv, name, `pw-${name}`)).toEqual({ ok: true, timType: 14, n: userNode(name) });
    }
    const clients: Record<string, { c: TimClient; node: string; box: Inbox }> = {};
    for (const name of users) {
      const c = await srv.client();
      const ack = await c.login(name, `pw-${name}`);
      clients[name] = { c, node: ack.n as string, box: record(c) };
    }
    const { alice, bob, carol } = clients;

    // 2. Alice and Bob become friends over ADDROSTER, then chat.
    const request = bob.c.next('message', isNotice(4));
    alice.c.business({ rtype: 4, node: bob.node, reqStr: 'Hi Bob, Alice here' });
    expect((await request).fromTid?.node).toBe(alice.node);
    const friendA = alice.c.next('message', isNotice(5));
    const friendB = bob.c.next('message', isNotice(5));
    bob.c.business({ rtype: 4, node: alice.node, reqStr: 'Hi Alice' });
    expect([(await friendA).fromTid?.node, (await friendB).fromTid?.node]).toEqual([bob.node, bob.node]);

    const toBob = bob.c.next('message', (m) => m.dataString === 'lunch?');
    const echo = await alice.c.send({ toTid: { node: bob.node }, dataString: 'lunch?' });
    expect(echo.mid).toBeGreaterThan(0);
    expect((await toBob).mid).toBe(echo.mid);
    const toAlice = alice.c.next('message', (m) => m.dataString === 'sure');
    await bob.c.send({ toTid: { node: alice.node }, dataString: 'sure' });
    expect((await toAlice).fromTid?.node).toBe(bob.node);

    // 3. Carol creates a private group; Bob applies and is approved.
    const created = carol.c.next('ack', (a) => a.t === 8);
    carol.c.business({ rtype: 8, node: 'Book club', reqInt: 1 });
    const room = (await created).n as string;
    expect((await created).ok).toBe(true);

    const application = carol.c.next('message', isNotice(9));
    bob.c.business({ rtype: 9, node: room, reqStr: 'I read a lot' });
    const app = await application;
    expect([app.fromTid?.node, app.roomTid?.node, app.dataString]).toEqual([bob.node, room, 'I read a lot']);

    const approved = bob.c.next('message', isNotice(10));
    const pulled = carol.c.next('ack', (a) => a.t === 12);
    carol.c.business({ rtype: 12, node: room, node2: bob.node });
    expect(await pulled).toEqual({ ok: true, timType: 41, t: 12, n: room, n2: bob.node });
    expect((await approved).roomTid?.node).toBe(room);

    // 4. Bob posts to the room; Carol gets it.
    const atCarol = carol.c.next('message', (m) => m.dataString === 'hello club');
    const ownCopy = bob.c.next('message', (m) => m.dataString === 'hello club');
    bob.c.send({ roomTid: { node: room }, dataString: 'hello club' }, { awaitEcho: false });
    expect((await atCarol).fromTid?.node).toBe(bob.node);
    expect((await ownCopy).roomTid?.node).toBe(room);

    // 5. Carol kicks Bob, who can no longer post.
    const kicked = bob.c.next('message', isNotice(13));
    const kickAck = carol.c.next('ack', (a) => a.t === 13);
    carol.c.business({ rtype: 13, node: room, node2: bob.node });
    expect(await kickAck).toEqual({ ok: true, timType: 41, t: 13, n: room, n2: bob.node });
    expect((await kicked).fromTid?.node).toBe(carol.node);
    const refused = bob.c.next('ack', (a) => !a.ok && a.timType === 90);
    bob.c.send({ roomTid: { node: room }, dataString: 'let me back' }, { awaitEcho: false });
    expect((await refused).error?.code).toBe(4105);
    const history = await srv.knex('tim_message').where({ room });
    expect(history.map((r: { body: string }) => r.body)).toEqual(['hello club']);

    // 6. A virtual room carries Alice's binary stream to Bob and Carol.
    const registered = alice.c.next('ack', (a) => a.timType === 22 && a.t === 1);
    alice.c.vroom({ rtype: 1 });
    const vnode = (await registered).n as string;
    for (const p of [bob, carol]) {
      const subscribed = p.c.next('ack', (a) => a.timType === 22 && a.t === 5);
      p.c.vroom({ rtype: 5, node: vnode, reqInt: 1 });
      expect((await subscribed).ok).toBe(true);
    }
    const chunks = [Buffer.from('frame-1'), Buffer.from([0x83, 0x00, 0xff])];
    const got = [bob, carol].map((p) => {
      const seen: Buffer[] = [];
      p.c.on('bigBinaryStream', (x) => {
        expect(x.vnode).toBe(vnode);
        seen.push(Buffer.from(x.data));
      });
      return seen;
    });
    for (const chunk of chunks) alice.c.bigBinaryStream(vnode, chunk);
    await expect.poll(() => got.map((s) => s.length), { timeout: 5000 }).toEqual([2, 2]);
    expect(got).toEqual([chunks, chunks]);
    expect(alice.box.acks.filter((a) => !a.ok)).toEqual([]);
  });
});
