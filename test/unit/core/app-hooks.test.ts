// hooks.connectAuth and hooks.loginStatus (src/core/app-hooks.ts) against a real HTTP server on
// 127.0.0.1: what is posted, what admits, fail-closed on errors, and failures logged rate limited.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSWER_BYTES, connectAuthHook, loginStatusHook } from '../../../src/core/app-hooks.js';
import type { Logger } from '../../../src/core/ports.js';

let server: Server;
let base: string;
const bodies: string[] = [];
let answer: { status: number; body: Uint8Array | string } = { status: 200, body: new Uint8Array([1]) };

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      bodies.push(text);
      res.writeHead(answer.status).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function logger(): Logger & { warns: unknown[] } {
  const warns: unknown[] = [];
  const l = { warns, trace() {}, debug() {}, info() {}, error() {}, warn: (o: unknown) => void warns.push(o), child: () => l };
  return l as Logger & { warns: unknown[] };
}

it('connectAuth posts the TimAuth and admits on 0x01 or "1" only', async () => {
  const hook = connectAuthHook({ url: `${base}/c`, timeoutMs: 2000 }, logger());
  answer = { status: 200, body: new Uint8Array([1, 0]) };
  expect(await hook({ name: 'alice', pwd: 'pw', termtyp: 1 })).toBe(true);
  expect(JSON.parse(bodies.at(-1)!)).toEqual({ name: 'alice', pwd: 'pw', termtyp: 1 });
  answer = { status: 200, body: ' 1\n' };
  expect(await hook({ token: '4503599627370497' })).toBe(true);
  for (const body of [new Uint8Array([0]), new Uint8Array(0), 'true', '2']) {
    answer = { status: 200, body };
    expect(await hook({ name: 'x' })).toBe(false);
  }
  answer = { status: 403, body: new Uint8Array([1]) };
  expect(await hook({ name: 'x' })).toBe(false);
});

it('connectAuth reads only the first ANSWER_BYTES of a body that does not end', async () => {
  // Bodies that never end: decided from their first bytes, long before the timeout.
  const held: import('node:http').ServerResponse[] = [];
  let chunk: Uint8Array = new Uint8Array([1]);
  const endless = createServer((req, res) => {
    req.resume();
    res.writeHead(200);
    res.write(chunk);
    held.push(res);
  });
  await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/c`;
    const hook = connectAuthHook({ url, timeoutMs: 10_000 }, logger());
    let t = Date.now();
    expect(await hook({ name: 'a' })).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);
    chunk = new Uint8Array(ANSWER_BYTES + 1).fill(0x20);
    t = Date.now();
    expect(await hook({ name: 'b' })).toBe(false);
    expect(Date.now() - t).toBeLessThan(5000);
  } finally {
    for (const r of held) r.destroy();
    endless.closeAllConnections();
    await new Promise((r) => endless.close(r));
  }
});

it('connectAuth fails closed when nothing listens, and logs it', async () => {
  const log = logger();
  const hook = connectAuthHook({ url: 'http://127.0.0.1:1/none', timeoutMs: 1000 }, log);
  expect(await hook({ name: 'x' })).toBe(false);
  expect(await hook({ name: 'y' })).toBe(false);
  expect(log.warns).toHaveLength(1); // the second failure waits for the next line
});

it("loginStatus posts tim's {node, active, tid, wsId}; failures do not throw and are logged once per interval", async () => {
  const log = logger();
  const hook = loginStatusHook({ url: `${base}/l`, timeoutMs: 2000 }, log);
  answer = { status: 200, body: '' };
  const n = bodies.length;
  hook('N1', true, { id: 7, tid: { node: 'N1', resource: 'web' } } as never);
  hook('N1', false, { id: 7, tid: { node: 'N1', resource: 'web' } } as never);
  await hook.idle();
  expect(bodies.slice(n).map((b) => JSON.parse(b))).toEqual([
    { node: 'N1', active: true, tid: { node: 'N1', resource: 'web' }, wsId: 7 },
    { node: 'N1', active: false, tid: { node: 'N1', resource: 'web' }, wsId: 7 },
  ]);
  answer = { status: 500, body: '' };
  for (let i = 0; i < 5; i++) hook('N2', true, { id: i } as never);
  await hook.idle();
  expect(log.warns).toHaveLength(1);
  expect(hook.dropped()).toBe(0);
});
