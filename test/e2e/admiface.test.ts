// Admiface (tim 2.1's Thrift admin service, src/admin/admiface/) over a real TCP socket, called by
// a client generated from thrift/admiface.thrift (scripts/gen-thrift.sh -> test/helpers/admiface-gen, ES6 promises: the thrift runtime 0.24 no longer ships Q)
// with the real `thrift` library: authentication refused and accepted, EVERY method with its result
// checked against what the clients see and the tables hold, bad input, and the decided tim quirks
// (no missing results; list refusals as TApplicationException).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { buildConfig } from '../../src/config/load-config.js';
import { userNode } from '../../src/protocol/node-id.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { hashPassword } from '../../src/store/passwords.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, startServer, until, type TestServer } from '../helpers/tim-server.js';

const require = createRequire(import.meta.url);
// The generated code and the thrift runtime are CommonJS.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const thrift = require('thrift');
// The ES6 client sets each call's seqid itself; the runtime warns about that on every call.
thrift.setLogFunc(() => undefined);
const Admiface = require('../helpers/admiface-gen/Admiface.js');
const T = require('../helpers/admiface-gen/admiface_types.js');

const ADMIN = { username: 'backend', password: 'adm-secret' };
const HASH = await hashPassword('af-pw');
const num = (v: unknown): number => (v === undefined || v === null ? NaN : Number(String(v)));

interface Conn {
  client: Any;
  closed: Promise<void>;
  end(): void;
}

function connect(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const conn = thrift.createConnection('127.0.0.1', port, {
      transport: thrift.TBufferedTransport,
      protocol: thrift.TCompactProtocol,
      max_attempts: 0,
      connect_timeout: 3000,
    });
    const closed = new Promise<void>((r) => conn.once('close', () => r()));
    conn.on('error', (err: Error) => reject(err));
    conn.once('connect', () => resolve({ client: thrift.createClient(Admiface.Client, conn), closed, end: () => conn.end() }));
  });
}

