// Concurrent message.save calls share multi-row INSERTs (src/store/insert-batcher.ts) on every
// database, without giving up the Store's contract: each save resolves only once its row is
// stored, and one bad row fails only its own save.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlStore } from '../../src/store/sql-store.js';
import type { MessageRecord } from '../../src/store/store.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServer, until, type TestServer } from '../helpers/tim-server.js';

const row = (mid: number, text: string): MessageRecord => ({
  mid,
  chat: 'u:a,b',
  from: 'a',
  to: 'b',
  room: null,
  msType: 2,
  odType: 1,
  body: text,
  data: Buffer.from([0, 255, mid % 256]),
  udtype: null,
  udshow: null,
  extend: null,
  stanza: JSON.stringify({ msType: 2, odType: 1, mid, dataString: text }),
  time: Date.now(),
});

await describeEachDatabase('insert batcher', (ctx) => {
  let srv: TestServer;
  /** the batcher's counters (on SQLite its statements bypass knex, so knex's query events miss them) */
  const counts = () => {
    const c = (srv.app.core.store as SqlStore).saveBatching;
    if (c === undefined) throw new Error('message.save is not batched');
    return { ...c };
  };
  beforeAll(async () => {
    srv = await startServer(ctx.database);
  });
  afterAll(async () => srv?.close());

  it('stores 60 concurrent saves in fewer statements, each resolving after its row is stored', async () => {
    const store = srv.app.core.store;
    const base = 1_000_000;
    const before = counts();
    const saves = Array.from({ length: 60 }, (_, i) =>
      store.saveMessage(row(base + i, `batched ${i}`)).then(async () => {
        // resolved: the row must already be readable
        const got = await srv.knex('tim_message').where({ mid: base + i }).first();
        return got?.body;
      }),
    );
    const bodies = await Promise.all(saves);
    expect(bodies).toEqual(Array.from({ length: 60 }, (_, i) => `batched ${i}`));
    const statements = counts().statements - before.statements;
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(60);
  });

  it('a caller whose callback throws (against the SaveDone contract) fails no other save of a stored batch', async () => {
    const store = srv.app.core.store;
    const base = 4_000_000;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const outcomes: string[] = [];
      const settled = Array.from(
        { length: 6 },
        (_, i) =>
          new Promise<void>((resolve) => {
            store.saveMessageThen(row(base + i, `cb ${i}`), [], {
              resolve() {
                outcomes[i] = 'stored';
                resolve();
                if (i === 1) throw new Error('a callback that throws');
              },
              reject() {
                outcomes[i] = 'failed';
                resolve();
              },
            });
          }),
      );
      await Promise.all(settled);
      expect(outcomes).toEqual(Array.from({ length: 6 }, () => 'stored'));
      const n = Number(Object.values((await srv.knex('tim_message').whereBetween('mid', [base, base + 5]).count({ n: '*' }).first()) as object)[0]);
      expect(n).toBe(6);
      await until(() => warnings.some((w) => w.message === 'a callback that throws'), 2000, 'the warning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('fails only the bad row of a batch', async () => {
    const store = srv.app.core.store;
    const base = 2_000_000;
    await store.saveMessage(row(base, 'first'));
    const results = await Promise.allSettled([
      store.saveMessage(row(base + 1, 'ok 1')),
      store.saveMessage(row(base, 'duplicate mid')),
      store.saveMessage(row(base + 2, 'ok 2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await srv.knex('tim_message').whereIn('mid', [base, base + 1, base + 2]).orderBy('mid');
    expect(stored.map((r: { body: string }) => r.body)).toEqual(['first', 'ok 1', 'ok 2']);
  });

  it('commits more rows than one statement holds in one transaction, and retries them alone when one is bad', async () => {
    const store = srv.app.core.store;
    const base = 3_000_000;
    const n = 600; // above the rows one statement takes on every database (64 on SQLite, 256 elsewhere)
    const before = counts();
    await Promise.all(Array.from({ length: n }, (_, i) => store.saveMessage(row(base + i, `many ${i}`))));
    expect(Number((await srv.knex('tim_message').whereBetween('mid', [base, base + n - 1]).count({ c: '*' }))[0].c)).toBe(n);
    const after = counts();
    const statements = after.statements - before.statements;
    const transactions = after.transactions - before.transactions;
    expect(after.rows - before.rows).toBe(n);
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(statements); // several statements per commit

    // The last row of a many-statement batch collides: nothing of that transaction stays, then
    // every row runs alone and only the duplicate fails.
    const again = base + n;
    const results = await Promise.allSettled([
      ...Array.from({ length: n }, (_, i) => store.saveMessage(row(again + i, `retry ${i}`))),
      store.saveMessage(row(base, 'duplicate mid')),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[n].status).toBe('rejected');
    expect(Number((await srv.knex('tim_message').whereBetween('mid', [again, again + n - 1]).count({ c: '*' }))[0].c)).toBe(n);
    expect((await srv.knex('tim_message').where({ mid: base }).first())?.body).toBe('many 0');
  });
});
