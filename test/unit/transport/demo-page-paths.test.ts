// The demo page's static files (src/transport/demo-page.ts) hold to <webRoot>/demo: encoded and
// plain dot-dot paths never reach a file beside it, and every answer carries the CSP and nosniff.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, expect, it } from 'vitest';
import { registerDemoPage } from '../../../src/transport/demo-page.js';

const root = mkdtempSync(path.join(tmpdir(), 'tim-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('serves only files under <webRoot>/demo, with its CSP', async () => {
  mkdirSync(path.join(root, 'demo'));
  writeFileSync(path.join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'SECRET-OUTSIDE');
  const app = Fastify();
  await registerDemoPage(app, root);
  const index = await app.inject({ method: 'GET', url: '/demo/' });
  expect(index.statusCode).toBe(200);
  expect(index.headers['content-type']).toMatch(/^text\/html/);
  expect(index.headers['content-security-policy']).toContain("script-src 'self'");
  expect(index.headers['x-content-type-options']).toBe('nosniff');
  for (const url of ['/demo/../secret.txt', '/demo/%2e%2e/secret.txt', '/demo/..%2fsecret.txt', '/demo/%2e%2e%2fsecret.txt', '/demo/..%5csecret.txt', '/demo//../secret.txt']) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.body, url).not.toContain('SECRET-OUTSIDE');
    expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
  }
  await app.close();
});