await describeEachDatabase('Admiface', (ctx) => {
  let srv: TestServer;
  let port: number;
  let adm: Conn;
  const conns: Conn[] = [];
  const nodes = new Map<string, string>();

  beforeAll(async () => {
    srv = await startServer(ctx.database, {
      admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], accounts: [ADMIN], admiface: { enabled: true, listen: '127.0.0.1:0' } },
    });
    port = srv.app.admifaceAddress()!.port;
    adm = await open();
    expect(await adm.client.Auth(new T.AuthBean(ADMIN))).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    for (const c of conns) c.end();
    await srv?.close();
  });

  const open = async () => {
    const c = await connect(port);
    conns.push(c);
    return c;
  };
  const user = async (name: string): Promise<string> => {
    const known = nodes.get(name);
    if (known !== undefined) return known;
    const { node } = await createUser(srv.knex, { name, pwd: 'af-pw' }, async () => HASH);
    nodes.set(name, node);
    return node;
  };
  const login = async (name: string): Promise<TimClient> => {
    const node = await user(name);
    const ack = await adm.client.Token(new T.AdmToken({ name: node }));
    const c = await srv.client();
    await c.loginByToken(ack.n2);
    return c;
  };

  describe('authentication', () => {
    it('Ping needs none; a wrong password is 4102 and the third closes; an AdmAck call before Auth is 4105 and closes', async () => {
      const c = await open();
      expect(await c.client.Ping()).toMatchObject({ ok: true });
      const bad = new T.AuthBean({ username: ADMIN.username, password: 'wrong' });
      expect(await c.client.Auth(bad)).toMatchObject({ ok: false, errcode: 4102 });
      expect(await c.client.Auth(new T.AuthBean({ username: 'nobody', password: ADMIN.password }))).toMatchObject({ ok: false, errcode: 4102 });
      expect(await c.client.Auth(bad)).toMatchObject({ ok: false, errcode: 4102 });
      await c.closed;

      const d = await open();
      expect(await d.client.Register(new T.AuthBean({ username: 'af-sneaky', password: 'x' }))).toMatchObject({ ok: false, errcode: 4105 });
      await d.closed;
      expect(await srv.knex('tim_user').where({ name: 'af-sneaky' })).toHaveLength(0);
    });

    it('a list call before Auth is a TApplicationException "4105 ..." and closes', async () => {
      const c = await open();
      await expect(c.client.Roster(await user('af-x'), '')).rejects.toMatchObject({ message: expect.stringMatching(/^4105 /) });
      await c.closed;
    });

    it('Auth with an admin.accounts entry answers ok with t; garbage bytes close the connection', async () => {
      const c = await open();
      const ack = await c.client.Auth(new T.AuthBean({ ...ADMIN, domain: 'ignored' }));
      expect(ack.ok).toBe(true);
      expect(num(ack.t)).toBe(srv.app.core.instanceHash);
      const raw = net.connect(port, '127.0.0.1');
      const closed = new Promise((r) => raw.once('close', r));
      raw.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
      await closed;
    });
  });

  describe('every method', () => {
    it('accounts: Register, Token, ModifyPwd, ModifyUserInfo', async () => {
      const reg = await adm.client.Register(new T.AuthBean({ username: 'af-reg', password: 'first-pw' }));
      expect(reg).toMatchObject({ ok: true, n: userNode('af-reg') });
      expect(await adm.client.Register(new T.AuthBean({ username: 'af-reg', password: 'x' }))).toMatchObject({ ok: false, errcode: 4101 });
      expect(await adm.client.ModifyPwd(reg.n, '', 'wrong-old', 'second-pw')).toMatchObject({ ok: false, errcode: 4112 });
      expect(await adm.client.ModifyPwd(reg.n, '', '', 'second-pw')).toMatchObject({ ok: true });
      const tok = await adm.client.Token(new T.AdmToken({ name: 'af-reg', password: 'second-pw' }));
      expect(tok).toMatchObject({ ok: true, timType: 15, n: reg.n });
      const c = await srv.client();
      expect((await c.loginByToken(tok.n2)).ok).toBe(true);
      expect(await adm.client.Token(new T.AdmToken({ name: 'af-reg', password: 'first-pw' }))).toMatchObject({ ok: false, errcode: 4102 });
      expect(await adm.client.Token(new T.AdmToken({}))).toMatchObject({ ok: false, errcode: 4106 });

      const mod = new T.AdmModifyUserInfo({ node: reg.n, userbean: new T.AdmUserBean({ nickName: 'Reggie', gender: 1 }) });
      expect(await adm.client.ModifyUserInfo(mod)).toMatchObject({ ok: true });
      expect(JSON.parse((await srv.knex('tim_user').where({ node: reg.n }).first()).profile)).toMatchObject({ nickName: 'Reggie' });
    });

    it('roster: Addroster both ways, Roster, Authroster, Blockroster, BlockRosterList, Rmroster', async () => {
      const [a, b] = [await user('af-ra'), await user('af-rb')];
      const cb = await login('af-rb');
      const asked = cb.next('message', (m) => m.bnType === 4);
      expect(await adm.client.Addroster(a, '', b, 'hello')).toMatchObject({ ok: true });
      expect(await asked).toMatchObject({ fromTid: { node: a }, dataString: 'hello' });
      expect(await adm.client.Authroster(a, '', b)).toMatchObject({ ok: false });
      expect(await adm.client.Addroster(b, '', a, 'yes')).toMatchObject({ ok: true });
      expect((await adm.client.Roster(a, '')).nodelist).toEqual([b]);
      expect(await adm.client.Authroster(a, '', b)).toMatchObject({ ok: true });
      expect(await adm.client.Addroster(a, '', b, 'again')).toMatchObject({ ok: false, errcode: 4117 });

      expect(await adm.client.Blockroster(a, '', b)).toMatchObject({ ok: true });
      expect((await adm.client.BlockRosterList(a, '')).nodelist).toEqual([b]);
      expect((await adm.client.Roster(a, '')).nodelist).toEqual([]);
      expect(await adm.client.Rmroster(a, '', b)).toMatchObject({ ok: true });
      expect((await adm.client.BlockRosterList(a, '')).nodelist).toEqual([]);
    });

    it('messages: TimMessageBroadcast, TimPresenceBroadcast, ProxyMessage, PullUserMessage, OfflineMsg, DelOfflineMsg', async () => {
      const [a, b, off] = [await user('af-ma'), await user('af-mb'), await user('af-off')];
      await adminCall(srv, 'PUT', '/api/v1/admin/friendships', { json: { a, b } });
      const cb = await login('af-mb');

      const sys = cb.next('message', (m) => m.msType === 1);
      const bc = new T.AdmMessageBroadcast({ nodes: [b, off], message: new T.AdmMessage({ msType: 1, odType: 1, dataString: 'system says' }) });
      expect(await adm.client.TimMessageBroadcast(bc)).toMatchObject({ ok: true });
      expect(await sys).toMatchObject({ msType: 1, dataString: 'system says' });

      const pres = cb.next('presence');
      const pb = new T.AdmPresenceBroadcast({ nodes: [b], presence: new T.AdmPresence({ fromNode: a, status: 'in a meeting', show: 2 }) });
      expect(num((await adm.client.TimPresenceBroadcast(pb)).t)).toBe(1);
      expect(await pres).toMatchObject({ fromTid: { node: a }, status: 'in a meeting', show: 2 });

      const got = cb.next('message', (m) => m.dataString === 'proxied');
      const px = await adm.client.ProxyMessage(new T.AdmProxyMessage({ message: new T.AdmMessage({ msType: 2, odType: 1, fromNode: a, toNode: b, dataString: 'proxied' }) }));
      expect(px.ok).toBe(true);
      const m = await got;
      expect(m).toMatchObject({ fromTid: { node: a }, mid: num(px.t2) });
      expect(await adm.client.ProxyMessage(new T.AdmProxyMessage({ message: new T.AdmMessage({ msType: 2, odType: 1, fromNode: off, toNode: b, dataString: 'x' }) }))).toMatchObject({ ok: false, errcode: 4105 });

      const hist = await adm.client.PullUserMessage(a, '', b, 0, 0, 10);
      expect(num(hist.totalcount)).toBe(1);
      expect(hist.msglist[0]).toMatchObject({ msType: 2, odType: 1, fromNode: a, toNode: b, dataString: 'proxied' });
      expect(num(hist.msglist[0].mid)).toBe(m.mid);
      expect(await adm.client.PullUserMessage(a, '', b, m.mid! - 1, 0, 10)).toMatchObject({ msglist: [] }); // empty, not MISSING_RESULT

      await until(async () => (await adm.client.OfflineMsg(off, '', 10)).msglist.length > 0, 5000, 'offline row');
      const offline = await adm.client.OfflineMsg(off, '', 10);
      expect(offline.msglist[0]).toMatchObject({ msType: 1, dataString: 'system says' });
      const del = await adm.client.DelOfflineMsg(off, '', [offline.msglist[0].id]);
      expect(del).toMatchObject({ ok: true });
      expect(num(del.t)).toBe(1);
      expect((await adm.client.OfflineMsg(off, '', 10)).msglist).toEqual([]);
    });

    it('rooms: CreateRoom, AddRoom, PullInRoom, RoomUsers, UserRoom, Authgroupuser, PullRoomMessage, ModifyRoomInfo, KickRoom, RejectRoom, BlockRoomMember(list), BlockRoom(List), LeaveRoom, CancelRoom', async () => {
      const [f, b, c] = [await user('af-gf'), await user('af-gb'), await user('af-gc')];
      const created = await adm.client.CreateRoom(f, '', 'climbers', 1);
      expect(created.ok).toBe(true);
      const room: string = created.n;
      expect(Number((await srv.knex('tim_room').where({ node: room }).first()).gtype)).toBe(1);

      expect(await adm.client.AddRoom(b, '', room, 'let me in')).toMatchObject({ ok: true });
      expect((await adm.client.RoomUsers(room, '')).nodelist).toEqual([f]);
      expect(await adm.client.PullInRoom(b, '', room, c)).toMatchObject({ ok: false, errcode: 4105 });
      expect(await adm.client.PullInRoom(f, '', room, b)).toMatchObject({ ok: true });
      expect((await adm.client.RoomUsers(room, '')).nodelist.sort()).toEqual([f, b].sort());
      expect((await adm.client.UserRoom(b, '')).nodelist).toEqual([room]);
      expect(await adm.client.Authgroupuser(b, '', room)).toMatchObject({ ok: true });

      const post = await adm.client.ProxyMessage(new T.AdmProxyMessage({ message: new T.AdmMessage({ msType: 3, odType: 1, fromNode: f, roomNode: room, dataString: 'welcome' }) }));
      const pulled = await adm.client.PullRoomMessage(b, '', room, 0, 0, 10);
      expect(pulled.msglist.map((x: Any) => [x.dataString, num(x.mid)])).toEqual([['welcome', num(post.t2)]]);
      await expect(adm.client.PullRoomMessage(c, '', room, 0, 0, 10)).rejects.toMatchObject({ message: expect.stringMatching(/^4105 /) });

      const info = new T.AdmRoomBean({ unode: f, gnode: room, atr: new T.AdmTimRoom({ topic: 'boulderers' }) });
      expect(await adm.client.ModifyRoomInfo(info)).toMatchObject({ ok: true });
      expect(JSON.parse((await srv.knex('tim_room').where({ node: room }).first()).profile)).toMatchObject({ topic: 'boulderers' });
      expect(await adm.client.ModifyRoomInfo(new T.AdmRoomBean({ gnode: room }))).toMatchObject({ ok: false, errcode: 4106 });

      expect(await adm.client.KickRoom(f, '', room, b)).toMatchObject({ ok: true });
      expect(await adm.client.Authgroupuser(b, '', room)).toMatchObject({ ok: false });
      expect(await adm.client.AddRoom(c, '', room, 'me too')).toMatchObject({ ok: true });
      expect(await adm.client.RejectRoom(f, '', room, c, 'no')).toMatchObject({ ok: true });
      expect(await adm.client.BlockRoomMember(f, '', room, c)).toMatchObject({ ok: true });
      expect((await adm.client.BlockRoomMemberlist(f, '', room)).nodelist).toEqual([c]);
      expect((await adm.client.BlockRoomMemberlist(b, '', room)).nodelist).toEqual([]); // not an admin: nothing, as tim
      expect(await adm.client.BlockRoom(b, '', room)).toMatchObject({ ok: true });
      expect((await adm.client.BlockRoomList(b, '')).nodelist).toEqual([room]);

      const second = (await adm.client.CreateRoom(f, '', 'short-lived', 2)).n;
      expect(await adm.client.AddRoom(c, '', second, 'hi')).toMatchObject({ ok: true }); // open: joined at once
      expect(await adm.client.CancelRoom(f, '', second)).toMatchObject({ ok: false, errcode: 4105 }); // still has a member
      expect(await adm.client.LeaveRoom(c, '', second)).toMatchObject({ ok: true });
      expect(await adm.client.CancelRoom(f, '', second)).toMatchObject({ ok: true });
      expect(await adm.client.AddRoom(c, '', second, 'hi')).toMatchObject({ ok: false, errcode: 4108 });
    });

    it('vrooms and sessions: Vroom, VirtualroomRegister/AddAuth/DelAuth/Sub/UnSub/Remove, OnlineUser, Detect, SysBlockUser', async () => {
      const [o, s] = [await user('af-vo'), await user('af-vs')];
      const v1 = await adm.client.Vroom(new T.AdmVroomBean({ node: o, rtype: 1 }));
      expect(v1.ok).toBe(true);
      expect(srv.app.core.registry).toBeDefined();
      const reg = await adm.client.VirtualroomRegister(o, '');
      expect(reg).toMatchObject({ ok: true, timType: 22 });
      const vnode: string = reg.n;
      expect(await adm.client.VirtualroomAddAuth(s, '', vnode, s)).toMatchObject({ ok: false, errcode: 4105 });
      expect(await adm.client.VirtualroomAddAuth(o, '', vnode, s)).toMatchObject({ ok: true, n: s, n2: vnode });

      const cs = await login('af-vs');
      const wsid = srv.app.core.registry.sessionsOf(s)[0].id;
      expect(await adm.client.VirtualroomSub(wsid, s, '', vnode, 0)).toMatchObject({ ok: true, n: vnode });
      const co = await login('af-vo');
      const pushed = cs.next('stream');
      co.pushStream(vnode, Buffer.from('frame-1'));
      expect(Buffer.from((await pushed).body!).toString()).toBe('frame-1');
      expect(await adm.client.VirtualroomUnSub(wsid, s, '', vnode)).toMatchObject({ ok: true });
      expect(await adm.client.VirtualroomSub(wsid + 999, s, '', vnode, 0)).toMatchObject({ ok: false, errcode: 4109 });
      expect(await adm.client.VirtualroomDelAuth(o, '', vnode, s)).toMatchObject({ ok: true });
      expect(await adm.client.VirtualroomRemove(o, '', vnode)).toMatchObject({ ok: true });
      expect(await adm.client.Vroom(new T.AdmVroomBean({ node: v1.n, rtype: 2 }))).toMatchObject({ ok: true });
      expect(await adm.client.Vroom(new T.AdmVroomBean({ node: o, rtype: 9 }))).toMatchObject({ ok: false, errcode: 4104 });

      const online = await adm.client.OnlineUser(new T.AdmOnlineUser({ index: 0, limit: 1000 }));
      expect(online.tidlist.map((t: Any) => t.node)).toEqual(expect.arrayContaining([o, s]));
      expect(num(online.size)).toBe(online.tidlist.length);
      expect(num((await adm.client.Detect(new T.AdmDetectBean({ nodes: [s] }))).t)).toBe(1);

      const gone = cs.next('ack', (a) => a.timType === 20);
      expect(await adm.client.SysBlockUser(new T.AdmSysBlockUser({ nodelist: [s], blocktime: 60 }))).toMatchObject({ ok: true });
      await gone;
      expect(srv.app.core.bans.list(Date.now()).map((x: Any) => x.node)).toContain(s);
      expect(await adm.client.SysBlockUser(new T.AdmSysBlockUser({ nodelist: [s], blocktime: -1 }))).toMatchObject({ ok: true });
      expect(srv.app.core.bans.list(Date.now()).map((x: Any) => x.node)).not.toContain(s);
    });
  });

  describe('bad input', () => {
    it('AdmAck methods answer the tim code; list methods a TApplicationException starting with it; nothing changes', async () => {
      const ghost = userNode('af-ghost');
      const a = await user('af-bad');
      expect(await adm.client.CreateRoom(ghost, '', 't', 1)).toMatchObject({ ok: false, errcode: 4106 });
      expect(await adm.client.Addroster(a, '', ghost, '')).toMatchObject({ ok: false, errcode: 4106 });
      expect(await adm.client.Addroster('', '', a, '')).toMatchObject({ ok: false, errcode: 4104 });
      expect(await adm.client.KickRoom(a, '', ghost, '')).toMatchObject({ ok: false, errcode: 4104 });
      expect(await adm.client.DelOfflineMsg(a, '', [])).toMatchObject({ ok: false, errcode: 4104 });
      expect(await adm.client.SysBlockUser(new T.AdmSysBlockUser({ nodelist: [] }))).toMatchObject({ ok: false, errcode: 4104 });
      await expect(adm.client.Roster('', '')).rejects.toMatchObject({ message: expect.stringMatching(/^4104 /) });
      await expect(adm.client.Roster(ghost, '')).rejects.toMatchObject({ message: expect.stringMatching(/^4106 /) });
      await expect(adm.client.RoomUsers(ghost, '')).rejects.toMatchObject({ message: expect.stringMatching(/^4109 /) });
      await expect(adm.client.PullUserMessage(a, '', a, -5, 0, 10)).rejects.toMatchObject({ message: expect.stringMatching(/^4104 /) });
      expect(await srv.knex('tim_room').where({ founder: ghost })).toHaveLength(0);
      // the connection is still usable after refusals
      expect(await adm.client.Ping()).toMatchObject({ ok: true });
    });
  });
});

