// External mode (issue item 5): ROSTER comes from the deployer's templates, ADDROSTER /
// REMOVEROSTER / BLOCKROSTER run roster.add / roster.rm / roster.block when all three are
// configured (else 4107), and the builtin-only operations (group mutations, block lists, profiles,
// MODIFYAUTH, REGISTER) answer 4107. The "deployer's schema" here is the builtin tables, created by
// a builtin server first and then reached only through templates.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TemplateSource } from '../../src/config/types.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import { loadBuiltinTemplates } from '../../src/store/builtin-templates.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, party, startServer, tim2, type Party, type TestServer } from '../helpers/tim-server.js';

/** An upsert of my relation row with the given flags, in each database's dialect. */
function upsert(wants: number, blocks: number): TemplateSource {
  const cols = '(owner, peer, wants, blocks, updated_at)';
  const values = `(:from, :to, ${wants}, ${blocks}, 0)`;
  return {
    sqlite: `INSERT OR REPLACE INTO tim_relation ${cols} VALUES ${values}`,
    mysql: `REPLACE INTO tim_relation ${cols} VALUES ${values}`,
    postgres: `INSERT INTO tim_relation ${cols} VALUES ${values} ON CONFLICT (owner, peer) DO UPDATE SET wants = ${wants}, blocks = ${blocks}`,
    oracle: `MERGE INTO tim_relation r USING (SELECT :from AS o, :to AS p FROM dual) s ON (r.owner = s.o AND r.peer = s.p)
      WHEN MATCHED THEN UPDATE SET wants = ${wants}, blocks = ${blocks}
      WHEN NOT MATCHED THEN INSERT ${cols} VALUES (s.o, s.p, ${wants}, ${blocks}, 0)`,
  };
}

const ROSTER_TEMPLATES: Record<string, TemplateSource> = {
  'roster.add': upsert(1, 0),
  'roster.rm': 'DELETE FROM tim_relation WHERE owner = :from AND peer = :to',
  'roster.block': upsert(0, 1),
};

const biz = (req: object) => (c: Party['c']) => c.business(req);
const notice = (m: TimMessage) => ({ bnType: m.bnType, from: m.fromTid?.node, to: m.toTid?.node, data: m.dataString });

await describeEachDatabase('business external mode', (ctx) => {
  let ext: TestServer;
  let bare: TestServer;
  beforeAll(async () => {
    const builtin = await startServer(ctx.database); // creates the tables the templates read
    await builtin.close();
    const external = { mode: 'external', passwords: 'scrypt' };
    ext = await startServer(ctx.database, { ...external, sql: { ...loadBuiltinTemplates(), ...ROSTER_TEMPLATES } });
    bare = await startServer(ctx.database, { ...external, sql: loadBuiltinTemplates() });
  });
  afterAll(async () => {
    await ext?.close();
    await bare?.close();
  });

  it('roster operations run the roster.* templates and tell the other party', async () => {
    const a = await party(ext, 'ex-a1');
    const b = await party(ext, 'ex-b1');
    await act(a, biz({ rtype: 4, node: b.node, reqStr: 'hi' }), b);
    expect(a.box.acks).toEqual([]);
    expect(b.box.messages.map(notice)).toEqual([{ bnType: 4, from: a.node, to: b.node, data: 'hi' }]);
    await act(b, biz({ rtype: 4, node: a.node, reqStr: 'ok' }), a);
    const five = { bnType: 5, from: b.node, to: a.node, data: 'ok' };
    expect(a.box.messages.map(notice)).toEqual([five]);
    expect(b.box.messages.map(notice)).toEqual([five]);
    await act(a, biz({ rtype: 1 }));
    expect(a.box.nodes).toEqual([{ ntype: 1, nodelist: [b.node] }]);
    const got = b.c.next('message', (m) => m.dataString === 'external hello');
    await a.c.send({ toTid: { node: b.node }, dataString: 'external hello' });
    await got;

    await act(a, biz({ rtype: 6, node: b.node }), b);
    expect(a.box.acks).toEqual([{ ok: true, timType: 41, t: 6, n: b.node }]);
    expect(b.box.messages.map(notice)).toEqual([{ bnType: 6, from: a.node, to: b.node, data: undefined }]);
    await expect(a.c.send({ toTid: { node: b.node }, dataString: 'gone' })).rejects.toMatchObject({ code: 4105 });

    await act(b, biz({ rtype: 7, node: a.node }), a);
    expect(b.box.acks).toEqual([{ ok: true, timType: 41, t: 7, n: a.node }]);
    expect(a.box.messages).toEqual([]);
    const rows = await ext.knex('tim_relation').where({ owner: b.node, peer: a.node });
    expect(rows.map((r: { wants: number; blocks: number }) => [Number(r.wants), Number(r.blocks)])).toEqual([[0, 1]]);

    for (const [req, code] of [
      [{ rtype: 4, node: b.node }, 4104],
      [{ rtype: 4, node: a.node, reqStr: '' }, 4105],
      [{ rtype: 7 }, 4104],
    ] as [object, number][]) {
      await act(a, biz(req));
      expect(a.box.acks.map((x) => x.error?.code), JSON.stringify(req)).toEqual([code]);
    }
  });

  it('builtin-only operations answer 4107; notification-only and unknown rtypes 4104', async () => {
    const a = await party(ext, 'ex-a2');
    const b = await party(ext, 'ex-b2');
    const room = randomNode();
    for (const rtype of [8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]) {
      await act(a, biz({ rtype, node: room, node2: b.node, reqStr: 'x', reqStr2: 'y' }), b);
      expect(a.box.acks.map((x) => [x.ok, x.timType, x.error?.code]), `rtype ${rtype}`).toEqual([[false, 41, 4107]]);
      expect(b.box.messages).toEqual([]);
    }
    for (const rtype of [5, 10, 0, 22]) {
      await act(a, biz({ rtype, node: b.node }));
      expect(a.box.acks.map((x) => x.error?.code), `rtype ${rtype}`).toEqual([4104]);
    }
    for (const ntype of [4, 5, 6, 7]) {
      await act(a, (c) => c.nodes({ ntype, nodelist: [b.node], usermap: { '': { nickName: 'n' } } }));
      expect(a.box.acks.map((x) => [x.timType, x.error?.code]), `ntype ${ntype}`).toEqual([[42, 4107]]);
    }
    expect(await tim2(ext.http, TimType.REGISTER, { name: 'ex-new', pwd: 'p' })).toEqual({
      ok: false,
      timType: 14,
      error: { code: 4107, info: 'interface incorrect' },
    });
    expect((await tim2(ext.http, TimType.TOKEN, { name: 'ex-a2', pwd: 'secret-ex-a2' })).ok).toBe(true);
    // Virtual rooms need no database and work in every mode.
    await act(a, (c) => c.vroom({ rtype: 1 }));
    expect(a.box.acks).toMatchObject([{ ok: true, timType: 22, t: 1 }]);
  });

  it('without all three roster.* templates the roster mutations answer 4107', async () => {
    const a = await party(bare, 'ex-a3');
    const b = await party(bare, 'ex-b3');
    for (const rtype of [4, 6, 7]) {
      await act(a, biz({ rtype, node: b.node, reqStr: '' }), b);
      expect(a.box.acks.map((x) => x.error?.code), `rtype ${rtype}`).toEqual([4107]);
      expect(b.box.messages).toEqual([]);
    }
    await act(a, biz({ rtype: 1 }));
    expect(a.box.nodes).toEqual([]); // ROSTER still answers (here: nothing)
    expect(a.box.acks).toEqual([]);
  });
});
