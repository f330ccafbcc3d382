// History (PULLMESSAGE, docs/protocol.md 10) and presence (section 7).

import { beforeAll, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, isType, recordFrames } from '../helpers/frames.js';
import { befriend, makeRoom, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('history and presence', (ctx) => {
  const srv = withServer(ctx, { limits: { pullMax: 4 } });
  let alice: string, bob: string, carol: string;
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
  });

  it('pages a user chat newest first with an inclusive mid cursor, clamped to pullMax', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const mids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const from = i % 2 === 0 ? a : b;
      const to = i % 2 === 0 ? bob : alice;
      mids.push((await from.send({ msType: 2, odType: 1, toTid: { node: to }, dataString: `h${i}` })).mid!);
    }
    const la = recordFrames(a);
    a.pullMessages(1, bob, 0, 3);
    const page1 = bodyOf(await la.wait(isType(21)));
    expect(page1.messageList.map((m: any) => m.mid)).toEqual([mids[5], mids[4], mids[3]]);
    expect(page1.messageList[0]).toMatchObject({ dataString: 'h5', fromTid: { node: bob } });
    a.pullMessages(1, bob, mids[3], 100); // inclusive cursor, limit clamped to 4
    const page2 = bodyOf(await la.wait((f) => isType(21)(f) && bodyOf(f).messageList[0].mid === mids[3]));
    expect(page2.messageList.map((m: any) => m.mid)).toEqual([mids[3], mids[2], mids[1], mids[0]]);
    // bob sees the same conversation from his side
    const lb = recordFrames(b);
    b.pullMessages(1, alice, 0, 1);
    expect(bodyOf(await lb.wait(isType(21))).messageList[0].mid).toBe(mids[5]);
  });

  it('answers an empty history with silence, a bad rtype with 4104, a room pull by a non-member with 4105', async () => {
    const c = await srv.login('carol');
    const lc = recordFrames(c);
    c.pullMessages(1, alice, 0, 10); // no conversation: no reply
    c.pullMessages(3, alice, 0, 10);
    await lc.wait(isErrorAck(21, 4104));
    const room = randomNode();
    await makeRoom(srv.knex, room, alice, [bob]);
    c.pullMessages(2, room, 0, 10);
    await lc.wait(isErrorAck(21, 4105));
    expect(lc.count(isType(21))).toBe(0);
    const a = await srv.login('alice');
    const sent = await a.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'room history' });
    const la = recordFrames(a);
    a.pullMessages(2, room, 0, 10);
    expect(bodyOf(await la.wait(isType(21))).messageList[0]).toMatchObject({ mid: sent.mid, dataString: 'room history' });
  });

  it('delivers PRESENCE plain (0x5B) to one or a list, with the sender Tid and an id; 4106 for unknown targets', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const c = await srv.login('carol');
    const lb = recordFrames(b);
    const lc = recordFrames(c);
    a.presence({ toTid: { node: bob }, subStatus: 2, status: 'busy' });
    const f = await lb.wait(isType(91));
    expect(f[0]).toBe(0x5b);
    const p = bodyOf(f);
    expect(p).toMatchObject({ subStatus: 2, status: 'busy', fromTid: { node: alice }, toTid: { node: bob } });
    expect(Number.isSafeInteger(p.id)).toBe(true);
    expect(p.offline).toBeUndefined();
    a.presence({ toList: [bob, carol], status: 'all' });
    const pc = bodyOf(await lc.wait(isType(91)));
    expect(pc).toMatchObject({ status: 'all', toTid: { node: carol } });
    expect(pc.toList).toBeUndefined();
    const la = recordFrames(a);
    a.presence({ toTid: { node: randomNode() }, status: 'x' });
    await la.wait(isErrorAck(91, 4106));
    a.presence({ status: 'nowhere' });
    await la.wait(isErrorAck(91, 4104));
  });

  it('broadcasts BROADPRESENCE to online friends only, without an id, and offline presence when the last socket closes', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const c = await srv.login('carol'); // not alice's friend
    const lb = recordFrames(b);
    const lc = recordFrames(c);
    a.broadPresence(1, undefined, 'online');
    const p = bodyOf(await lb.wait(isType(91)));
    expect(p).toMatchObject({ subStatus: 1, status: 'online', fromTid: { node: alice }, toTid: { node: bob } });
    expect(p.id).toBeUndefined();
    // every alice socket closes: bob hears she is offline
    for (const s of [...srv.app.core.registry.sessionsOf(alice)]) s.close(1000, 'test');
    const off = bodyOf(await lb.wait((f) => isType(91)(f) && bodyOf(f).offline === true));
    expect(off).toMatchObject({ offline: true, fromTid: { node: alice }, toTid: { node: bob } });
    expect(lc.count(isType(91))).toBe(0);
  });
});
