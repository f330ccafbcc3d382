// The server's log lines (issue 16), captured from the one pino logger buildApp is given: start
// (where it listens, the database, the mode), stop, connection opened/closed, login ok/refused
// with the reason, one line per admin request (health probes at debug), per-frame lines at debug,
// and fastify's own lines through the same logger. Logging is not database specific: SQLite only.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { capturedLogger, LEVEL, type LogLine as Line } from '../helpers/log-lines.js';
import { startServer, until, type TestServer } from '../helpers/tim-server.js';

const { INFO, DEBUG } = LEVEL;

await describeEachDatabase(
  'log lines',
  (ctx) => {
    let srv: TestServer;
    const { logger, lines } = capturedLogger('debug');
    const find = (msg: string, where: (l: Line) => boolean = () => true) => lines.find((l) => l.msg === msg && where(l));

    beforeAll(async () => {
      srv = await startServer(ctx.database, { logLevel: 'debug' }, { logger });
    });
    afterAll(() => srv?.close());

    it('start: where each listener is, the database and the mode, as fields', () => {
      const listening = find('tim listening');
      expect(listening?.level).toBe(INFO);
      expect(listening?.client).toBe(srv.url);
      expect(listening?.http).toBe(`${srv.http}/tim2`);
      expect(listening?.admin).toBe(srv.adminUrl);
      const db = find('database');
      expect(db).toMatchObject({ level: INFO, mode: 'builtin', cluster: 'single' });
      expect(db?.database).toMatch(/^sqlite /);
      // fastify logs through the same logger (its own listening lines), without per-request lines
      expect(lines.filter((l) => /^Server listening at http:\/\/127\.0\.0\.1:\d+$/.test(l.msg))).toHaveLength(2);
    });

    it('a login that succeeds, and one refused with its code and reason; connections opened and closed', async () => {
      const alice = await srv.login('alice');
      const ok = find('login ok', (l) => l.node === alice.node);
      expect(ok).toMatchObject({ level: INFO, remote: '127.0.0.1', by: 'password' });
      const opened = find('connection opened', (l) => l.session === ok?.session);
      expect(opened).toMatchObject({ level: INFO, remote: '127.0.0.1' });

      await srv.user('bob');
      const bob = await srv.client();
      await expect(bob.login('bob', 'not-his-password')).rejects.toMatchObject({ code: 4105 });
      const refused = find('login refused');
      expect(refused).toMatchObject({ level: INFO, code: 4105, reason: 'wrong name or password', remote: '127.0.0.1' });
      expect(JSON.stringify(lines)).not.toContain('not-his-password');

      await alice.close();
      await until(() => find('connection closed', (l) => l.session === ok?.session) !== undefined, 3000, 'connection closed line');
      expect(find('connection closed', (l) => l.session === ok?.session)).toMatchObject({ level: INFO, node: alice.node });
    });

    it('each frame at debug level, with its session, type and size', async () => {
      const carol = await srv.login('carol');
      const frames = lines.filter((l) => l.msg === 'frame' && l.node === carol.node);
      await until(() => lines.some((l) => l.msg === 'frame' && typeof l.type === 'number'), 3000, 'frame line');
      const first = lines.find((l) => l.msg === 'frame');
      expect(first).toMatchObject({ level: DEBUG });
      expect(typeof first?.bytes).toBe('number');
      expect(frames.every((l) => l.level === DEBUG)).toBe(true);
    });

    it('one info line per admin request with status and time; health probes at debug', async () => {
      const res = await fetch(`${srv.adminUrl}/api/v1/admin/stats`, { headers: { authorization: 'Bearer test-admin-key' } });
      expect(res.status).toBe(200);
      const refused = await fetch(`${srv.adminUrl}/api/v1/admin/stats`, { headers: { authorization: 'Bearer wrong' } });
      expect(refused.status).toBe(401);
      await fetch(`${srv.adminUrl}/healthz`);
      await until(() => find('admin request', (l) => l.url === '/healthz') !== undefined, 3000, 'healthz line');
      const stats = lines.filter((l) => l.msg === 'admin request' && l.url === '/api/v1/admin/stats');
      expect(stats.map((l) => [l.level, l.method, l.status])).toEqual([
        [INFO, 'GET', 200],
        [INFO, 'GET', 401],
      ]);
      expect(typeof stats[0].ms).toBe('number');
      expect(find('admin request', (l) => l.url === '/healthz')?.level).toBe(DEBUG);
      // fastify's own two lines per request are off
      expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    });

    it('stop: one line once everything is closed', async () => {
      await srv.close();
      expect(find('tim stopped')?.level).toBe(INFO);
    });
  },
  { clients: ['sqlite'] },
);
