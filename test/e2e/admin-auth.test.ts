// Who may call the admin listener, and the operations endpoints that need no credentials:
// wrong or missing credentials are 401 and nothing is done; with no key configured every call is
// refused with a message saying how to configure one; /healthz, /readyz, /metrics and /docs (/docs/json).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, startServer, type TestServer } from '../helpers/tim-server.js';

await describeEachDatabase('admin auth and operations', (ctx) => {
  let srv: TestServer;
  let bare: TestServer;
  beforeAll(async () => {
    srv = await startServer(ctx.database, { admin: { listen: '127.0.0.1:0', keys: ['test-admin-key', 'second-key'], accounts: [{ username: 'ops', password: 'pw' }] } });
    // A second server on the same database with no key and no account configured.
    bare = await startServer(ctx.database, { admin: { listen: '127.0.0.1:0', keys: [], accounts: [] } });
  });
  afterAll(async () => {
    await bare?.close();
    await srv?.close();
  });

  const offlineRows = async (node: string) => (await srv.knex('tim_offline').where({ node })).length;

  describe('REST v1 Bearer keys', () => {
    it('refuses a missing or wrong key with 401 and sends nothing', async () => {
      const node = await srv.user('auth-a');
      const c = await srv.login('auth-a');
      const seen: unknown[] = [];
      c.on('message', (m) => seen.push(m));
      const json = { to: [node], message: { dataString: 'must not arrive' } };
      for (const auth of [null, 'Bearer wrong-key', 'Basic dGVzdC1hZG1pbi1rZXk=', 'Bearer test-admin-key-longer', 'test-admin-key']) {
        const res = await adminCall(srv, 'POST', '/api/v1/admin/messages/system', { auth, json });
        expect(res.status, String(auth)).toBe(401);
        expect(res.body).toMatchObject({ ok: false, error: { code: 4102, info: 'no pass' } });
        expect(res.body.error.message).toMatch(/Bearer|wrong admin key/);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      // a kick and a block with a wrong key do nothing either
      expect((await adminCall(srv, 'POST', `/api/v1/admin/users/${node}/kick`, { auth: 'Bearer nope' })).status).toBe(401);
      expect((await adminCall(srv, 'PUT', `/api/v1/admin/users/${node}/block`, { auth: 'Bearer nope', json: { seconds: 60 } })).status).toBe(401);
      expect(srv.app.core.registry.isOnline(node)).toBe(true);
      expect(srv.app.core.bans.isBanned(node, Date.now())).toBe(false);
      // the legacy accounts are not REST keys
      expect((await adminCall(srv, 'GET', '/api/v1/admin/stats', { auth: null, headers: { username: 'ops', password: 'pw' } })).status).toBe(401);
      // the same call with a good key goes through (and proves the client was listening)
      const got = c.next('message');
      const ok = await adminCall(srv, 'POST', '/api/v1/admin/messages/system', { auth: 'bearer second-key', json: { to: [node], message: { dataString: 'now' } } });
      expect(ok.status).toBe(200);
      expect((await got).dataString).toBe('now');
      expect(seen).toHaveLength(1);
      expect(await offlineRows(node)).toBe(0);
    });
  });

  describe('legacy credentials', () => {
    it('takes the username/password headers or a Bearer key, and refuses anything else with 401', async () => {
      const node = await srv.user('auth-b');
      const body = { name: node };
      const good = await adminCall(srv, 'POST', '/timToken', { auth: null, headers: { username: 'ops', password: 'pw' }, json: body });
      expect(good.body).toMatchObject({ ok: true, timType: 15, n: node });
      const bearer = await adminCall(srv, 'POST', '/timToken', { json: body });
      expect(bearer.body).toMatchObject({ ok: true, timType: 15, n: node });
      const wrong: Record<string, string>[] = [{ username: 'ops', password: 'PW' }, { username: 'OPS', password: 'pw' }, { username: 'ops' }, {}];
      for (const headers of wrong) {
        const res = await adminCall(srv, 'POST', '/timToken', { auth: null, headers, json: body });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.body).toMatchObject({ ok: false, error: { code: 4102 } });
      }
      expect((await adminCall(srv, 'POST', '/timToken', { auth: 'Bearer nope', json: body })).status).toBe(401);
    });
  });

  describe('with no key or account configured', () => {
    it('refuses every admin call with 403 and says how to set a key', async () => {
      const node = await bare.user('auth-c');
      for (const auth of [null, 'Bearer anything', 'Bearer ']) {
        const res = await adminCall(bare, 'POST', '/api/v1/admin/tokens', { auth, json: { node } });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe(4105);
        expect(res.body.error.message).toMatch(/no admin key is configured.*admin\.keys.*TIM_ADMIN_KEY/);
      }
      const legacy = await adminCall(bare, 'POST', '/timToken', { auth: null, headers: { username: 'admin', password: '123' }, json: { name: node } });
      expect(legacy.status).toBe(403);
      expect(legacy.body).toMatchObject({ ok: false, error: { code: 4105 } });
      // probes and metrics still answer
      expect((await adminCall(bare, 'GET', '/healthz', { auth: null })).body).toEqual({ ok: true });
    });
  });

  describe('operations endpoints', () => {
    it('/healthz and /readyz answer without credentials', async () => {
      expect(await adminCall(srv, 'GET', '/healthz', { auth: null })).toMatchObject({ status: 200, body: { ok: true } });
      expect(await adminCall(srv, 'GET', '/readyz', { auth: null })).toMatchObject({ status: 200, body: { ok: true, database: 'up' } });
    });

    it('/metrics is Prometheus text with logins, frames by type, template latency and admin requests', async () => {
      const c = await srv.login('auth-m');
      await adminCall(srv, 'GET', '/api/v1/admin/stats');
      const res = await adminCall(srv, 'GET', '/metrics', { auth: null });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = res.text;
      const value = (line: RegExp) => Number(text.split('\n').find((l) => line.test(l))?.split(' ').at(-1));
      expect(value(/^tim_logins_total /)).toBeGreaterThanOrEqual(1);
      expect(value(/^tim_connections /)).toBeGreaterThanOrEqual(1);
      expect(value(/^tim_frames_in_total\{type="auth"\} /)).toBeGreaterThanOrEqual(1);
      expect(value(/^tim_template_calls_total\{key="login",outcome="ok"\} /)).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^tim_template_duration_seconds_bucket\{le="[^"]+",key="login"\} \d+/m);
      expect(value(/^tim_admin_requests_total\{route="\/api\/v1\/admin\/stats",status="200"\} /)).toBeGreaterThanOrEqual(1);
      for (const name of ['tim_messages_persisted_total', 'tim_offline_stored_total', 'tim_offline_drained_total', 'tim_acks_timed_out_total', 'tim_bytes_in_total']) {
        expect(text).toContain(`\n${name} `);
      }
      expect(text).toContain('# TYPE tim_errors_total counter');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(c.node).toBeDefined();
    });

    it('/docs/json serves the OpenAPI document of every REST route and the legacy paths; /docs is Swagger UI', async () => {
      const ui = await adminCall(srv, 'GET', '/docs', { auth: null });
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
      const res = await adminCall(srv, 'GET', '/docs/json', { auth: null });
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      const paths = Object.keys(res.body.paths);
      for (const p of ['/api/v1/admin/messages/system', '/api/v1/admin/users/{node}/block', '/api/v1/admin/connections', '/timMessage', '/timToken']) {
        expect(paths).toContain(p);
      }
      const system = res.body.paths['/api/v1/admin/messages/system'].post;
      expect(system.requestBody.content['application/json'].schema.required).toEqual(['message']);
      expect(res.body.paths['/api/v1/admin/users/{node}/block'].put.parameters[0]).toMatchObject({ name: 'node', in: 'path', required: true });
    });

    it('answers an unknown route with 404 in the error shape', async () => {
      const res = await adminCall(srv, 'GET', '/api/v1/admin/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ ok: false, error: { code: 4107 } });
      expect(res.body.error.message).toContain('/api/v1/admin/nothing-here');
    });
  });
});
