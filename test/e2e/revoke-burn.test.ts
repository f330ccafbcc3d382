// Revoke (only the author) and burn after reading (only the recipient), docs/protocol.md 6.6 / 6.7:
// the stored message is deleted, the other side's devices are told reliably (frame 0xDA, odType 2
// or 3, the original mid) and the requester's devices get tim's ack (timType 92/93, t2 = mid);
// every other attempt gets its exact code and changes nothing.

import { beforeAll, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, isType, recordFrames } from '../helpers/frames.js';
import { befriend, makeRoom, until, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('revoke and burn', (ctx) => {
  const srv = withServer(ctx);
  let alice: string, bob: string, carol: string;
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
  });

  const stored = async (mid: number) => (await srv.knex('tim_message').where({ mid })).length;

  it('lets the author revoke: row deleted, the peer told reliably with the original mid, the author acked', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const la = recordFrames(a);
    const lb = recordFrames(b);
    const sent = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'oops' });
    await lb.wait(isType(90, true));
    await a.revoke(sent.mid!, bob);
    const isRevoke = (f: Buffer) => isType(90, true)(f) && bodyOf(f).odType === 2;
    const ack = bodyOf(await la.wait((f) => f[0] === 0x0c && bodyOf(f).timType === 92));
    expect(ack).toEqual({ ok: true, timType: 92, n: bob, t: 2, t2: sent.mid });
    const rb = bodyOf(await lb.wait(isRevoke));
    expect(rb).toMatchObject({ msType: 2, odType: 2, mid: sent.mid, fromTid: { node: alice }, toTid: { node: bob } });
    expect(la.frames.some(isRevoke)).toBe(false); // the author gets the ack instead of the notice
    expect(await stored(sent.mid!)).toBe(0);
  });

  it('refuses a revoke by the recipient (4105), of a missing mid (4104), without mid (4104)', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const sent = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'mine' });
    await expect(b.revoke(sent.mid!, alice)).rejects.toMatchObject({ code: 4105 });
    await expect(a.revoke(sent.mid! + 1_000_000, bob)).rejects.toMatchObject({ code: 4104 });
    const lb = recordFrames(b);
    b.sendRaw(Buffer.concat([Buffer.from([0xdc]), Buffer.from(JSON.stringify({ msType: 2, odType: 2, toTid: { node: alice } }))]));
    await lb.wait(isErrorAck(92, 4104));
    expect(await stored(sent.mid!)).toBe(1);
  });

  it('lets only the recipient burn (it gets the ack, the author the notice): the sender burning its own gets 4105', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const la = recordFrames(a);
    const sent = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'burn me' });
    await expect(a.burn(sent.mid!, bob)).rejects.toMatchObject({ code: 4105 });
    expect(await stored(sent.mid!)).toBe(1);
    const lb = recordFrames(b);
    await b.burn(sent.mid!, alice);
    const ack = bodyOf(await lb.wait((f) => f[0] === 0x0c && bodyOf(f).timType === 93));
    expect(ack).toEqual({ ok: true, timType: 93, n: alice, t: 2, t2: sent.mid });
    const notice = bodyOf(await la.wait((f) => isType(90, true)(f) && bodyOf(f).odType === 3));
    expect(notice).toMatchObject({ odType: 3, mid: sent.mid, fromTid: { node: bob } });
    expect(lb.frames.some((f) => isType(90, true)(f) && bodyOf(f).odType === 3)).toBe(false);
    expect(await stored(sent.mid!)).toBe(0);
  });

  it('tells an offline peer through the offline store, with the notice only: the revoked content is gone from it', async () => {
    const a = await srv.login('alice');
    const sent = await a.send({ msType: 2, odType: 1, toTid: { node: carol }, dataString: 'x' }).catch((e) => e);
    expect(sent.code).toBe(4105); // not friends: nothing to revoke
    await befriend(srv.knex, alice, carol);
    srv.app.core.authCache.clear();
    const msg = await a.send({ msType: 2, odType: 1, toTid: { node: carol }, dataString: 'gone soon' });
    await a.revoke(msg.mid!, carol);
    await until(async () => (await srv.knex('tim_offline').where({ node: carol })).length === 1, 5000, 'the notice stored offline');
    const rows = await srv.knex('tim_offline').where({ node: carol });
    expect(rows.map((r: { stanza: string }) => r.stanza).join()).not.toContain('gone soon');
    const c = await srv.login('carol');
    const got: any[] = [];
    c.on('message', (m) => got.push(m));
    const end = c.next('offlineEnd');
    c.offline();
    await end;
    expect(got.map((m) => m.odType)).toEqual([2]);
    expect(got[0].mid).toBe(msg.mid); // docs/protocol.md decision 5: the revoke notice keeps its mid
  });

  it('revokes in a room: ack t=3 to the author, notice to every member; burn in a room is 4104', async () => {
    const room = randomNode();
    await makeRoom(srv.knex, room, alice, [bob]);
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const la = recordFrames(a);
    const lb = recordFrames(b);
    const sent = await a.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'room oops' });
    await expect(b.revoke(sent.mid!, undefined, room)).rejects.toMatchObject({ code: 4105 });
    a.revoke(sent.mid!, undefined, room).catch(() => undefined);
    const ack = bodyOf(await la.wait((f) => f[0] === 0x0c && bodyOf(f).timType === 92));
    expect(ack).toEqual({ ok: true, timType: 92, n: room, t: 3, t2: sent.mid });
    const notice = bodyOf(await lb.wait((f) => isType(90, true)(f) && bodyOf(f).odType === 2));
    expect(notice).toMatchObject({ msType: 3, mid: sent.mid, roomTid: { node: room } });
    expect(await stored(sent.mid!)).toBe(0);
    b.sendRaw(Buffer.concat([Buffer.from([0xdd]), Buffer.from(JSON.stringify({ msType: 3, odType: 3, mid: 5, roomTid: { node: room } }))]));
    await lb.wait(isErrorAck(93, 4104));
  });
});
