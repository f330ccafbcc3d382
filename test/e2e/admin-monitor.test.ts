// GET /api/v1/admin/monitor, the dashboard's live view (src/admin/admin-monitor.ts): database and
// cluster status, acks pending, error acks by code, per-template SQL latency; behind the admin key.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, befriend, startServer, type TestServer, until, withServer } from '../helpers/tim-server.js';

await describeEachDatabase('admin monitor', (ctx) => {
  const srv = withServer(ctx);

  const monitor = async () => {
    const res = await adminCall(srv, 'GET', '/api/v1/admin/monitor');
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it('needs the admin key', async () => {
    const res = await adminCall(srv, 'GET', '/api/v1/admin/monitor', { auth: null });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, error: { code: 4102 } });
    expect((await adminCall(srv, 'GET', '/api/v1/admin/monitor', { auth: 'Bearer wrong' })).status).toBe(401);
  });

  it('reports the database, the node, acks pending, error acks by code and SQL latency per template', async () => {
    const [a, b] = await Promise.all([srv.user('mon-a'), srv.user('mon-b')]);
    await befriend(srv.knex, a, b);
    const sender = await srv.login('mon-a');
    const silent = await srv.login('mon-b', { autoAck: false }); // never acknowledges
    await sender.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'wait for me' });
    await until(async () => (await monitor()).acksPending >= 1, 5000, 'an ack pending');
    const code = await sender.send({ msType: 2, odType: 1, toTid: { node: 'no-such-user-node' }, dataString: 'x' }).then(
      () => undefined,
      (e: { code?: number }) => e.code,
    );
    expect(code).toBeTypeOf('number');

    const m = await monitor();
    expect(m.ok).toBe(true);
    expect(m.database).toMatchObject({ status: 'up' });
    expect(m.database.pingMs).toBeGreaterThanOrEqual(0);
    expect(m.cluster).toMatchObject({ mode: 'single', redis: 'none', synced: true });
    expect(m.cluster.nodes).toHaveLength(1);
    expect(m.cluster.nodes[0]).toMatchObject({ server: m.server, self: true, connections: 2, usersOnline: 2 });
    expect(m.errorsByCode[String(code)]).toBeGreaterThanOrEqual(1);
    const keys = Object.fromEntries(m.templates.keys.map((k: { key: string }) => [k.key, k]));
    for (const key of ['login', 'message.save']) {
      expect(keys[key], key).toBeDefined();
      expect(keys[key].calls).toBeGreaterThanOrEqual(1);
      expect(keys[key].errors).toBe(0);
      expect(keys[key].p50Ms).toBeGreaterThan(0);
      expect(keys[key].p99Ms).toBeGreaterThanOrEqual(keys[key].p50Ms);
      expect(keys[key].buckets).toHaveLength(m.templates.boundsMs.length + 1);
      expect(keys[key].buckets.reduce((x: number, y: number) => x + y, 0)).toBe(keys[key].calls);
    }
    silent.close();
  });

  it('is in the OpenAPI document with the operations paths', async () => {
    const doc = (await adminCall(srv, 'GET', '/docs/json', { auth: null })).body;
    const op = doc.paths['/api/v1/admin/monitor'].get;
    expect(op.summary).toMatch(/p50 and p99/);
    expect(op.responses['200'].content['application/json'].schema.required).toEqual(expect.arrayContaining(['database', 'cluster', 'templates']));
    for (const p of ['/healthz', '/readyz', '/metrics', '/docs/json', '/']) expect(doc.paths[p]?.get, p).toBeDefined();
  });
});

await describeEachDatabase(
  'admin monitor, database gone',
  (ctx) => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startServer(ctx.database);
    });
    afterAll(async () => srv?.close().catch(() => undefined));

    it('reports the database down with the reason, and still answers', async () => {
      await srv.knex.destroy(); // the pool is gone: every query fails
      const res = await adminCall(srv, 'GET', '/api/v1/admin/monitor');
      expect(res.status).toBe(200);
      expect(res.body.database.status).toBe('down');
      expect(res.body.database.error).toMatch(/database unreachable/);
    });
  },
  { clients: ['sqlite'] },
);
