// Virtual rooms (docs/protocol.md 9, decision 10): VROOM register/remove/grant/subscribe/unsubscribe,
// STREAM (94) and BIGBINARYSTREAM (97) pushes fanned out per subscribed socket, as JSON (frame 94)
// or binary (frame 97), push rights, cleanup of closed sockets and idle expiry.

import { expect, it } from 'vitest';
import { vroomsOf } from '../../src/core/vroom/index.js';
import { checkNode, randomNode, userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, party, type Party, sync, until, withServer } from '../helpers/tim-server.js';

const vr = (req: object) => (c: Party['c']) => c.vroom(req);
const bytes = (...b: number[]) => Buffer.from(b);

async function register(founder: Party): Promise<string> {
  await act(founder, vr({ rtype: 1 }));
  const ack = founder.box.acks[0];
  expect(ack).toMatchObject({ ok: true, timType: 22, t: 1 });
  return ack.n as string;
}

async function subscribe(p: Party, vnode: string, binary = false): Promise<void> {
  await act(p, vr(binary ? { rtype: 5, node: vnode, reqInt: 1 } : { rtype: 5, node: vnode }));
  expect(p.box.acks).toEqual([{ ok: true, timType: 22, t: 5, n: vnode }]);
}

/** Pushes from `from` and waits until every listed party has handled what it got. */
async function push(from: Party, vnode: string, body: Buffer, observers: Party[], dtype?: number): Promise<void> {
  await act(from, (c) => c.pushStream(vnode, body, dtype), ...observers);
}