describe('Admiface listener configuration', () => {
  it('is off by default, on loopback when enabled; tls needs both files', () => {
    const def = buildConfig({ database: { client: 'sqlite', connection: ':memory:' } });
    expect(def.admin.admiface).toEqual({ enabled: false, listen: '127.0.0.1:20005' });
    expect(() => buildConfig({ admin: { admiface: { enabled: true, tls: { cert: 'c.pem' } } } })).toThrow(/admin\.admiface\.tls\.key/);
    expect(() => buildConfig({ admin: { admiface: { listen: 'nowhere' } } })).toThrow(/admin\.admiface\.listen/);
  });

  it('serves TLS when admin.admiface.tls is set', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'admiface-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const srv = await startServer(
      { client: 'sqlite', connection: path.join(dir, 'tim.db'), pool: { min: 1, max: 1 } },
      { admin: { listen: '127.0.0.1:0', keys: ['k'], accounts: [ADMIN], admiface: { enabled: true, listen: '127.0.0.1:0', tls: { cert, key } } } },
    );
    try {
      const port = srv.app.admifaceAddress()!.port;
      const conn = thrift.createSSLConnection('127.0.0.1', port, {
        transport: thrift.TBufferedTransport,
        protocol: thrift.TCompactProtocol,
        max_attempts: 0,
        rejectUnauthorized: false,
      });
      conn.on('error', () => undefined);
      await new Promise((r) => conn.once('connect', r));
      const client = thrift.createClient(Admiface.Client, conn);
      expect(await client.Auth(new T.AuthBean(ADMIN))).toMatchObject({ ok: true });
      expect((await client.UserRoom(userNode('nobody-tls'), '').catch((e: Error) => e)).message).toMatch(/^4106 /);
      conn.end();
      // a client that does not speak TLS is closed
      const raw = net.connect(port, '127.0.0.1');
      raw.on('error', () => undefined);
      raw.write(Buffer.from('GET / HTTP/1.0\r\n\r\n'));
      await new Promise((r) => raw.once('close', r));
    } finally {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
