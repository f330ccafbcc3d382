// The admin dashboard and the API docs in a real browser (Debian's chromium via playwright-core,
// test/helpers/browser.ts): sign in with the admin key, live figures that match GET /stats while
// clients send, a kick and a system message done from the page, Swagger UI listing every route, a
// phone-width layout, no console errors and no request leaving 127.0.0.1. Saves the README's
// screenshots (docs/img/dashboard.png, docs/img/api-docs.png).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_DOCS, OPERATIONS_DOCS } from '../../src/admin/openapi.js';
import { REST_PREFIX, restRoutes } from '../../src/admin/rest-routes.js';
import type { TimClient } from '../../src/client/tim-client.js';
import { browserSkipReason, launchBrowser, watchConsole } from '../helpers/browser.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { adminCall, befriend, makeRoom, startServer, until, type TestServer } from '../helpers/tim-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const skip = browserSkipReason();
if (skip) console.warn(`[tim tests] ${skip}`);
if (skip) describe.skip(`admin dashboard in a browser skipped: ${skip}`, () => undefined);
else await describeEachDatabase(
  'admin dashboard in a browser',
  (ctx) => {
    let srv: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    const offHost: string[] = [];

    beforeAll(async () => {
      // The page as the sources are now (npm run build does the same); the server serves what is
      // built when it starts.
      await build({ configFile: path.join(root, 'web/dashboard/vite.config.ts'), logLevel: 'error' });
      srv = await startServer(ctx.database);
      browser = await launchBrowser();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
        offHost.push(url.href);
        return route.abort();
      });
      page = await context.newPage();
      errors = watchConsole(page);
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.close();
    });

    const stats = async () => (await adminCall(srv, 'GET', '/api/v1/admin/stats')).body;
    const polls = async () => Number(await page.evaluate(() => document.body.dataset.polls ?? '0'));
    /** clients logged in by the first test, used by the second */
    const clients: TimClient[] = [];
    const tokenLogin = async (node: string): Promise<TimClient> => {
      const { token } = (await adminCall(srv, 'POST', '/api/v1/admin/tokens', { json: { node } })).body;
      const c = await srv.client();
      await c.loginByToken(token);
      return c;
    };
    const tile = async (id: string) => Number(await page.getAttribute(`[data-stat="${id}"]`, 'data-value'));

    it('signs in with the admin key and shows the figures of GET /stats while clients send', async () => {
      await page.goto(`${srv.adminUrl}/`);
      await page.waitForSelector('#login-key');
      expect(await page.isVisible('#app')).toBe(false);
      // a wrong key is refused and shows nothing (the browser logs the 401 itself: not a page error)
      await page.fill('#login-key', 'not-the-key');
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '') !== '');
      expect(await page.textContent('#login-error')).toMatch(/refused/);
      expect(errors.every((e) => /401/.test(e))).toBe(true);
      errors.length = 0;

      // load: two senders to one receiver, all friends; logged in with admin tokens (no password
      // check to wait for)
      const [s0, s1, rxNode] = await Promise.all(['dash-s0', 'dash-s1', 'dash-rx'].map((n) => srv.user(n)));
      await Promise.all([befriend(srv.knex, s0, rxNode), befriend(srv.knex, s1, rxNode)]);
      const [sender0, sender1, rx] = await Promise.all([s0, s1, rxNode].map((n) => tokenLogin(n)));
      clients.push(sender0, sender1, rx);
      const pairs = [sender0, sender1].map((sender) => ({ sender, to: rxNode }));
      let running = true;
      const load = pairs.map(async (p) => {
        for (let n = 0; running && n < 5000; n++) {
          await p.sender.send({ msType: 2, odType: 1, toTid: { node: p.to }, dataString: `load ${n}` });
          await new Promise((r) => setTimeout(r, 15)); // pacing, not a wait for a condition
        }
      });
      try {
        await page.fill('#login-key', 'test-admin-key');
        await page.click('#login-form button[type=submit]');
        await page.waitForSelector('#app:not([hidden])');
        await until(async () => (await polls()) >= 2 && (await tile('inRate')) > 0, 15_000, 'live figures with traffic');

        // A page poll that started after `before` and ended before `after` lies between them.
        const before = await stats();
        const seen = await polls();
        await until(async () => (await polls()) >= seen + 2, 10_000, 'two more polls');
        const shown = Object.fromEntries(
          await Promise.all(['connections', 'usersOnline', 'messagesIn', 'messagesOut', 'logins'].map(async (k) => [k, await tile(k)] as const)),
        );
        const after = await stats();
        expect(shown.connections).toBe(3);
        expect(before.connections).toBe(3);
        expect(after.connections).toBe(3);
        expect(shown.usersOnline).toBe(after.usersOnline);
        expect(shown.logins).toBe(after.logins);
        for (const k of ['messagesIn', 'messagesOut']) {
          expect(shown[k], k).toBeGreaterThanOrEqual(before[k]);
          expect(shown[k], k).toBeLessThanOrEqual(after[k]);
        }
        expect(after.messagesIn).toBeGreaterThan(before.messagesIn);
        expect(await tile('inRate')).toBeGreaterThan(0);
        expect(await tile('outRate')).toBeGreaterThan(0);
        // per-template latency, the database and the node
        await page.waitForSelector('#templates td code:text-is("message.save")');
        expect(await page.textContent('[data-testid=database]')).toMatch(/database up/);
        expect(await page.textContent('[data-testid=cluster]')).toMatch(/single node/);
        expect(await page.locator('#chart-messages canvas').count()).toBe(1);
        await page.screenshot({ path: path.join(root, 'docs/img/dashboard.png'), fullPage: true });
      } finally {
        running = false;
        await Promise.all(load);
      }
      sender1.close();
      await until(async () => (await stats()).connections === 2, 5000, 'one sender gone');
    });

    it('sends a system message that a client receives, browses a room, and kicks a user, from the page', async () => {
      // the load's receiver and its remaining sender, still logged in
      const [victim, , rx] = clients;
      const rxNode = rx.node as string;
      const victimNode = victim.node as string;
      const room = randomNode();
      await makeRoom(srv.knex, room, victimNode, [rxNode]);

      await page.click('#online-refresh');
      await page.waitForSelector(`#online button[data-node="${rxNode}"]`);
      await page.click(`#online button[data-node="${rxNode}"]`);
      await page.waitForFunction(() => /online, 1 device/.test(document.getElementById('user-state')?.textContent ?? ''));
      const got = rx.next('message', (m) => m.dataString === 'hello from the dashboard');
      await page.fill('#user-msg', 'hello from the dashboard');
      await page.click('#user-msg-form button[type=submit]');
      const m = await got;
      expect(m.msType).toBe(1);
      await page.waitForFunction((n) => (document.getElementById('result')?.textContent ?? '').includes(`${n}: delivered`), rxNode);

      // browse: the user's rooms, a room's members, back to a member
      await page.click(`#user-rooms button[data-node="${room}"]`);
      await page.waitForSelector(`#room-members button[data-node="${victimNode}"]`);
      expect((await page.$$eval('#room-members button', (bs) => bs.map((b) => b.dataset.node))).sort()).toEqual([rxNode, victimNode].sort());
      expect(await page.textContent('#room-count')).toBe('2 members');

      const kicked = new Promise<void>((resolve) => (victim as TimClient).on('close', () => resolve()));
      await page.click(`#room-members button[data-node="${victimNode}"]`);
      await page.waitForFunction((n) => document.getElementById('user-title')?.textContent === n, victimNode);
      await page.waitForFunction(() => /online, 1 device/.test(document.getElementById('user-state')?.textContent ?? ''));
      await page.click('#user-kick');
      await kicked;
      await until(() => !srv.app.core.registry.isOnline(victimNode), 5000, 'victim offline');
      await page.waitForFunction(() => /1 connection\(s\) closed/.test(document.getElementById('result')?.textContent ?? ''));
      await page.waitForFunction(() => /^offline/.test(document.getElementById('user-state')?.textContent ?? ''));
      expect(srv.app.core.registry.isOnline(rxNode)).toBe(true);
    });

    it('fits a 390 px wide phone screen without horizontal scrolling', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload(); // the key stays in this tab's sessionStorage
      await page.waitForSelector('#app:not([hidden])');
      await until(async () => (await polls()) >= 2, 10_000, 'polls at phone width');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (process.env.TIM_DASH_PHONE_SHOT) await page.screenshot({ path: process.env.TIM_DASH_PHONE_SHOT, fullPage: true });
      expect(overflow).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('/docs renders Swagger UI listing every route of the admin listener', async () => {
      const doc = (await adminCall(srv, 'GET', '/docs/json', { auth: null })).body;
      // the document has every route of the REST table, the legacy paths and the operations paths
      const documented = Object.entries(doc.paths as Record<string, object>)
        .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
        .sort();
      const required = [
        ...restRoutes(10).map((r) => `${r.method.toLowerCase()} ${REST_PREFIX}${r.url.replace(/:(\w+)/g, '{$1}')}`),
        ...Object.keys(LEGACY_DOCS).map((p) => `post ${p}`),
        ...Object.keys(OPERATIONS_DOCS).map((p) => `get ${p}`),
      ];
      expect(documented).toEqual(expect.arrayContaining(required));

      await page.goto(`${srv.adminUrl}/docs`);
      await page.waitForSelector('.opblock');
      await until(async () => (await page.locator('.opblock').count()) === documented.length, 10_000, 'every operation rendered');
      const rendered = await page.$$eval('.opblock', (els) =>
        els.map((e) => `${e.querySelector('.opblock-summary-method')?.textContent?.toLowerCase()} ${e.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`),
      );
      expect(rendered.sort()).toEqual(documented);
      expect(await page.textContent('.info .title')).toMatch(/tim-ts admin API/);
      await page.screenshot({ path: path.join(root, 'docs/img/api-docs.png') });
    });

    it('logged no console errors and asked nothing beyond the server', () => {
      expect(errors).toEqual([]);
      expect(offHost).toEqual([]);
    });
  },
  { clients: ['sqlite'] },
);
