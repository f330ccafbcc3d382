// The admin listener's pages (src/admin/admin-pages.ts): the dashboard's static files at `/`, or a
// message saying how to build them; unknown paths are not swallowed by the static files.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, NOT_BUILT, registerApiDocs, registerDashboard } from '../../../src/admin/admin-pages.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tim-dash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('registerDashboard', () => {
  it('answers / with how to build the dashboard when it is not built', async () => {
    const app = Fastify();
    await registerDashboard(app, path.join(dir, 'missing'));
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(NOT_BUILT);
    expect(res.body).toContain('npm run build');
    await app.close();
  });

  it('serves the built files at / and leaves other paths to the not-found handler', async () => {
    const built = path.join(dir, 'built');
    mkdirSync(path.join(built, 'assets'), { recursive: true });
    writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>dash</title>');
    writeFileSync(path.join(built, 'assets', 'app.js'), 'console.log(1)');
    const app = Fastify();
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ ok: false, mine: true }));
    await registerDashboard(app, built);
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('<title>dash</title>');
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
    for (const url of ['/', '/assets/app.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toBe(DASHBOARD_CSP);
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/admin/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ ok: false, mine: true });
    expect((await app.inject({ method: 'GET', url: '/../package.json' })).statusCode).toBe(404);
    await app.close();
  });
});

describe('registerApiDocs', () => {
  it('serves Swagger UI at /docs from local files and the given document at /docs/json and /docs/yaml', async () => {
    const app = Fastify();
    const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { summary: 'x' } } } };
    await registerApiDocs(app, doc);
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui-bundle.js');
    expect(ui.body).not.toMatch(/https?:\/\//);
    expect(ui.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect((await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).json()).toEqual(doc);
    expect((await app.inject({ method: 'GET', url: '/docs/yaml' })).body).toContain("openapi: 3.1.0");
    await app.close();
  });
});
