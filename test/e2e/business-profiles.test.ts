// Profiles over TIMNODES (docs/protocol.md 8.3): USERINFO, ROOMINFO, MODIFYUSER and MODIFYROOM in
// builtin mode, with silence for empty answers, the founder/manager rules and refused bad input.

import { expect, it } from 'vitest';
import { randomNode, userNode } from '../../src/protocol/node-id.js';
import type { TimNodes, TimUserBean } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, party, type Party, withServer } from '../helpers/tim-server.js';

const nodes = (n: TimNodes) => (c: Party['c']) => c.nodes(n);
const biz = (req: object) => (c: Party['c']) => c.business(req);

async function newRoom(founder: Party, name: string): Promise<string> {
  await act(founder, biz({ rtype: 8, node: name, reqInt: 2 }));
  return founder.box.acks[0].n as string;
}

await describeEachDatabase('business profiles', (ctx) => {
  const srv = withServer(ctx);

  it('USERINFO answers users who set a profile with it, their name and registration time; silence otherwise', async () => {
    const before = BigInt(Date.now() - 1000) * 1_000_000n;
    const a = await party(srv, 'pf-a1');
    const b = await party(srv, 'pf-b1');
    const c = await party(srv, 'pf-c1'); // never sets a profile: left out, as tim does
    await act(b, nodes({ ntype: 6, usermap: { '': { nickName: 'Bee' } } }));
    const ghost = userNode('pf-nobody');
    await act(a, nodes({ ntype: 4, nodelist: [c.node] }));
    expect(a.box.nodes).toEqual([]);
    await act(a, nodes({ ntype: 4, nodelist: [b.node, c.node, ghost, 'junk'] }));
    expect(a.box.nodes).toHaveLength(1);
    const reply = a.box.nodes[0];
    expect(reply.ntype).toBe(4);
    expect(reply.nodelist).toEqual([b.node, c.node, ghost, 'junk']); // the request comes back
    expect(Object.keys(reply.usermap ?? {})).toEqual([b.node]);
    const bean = reply.usermap![b.node];
    expect(bean.name).toBe('pf-b1');
    expect(bean.nickName).toBe('Bee');
    expect(bean.createtime! > before && bean.createtime! <= BigInt(Date.now()) * 1_000_000n).toBe(true);

    await act(a, nodes({ ntype: 4, nodelist: [ghost] }));
    expect(a.box.nodes).toEqual([]);
    expect(a.box.acks).toEqual([]);
    await act(a, nodes({ ntype: 4 }));
    expect(a.box.nodes).toEqual([]);
  });

  it('MODIFYUSER merges the set fields into my profile; a usermap without exactly one bean is 4104', async () => {
    const a = await party(srv, 'pf-a2');
    const b = await party(srv, 'pf-b2');
    const profile = {
      nickName: 'Ann',
      gender: 2,
      cover: 'https://example.org/c.png',
      photoTidAlbum: ['p1', 'p2'],
      extend: { mood: 'sunny' },
      extra: { key: Buffer.from([1, 2, 3]) },
    };
    await act(a, nodes({ ntype: 6, usermap: { '': profile } }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 42, t: 6 }]);
    await act(a, nodes({ ntype: 6, usermap: { ignored: { area: 'Lyon', nickName: 'Annie' } } }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 42, t: 6 }]);

    await act(b, nodes({ ntype: 4, nodelist: [a.node] }));
    const bean = b.box.nodes[0].usermap![a.node];
    expect({ ...bean, createtime: undefined }).toEqual({
      name: 'pf-a2',
      nickName: 'Annie',
      gender: 2,
      cover: 'https://example.org/c.png',
      area: 'Lyon',
      photoTidAlbum: ['p1', 'p2'],
      extend: { mood: 'sunny' },
      extra: { key: Buffer.from([1, 2, 3]) },
      createtime: undefined,
    });

    const wrong: (Record<string, TimUserBean> | undefined)[] = [{}, { x: { nickName: 'X' }, y: { nickName: 'Y' } }, undefined];
    for (const usermap of wrong) {
      await act(a, nodes({ ntype: 6, usermap }));
      expect(a.box.acks.map((x) => [x.ok, x.timType, x.error?.code])).toEqual([[false, 42, 4104]]);
    }
    await act(b, nodes({ ntype: 4, nodelist: [a.node] }));
    expect(b.box.nodes[0].usermap![a.node].nickName).toBe('Annie');
  });

  it('ROOMINFO and MODIFYROOM: founder and managers edit, only the founder names managers', async () => {
    const a = await party(srv, 'pf-a3');
    const b = await party(srv, 'pf-b3');
    const c = await party(srv, 'pf-c3');
    const room = await newRoom(a, 'Garden');
    for (const p of [b, c]) await act(p, biz({ rtype: 9, node: room, reqStr: '' }));

    await act(c, nodes({ ntype: 5, nodelist: [room, randomNode()] }));
    expect(c.box.nodes).toHaveLength(1);
    const info = c.box.nodes[0].roommap![room];
    expect({ ...info, createtime: undefined }).toEqual({ founder: a.node, managers: [], topic: 'Garden', gtype: 2, createtime: undefined });
    expect(typeof info.createtime).toBe('bigint');

    await act(a, nodes({ ntype: 7, roommap: { [room]: { topic: 'Roses', label: 'flowers', kind: 3, extend: { x: '1' }, managers: [b.node] } } }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 42, t: 7 }]);
    await act(b, nodes({ ntype: 7, roommap: { [room]: { cover: 'rose.png', gtype: 1 } } }));
    expect(b.box.acks).toEqual([{ ok: true, timType: 42, t: 7 }]);
    await act(c, nodes({ ntype: 5, nodelist: [room] }));
    expect({ ...c.box.nodes[0].roommap![room], createtime: undefined }).toEqual({
      founder: a.node,
      managers: [b.node],
      cover: 'rose.png',
      topic: 'Roses',
      label: 'flowers',
      gtype: 2, // not changeable
      kind: 3,
      extend: { x: '1' },
      createtime: undefined,
    });

    const refused: [Party, TimNodes, number][] = [
      [b, { ntype: 7, roommap: { [room]: { managers: [c.node] } } }, 4105], // only the founder
      [c, { ntype: 7, roommap: { [room]: { topic: 'mine' } } }, 4105], // a plain member
      [a, { ntype: 7, roommap: { [room]: { managers: [userNode('pf-stranger')] } } }, 4104], // not a member
      [a, { ntype: 7, roommap: {} }, 4104],
      [a, { ntype: 7, roommap: { [room]: {}, [randomNode()]: {} } }, 4104],
      [a, { ntype: 7, roommap: { [randomNode()]: { topic: 't' } } }, 4109],
      [a, { ntype: 7, roommap: { 'no-node': { topic: 't' } } }, 4106],
      [a, { ntype: 6, roommap: { roomNode: { topic: 't' } } } as TimNodes, 4104], // timjs's ModifyRoomInfo
      [a, { ntype: 1 }, 4104],
      [a, { ntype: 99 }, 4104],
    ];
    for (const [p, req, code] of refused) {
      await act(p, nodes(req));
      expect(p.box.acks.map((x) => [x.ok, x.timType, x.error?.code]), JSON.stringify(req)).toEqual([[false, 42, code]]);
    }
    await act(c, nodes({ ntype: 5, nodelist: [room] }));
    const after = c.box.nodes[0].roommap![room];
    expect([after.topic, after.managers]).toEqual(['Roses', [b.node]]);

    // A cancelled room is omitted; nothing left means no answer.
    for (const p of [b, c]) await act(p, biz({ rtype: 16, node: room }));
    await act(a, biz({ rtype: 17, node: room }));
    expect(a.box.acks[0]).toMatchObject({ ok: true, t: 17 });
    await act(c, nodes({ ntype: 5, nodelist: [room] }));
    expect(c.box.nodes).toEqual([]);
    expect(c.box.acks).toEqual([]);
  });
});
