// The demo chat (web/demo, served at /demo/ on the client listener) in a real browser: two pages
// register, befriend (request + accept), chat 1:1 with presence dots, revoke; one page leaves, the
// other sends, the first comes back and sees the offline messages and the history; a room made by
// one and reached by the other (invited, and joined by ID). One page is phone-sized. No console
// errors, no request leaving 127.0.0.1. Saves the README's screenshots (docs/img/demo-chat*.png).
//
// The page is built once per file into a temp dir that the server serves (AppOptions.webRoot), so
// the test sees the sources as they are and never races `npm run build` over dist/web.
// SQLite only: what this adds over test/e2e is the page, and a browser run costs ~20 s per target;
// the SQL underneath (accounts, friends, rooms, offline, history, revoke) runs on every database in
// test/e2e (business-*, offline, history-presence, revoke-burn, demo-page).

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser, watchConsole } from '../helpers/browser.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/tim-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const skip = browserSkipReason();
if (skip) console.warn(`[tim tests] ${skip}`);

let webRoot: string;
let browser: Browser;

beforeAll(async () => {
  if (skip) return;
  webRoot = await mkdtemp(path.join(os.tmpdir(), 'tim-demo-web-'));
  await build({
    configFile: path.join(root, 'web/demo/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: path.join(webRoot, 'demo'), emptyOutDir: true },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

/** A browser context whose requests must stay on 127.0.0.1 (others are aborted and listed). */
async function isolatedContext(viewport: { width: number; height: number }, offHost: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    offHost.push(url.href);
    return route.abort();
  });
  return context;
}

/** Registers `name` on the login form; resolves with the ID the page shows. */
async function register(page: Page, name: string): Promise<string> {
  await page.fill('#login-form input[name=name]', name);
  await page.fill('#login-form input[name=pwd]', `pw-${name}`);
  await page.click('#login-form button[value=register]');
  await page.waitForSelector('#app:not([hidden])');
  return (await page.textContent('#my-id'))!.trim();
}

/** Sends `text` in the open chat and waits for the server's echo to be shown. */
async function say(page: Page, text: string): Promise<void> {
  await page.fill('#composer input[name=text]', text);
  await page.click('#composer button[type=submit]');
  await page.locator('#messages .line.mine .text', { hasText: text }).waitFor();
}

if (skip) describe.skip(`demo chat in a browser skipped: ${skip}`, () => undefined);
else
  await describeEachDatabase('demo chat in a browser', (ctx) => {
    let srv: TestServer;
    let a: Page; // alice, desktop
    let b: Page; // bob, phone width
    let aliceId: string;
    let bobId: string;
    const errors: string[][] = [];
    const offHost: string[] = [];

    beforeAll(async () => {
      srv = await startServer(ctx.database, {}, { webRoot });
      a = await (await isolatedContext({ width: 1100, height: 720 }, offHost)).newPage();
      b = await (await isolatedContext({ width: 390, height: 760 }, offHost)).newPage();
      errors.push(watchConsole(a), watchConsole(b));
      // a step that fails names its selector well inside the test's own timeout
      a.setDefaultTimeout(8000);
      b.setDefaultTimeout(8000);
    });
    afterAll(async () => {
      await a?.context().close();
      await b?.context().close();
      await srv?.close();
    });

    it('registers two users, who befriend with a request and an accept and see each other online', async () => {
      await a.goto(`${srv.http}/`); // redirects to /demo/
      expect(new URL(a.url()).pathname).toBe('/demo/');
      await b.goto(`${srv.http}/demo/`);
      // a login before registering is refused in words, and the form stays
      await a.fill('#login-form input[name=name]', 'alice');
      await a.fill('#login-form input[name=pwd]', 'not-yet');
      await a.click('#login-form button[value=login]');
      await a.locator('#login-error', { hasText: 'wrong name or password' }).waitFor();
      [aliceId, bobId] = await Promise.all([register(a, 'alice'), register(b, 'bob')]);
      expect(aliceId).not.toBe(bobId);

      await a.fill('#add-friend input[name=node]', bobId);
      await a.click('#add-friend button[type=submit]');
      await a.locator('#requests .request.outgoing', { hasText: 'bob' }).waitFor();
      // bob is told, by name, and accepts
      const request = b.locator('#requests .request.incoming', { hasText: 'alice' });
      await request.locator('button', { hasText: 'Accept' }).click();
      // both now list the other as a friend, online (green dot), and no request is left
      await a.locator(`#friends button[data-key="user:${bobId}"] .dot.online`).waitFor();
      await b.locator(`#friends button[data-key="user:${aliceId}"] .dot.online`).waitFor();
      expect(await a.locator('#requests li').count()).toBe(0);
      expect(await b.locator('#requests li').count()).toBe(0);
    });

    it('chats 1:1 and revokes a message on both sides', async () => {
      await a.click(`#friends button[data-key="user:${bobId}"]`);
      await say(a, 'hello bob');
      // phone: the list shows an unread badge; opening the chat replaces the list
      await b.locator(`#friends button[data-key="user:${aliceId}"] .badge`, { hasText: '1' }).waitFor();
      await b.click(`#friends button[data-key="user:${aliceId}"]`);
      expect(await b.isVisible('#sidebar')).toBe(false);
      await b.locator('#messages .line.theirs .text', { hasText: 'hello bob' }).waitFor();
      await say(b, 'hi alice');
      await a.locator('#messages .line.theirs .text', { hasText: 'hi alice' }).waitFor();

      await a.locator('#messages .line.mine', { hasText: 'hello bob' }).locator('button.revoke').click();
      await a.locator('#messages .line.mine.revoked .text', { hasText: 'message revoked' }).waitFor();
      await b.locator('#messages .line.theirs.revoked .text', { hasText: 'message revoked' }).waitFor();
      expect(await b.locator('#messages .text', { hasText: 'hello bob' }).count()).toBe(0);
    });

    it('delivers what was sent while a page was away, and shows the history when it comes back', async () => {
      await b.goto('about:blank'); // bob's socket closes: alice sees him go offline
      await a.locator(`#friends button[data-key="user:${bobId}"] .dot.offline`).waitFor();
      await say(a, 'are you there?');
      await say(a, 'write back when you see this');

      await b.goto(`${srv.http}/demo/`); // same tab: logs in again by itself
      await b.waitForSelector('#app:not([hidden])');
      await a.locator(`#friends button[data-key="user:${bobId}"] .dot.online`).waitFor();
      await b.locator(`#friends button[data-key="user:${aliceId}"] .badge`, { hasText: '2' }).waitFor();
      await b.click(`#friends button[data-key="user:${aliceId}"]`);
      const lines = b.locator('#messages .line');
      // the two offline messages, tagged, after the history (bob's own line); the revoked one is gone
      await b.locator('#messages .line.theirs', { hasText: 'write back when you see this' }).locator('.tag').waitFor();
      await b.locator('#messages .line.mine .text', { hasText: 'hi alice' }).waitFor();
      expect(await lines.locator('.text').allTextContents()).toEqual(['hi alice', 'are you there?', 'write back when you see this']);
      expect(await b.locator('#messages .line.theirs .tag').count()).toBe(2);
    });

    it('chats in a room: one invited by its founder, one joined by its ID', async () => {
      // alice creates a room and adds bob from her friends
      await a.fill('#new-room input[name=topic]', 'team');
      await a.click('#new-room button[type=submit]');
      await a.locator('#chat-title', { hasText: 'team' }).waitFor();
      const teamKey = await a.locator('#rooms li.active button').getAttribute('data-key');
      await a.click('#invite button[type=submit]');
      await b.click('#back');
      await b.click(`#rooms button[data-key="${teamKey}"]`);
      await say(b, 'hello team');
      const fromBob = a.locator('#messages .line.theirs', { hasText: 'hello team' });
      await fromBob.waitFor();
      expect(await fromBob.locator('.from').textContent()).toBe('bob');

      // bob creates another room; alice joins it with the ID bob shares
      await b.click('#back');
      await b.fill('#new-room input[name=topic]', 'lobby');
      await b.click('#new-room button[type=submit]');
      await b.locator('#chat-title', { hasText: 'lobby' }).waitFor();
      const lobbyKey = (await b.locator('#rooms li.active button').getAttribute('data-key'))!;
      await a.fill('#join-room input[name=room]', lobbyKey.slice('room:'.length));
      await a.click('#join-room button[type=submit]');
      await a.locator('#chat-title', { hasText: 'lobby' }).waitFor();
      await say(a, 'joined by ID');
      await b.locator('#messages .line.theirs', { hasText: 'joined by ID' }).waitFor();

      // the README's pictures: alice's 1:1 chat on a desktop, bob's list on a phone
      await a.click(`#friends button[data-key="user:${bobId}"]`);
      await a.locator('#messages .line', { hasText: 'write back' }).waitFor();
      await b.click('#back');
      if (ctx.client === 'sqlite') {
        for (const p of [a, b]) await p.evaluate(() => void (document.getElementById('toast')!.hidden = true));
        await a.screenshot({ path: path.join(root, 'docs/img/demo-chat.png') });
        await b.screenshot({ path: path.join(root, 'docs/img/demo-chat-phone.png') });
      }
    });

    it('logged no console errors and sent nothing off the host', () => {
      expect(errors.flat()).toEqual([]);
      expect(offHost).toEqual([]);
    });
  }, { clients: ['sqlite'] });
