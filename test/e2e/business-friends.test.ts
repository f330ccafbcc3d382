// Friends in builtin mode (docs/protocol.md 8.2, decision 6): ADDROSTER, REMOVEROSTER, BLOCKROSTER and
// BLOCKROSTERLIST with real clients, the reply and every notification each party receives, online
// and offline, and bad input that answers its code and changes nothing.

import { expect, it } from 'vitest';
import { userNode } from '../../src/protocol/node-id.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, backOnline, befriend, logout, party, type Party, type TestServer, until, withServer } from '../helpers/tim-server.js';

const biz = (req: object) => (c: Party['c']) => c.business(req);

/** The relation rows between two users, as `owner>peer:wants/blocks`, sorted. */
async function relations(srv: TestServer, a: string, b: string): Promise<string[]> {
  const rows: { owner: string; peer: string; wants: number; blocks: number }[] = await srv
    .knex('tim_relation')
    .whereIn('owner', [a, b])
    .whereIn('peer', [a, b]);
  return rows.map((r) => `${r.owner === a ? 'a' : 'b'}>${r.peer === a ? 'a' : 'b'}:${Number(r.wants)}/${Number(r.blocks)}`).sort();
}

function notice(m: TimMessage | undefined) {
  return { msType: m?.msType, odType: m?.odType, bnType: m?.bnType, from: m?.fromTid?.node, to: m?.toTid?.node, data: m?.dataString };
}

async function denied(p: Party, to: string): Promise<number | undefined> {
  return p.c.send({ toTid: { node: to }, dataString: 'x' }).then(
    () => undefined,
    (e: { code: number }) => e.code,
  );
}

