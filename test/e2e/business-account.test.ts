// Builtin accounts: REGISTER and TOKEN over POST /tim2 (docs/protocol.md 5.3) and the password change
// MODIFYAUTH (BUSINESS rtype 21, one detailed error ack).

import { expect, it } from 'vitest';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { userNode } from '../../src/protocol/node-id.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, party, tim2, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('business accounts', (ctx) => {
  const srv = withServer(ctx);

  it('REGISTER over /tim2 creates the account under its tim node, once', async () => {
    const ack = await tim2(srv.http, TimType.REGISTER, { name: 'ac-new', pwd: 'pw-1' });
    expect(ack).toEqual({ ok: true, timType: 14, n: userNode('ac-new') });
    const c = await srv.client();
    expect((await c.login('ac-new', 'pw-1')).n).toBe(userNode('ac-new'));

    expect(await tim2(srv.http, TimType.REGISTER, { name: 'ac-new', pwd: 'other' })).toEqual({
      ok: false,
      timType: 14,
      error: { code: 4101, info: 'has exist' },
    });
    expect((await tim2(srv.http, TimType.REGISTER, { name: 'ac-nopwd' })).error?.code).toBe(4104);
    const rows = await srv.knex('tim_user').where({ name: 'ac-nopwd' });
    expect(rows).toEqual([]);

    const res = await fetch(`${srv.http}/tim2`, { method: 'POST', body: new Uint8Array(encodeClientFrame(TimType.REGISTER, '{"name":')) });
    expect(Buffer.from(await res.arrayBuffer()).subarray(1).toString()).toContain('"code":4104');
    const other = await fetch(`${srv.http}/tim2`, { method: 'POST', body: new Uint8Array(encodeClientFrame(TimType.PING)) });
    expect([other.status, (await other.arrayBuffer()).byteLength]).toEqual([200, 0]);
  });

  it('TOKEN over /tim2 issues a one-time login token; bad credentials get 4102', async () => {
    await tim2(srv.http, TimType.REGISTER, { name: 'ac-tok', pwd: 'pw-t' });
    const ack = await tim2(srv.http, TimType.TOKEN, { name: 'ac-tok', pwd: 'pw-t' });
    expect(ack).toMatchObject({ ok: true, timType: 15 });
    const c1 = await srv.client();
    expect((await c1.loginByToken(ack.n as string)).n).toBe(userNode('ac-tok'));
    const c2 = await srv.client();
    await expect(c2.loginByToken(ack.n as string)).rejects.toMatchObject({ code: 4115 });
    expect((await tim2(srv.http, TimType.TOKEN, { name: 'ac-tok', pwd: 'wrong' })).error?.code).toBe(4102);
  });

  it('MODIFYAUTH changes the password; missing fields and a wrong old password get one 4112 ack', async () => {
    const a = await party(srv, 'ac-pw');
    for (const req of [{ rtype: 21, reqStr: 'secret-ac-pw' }, { rtype: 21, reqStr2: 'new' }, { rtype: 21, reqStr: 'wrong', reqStr2: 'new' }]) {
      await act(a, (c) => c.business(req));
      expect(a.box.acks, JSON.stringify(req)).toEqual([{ ok: false, timType: 41, error: { code: 4112, info: 'modify password failed' }, t: 21 }]);
    }
    const store = srv.app.core.store;
    expect(await store.login('ac-pw', 'secret-ac-pw', null)).toMatchObject({ ok: true });

    await act(a, (c) => c.business({ rtype: 21, reqStr: 'secret-ac-pw', reqStr2: 'brand-new' }));
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 21 }]);
    expect(await store.login('ac-pw', 'secret-ac-pw', null)).toMatchObject({ ok: false });
    const fresh = await srv.client();
    expect((await fresh.login('ac-pw', 'brand-new')).n).toBe(a.node);
  });
});
