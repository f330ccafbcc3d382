// The per-connection request rate (core/request-rate.ts, limits.requestRate / requestBurst): a
// flood gets ONE 5104 "heavy server load" error ack, then is closed with 4007 (RATE_LIMITED),
// while another client on the same server goes on as before; acknowledgements of reliable frames
// are never counted or refused, so reliable delivery cannot be broken by the limit.
// Core behaviour, the same on every database: run on SQLite only.

import { beforeAll, expect, it } from 'vitest';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { befriend, startServer, sync, until, withServer } from '../helpers/tim-server.js';

const isError = (f: Buffer) => f[0] === 0x0c && bodyOf(f).ok === false;

await describeEachDatabase(
  'request rate',
  (ctx) => {
    let alice: string, bob: string;
    const srv = withServer(ctx); // default limits: 200 frames/s, burst 400
    beforeAll(async () => {
      [alice, bob] = await Promise.all([srv.user('alice'), srv.user('bob'), srv.user('mallory')]);
      await befriend(srv.knex, alice, bob);
    });

    it('a flood of 2,000 frames gets one 5104, then 4007; a well-behaved client on the same server is unaffected', async () => {
      const a = await srv.login('alice');
      const b = await srv.login('bob');
      const m = await srv.login('mallory');
      const lm = recordFrames(m);
      const closed = m.next('close', undefined, 10_000);
      const aliceClosed: number[] = [];
      a.on('close', (e) => aliceClosed.push(e.code));
      // Presence to alice: mallory's flood lands on a well-behaved client.
      const frame = encodeClientFrame(TimType.PRESENCE, JSON.stringify({ toTid: { node: alice }, status: 'flood' }));
      for (let i = 0; i < 2000; i++) m.sendRaw(frame);
      expect((await closed).code).toBe(4007);
      const errors = lm.frames.filter(isError).map(bodyOf);
      expect(errors).toEqual([{ ok: false, timType: TimType.PRESENCE, error: { code: 5104, info: 'heavy server load' } }]);
      // alice chats on, and what mallory's accepted frames sent her did not close her
      await sync(a);
      const got = b.next('message', (x) => x.dataString === 'after the flood');
      const echo = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'after the flood' });
      expect(echo.mid).toBeGreaterThan(0);
      await got;
      expect(aliceClosed).toEqual([]);
      expect(a.connected).toBe(true);
      await Promise.all([a.close(), b.close()]);
    });

    it('counts AUTH frames before login too: a login flood gets 5104 (timType 16), then 4007', async () => {
      const c = await srv.client();
      const lc = recordFrames(c);
      const closed = c.next('close', undefined, 10_000);
      const frame = encodeClientFrame(TimType.AUTH, JSON.stringify({ name: 'nobody', pwd: 'wrong' }));
      for (let i = 0; i < 1000; i++) c.sendRaw(frame);
      expect((await closed).code).toBe(4007);
      expect(lc.frames.filter((f) => isError(f) && bodyOf(f).error.code === 5104).map((f) => bodyOf(f).timType)).toEqual([TimType.AUTH]);
    });

    it('never counts or refuses the acks of reliable frames: 60 messages acknowledged under a rate of 1 frame/s', async () => {
      const slow = await startServer(ctx.database, { limits: { requestRate: 1, requestBurst: 2 } });
      try {
        const node = await slow.user('reader');
        const r = await slow.login('reader'); // AUTH: one token of two
        const lr = recordFrames(r);
        const core = slow.app.core;
        const outcomes = await Promise.all(
          Array.from({ length: 60 }, (_, i) => {
            const id = core.ids.next();
            const json = JSON.stringify({ id, msType: 2, odType: 4, toTid: { node }, dataString: `n${i}` });
            return core.deliverMessage(node, json, id, 0);
          }),
        );
        expect(new Set(outcomes)).toEqual(new Set(['delivered']));
        // each delivered once (no resend because an ack was dropped), no error ack, still connected
        await until(() => lr.count(isType(TimType.MESSAGE, true)) >= 60, 5000, '60 reliable frames');
        expect(lr.count(isType(TimType.MESSAGE, true))).toBe(60);
        expect(lr.frames.filter(isError)).toEqual([]);
        expect(r.connected).toBe(true);
        expect(await slow.knex('tim_offline').where({ node }).count({ n: '*' })).toEqual([{ n: 0 }]);
      } finally {
        await slow.close();
      }
    });
  },
  { clients: ['sqlite'] },
);
