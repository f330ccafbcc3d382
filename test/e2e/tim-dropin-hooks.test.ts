// tim's options a deployer relies on (issue: drop-in for tim deployments), with real sockets and a
// real HTTP backend on 127.0.0.1: hooks.connectAuth (tim's connectauth_url), hooks.loginStatus
// (tim's loginstat.url, webtim's /loginstat), presence.offlineBlock (presence_offline_block) and the
// admin WebSocket's ADMSUB online-status subscription (admin.onlineSocket).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { T_ADM_ACK, T_AUTH_BEAN, T_SUB_BEAN, T_SUB_ONLINE } from '../../src/admin/admin-socket.js';
import { thriftDecode, thriftEncode } from '../../src/protocol/thrift-codec.js';
import type { TimPresence } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, startServer, sync, until, type TestServer } from '../helpers/tim-server.js';

const ADMIN = { username: 'ops', password: 'ops-pw-1' };

/** The application's backend: /connect admits by name, /loginstat records what tim posts. */
class Backend {
  readonly server: Server;
  readonly connects: Record<string, unknown>[] = [];
  readonly loginstats: { node: string; active: boolean; tid: { node: string }; wsId: number }[] = [];
  private readonly held: ServerResponse[] = [];
  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text);
    if (req.url === '/loginstat') {
      this.loginstats.push(body);
      res.end();
      return;
    }
    this.connects.push(body);
    const name = String(body.name ?? '');
    if (name.startsWith('slow')) return void this.held.push(res); // never answers
    if (name.startsWith('broken')) return void res.writeHead(500).end(Buffer.from([1]));
    if (name.startsWith('text')) return void res.end('1');
    res.end(Buffer.from([name.startsWith('nope') ? 0 : 1]));
  }
  async close(): Promise<void> {
    for (const r of this.held) r.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function admFrame(type: number, value?: object, ts = T_AUTH_BEAN): Buffer {
  return value === undefined ? Buffer.from([type]) : Buffer.concat([Buffer.from([type]), thriftEncode(ts, value)]);
}

await describeEachDatabase('tim drop-in: hooks and options', (ctx) => {
  let srv: TestServer;
  let backend: Backend;
  let alice: string, bob: string;
  beforeAll(async () => {
    backend = new Backend();
    const url = await backend.start();
    srv = await startServer(ctx.database, {
      admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], accounts: [ADMIN] },
      hooks: { connectAuth: { url: `${url}/connect`, timeoutMs: 300 }, loginStatus: { url: `${url}/loginstat` } },
      presence: { offlineBlock: true },
    });
    [alice, bob] = await Promise.all([srv.user('alice'), srv.user('bob')]);
    await befriend(srv.knex, alice, bob);
    await Promise.all(['nope', 'slow', 'broken', 'text-ok', 'carol'].map((n) => srv.user(n)));
  });
  afterAll(async () => {
    await srv?.close();
    await backend?.close();
  });

  async function refused(name: string): Promise<void> {
    const c = await srv.client();
    const closed = c.next('close');
    await expect(c.login(name, 'secret-' + name)).rejects.toMatchObject({ code: 4105 });
    await closed; // tim closes the socket
  }

  it('connectAuth: the TimAuth is posted first; byte 0x01 (or "1") admits, anything else refuses with 4105 and closes', async () => {
    const c = await srv.client();
    await c.login('alice', 'secret-alice');
    expect(backend.connects.at(-1)).toMatchObject({ name: 'alice', pwd: 'secret-alice' });
    const t = await srv.client();
    await t.login('text-ok', 'secret-text-ok');
    await refused('nope');
    await refused('broken'); // HTTP 500, even with 0x01
    const before = Date.now();
    await refused('slow'); // no answer within timeoutMs
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
    c.close();
    t.close();
  });

  it('loginStatus: {node, active:true, tid, wsId} on login, active:false when the last session closes; offlineBlock: no offline presence', async () => {
    const b = await srv.login('bob');
    const a = await srv.login('alice');
    const got: TimPresence[] = [];
    b.on('presence', (p) => got.push(p));
    // warm alice's roster: her broadcast reaches bob, so an offline one would too
    a.broadPresence(1, 0, 'here');
    await until(() => got.some((p) => p.fromTid?.node === alice), 5000, 'bob sees alice');
    await until(() => backend.loginstats.some((x) => x.node === alice && x.active), 5000, 'login posted');
    const on = backend.loginstats.find((x) => x.node === alice && x.active)!;
    expect(on.tid).toMatchObject({ node: alice });
    expect(typeof on.wsId).toBe('number');
    await a.close();
    await until(() => backend.loginstats.some((x) => x.node === alice && !x.active), 5000, 'logout posted');
    await sync(b);
    expect(got.filter((p) => p.offline)).toEqual([]);
    b.close();
  });

  it('admin WebSocket /tim: ADMAUTH with an admin account, then ADMSUB gives online and offline events', async () => {
    const ws = new WebSocket(`${srv.adminUrl.replace('http', 'ws')}/tim`);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    const nth = (n: number) => until(() => frames.length >= n, 5000, `${n} admin frames`).then(() => frames[n - 1]);
    ws.send(admFrame(12, { username: ADMIN.username, password: 'wrong' }));
    const no = await nth(1);
    expect([no[0], thriftDecode(T_ADM_ACK, no.subarray(1))]).toEqual([12, { ok: false, errcode: 4102 }]);
    ws.send(admFrame(12, { username: ADMIN.username, password: ADMIN.password }));
    const yes = await nth(2);
    expect([yes[0], thriftDecode(T_ADM_ACK, yes.subarray(1))]).toEqual([12, { ok: true }]);
    ws.send(admFrame(11));
    expect([...(await nth(3))]).toEqual([11]);
    ws.send(admFrame(13, { subType: 1 }, T_SUB_BEAN));
    await until(() => srv.app.core.onlineListeners.size >= 2, 5000, 'subscribed'); // loginStatus + this socket
    const carol = await srv.login('carol');
    const event = (f: Buffer) => {
      const sub = thriftDecode<{ subType: number; bs: Buffer }>(T_SUB_BEAN, f.subarray(1));
      return { type: f[0], subType: sub.subType, ...thriftDecode(T_SUB_ONLINE, sub.bs) };
    };
    expect(event(await nth(4))).toEqual({ type: 13, subType: 1, node: carol.node, status: 1 });
    await carol.close();
    expect(event(await nth(5))).toEqual({ type: 13, subType: 1, node: carol.node, status: 2 });
    ws.close();
    await until(() => srv.app.core.onlineListeners.size === 1, 5000, 'unsubscribed on close');

    // Anything but ADMAUTH or ADMPING before the auth closes the socket.
    const early = new WebSocket(`${srv.adminUrl.replace('http', 'ws')}/tim`);
    await new Promise((r) => early.once('open', r));
    const closed = new Promise<number>((r) => early.once('close', (code) => r(code)));
    early.send(admFrame(13, { subType: 1 }, T_SUB_BEAN));
    expect(await closed).toBe(1008);
  });
});
