// Bad input to the admin API: malformed bodies, wrong types, unknown and malformed nodes, too many
// recipients, oversized bodies. REST answers a 4xx with {ok:false, error:{code, info, message}};
// the legacy paths answer tim's ok:false TimAck in a 200 (413 for size). Nothing is delivered.

import { beforeAll, describe, expect, it } from 'vitest';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, makeRoom, withServer } from '../helpers/tim-server.js';

const SYSTEM = '/api/v1/admin/messages/system';
const MAX_FRAME = 2048;

await describeEachDatabase('admin bad input', (ctx) => {
  let node: string;
  let seen: unknown[];
  const srv = withServer(ctx, { admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], maxRecipients: 3 }, limits: { maxFrameBytes: MAX_FRAME } });
  beforeAll(async () => {
    node = await srv.user('bad-a');
    const c = await srv.login('bad-a');
    seen = [];
    c.on('message', (m) => seen.push(m));
  });

  const send = (json: unknown) => adminCall(srv, 'POST', SYSTEM, { json });
  const expectError = (res: { status: number; body: any }, status: number, code: number, message?: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.info).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(0);
    if (message) expect(res.body.error.message).toMatch(message);
  };

  describe('REST', () => {
    it('malformed JSON is 400 (4113)', async () => {
      expectError(await adminCall(srv, 'POST', SYSTEM, { body: '{"to": [', contentType: 'application/json' }), 400, 4113, /JSON/);
    });

    it('a body of the wrong shape is 400 (4104) naming the field', async () => {
      expectError(await send({ to: [node] }), 400, 4104, /message/);
      expectError(await send({ to: [node], message: 'hello' }), 400, 4104, /message/);
      expectError(await send({ to: [node], message: { id: -5 } }), 400, 4104, /id/);
      expectError(await send({ to: [node], message: { id: 2 ** 60 } }), 400, 4104, /id/);
      expectError(await send({ to: [node], message: { dataBinary: 'not base64!' } }), 400, 4104, /dataBinary/);
      expectError(await send({ to: [node], message: { udtype: 70000 } }), 400, 4104, /udtype/);
      expectError(await send({ message: { dataString: 'to nobody' } }), 400, 4104, /no recipients/);
      expectError(await adminCall(srv, 'PUT', `/api/v1/admin/users/${node}/block`, { json: { seconds: 'long' } }), 400, 4104, /seconds/);
    });

    it('a form body is 415; an empty JSON body 400', async () => {
      expect((await adminCall(srv, 'POST', SYSTEM, { body: 'to=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await adminCall(srv, 'POST', SYSTEM, { body: '', contentType: 'application/json' })).status).toBe(400);
    });

    it('a malformed node is 404 (4106) naming it; unknown nodes only is 404 too', async () => {
      expectError(await send({ to: [node, 'bad node'], message: { dataString: 'x' } }), 404, 4106, /to\[1\] "bad node" is not a valid node/);
      expectError(await send({ to: [userNode('nobody-1'), userNode('nobody-2')], message: { dataString: 'x' } }), 404, 4106, /none of the recipients exists/);
      expectError(await send({ room: userNode('no-room'), message: { dataString: 'x' } }), 404, 4109, /room .* does not exist/);
    });

    it('more recipients than admin.maxRecipients is 400, also after expanding a room', async () => {
      const many = ['m1', 'm2', 'm3', 'm4'].map((n) => userNode(n));
      expectError(await send({ to: many, message: { dataString: 'x' } }), 400, 4104, /3/);
      const [f, a, b] = [await srv.user('big-f'), await srv.user('big-a'), await srv.user('big-b')];
      const room = userNode('big-room');
      await makeRoom(srv.knex, room, f, [a, b]);
      expectError(await send({ to: [node], room, message: { dataString: 'x' } }), 400, 4104, /4 recipients; at most 3 per call \(admin\.maxRecipients\)/);
      expectError(await adminCall(srv, 'POST', '/api/v1/admin/presence/query', { json: { nodes: many } }), 400, 4104);
    });

    it('a body above limits.maxFrameBytes is 413 (4114)', async () => {
      expectError(await send({ to: [node], message: { dataString: 'x'.repeat(MAX_FRAME + 1) } }), 413, 4114);
      // a body under the limit whose message grows beyond it on the wire (fields added per recipient)
      const near = 'y'.repeat(MAX_FRAME - 60);
      expectError(await send({ to: [node], message: { dataString: near } }), 413, 4114, /limits\.maxFrameBytes \(2048 bytes\)/);
    });
  });

  describe('legacy', () => {
    it('answers a TimAck with the tim code in a 200, and 413 for size', async () => {
      const bad = await adminCall(srv, 'POST', '/timMessage', { body: '{"nodes": [', contentType: 'application/json' });
      expect([bad.status, bad.body]).toEqual([200, { ok: false, timType: 0, error: { code: 4113, info: 'format error' } }]);
      const noMessage = await adminCall(srv, 'POST', '/timMessage', { json: { nodes: [node] } });
      expect(noMessage.body).toEqual({ ok: false, timType: 0, error: { code: 4104, info: 'parameter incorrect' } });
      const wrongNodes = await adminCall(srv, 'POST', '/timMessage', { json: { nodes: 'not-a-node{', message: {} } });
      expect(wrongNodes.body).toMatchObject({ ok: false, error: { code: 4106 } });
      const notAList = await adminCall(srv, 'POST', '/timMessage', { json: { nodes: { nodelist: 5 }, message: {} } });
      expect(notAList.body).toMatchObject({ ok: false, error: { code: 4104 } });
      const tooMany = await adminCall(srv, 'POST', '/timMessage', { json: { nodes: { nodelist: ['a1', 'a2', 'a3', 'a4'].map((n) => userNode(n)) }, message: {} } });
      expect(tooMany.body.error.code).toBe(4104);
      const big = await adminCall(srv, 'POST', '/timMessage', { json: { nodes: [node], message: { dataString: 'z'.repeat(MAX_FRAME) } } });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ ok: false, error: { code: 4114 } });
    });
  });

  it('delivered nothing that was refused, live or offline', async () => {
    // a final accepted call proves the client was listening all along
    const probe = await send({ to: [node], message: { dataString: 'probe' } });
    expect(probe.body.results).toEqual([{ node, status: 'delivered' }]);
    expect(seen.map((m: any) => m.dataString)).toEqual(['probe']);
    expect(await srv.knex('tim_offline').where({ node })).toHaveLength(0);
  });
});
