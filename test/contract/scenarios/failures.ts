// Templates that fail at run time or return the wrong shape: the client gets a code (5103 for a
// database error, 4105 for a login whose result cannot be read), the log names the key, the
// database's own message and the parameters (never their values), and nothing is half done.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../../src/config/load-config.js';
import type { TimMessage } from '../../../src/protocol/wire-types.js';
import { TEMPLATE_KEYS } from '../../../src/store/sql/template-keys.js';
import { runCheck } from '../../../src/tools/check.js';
import { sync, until } from '../../helpers/tim-server.js';
import { startLoggedServer, type LoggedServer } from './logged-server.js';
import { byMid, drain, inbox, loginCode, pull, signIn, type Account, type Target } from './target.js';

/** The database's complaint about the missing column, in each database's words. */
const MISSING_COLUMN = /no_such_column/i;

export function failureScenarios(t: () => Target): void {
  const friends = async (tag: string): Promise<[Account, Account]> => {
    const a = await t().account(`${tag}-a`);
    const b = await t().account(`${tag}-b`);
    await t().befriend(a, b);
    return [a, b];
  };

  describe('template errors at run time', () => {
    let broken: LoggedServer;
    beforeAll(async () => {
      broken = await startLoggedServer(
        t().database,
        t().overrides({ 'message.save': t().broken.messageSave, 'offlinemsg.del': t().broken.offlineDel }),
      );
    });
    afterAll(async () => broken?.close());

    it('a failing message.save answers 5103, echoes and delivers nothing, is counted and logged without values', async () => {
      const [a, b] = await friends('save');
      const first = await (await signIn(t().srv, a)).send({ toTid: { node: b.node }, dataString: 'stored before' });
      const ca = await signIn(broken, a);
      const cb = await signIn(broken, b);
      const aGot = inbox(ca);
      const bGot = inbox(cb);
      const secret = 'secret body 7f3a9';
      await expect(ca.send({ toTid: { node: b.node }, dataString: secret })).rejects.toMatchObject({ code: 5103 });
      await sync(ca);
      await sync(cb);
      expect([...aGot, ...bGot].filter((m) => m.dataString === secret)).toEqual([]);
      // nothing was stored: the history holds the earlier message only
      expect((await pull(ca, 1, b.node, 0, 10)).map((m) => [m.mid, m.dataString])).toEqual([[first.mid, 'stored before']]);
      expect(broken.app.core.stats.errorsByCode.get(5103)).toBeGreaterThanOrEqual(1);

      const entry = broken.entries().find((e) => e.err?.key === 'message.save');
      expect(entry?.level).toBe(50);
      const message = entry?.err?.message ?? '';
      expect(message).toContain('sql.message.save');
      expect(message).toMatch(MISSING_COLUMN);
      for (const p of TEMPLATE_KEYS['message.save'].params.filter((x) => t().broken.messageSave.includes(`:${x}`))) {
        expect(message).toContain(`:${p}`);
      }
      const all = broken.lines.join('\n');
      expect(all).not.toContain(secret);
      expect(all).not.toContain(a.pwd);
    });

    it('a failing offlinemsg.del deletes nothing: the delivered rows stay and come again', async () => {
      const [a, b] = await friends('odel');
      const ca = await signIn(t().srv, a);
      const sent: TimMessage[] = [];
      for (let i = 1; i <= 3; i++) sent.push(await ca.send({ toTid: { node: b.node }, dataString: `kept ${i}` }));
      await t().srv.app.core.delivery.settle();
      expect(await t().offlineCount(b.node)).toBe(3);

      const cb = await signIn(broken, b);
      const got: TimMessage[] = [];
      cb.on('offline', (l) => got.push(...(l.messageList ?? [])));
      const failures = () => broken.entries().filter((e) => e.err?.key === 'offlinemsg.del').length;
      const before = failures();
      cb.offline();
      await until(() => failures() > before, 5000, 'the failed delete in the log');
      expect(byMid(got).map((m) => m.mid)).toEqual(sent.map((m) => m.mid));
      expect(await t().offlineCount(b.node)).toBe(3);
      const entry = broken.entries().find((e) => e.err?.key === 'offlinemsg.del');
      expect(entry?.err?.message).toMatch(MISSING_COLUMN);
      expect(entry?.err?.message).toContain(':ids');

      // asked again, the same rows come again; a working server then drains and deletes them
      got.length = 0;
      cb.offline();
      await until(() => failures() > before + 1, 5000, 'the second failed delete');
      expect(byMid(got).map((m) => m.mid)).toEqual(sent.map((m) => m.mid));
      await cb.close();
      const ok = await signIn(t().srv, b);
      expect(byMid(await drain(ok)).map((m) => m.mid)).toEqual(sent.map((m) => m.mid));
      expect(await t().offlineCount(b.node)).toBe(0);
    });
  });

  describe('login templates with the wrong shape', () => {
    it('two rows, or no node column: 4105 for the client and a clear error in the log', async () => {
      const a = await t().account('shape');
      await t().account('shape-2');
      const cases = [
        ['two rows', t().broken.loginTwoRows, /returned \d+ rows for one login/],
        ['no node', t().broken.loginNoNode, /lacks the alias node/],
      ] as const;
      for (const [what, sql, expected] of cases) {
        const s = await startLoggedServer(t().database, t().overrides({ login: sql }));
        try {
          expect({ what, code: await loginCode(s, a.name, a.pwd) }).toEqual({ what, code: 4105 });
          const entry = s.entries().find((e) => e.err?.key === 'login');
          expect(entry?.level).toBe(50);
          expect(entry?.err?.message).toMatch(expected);
          expect(s.lines.join('\n')).not.toContain(a.pwd);
        } finally {
          await s.close();
        }
      }
    });

    it('tim check passes the target’s templates and fails a login that returns two rows or no node', async () => {
      const check = async (sql?: Record<string, string>) => {
        const lines: string[] = [];
        const code = await runCheck(buildConfig({ database: t().database, ...t().overrides(sql) }), (l) => void lines.push(l));
        return { code, lines };
      };
      const good = await check();
      expect(good.lines.filter((l) => l.includes('FAILED'))).toEqual([]);
      expect(good.code).toBe(0);
      expect(good.lines.at(-1)).toMatch(/^all \d+ templates ok$/);
      for (const [sql, expected] of [
        [t().broken.loginTwoRows, /rows/],
        [t().broken.loginNoNode, /node/],
      ] as const) {
        const bad = await check({ login: sql });
        expect(bad.code).toBe(1);
        expect(bad.lines.filter((l) => l.includes('FAILED'))).toEqual([expect.stringMatching(/^login: FAILED /)]);
        expect(bad.lines.find((l) => l.startsWith('login: '))).toMatch(expected);
      }
    });
  });
}
