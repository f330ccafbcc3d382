// The demo chat's server side (transport/demo-page.ts, config web.demo) and the client's
// registration helper (client/tim-register.ts). The page itself runs in test/browser/demo-chat.test.ts.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { TimClient } from '../../src/client/tim-client.js';
import { registerAccount } from '../../src/client/tim-register.js';
import WebSocket from 'ws';
import { configErrorOf } from '../helpers/config-error.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServer, type TestServer, withServer } from '../helpers/tim-server.js';

let built: string; // a webRoot holding a (stand-in) built demo page
let empty: string; // a webRoot where nothing was built

beforeAll(async () => {
  built = await mkdtemp(path.join(os.tmpdir(), 'tim-demo-root-'));
  await mkdir(path.join(built, 'demo', 'assets'), { recursive: true });
  await writeFile(path.join(built, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  await writeFile(path.join(built, 'demo', 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(built, 'secret.txt'), 'outside the page');
  empty = await mkdtemp(path.join(os.tmpdir(), 'tim-demo-empty-'));
});
afterAll(async () => {
  await rm(built, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

const get = (srv: TestServer, p: string) => fetch(srv.http + p, { redirect: 'manual' });

it('web.demo is on by default and takes only true or false', () => {
  expect(parseConfigText('{}', 'tim.config.yaml', {}).web).toEqual({ demo: true });
  expect(parseConfigText('web: { demo: false }', 'tim.config.yaml', {}).web.demo).toBe(false);
  const err = configErrorOf(() => parseConfigText('web:\n  demo: "yes"\n', 'tim.config.yaml', {}));
  expect([err.key, err.line, err.reason]).toEqual(['web.demo', 2, 'expected true or false, got "yes"']);
});

// Serving files touches no SQL: one database is enough here.
await describeEachDatabase(
  'demo page routes',
  (ctx) => {
    let on: TestServer, unbuilt: TestServer, off: TestServer;
    beforeAll(async () => {
      [on, unbuilt, off] = await Promise.all([
        startServer(ctx.database, {}, { webRoot: built }),
        startServer(ctx.database, {}, { webRoot: empty }),
        startServer(ctx.database, { web: { demo: false } }, { webRoot: built }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([on?.close(), unbuilt?.close(), off?.close()]);
    });

    it('serves the built page at /demo/ under a same-origin-only CSP; / and /demo redirect there', async () => {
      for (const p of ['/', '/demo']) {
        const r = await get(on, p);
        expect([r.status, r.headers.get('location')]).toEqual([302, '/demo/']);
      }
      const page = await get(on, '/demo/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<title>demo</title>');
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
      const asset = await get(on, '/demo/assets/app.js');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      // nothing outside the page's directory
      expect((await get(on, '/demo/../secret.txt')).status).toBe(404);
      expect((await get(on, '/demo/%2e%2e/secret.txt')).status).toBe(404);
      expect((await get(on, '/secret.txt')).status).toBe(404);
    });

    it('says what to run when the page is not built', async () => {
      const r = await get(unbuilt, '/demo/');
      expect(r.status).toBe(503);
      expect(await r.text()).toMatch(/^The demo chat is not built: run `npm run build` .*web\.demo: false/);
      expect((await get(unbuilt, '/')).headers.get('location')).toBe('/demo/');
    });

    it('serves neither the page nor the redirect with web.demo: false', async () => {
      for (const p of ['/', '/demo', '/demo/', '/demo/assets/app.js']) expect((await get(off, p)).status).toBe(404);
      // the chat itself is unaffected
      const c = await off.login('nobody-needs-the-page');
      expect(c.authenticated).toBe(true);
    });
  },
  { clients: ['sqlite'] },
);

await describeEachDatabase('registerAccount (POST /tim2 REGISTER from the TypeScript client)', (ctx) => {
  const srv = withServer(ctx);

  it('registers an account that can log in at once, and answers refusals with tim codes', async () => {
    const node = await registerAccount(srv.http + '/', 'reg-alice', 'pw-1');
    const c = new TimClient(srv.url, { WebSocket: WebSocket as never, pingIntervalMs: 0 });
    await c.connect();
    try {
      expect((await c.login('reg-alice', 'pw-1')).n).toBe(node);
    } finally {
      await c.close();
    }
    await expect(registerAccount(srv.http, 'reg-alice', 'other')).rejects.toMatchObject({ code: 4101 });
    await expect(registerAccount(srv.http, 'reg-bob', '')).rejects.toMatchObject({ code: 4104 });
    expect(await srv.knex('tim_user').where({ name: 'reg-bob' }).select('node')).toEqual([]);
  });

  it('rejects with 1103 when nothing answers with an ack', async () => {
    // a path that is not /tim2 on a live listener: HTTP 404, kept in the message
    await expect(registerAccount(srv.http + '/nope', 'x', 'y')).rejects.toMatchObject({ code: 1103, message: expect.stringMatching(/HTTP 404/) });
    await expect(registerAccount('http://127.0.0.1:1', 'x', 'y')).rejects.toMatchObject({ code: 1103 });
  });
});