await describeEachDatabase('virtual rooms', (ctx) => {
  const srv = withServer(ctx, { limits: { deviceLimit: 4, deviceTypeLimit: 4 } });

  it('fans a push out per subscribed socket: JSON subscribers get 94, binary ones 97', async () => {
    const a = await party(srv, 'vr-a1');
    const b = await party(srv, 'vr-b1');
    const c = await party(srv, 'vr-c1');
    const b2 = await party(srv, 'vr-b1'); // a second socket of b, not subscribed
    const d = await party(srv, 'vr-d1');
    const vnode = await register(a);
    expect(checkNode(vnode)).toBe(true);
    await subscribe(b, vnode);
    await subscribe(c, vnode, true);

    await push(a, vnode, bytes(1, 2, 3), [b, c, b2, d], 7);
    expect(a.box.acks).toEqual([]); // a push is never acknowledged
    expect(b.box.streams).toHaveLength(1);
    const st = b.box.streams[0];
    expect(st).toEqual({ id: st.id, VNode: vnode, dtype: 7, body: bytes(1, 2, 3), fromNode: a.node });
    expect(st.id).toBeGreaterThan(0);
    expect(c.box.streams).toEqual([]);
    expect(c.box.bigStreams.map((x) => [x.vnode, Buffer.from(x.data)])).toEqual([[vnode, bytes(1, 2, 3)]]);
    expect(b2.box.streams.concat(d.box.streams, a.box.streams)).toEqual([]);
    expect(b2.box.bigStreams.concat(d.box.bigStreams)).toEqual([]);

    // The pusher is not skipped when it subscribes itself; nothing is stored.
    await subscribe(a, vnode);
    await push(a, vnode, bytes(9), [b, c]);
    expect(a.box.streams.map((x) => x.body)).toEqual([bytes(9)]);
    expect(b.box.streams.map((x) => x.body)).toEqual([bytes(9)]);
    expect(await srv.knex('tim_offline').whereIn('node', [a.node, b.node, c.node])).toEqual([]);

    // SUBCANCEL stops the frames of that socket only.
    await act(b, vr({ rtype: 6, node: vnode }));
    expect(b.box.acks).toEqual([{ ok: true, timType: 22, t: 6, n: vnode }]);
    await push(a, vnode, bytes(4), [b, c]);
    expect(b.box.streams).toEqual([]);
    expect(c.box.bigStreams).toHaveLength(1);
  });

  it('only the founder and users it granted may push; others get 4105 with the vnode', async () => {
    const a = await party(srv, 'vr-a2');
    const b = await party(srv, 'vr-b2');
    const s = await party(srv, 'vr-s2');
    const vnode = await register(a);
    await subscribe(s, vnode);

    await push(b, vnode, bytes(1), [s]);
    expect(b.box.acks).toEqual([{ ok: false, timType: 94, error: { code: 4105, info: 'permission denied' }, n: vnode }]);
    expect(s.box.streams).toEqual([]);

    await act(b, vr({ rtype: 3, node: vnode, node2: b.node }));
    expect(b.box.acks.map((x) => [x.ok, x.error?.code])).toEqual([[false, 4105]]); // not the founder
    await act(a, vr({ rtype: 3, node: vnode, node2: b.node }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 22, t: 3, n: b.node, n2: vnode }]);
    await push(b, vnode, bytes(2), [s]);
    expect(b.box.acks).toEqual([]);
    expect(s.box.streams.map((x) => [x.fromNode, x.body])).toEqual([[b.node, bytes(2)]]);

    await act(a, vr({ rtype: 4, node: vnode, node2: b.node }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 22, t: 4, n: b.node, n2: vnode }]);
    await push(b, vnode, bytes(3), [s]);
    expect(b.box.acks.map((x) => [x.timType, x.error?.code])).toEqual([[94, 4105]]);
    expect(s.box.streams).toEqual([]);

    for (const [req, code] of [
      [{ rtype: 3, node: vnode, node2: 'bad node' }, 4104],
      [{ rtype: 3, node: vnode }, 4104],
      [{ rtype: 3, node: vnode, node2: userNode('vr-nobody') }, 4106],
      [{ rtype: 3, node: randomNode(), node2: b.node }, 4105],
      [{ rtype: 5, node: vnode, reqInt: 2 }, 5101],
      [{ rtype: 5, node: 'nope' }, 4104],
      [{ rtype: 2 }, 4104],
      [{ rtype: 7 }, 4104],
    ] as [object, number][]) {
      await act(a, vr(req));
      expect(a.box.acks.map((x) => [x.ok, x.timType, x.error?.code]), JSON.stringify(req)).toEqual([[false, 22, code]]);
    }
    await push(a, 'bad vnode', bytes(1), []);
    expect(a.box.acks.map((x) => [x.timType, x.error?.code])).toEqual([[94, 4104]]);
  });

  it('BIGBINARYSTREAM pushes reach binary and JSON subscribers under the same rights', async () => {
    const a = await party(srv, 'vr-a3');
    const b = await party(srv, 'vr-b3');
    const j = await party(srv, 'vr-j3');
    const vnode = await register(a);
    await subscribe(b, vnode, true);
    await subscribe(j, vnode);
    const payload = Buffer.from([0x83, 0, 255, 0x83, 7]); // separator bytes inside the data are data
    await act(a, (c) => c.bigBinaryStream(vnode, payload), b, j);
    expect(a.box.acks).toEqual([]);
    expect(b.box.bigStreams.map((x) => [x.vnode, Buffer.from(x.data)])).toEqual([[vnode, payload]]);
    expect(j.box.streams.map((x) => [x.VNode, x.fromNode, x.body, x.dtype])).toEqual([[vnode, a.node, payload, undefined]]);

    await act(b, (c) => c.bigBinaryStream(vnode, payload), j);
    expect(b.box.acks).toEqual([{ ok: false, timType: 97, error: { code: 4105, info: 'permission denied' }, n: vnode }]);
    expect(j.box.streams).toEqual([]);
  });

  it('REMOVE is the founder\'s; SUB to an unknown vnode is answered but nobody can push there', async () => {
    const a = await party(srv, 'vr-a4');
    const b = await party(srv, 'vr-b4');
    const vnode = await register(a);
    await subscribe(b, vnode);
    await act(b, vr({ rtype: 2, node: vnode }));
    expect(b.box.acks).toEqual([{ ok: true, timType: 22, t: 2, n: vnode }]); // ignored, answered ok
    await push(a, vnode, bytes(1), [b]);
    expect(b.box.streams).toHaveLength(1);

    await act(a, vr({ rtype: 2, node: vnode }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 22, t: 2, n: vnode }]);
    await push(a, vnode, bytes(2), [b]);
    expect(a.box.acks.map((x) => x.error?.code)).toEqual([4105]);
    expect(b.box.streams).toEqual([]);

    const unknown = randomNode();
    await subscribe(b, unknown);
    await push(a, unknown, bytes(3), [b]);
    expect(a.box.acks.map((x) => x.error?.code)).toEqual([4105]);
  });

  it('drops the subscriptions of a closed socket', async () => {
    const a = await party(srv, 'vr-a5');
    const b = await party(srv, 'vr-b5');
    const vnode = await register(a);
    await subscribe(b, vnode);
    const vrooms = vroomsOf(srv.app.core)!;
    expect(vrooms.get(vnode)?.subscribers.size).toBe(1);
    await b.c.close();
    await until(() => vrooms.get(vnode)?.subscribers.size === 0, 5000, 'subscription removed');
    await push(a, vnode, bytes(1), []);
    expect(a.box.acks).toEqual([]);
  });

  it('expires a vroom after its idle time', async () => {
    const vrooms = vroomsOf(srv.app.core)!;
    const a = await party(srv, 'vr-a6');
    vrooms.setTiming({ idleMs: 200, sweepMs: 20 });
    try {
      const vnode = await register(a);
      await until(() => vrooms.get(vnode) === undefined, 5000, 'vroom expiry');
      await push(a, vnode, bytes(1), []);
      expect(a.box.acks.map((x) => [x.timType, x.error?.code, x.n])).toEqual([[94, 4105, vnode]]);
    } finally {
      vrooms.setTiming({ idleMs: 5 * 60_000, sweepMs: 10_000 });
    }
    await sync(a.c);
  });
});
