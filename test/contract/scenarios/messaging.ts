// The scenarios every target must pass, written once against the Target adapter: login, who may
// be addressed, user.auth and room.auth, persisted 1:1 and room messages and their fan-out,
// history pages, the offline drain, revoke, burn, the roster lists and hostile input.

import { describe, expect, it } from 'vitest';
import type { TimMessage } from '../../../src/protocol/wire-types.js';
import { sync, until } from '../../helpers/tim-server.js';
import {
  byMid,
  drain,
  HOSTILE_TEXT,
  inbox,
  list,
  loginCode,
  pull,
  refusedWith,
  signIn,
  type Account,
  type Target,
} from './target.js';

export function messagingScenarios(t: () => Target): void {
  const friends = async (tag: string): Promise<[Account, Account]> => {
    const a = await t().account(`${tag}-a`);
    const b = await t().account(`${tag}-b`);
    await t().befriend(a, b);
    return [a, b];
  };
  const settle = () => t().srv.app.core.delivery.settle();

  describe('login', () => {
    it('logs in with the right password and answers with the node login returns', async () => {
      const a = await t().account('login');
      const c = await t().srv.client();
      const ack = await c.login(a.name, a.pwd);
      expect(ack).toMatchObject({ ok: true, n: a.node });
      expect(c.node).toBe(a.node);
    });

    it('answers a wrong password, an empty one and an unknown name alike: 4105', async () => {
      const a = await t().account('wrong');
      expect(await loginCode(t().srv, a.name, `${a.pwd}!`)).toBe(4105);
      expect(await loginCode(t().srv, a.name, a.pwd.slice(0, -1))).toBe(4105);
      expect(await loginCode(t().srv, a.name, '')).toBe(4105);
      expect(await loginCode(t().srv, `nobody-${a.name}`, a.pwd)).toBe(4105);
    });
  });

  describe('addressing', () => {
    it('user.exist decides who can be addressed: an unknown or malformed node is 4106', async () => {
      const [a, b] = await friends('exist');
      const ca = await signIn(t().srv, a);
      const send = (node: string) => () => void ca.send({ toTid: { node }, dataString: 'x' }, { awaitEcho: false });
      expect(await refusedWith(ca, send(t().unknownNode()))).toBe(4106);
      for (const bad of t().malformed(b)) {
        expect({ bad, code: await refusedWith(ca, send(bad)) }).toEqual({ bad, code: 4106 });
      }
      // and the real node still works
      expect((await ca.send({ toTid: { node: b.node }, dataString: 'fine' })).mid).toBeGreaterThan(0);
    });

    it('room.exist decides which rooms can be addressed: an unknown or malformed room is 4106', async () => {
      const a = await t().account('roomexist');
      const room = await t().room(a, []);
      const ca = await signIn(t().srv, a);
      const send = (node: string) => () => void ca.send({ msType: 3, roomTid: { node }, dataString: 'x' }, { awaitEcho: false });
      expect(await refusedWith(ca, send(t().unknownRoom()))).toBe(4106);
      for (const bad of [`${room}x`, "'; DROP TABLE x; --", 'y'.repeat(65)]) {
        expect({ bad, code: await refusedWith(ca, send(bad)) }).toEqual({ bad, code: 4106 });
      }
    });
  });

  describe('user to user', () => {
    it('user.auth allows friends: the message is stored, echoed with its mid and delivered', async () => {
      const [a, b] = await friends('dm');
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const got = cb.next('message', (m) => m.dataString === 'hello');
      const echo = await ca.send({ toTid: { node: b.node }, dataString: 'hello', udtype: 1, extend: { k: 'v' } });
      expect(echo).toMatchObject({ msType: 2, odType: 1, dataString: 'hello', fromTid: { node: a.node }, toTid: { node: b.node } });
      expect(echo.mid).toBeGreaterThan(0);
      expect(await got).toMatchObject({ mid: echo.mid, id: echo.id, dataString: 'hello', udtype: 1, extend: { k: 'v' }, fromTid: { node: a.node } });
      // persisted: both sides read it back from message.get
      for (const [c, peer] of [
        [ca, b],
        [cb, a],
      ] as const) {
        expect((await pull(c, 1, peer.node, 0, 10)).map((m) => [m.mid, m.dataString, m.fromTid?.node])).toEqual([[echo.mid, 'hello', a.node]]);
      }
    });

    it('user.auth denies a non-friend in either direction (4105), and nothing is stored or delivered', async () => {
      const a = await t().account('deny-a');
      const x = await t().account('deny-x');
      const ca = await signIn(t().srv, a);
      const cx = await signIn(t().srv, x);
      const aGot = inbox(ca);
      const xGot = inbox(cx);
      expect(await refusedWith(ca, () => void ca.send({ toTid: { node: x.node }, dataString: 'no' }, { awaitEcho: false }))).toBe(4105);
      expect(await refusedWith(cx, () => void cx.send({ toTid: { node: a.node }, dataString: 'no' }, { awaitEcho: false }))).toBe(4105);
      await sync(ca);
      await sync(cx);
      expect([...aGot, ...xGot]).toEqual([]);
      expect(await pull(ca, 1, x.node, 0, 10)).toEqual([]);
    });

    it('a private message inside a room needs both users in the room (room.auth), not friendship', async () => {
      const a = await t().account('priv-a');
      const b = await t().account('priv-b');
      const y = await t().account('priv-y');
      const room = await t().room(a, [b]);
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const got = cb.next('message', (m) => m.dataString === 'psst');
      const echo = await ca.send({ msType: 2, toTid: { node: b.node }, roomTid: { node: room }, dataString: 'psst' });
      expect(await got).toMatchObject({ mid: echo.mid, roomTid: { node: room }, fromTid: { node: a.node } });
      const send = () => void ca.send({ msType: 2, toTid: { node: y.node }, roomTid: { node: room }, dataString: 'psst' }, { awaitEcho: false });
      expect(await refusedWith(ca, send)).toBe(4105);
    });
  });

  describe('rooms', () => {
    it('room.auth: members post, every member (the sender included) gets a copy, and a non-member is refused', async () => {
      const a = await t().account('room-a');
      const b = await t().account('room-b');
      const c = await t().account('room-c');
      const x = await t().account('room-x');
      const room = await t().room(a, [b, c]);
      const [ca, cb, cc, cx] = await Promise.all([a, b, c, x].map((u) => signIn(t().srv, u)));
      const forB = cb.next('message', (m) => m.dataString === 'to the room');
      const forC = cc.next('message', (m) => m.dataString === 'to the room');
      const echo = await ca.send({ msType: 3, roomTid: { node: room }, dataString: 'to the room' });
      expect(echo).toMatchObject({ msType: 3, roomTid: { node: room }, fromTid: { node: a.node } });
      expect(echo.mid).toBeGreaterThan(0);
      for (const m of [await forB, await forC]) expect(m).toMatchObject({ mid: echo.mid, roomTid: { node: room }, fromTid: { node: a.node } });

      const xGot = inbox(cx);
      const intrude = () => void cx.send({ msType: 3, roomTid: { node: room }, dataString: 'intruder' }, { awaitEcho: false });
      expect(await refusedWith(cx, intrude)).toBe(4105);
      // history: members read it, others are refused
      expect((await pull(cc, 2, room, 0, 10)).map((m) => [m.mid, m.dataString])).toEqual([[echo.mid, 'to the room']]);
      expect(await refusedWith(cx, () => cx.pullMessages(2, room, 0, 10))).toBe(4105);
      await sync(cb);
      expect(xGot).toEqual([]);
    });
  });

  describe('history', () => {
    it('pages newest first with an inclusive mid cursor and a limit, the same from both sides', async () => {
      const [a, b] = await friends('hist');
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const mids: number[] = [];
      for (let i = 1; i <= 5; i++) mids.push((await ca.send({ toTid: { node: b.node }, dataString: `page ${i}` })).mid!);
      expect([...mids].sort((x, y) => x - y)).toEqual(mids);
      const page = async (c: typeof ca, peer: Account, cursor: number) => (await pull(c, 1, peer.node, cursor, 2)).map((m) => [m.mid, m.dataString]);
      const [m1, m2, m3, m4, m5] = mids;
      expect(await page(ca, b, 0)).toEqual([
        [m5, 'page 5'],
        [m4, 'page 4'],
      ]);
      expect(await page(ca, b, m4 - 1)).toEqual([
        [m3, 'page 3'],
        [m2, 'page 2'],
      ]);
      expect(await page(ca, b, m2 - 1)).toEqual([[m1, 'page 1']]);
      expect(await page(ca, b, m1 - 1)).toEqual([]);
      // the cursor is inclusive, and b sees the same conversation
      expect(await page(cb, a, m3)).toEqual([
        [m3, 'page 3'],
        [m2, 'page 2'],
      ]);
    });
  });

  describe('offline', () => {
    it('keeps messages for an absent user and drains them in acknowledged batches, then deletes them', async () => {
      const [a, b] = await friends('off');
      const ca = await signIn(t().srv, a);
      const sent: TimMessage[] = [];
      // more than one batch (limits.offlineBatch is 10)
      for (let i = 1; i <= 12; i++) sent.push(await ca.send({ toTid: { node: b.node }, dataString: `while away ${i}` }));
      await settle();
      expect(await t().offlineCount(b.node)).toBe(12);
      const cb = await signIn(t().srv, b);
      // Each undelivered copy is stored on its own, concurrently, so rows of messages sent in quick
      // succession may be stored (and drained) out of send order: compared in mid order.
      const got = byMid(await drain(cb));
      expect(got.map((m) => [m.mid, m.dataString, m.isOffline, m.fromTid?.node])).toEqual(
        sent.map((s) => [s.mid, s.dataString, true, a.node]),
      );
      expect(await t().offlineCount(b.node)).toBe(0);
      expect(await drain(cb)).toEqual([]);
    });
  });

  describe('revoke and burn', () => {
    it('revoke: only the author; the message leaves the history, the peer is told, the author acked', async () => {
      const [a, b] = await friends('revoke');
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const oops = await ca.send({ toTid: { node: b.node }, dataString: 'oops' });
      const keep = await ca.send({ toTid: { node: b.node }, dataString: 'keep' });
      const isNotice = (m: TimMessage) => m.odType === 2 && m.mid === oops.mid;
      const toA = ca.next('ack', (x) => x.ok && x.timType === 92);
      const toB = cb.next('message', isNotice);
      await ca.revoke(oops.mid!, b.node, undefined, { awaitEcho: false });
      expect(await toA).toMatchObject({ n: b.node, t: 2, t2: oops.mid }); // tim's author ack, not the notice
      expect(await toB).toMatchObject({ odType: 2, mid: oops.mid, fromTid: { node: a.node } });
      expect((await pull(cb, 1, a.node, 0, 10)).map((m) => m.mid)).toEqual([keep.mid]);
      // the recipient cannot revoke; a revoked mid is gone (4104)
      expect(await refusedWith(cb, () => void cb.revoke(keep.mid!, a.node, undefined, { awaitEcho: false }))).toBe(4105);
      expect(await refusedWith(ca, () => void ca.revoke(oops.mid!, b.node, undefined, { awaitEcho: false }))).toBe(4104);
    });

    it('revoke in a room: ack to the author, notice to every member, gone from the room history', async () => {
      const a = await t().account('rrevoke-a');
      const b = await t().account('rrevoke-b');
      const room = await t().room(a, [b]);
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const m = await ca.send({ msType: 3, roomTid: { node: room }, dataString: 'take back' });
      const other = await cb.send({ msType: 3, roomTid: { node: room }, dataString: 'stays' });
      const ack = ca.next('ack', (x) => x.ok && x.timType === 92);
      const notice = cb.next('message', (x) => x.odType === 2 && x.mid === m.mid);
      await ca.revoke(m.mid!, undefined, room, { awaitEcho: false });
      expect(await ack).toMatchObject({ n: room, t: 3, t2: m.mid });
      expect(await notice).toMatchObject({ msType: 3, roomTid: { node: room }, fromTid: { node: a.node } });
      expect((await pull(cb, 2, room, 0, 10)).map((x) => x.mid)).toEqual([other.mid]);
      expect(await refusedWith(ca, () => void ca.revoke(other.mid!, undefined, room, { awaitEcho: false }))).toBe(4105);
    });

    it('burn: only the recipient; the message leaves the history, the author is told, the burner acked', async () => {
      const [a, b] = await friends('burn');
      const ca = await signIn(t().srv, a);
      const cb = await signIn(t().srv, b);
      const got = cb.next('message', (m) => m.dataString === 'read once');
      const m = await ca.send({ toTid: { node: b.node }, dataString: 'read once' });
      await got;
      expect(await refusedWith(ca, () => void ca.burn(m.mid!, b.node, { awaitEcho: false }))).toBe(4105);
      const isNotice = (x: TimMessage) => x.odType === 3 && x.mid === m.mid;
      const toA = ca.next('message', isNotice);
      const toB = cb.next('ack', (x) => x.ok && x.timType === 93);
      await cb.burn(m.mid!, a.node, { awaitEcho: false });
      expect(await toA).toMatchObject({ odType: 3, mid: m.mid, fromTid: { node: b.node } });
      expect(await toB).toMatchObject({ n: a.node, t: 2, t2: m.mid }); // tim's ack to the one who burned
      expect(await pull(ca, 1, b.node, 0, 10)).toEqual([]);
    });
  });

  describe('roster lists', () => {
    it('ROSTER, USERROOM and ROOMUSERS (BUSINESS rtype 1, 2, 3) come from roster, user.room and room.roster', async () => {
      const [a, b] = await friends('lists');
      const c = await t().account('lists-c');
      await t().befriend(a, c);
      const x = await t().account('lists-x');
      const r1 = await t().room(a, [b]);
      const r2 = await t().room(c, [a]);
      const ca = await signIn(t().srv, a);
      const sorted = (v: string[] | undefined) => [...(v ?? [])].sort();
      const roster = await list(ca, { rtype: 1 });
      expect(roster?.ntype).toBe(1);
      expect(sorted(roster?.nodelist)).toEqual([b.node, c.node].sort());
      const rooms = await list(ca, { rtype: 2 });
      expect(rooms?.ntype).toBe(2);
      expect(sorted(rooms?.nodelist)).toEqual([r1, r2].sort());
      const members = await list(ca, { rtype: 3, node: r1 });
      expect(members).toMatchObject({ ntype: 3, node: r1 });
      expect(sorted(members?.nodelist)).toEqual([a.node, b.node].sort());
      // a non-member may not list the members
      const cx = await signIn(t().srv, x);
      expect(await refusedWith(cx, () => cx.business({ rtype: 3, node: r1 }))).toBe(4104);
      expect(await list(cx, { rtype: 1 })).toBeUndefined();
    });
  });

  describe('hostile input', () => {
    it('names, passwords and message bodies are bound values: stored, delivered and read back unchanged', async () => {
      const name = `o'hara"; DROP TABLE x; -- :name ?$1\\ Ünï😀`;
      const pwd = `'; DROP TABLE x; -- :pwd ? " \\ 😀`;
      const a = await t().account('hostile', { name, pwd });
      const b = await t().account('hostile-peer');
      await t().befriend(a, b);
      expect(await loginCode(t().srv, name, `${pwd} `)).toBe(4105);
      expect(await loginCode(t().srv, `${name}' OR '1'='1`, pwd)).toBe(4105);
      const ca = await signIn(t().srv, a);
      const mids: number[] = [];
      for (const text of HOSTILE_TEXT) {
        const echo = await ca.send({ toTid: { node: b.node }, dataString: text });
        expect(echo.dataString).toBe(text);
        mids.push(echo.mid!);
      }
      await settle();
      // b was away: the bodies went through offlinemsg.save / .get too
      const cb = await signIn(t().srv, b);
      expect(byMid(await drain(cb)).map((m) => [m.mid, m.dataString])).toEqual(HOSTILE_TEXT.map((text, i) => [mids[i], text]));
      expect((await pull(cb, 1, a.node, 0, 50)).map((m) => m.dataString)).toEqual([...HOSTILE_TEXT].reverse());
      // the tables the strings name are still there and still work
      await until(async () => (await t().offlineCount(b.node)) === 0);
      const again = await ca.send({ toTid: { node: b.node }, dataString: 'still here' });
      expect(again.mid).toBeGreaterThan(0);
    });
  });
}
