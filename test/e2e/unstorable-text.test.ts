// Text no database stores exactly (a NUL, a lone UTF-16 surrogate) gets the same answer on every
// database: 4104 over the wire, 400 with a message on the admin API, and no row written
// (src/store/storable-text.ts). Before, SQLite and MariaDB stored a NUL verbatim, PostgreSQL
// answered 5103, registrations answered 5101, and lone surrogates were stored as U+FFFD.
// Text inside JSON columns (extend, profiles, room topics) is escaped by JSON and round-trips exactly.

import { beforeAll, expect, it } from 'vitest';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { adminCall, befriend, makeRoom, tim2, withServer } from '../helpers/tim-server.js';

const API = '/api/v1/admin';
const PARAMS = 4104;
/** One of each kind, in the middle of ordinary text. */
const BAD = ['nul \u0000 here', 'lone \ud800 high', 'lone \udfff low', 'reversed \ude00\ud83d pair'];

await describeEachDatabase('unstorable text', (ctx) => {
  let alice: string, bob: string;
  const room = randomNode();
  const count = async (table: string) => Number((await srv.knex(table).count({ n: '*' }))[0].n);
  // tim_offline is not counted: durable delivery writes a row with each message and deletes it
  // once the live copy is acknowledged; a refused message has none (it was never stored or sent).
  const counts = async () => ({ messages: await count('tim_message'), users: await count('tim_user') });

  const srv = withServer(ctx);
  beforeAll(async () => {
    [alice, bob] = await Promise.all([srv.user('u-alice'), srv.user('u-bob')]);
    await befriend(srv.knex, alice, bob);
    await makeRoom(srv.knex, room, alice, [bob]);
  });

  it('refuses message bodies with 4104, alone and amid good messages, storing nothing for them', async () => {
    const a = await srv.login('u-alice');
    const b = await srv.login('u-bob');
    const got: string[] = [];
    b.on('message', (m) => got.push(m.dataString!));
    const before = await counts();
    for (const body of BAD) {
      await expect(a.send({ toTid: { node: bob }, dataString: body })).rejects.toMatchObject({ code: PARAMS });
      await expect(a.send({ roomTid: { node: room }, dataString: body })).rejects.toMatchObject({ code: PARAMS });
    }
    // pipelined with good ones: they share multi-row inserts; only the bad one is refused
    const sends = Array.from({ length: 9 }, (_, i) => a.send({ toTid: { node: bob }, dataString: i === 4 ? BAD[0] : `good ${i}` }));
    const results = await Promise.allSettled(sends);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ code: PARAMS });
    const after = await counts();
    expect(after).toEqual({ ...before, messages: before.messages + 8 });
    await expect.poll(() => got.length).toBe(8);
    expect(got).toEqual([0, 1, 2, 3, 5, 6, 7, 8].map((i) => `good ${i}`));
    await expect.poll(() => count('tim_offline')).toBe(0);
  });

  it('refuses names over AUTH, /tim2 REGISTER and TOKEN with 4104, registering nothing', async () => {
    const before = await counts();
    for (const text of BAD) {
      const c = await srv.client();
      await expect(c.login(text, 'pw')).rejects.toMatchObject({ code: PARAMS });
      expect(await tim2(srv.http, TimType.REGISTER, { name: text, pwd: 'pw' })).toMatchObject({ ok: false, error: { code: PARAMS } });
      expect(await tim2(srv.http, TimType.REGISTER, { name: 'fine-name', pwd: text })).toMatchObject({ ok: false, error: { code: PARAMS } });
      expect(await tim2(srv.http, TimType.REGISTER, { name: 'fine-name', pwd: 'pw', domain: text })).toMatchObject({ ok: false, error: { code: PARAMS } });
      expect(await tim2(srv.http, TimType.TOKEN, { name: text, pwd: 'pw' })).toMatchObject({ ok: false, error: { code: PARAMS } });
    }
    expect(await counts()).toEqual(before);
  });

  it('answers the admin API with 400 and a message, storing nothing', async () => {
    const before = await counts();
    for (const text of BAD) {
      const reg = await adminCall(srv, 'POST', `${API}/users`, { json: { name: text, password: 'pw' } });
      expect(reg.status).toBe(400);
      expect(reg.body).toMatchObject({ ok: false, error: { code: PARAMS } });
      expect(reg.body.error.message).toMatch(/^name holds a (NUL character|lone UTF-16 surrogate)/);
      const pwd = await adminCall(srv, 'PUT', `${API}/users/${alice}/password`, { json: { newPassword: text } });
      expect(pwd.status).toBe(400);
      expect(pwd.body.error.message).toMatch(/^password holds /);
      const proxy = await adminCall(srv, 'POST', `${API}/messages/proxy`, { json: { from: alice, message: { msType: 2, odType: 1, toTid: { node: bob }, dataString: text } } });
      expect(proxy.status).toBe(400);
      expect(proxy.body).toMatchObject({ ok: false, error: { code: PARAMS } });
      expect(proxy.body.error.message).toMatch(/^sql\.message\.save: parameter :body holds /);
      // the legacy path answers 200 with a TimAck carrying the code
      const legacy = await adminCall(srv, 'POST', '/timRegister', { json: { username: text, password: 'pw' } });
      expect(legacy.status).toBe(200);
      expect(legacy.body).toMatchObject({ ok: false, error: { code: PARAMS } });
    }
    expect(await counts()).toEqual(before);
    // the old password still works: nothing was changed
    await expect((await srv.client()).login('u-alice', 'secret-u-alice')).resolves.toMatchObject({ ok: true });
  });

  it('stores text inside a JSON column (extend) escaped, and returns it exactly', async () => {
    const a = await srv.login('u-alice');
    const extend = { nul: BAD[0], high: BAD[1], low: BAD[2] };
    const echo = await a.send({ toTid: { node: bob }, dataString: 'carries extend', extend });
    expect(echo.extend).toEqual(extend);
    const la = recordFrames(a);
    a.pullMessages(1, bob, echo.mid!, 1);
    const page = bodyOf(await la.wait(isType(TimType.PULLMESSAGE)));
    expect(page.messageList[0]).toMatchObject({ mid: echo.mid, dataString: 'carries extend', extend });
    const row = await srv.knex('tim_message').where({ mid: echo.mid }).first();
    expect(JSON.parse(row.extend)).toEqual(extend);
  });
});
