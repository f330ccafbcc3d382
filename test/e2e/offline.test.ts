// Offline delivery (docs/protocol.md 6.12, decision 5): batches sent reliably, deleted only after the
// client's ACK, looped until empty, then OFFLINEMSGEND; a recipient killed before acknowledging
// gets the message once on its next login.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { befriend, until, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('offline', (ctx) => {
  const srv = withServer(ctx, { limits: { offlineBatch: 4 } });

  const offlineRows = async (node: string) => (await srv.knex('tim_offline').where({ node })).length;

  it('drains in reliable batches (0x91 + ack id) until empty, then the single byte 0x12', async () => {
    const [a, b] = await Promise.all([srv.user('a1'), srv.user('b1')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('a1');
    const mids: number[] = [];
    for (let i = 0; i < 6; i++) mids.push((await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: `m${i}` })).mid!);
    await until(async () => (await offlineRows(b)) === 6, 5000, 'six offline rows');

    const rx = await srv.login('b1');
    const log = recordFrames(rx);
    const got: number[] = [];
    rx.on('message', (m) => got.push(m.mid!));
    rx.offline();
    await log.wait((f) => f.length === 1 && f[0] === 0x12);
    const batches = log.frames.filter(isType(17, true));
    expect(batches.map((f) => f[0])).toEqual([0x91, 0x91]); // 4 + 2
    const first = bodyOf(batches[0]);
    expect(first.messageList).toHaveLength(4);
    expect(first.messageList.every((m: any) => m.isOffline === true && m.fromTid.node === a)).toBe(true);
    expect(Number.isSafeInteger(first.id)).toBe(true);
    expect(got).toEqual(mids);
    expect(await offlineRows(b)).toBe(0);
    // a second request with nothing pending gets END alone
    const before = log.frames.length;
    rx.offline();
    await until(() => log.frames.length > before, 5000, 'END');
    expect(log.frames.at(-1)).toEqual(Buffer.from([0x12]));
  });

  it('replays a burst in send order', async () => {
    const [a, b] = await Promise.all([srv.user('a6'), srv.user('b6')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('a6');
    const echoes = await Promise.all(
      Array.from({ length: 9 }, (_, i) => sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: `burst ${i}` })),
    );
    await until(async () => (await offlineRows(b)) === 9, 5000, 'nine offline rows');
    const rx = await srv.login('b6');
    const got: string[] = [];
    rx.on('message', (m) => got.push(m.dataString!));
    const end = rx.next('offlineEnd');
    rx.offline();
    await end;
    expect(got).toEqual(echoes.map((e) => e.dataString));
  });

  it('deletes nothing that was not acknowledged', async () => {
    const [a, b] = await Promise.all([srv.user('a2'), srv.user('b2')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('a2');
    await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'keep me' });
    await until(async () => (await offlineRows(b)) === 1, 5000, 'offline row');
    const rx = await srv.login('b2', { autoAck: false });
    const log = recordFrames(rx);
    rx.offline();
    await log.wait(isType(17, true));
    // three sends of the batch (first + two resends, 0.5 s apart) and no END
    await until(() => log.count(isType(17, true)) === 3, 5000, 'resends');
    await until(() => srv.app.core.registry.sessionsOf(b).every((s) => !s.draining), 5000, 'drain to stop');
    expect(log.count((f) => f[0] === 0x12)).toBe(0);
    expect(await offlineRows(b)).toBe(1);
  });

  it('stores a message offline when the recipient dies before acknowledging, and delivers it once on next login', async () => {
    const [a, b] = await Promise.all([srv.user('a3'), srv.user('b3')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('a3');
    const victim = await srv.login('b3', { autoAck: false });
    const lv = recordFrames(victim);
    const echo = await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'survives' });
    await lv.wait(isType(90, true));
    await victim.close(); // killed before its ACK
    await until(async () => (await offlineRows(b)) === 1, 5000, 'offline row');

    const back = await srv.login('b3');
    const seen: number[] = [];
    back.on('message', (m) => {
      if (m.dataString === 'survives') seen.push(m.mid!);
    });
    const end = back.next('offlineEnd');
    back.offline();
    await end;
    expect(seen).toEqual([echo.mid]);
    expect(await offlineRows(b)).toBe(0);
  });

  it('stores offline when no device acknowledges within three sends', async () => {
    const [a, b] = await Promise.all([srv.user('a4'), srv.user('b4')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('a4');
    const deaf = await srv.login('b4', { autoAck: false });
    const log = recordFrames(deaf);
    const storedBefore = srv.app.core.stats.offlineStored;
    const echo = await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'deaf' });
    // Durable delivery: the row is there from the echo on, and stays once the three sends time out.
    expect(await offlineRows(b)).toBe(1);
    await until(() => srv.app.core.stats.offlineStored === storedBefore + 1, 5000, 'delivery given up');
    expect(await offlineRows(b)).toBe(1);
    const sends = log.frames.filter(isType(90, true));
    expect(sends).toHaveLength(3);
    // each resend carries a fresh ack id and the same id and mid
    expect(new Set(sends.map((f) => f.readInt32BE(1))).size).toBe(3);
    expect(new Set(sends.map((f) => bodyOf(f).mid))).toEqual(new Set([echo.mid]));
  });

  it('a drain running while messages arrive live delivers each of them once (durable rows are left to their live delivery)', async () => {
    const [a, b] = await Promise.all([srv.user('drain-a'), srv.user('drain-b')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('drain-a');
    const waiting: number[] = [];
    for (let i = 0; i < 5; i++) waiting.push((await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: `w${i}` })).mid!);
    const rx = await srv.login('drain-b');
    const copies = new Map<number, number>();
    rx.on('message', (m) => copies.set(m.mid!, (copies.get(m.mid!) ?? 0) + 1));
    // Messages keep arriving while the drain pages through the queue (batch size 4 here).
    const live = Array.from({ length: 30 }, (_, i) => sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: `l${i}` }));
    const end = rx.next('offlineEnd', undefined, 10_000);
    rx.offline();
    const mids = [...waiting, ...(await Promise.all(live)).map((m) => m.mid!)];
    await end;
    await until(() => mids.every((mid) => copies.has(mid)), 5000, 'every message');
    await srv.app.core.deliveredAcks.settle();
    expect(mids.filter((mid) => copies.get(mid) !== 1)).toEqual([]);
    await until(async () => (await offlineRows(b)) === 0, 5000, 'rows deleted');
  });

  it('does not store the echo offline while the sender is online', async () => {
    const [a, b] = await Promise.all([srv.user('a5'), srv.user('b5')]);
    await befriend(srv.knex, a, b);
    const rx = await srv.login('b5');
    const got = rx.next('message');
    const s = await srv.login('a5');
    const p = s.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'x' }).catch(() => undefined);
    await got;
    await p;
    expect(await offlineRows(a)).toBe(0);
  });
});