await describeEachDatabase('business friends', (ctx) => {
  const srv = withServer(ctx);

  it('a request, then the acceptance: bnType 4 to the target, bnType 5 to both, then they chat', async () => {
    const a = await party(srv, 'fr-a1');
    const b = await party(srv, 'fr-b1');

    await act(a, biz({ rtype: 4, node: b.node, reqStr: 'hello, it is a' }), b);
    expect(a.box.acks).toEqual([]); // success is silent
    expect(a.box.messages).toEqual([]);
    expect(b.box.messages.map(notice)).toEqual([
      { msType: 2, odType: 4, bnType: 4, from: a.node, to: b.node, data: 'hello, it is a' },
    ]);
    expect(b.box.messages[0].id).toBeGreaterThan(0);
    expect(typeof b.box.messages[0].timestamp).toBe('bigint');
    expect(await relations(srv, a.node, b.node)).toEqual(['a>b:1/0']);
    // Not friends yet: no messaging, nobody in either roster.
    expect(await denied(a, b.node)).toBe(4105);
    await act(a, biz({ rtype: 1 }));
    expect(a.box.nodes).toEqual([]);

    await act(b, biz({ rtype: 4, node: a.node, reqStr: 'welcome' }), a);
    const five = { msType: 2, odType: 4, bnType: 5, from: b.node, to: a.node, data: 'welcome' };
    expect(a.box.messages.map(notice)).toEqual([five]);
    expect(b.box.messages.map(notice)).toEqual([five]);
    expect(b.box.acks).toEqual([]);
    expect(await relations(srv, a.node, b.node)).toEqual(['a>b:1/0', 'b>a:1/0']);

    const got = b.c.next('message', (m) => m.dataString === 'now we talk');
    await a.c.send({ toTid: { node: b.node }, dataString: 'now we talk' });
    expect((await got).fromTid?.node).toBe(a.node);
    await act(a, biz({ rtype: 1 }));
    expect(a.box.nodes).toEqual([{ ntype: 1, nodelist: [b.node] }]);
  });

  it('asking an existing friend again answers 4117 and re-sends FRIEND to the target', async () => {
    const a = await party(srv, 'fr-a2');
    const b = await party(srv, 'fr-b2');
    await befriend(srv.knex, a.node, b.node);
    await act(a, biz({ rtype: 4, node: b.node, reqStr: 'again' }), b);
    expect(a.box.acks).toEqual([{ ok: false, timType: 41, error: { code: 4117, info: 'error repetitive operation' } }]);
    expect(a.box.messages).toEqual([]);
    expect(b.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 5, from: a.node, to: b.node, data: 'again' }]);
    expect(await relations(srv, a.node, b.node)).toEqual(['a>b:1/0', 'b>a:1/0']);
  });

  it('the request and the acceptance wait offline until each party logs in', async () => {
    const a = await party(srv, 'fr-a3');
    const bNode = await srv.user('fr-b3');
    await act(a, biz({ rtype: 4, node: bNode, reqStr: 'are you there?' }));
    expect(a.box.acks).toEqual([]);
    await logout(srv, a);

    const b = await backOnline(srv, 'fr-b3');
    expect(b.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 4, from: a.node, to: bNode, data: 'are you there?' }]);
    expect(b.box.messages[0].isOffline).toBe(true);

    await act(b, biz({ rtype: 4, node: a.node, reqStr: 'yes' }));
    expect(b.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 5, from: bNode, to: a.node, data: 'yes' }]);
    const a2 = await backOnline(srv, 'fr-a3');
    expect(a2.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 5, from: bNode, to: a.node, data: 'yes' }]);
    expect(a2.box.messages[0].isOffline).toBe(true);
    const got = a2.c.next('message', (m) => m.dataString === 'hi');
    await b.c.send({ toTid: { node: a.node }, dataString: 'hi' });
    await got;
  });

  it('two requests crossing each other end in friendship, both told with bnType 5', async () => {
    const a = await party(srv, 'fr-a8');
    const b = await party(srv, 'fr-b8');
    for (const p of [a, b]) p.box.clear();
    a.c.business({ rtype: 4, node: b.node, reqStr: 'from a' });
    b.c.business({ rtype: 4, node: a.node, reqStr: 'from b' });
    await until(() => [a, b].every((p) => p.box.messages.some((m) => m.bnType === 5)), 5000, 'FRIEND at both');
    expect(await relations(srv, a.node, b.node)).toEqual(['a>b:1/0', 'b>a:1/0']);
    const got = b.c.next('message', (m) => m.dataString === 'crossed');
    await a.c.send({ toTid: { node: b.node }, dataString: 'crossed' });
    await got;
  });

  it('refuses bad ADDROSTER requests with their codes, changing nothing', async () => {
    const a = await party(srv, 'fr-a4');
    const b = await party(srv, 'fr-b4');
    const ghost = userNode('fr-nobody');
    const cases: [object, number][] = [
      [{ rtype: 4, node: b.node }, 4104], // reqStr is required
      [{ rtype: 4, reqStr: '' }, 4104], // node is required
      [{ rtype: 4, node: 'not-a-node', reqStr: '' }, 4106],
      [{ rtype: 4, node: a.node, reqStr: '' }, 4105], // oneself
      [{ rtype: 4, node: ghost, reqStr: '' }, 4106], // no such user
      [{ rtype: 5, node: b.node }, 4104], // FRIEND is a notification, not a request
      [{ rtype: 99 }, 4104],
    ];
    for (const [req, code] of cases) {
      await act(a, biz(req), b);
      expect(a.box.acks.map((x) => [x.ok, x.timType, x.error?.code]), JSON.stringify(req)).toEqual([[false, 41, code]]);
      expect(b.box.messages).toEqual([]);
    }
    expect(await relations(srv, a.node, b.node)).toEqual([]);
    const rows = await srv.knex('tim_relation').where({ owner: a.node });
    expect(rows).toEqual([]);
  });

  it('REMOVEROSTER ends the friendship for both, tells the other, and is refused without a relation', async () => {
    const a = await party(srv, 'fr-a5');
    const b = await party(srv, 'fr-b5');
    await befriend(srv.knex, a.node, b.node);
    const arrived = b.c.next('message', (m) => m.dataString === 'cached permission');
    await a.c.send({ toTid: { node: b.node }, dataString: 'cached permission' });
    await arrived;

    await act(a, biz({ rtype: 6, node: b.node }), b);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 6, n: b.node }]);
    expect(b.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 6, from: a.node, to: b.node, data: undefined }]);
    expect(await relations(srv, a.node, b.node)).toEqual([]);
    // The permission cache was forgotten: messaging is refused at once, both ways.
    expect(await denied(a, b.node)).toBe(4105);
    expect(await denied(b, a.node)).toBe(4105);
    await act(b, biz({ rtype: 1 }));
    expect(b.box.nodes).toEqual([]);

    await act(a, biz({ rtype: 6, node: b.node }), b);
    expect(a.box.acks.map((x) => x.error?.code)).toEqual([4104]);
    expect(b.box.messages).toEqual([]);
    await act(a, biz({ rtype: 6 }));
    expect(a.box.acks.map((x) => x.error?.code)).toEqual([4104]);

    // A new request needs the other side's consent again.
    await act(a, biz({ rtype: 4, node: b.node, reqStr: 'sorry' }), b);
    expect(b.box.messages.map((m) => m.bnType)).toEqual([4]);
  });

  it('BLOCKROSTER: bnType 7 only to a stranger, friendship ends, requests from the blocked user get 4110', async () => {
    const a = await party(srv, 'fr-a6');
    const b = await party(srv, 'fr-b6');
    const c = await party(srv, 'fr-c6');
    await befriend(srv.knex, a.node, b.node);

    // A stranger is told (tim sends bnType 7 only when no relation existed).
    await act(a, biz({ rtype: 7, node: c.node }), c);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 7, n: c.node }]);
    expect(c.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 7, from: a.node, to: c.node, data: undefined }]);
    await act(c, biz({ rtype: 4, node: a.node, reqStr: 'let me in' }), a);
    expect(c.box.acks.map((x) => x.error?.code)).toEqual([4110]);
    expect(a.box.messages).toEqual([]);

    // A friend is not told; the friendship ends both ways.
    const arrived = a.c.next('message', (m) => m.dataString === 'cached');
    await b.c.send({ toTid: { node: a.node }, dataString: 'cached' });
    await arrived;
    await act(a, biz({ rtype: 7, node: b.node }), b);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 7, n: b.node }]);
    expect(b.box.messages).toEqual([]);
    expect(await relations(srv, a.node, b.node)).toEqual(['a>b:0/1']); // b's request is withdrawn too
    expect(await denied(b, a.node)).toBe(4105);
    await act(b, biz({ rtype: 1 }));
    expect(b.box.nodes).toEqual([]);

    await act(a, biz({ rtype: 18 }));
    expect(a.box.nodes).toEqual([{ ntype: 8, nodelist: [b.node, c.node].sort() }]);
    await act(b, biz({ rtype: 18 }));
    expect(b.box.nodes).toEqual([]); // empty lists are silence

    // REMOVEROSTER lifts my block; the stranger may ask again.
    await act(a, biz({ rtype: 6, node: c.node }), c);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 6, n: c.node }]);
    await act(c, biz({ rtype: 4, node: a.node, reqStr: 'now?' }), a);
    expect(c.box.acks).toEqual([]);
    expect(a.box.messages.map(notice)).toEqual([{ msType: 2, odType: 4, bnType: 4, from: c.node, to: a.node, data: 'now?' }]);
  });

  it('refuses bad BLOCKROSTER requests, and REMOVEROSTER does not tell a user who blocked me', async () => {
    const a = await party(srv, 'fr-a7');
    const b = await party(srv, 'fr-b7');
    for (const [req, code] of [
      [{ rtype: 7 }, 4104],
      [{ rtype: 7, node: 'bad' }, 4106],
      [{ rtype: 7, node: a.node }, 4105],
      [{ rtype: 7, node: userNode('fr-nobody7') }, 4106],
    ] as [object, number][]) {
      await act(a, biz(req), b);
      expect(a.box.acks.map((x) => x.error?.code), JSON.stringify(req)).toEqual([code]);
      expect(b.box.messages).toEqual([]);
    }
    expect(await relations(srv, a.node, b.node)).toEqual([]);

    await act(a, biz({ rtype: 4, node: b.node, reqStr: '' }), b);
    expect(b.box.messages.map((m) => m.bnType)).toEqual([4]);
    await act(b, biz({ rtype: 7, node: a.node }), a);
    expect(a.box.messages).toEqual([]); // a relation existed: no bnType 7
    await act(a, biz({ rtype: 6, node: b.node }), b);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 6, n: b.node }]);
    expect(b.box.messages).toEqual([]); // b blocks a: not told
    expect(await relations(srv, a.node, b.node)).toEqual(['b>a:0/1']);
  });
});
