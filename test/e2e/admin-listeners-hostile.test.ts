// Hostile peers of the admin listeners' non-HTTP doors: tim's admin WebSocket /tim
// (src/admin/admin-socket.ts) and Admiface over TCP (src/admin/admiface/admiface-server.ts).
// Password guessing on one socket, bytes an unauthenticated peer may make the server hold, and the
// connection cap. Transport only (no SQL behaviour), so one database target suffices.

import { createRequire } from 'node:module';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { T_ADM_ACK, T_AUTH_BEAN } from '../../src/admin/admin-socket.js';
import { MAX_AUTH_FAILURES, MAX_CONNECTIONS, MAX_QUEUED_CALLS, PRE_AUTH_BYTES } from '../../src/admin/admiface/admiface-server.js';
import { thriftDecode, thriftEncode } from '../../src/protocol/thrift-codec.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { capturedLogger } from '../helpers/log-lines.js';
import { startServer, until, type TestServer } from '../helpers/tim-server.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const thrift: any = require('thrift');

const ADMIN = { username: 'ops', password: 'ops-pw-hostile' };
const GUESSED = { username: 'guessed-admin', password: 'right-pw-guessed' };
const WS_GUESSED = { username: 'ws-guessed-admin', password: 'right-pw-ws' };

/** One Thrift-compact CALL of `name`, its argument fields written by `fields`. */
function call(name: string, fields: (p: any) => void): Buffer { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Buffer[] = [];
  const p = new thrift.TCompactProtocol(new thrift.TBufferedTransport(undefined, (b: Buffer) => out.push(b)));
  p.writeMessageBegin(name, thrift.Thrift.MessageType.CALL, 1);
  p.writeStructBegin('args');
  fields(p);
  p.writeFieldStop();
  p.writeStructEnd();
  p.writeMessageEnd();
  p.flush();
  return Buffer.concat(out);
}

/** Auth with `a`'s username and password. */
function authCall(a: { username: string; password: string }): Buffer {
  return call('Auth', (p) => {
    p.writeFieldBegin('ab', thrift.Thrift.Type.STRUCT, 1);
    p.writeStructBegin('AuthBean');
    p.writeFieldBegin('username', thrift.Thrift.Type.STRING, 1);
    p.writeString(a.username);
    p.writeFieldEnd();
    p.writeFieldBegin('password', thrift.Thrift.Type.STRING, 2);
    p.writeString(a.password);
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
    p.writeFieldEnd();
  });
}

/** The EXCEPTION message a server answers `name` (seqid) with, as Thrift's library writes it. */
function exceptionBytes(name: string, seqid: number, type: number, message: string): Buffer {
  const out: Buffer[] = [];
  const p = new thrift.TCompactProtocol(new thrift.TBufferedTransport(undefined, (b: Buffer) => out.push(b)));
  p.writeMessageBegin(name, thrift.Thrift.MessageType.EXCEPTION, seqid);
  new thrift.Thrift.TApplicationException(type, message).write(p);
  p.writeMessageEnd();
  p.flush();
  return Buffer.concat(out);
}

interface Raw {
  socket: net.Socket;
  received(): Buffer;
  closed: Promise<void>;
  isClosed(): boolean;
}

function raw(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const closed = new Promise<void>((r) => socket.once('close', () => ((done = true), r())));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), closed, isClosed: () => done }));
    socket.once('error', reject);
  });
}

await describeEachDatabase(
  'admin listeners under hostile peers',
  (ctx) => {
    let srv: TestServer;
    let port: number;
    const sockets: net.Socket[] = [];
    const { logger, lines: logLines } = capturedLogger('warn');
    beforeAll(async () => {
      srv = await startServer(
        ctx.database,
        {
          admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], accounts: [ADMIN, GUESSED, WS_GUESSED], admiface: { enabled: true, listen: '127.0.0.1:0' } },
          // long enough that only the behaviour under test can close a socket within a test
          limits: { loginTimeoutSeconds: 60 },
        },
        { logger },
      );
      port = srv.app.admifaceAddress()!.port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await srv?.close();
    });

    it(`admin WebSocket: ${MAX_AUTH_FAILURES} refused ADMAUTHs close the socket (no guessing at wire speed)`, async () => {
      const ws = new WebSocket(`${srv.adminUrl.replace('http', 'ws')}/tim`);
      await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
      let code: number | undefined;
      ws.once('close', (c) => (code = c));
      const acks: Buffer[] = [];
      ws.on('message', (d: Buffer) => acks.push(d));
      for (let i = 0; i < MAX_AUTH_FAILURES - 1; i++) {
        ws.send(Buffer.concat([Buffer.from([12]), thriftEncode(T_AUTH_BEAN, { username: ADMIN.username, password: `guess-${i}` })]));
      }
      await until(() => acks.length === MAX_AUTH_FAILURES - 1, 3000, 'refusals');
      expect(code).toBeUndefined();
      ws.send(Buffer.concat([Buffer.from([12]), thriftEncode(T_AUTH_BEAN, { username: ADMIN.username, password: 'guess-last' })]));
      await until(() => code !== undefined, 3000, 'closed after the last refusal');
      expect(code).toBe(1008);
    });

    it('admin WebSocket: refused ADMAUTHs count across sockets; once locked, even the right password is refused (5105)', async () => {
      const open = async () => {
        const ws = new WebSocket(`${srv.adminUrl.replace('http', 'ws')}/tim`);
        await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
        const acks: Buffer[] = [];
        ws.on('message', (d: Buffer) => acks.push(d));
        const auth = async (password: string) => {
          const n = acks.length;
          ws.send(Buffer.concat([Buffer.from([12]), thriftEncode(T_AUTH_BEAN, { username: WS_GUESSED.username, password })]));
          await until(() => acks.length > n, 3000, 'ADMAUTH answered');
          return thriftDecode(T_ADM_ACK, acks[n].subarray(1));
        };
        return { ws, auth };
      };
      let wrong = 0;
      while (wrong < 5) {
        const { ws, auth } = await open();
        for (let i = 0; i < MAX_AUTH_FAILURES && wrong < 5; i++, wrong++) expect(await auth(`g${wrong}`)).toEqual({ ok: false, errcode: 4102 });
        ws.close();
      }
      const { ws, auth } = await open();
      expect(await auth(WS_GUESSED.password)).toEqual({ ok: false, errcode: 5105 });
      ws.close();
    });

    // First of the Admiface tests: no other connection of this file is open yet.
    it(`Admiface: at most ${MAX_CONNECTIONS} connections at once; the next is closed, the others stay`, async () => {
      const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => raw(port)));
      for (const h of held) sockets.push(h.socket);
      const extra = await raw(port);
      sockets.push(extra.socket);
      await until(() => extra.isClosed(), 3000, 'the extra connection closed');
      expect(held.filter((h) => h.isClosed())).toHaveLength(0);
      for (const h of held) h.socket.destroy();
      await Promise.all(held.map((h) => h.closed));
      // Room again once they are gone.
      await until(async () => {
        const again = await raw(port);
        sockets.push(again.socket);
        const ok = await Promise.race([again.closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 200))]);
        again.socket.destroy();
        return ok;
      }, 3000, 'a connection accepted again');
    });
    it(`Admiface: an unauthenticated peer is closed once it has sent more than ${PRE_AUTH_BYTES} bytes`, async () => {
      const c = await raw(port);
      sockets.push(c.socket);
      // DelOfflineMsg's ids: a list<i64> announcing a million elements, each zero one byte; the
      // message never completes, so without the budget the server keeps buffering it.
      const head = call('DelOfflineMsg', (p) => {
        p.writeFieldBegin('ids', thrift.Thrift.Type.LIST, 3);
        p.writeListBegin(thrift.Thrift.Type.I64, 1_000_000);
      });
      const partial = head.subarray(0, head.length - 1); // drop the STOP: the list is still open
      c.socket.write(Buffer.concat([partial, Buffer.alloc(2 * PRE_AUTH_BYTES)]));
      await until(() => c.isClosed(), 3000, 'closed');
      expect(c.received().length).toBe(0);
    });

    it('Admiface: after Auth, messages larger than the pre-auth budget are read', async () => {
      const c = await raw(port);
      sockets.push(c.socket);
      c.socket.write(authCall(ADMIN));
      await until(() => c.received().includes('Auth'), 3000, 'Auth answered');
      // Ping with an unknown 2 x PRE_AUTH_BYTES binary field, which the server skips.
      c.socket.write(
        call('Ping', (p) => {
          p.writeFieldBegin('pad', thrift.Thrift.Type.STRING, 9);
          p.writeBinary(Buffer.alloc(2 * PRE_AUTH_BYTES, 7));
          p.writeFieldEnd();
        }),
      );
      await until(() => c.received().includes('Ping') || c.isClosed(), 3000, 'Ping answered');
      expect(c.isClosed()).toBe(false);
      expect(c.received().includes('Ping')).toBe(true);
    });


    it(`Admiface: a peer that sends calls without reading the answers stops being read (at most ${MAX_QUEUED_CALLS} calls wait); once it reads, every answer arrives`, async () => {
      const c = await raw(port);
      sockets.push(c.socket);
      c.socket.write(authCall(ADMIN));
      await until(() => c.received().includes('Auth'), 3000, 'Auth answered');
      let bytes = 0; // after the Auth answer
      c.socket.on('data', (d: Buffer) => (bytes += d.length));
      c.socket.pause(); // the peer stops reading
      // Unknown methods with long names: each answer, an exception naming the method twice, is about
      // twice the size of its call, so the answers fill the socket buffers long before the calls end.
      const name = 'm'.repeat(20_000);
      const calls = 800;
      const one = call(name, () => undefined);
      for (let i = 0; i < calls; i++) c.socket.write(one);
      const waiting = () => logLines.some((l) => l.msg === 'Admiface: peer is not reading its answers; its calls wait');
      await until(waiting, 15_000, 'the server stops reading the peer');
      c.socket.resume();
      const answer = exceptionBytes(name, 1, thrift.Thrift.TApplicationExceptionType.UNKNOWN_METHOD, `unknown method ${name}`);
      await until(() => bytes >= calls * answer.length || c.isClosed(), 30_000, 'every answer arrives');
      expect(c.isClosed()).toBe(false);
      expect(bytes).toBe(calls * answer.length);
    });

    it('Admiface: Auth failures count across connections; once locked, even the right password is refused (5105)', async () => {
      const Admiface = require('../helpers/admiface-gen/Admiface.js');
      const T = require('../helpers/admiface-gen/admiface_types.js');
      thrift.setLogFunc(() => undefined);
      const client = () =>
        new Promise<{ c: any; conn: any }>((resolve, reject) => { // eslint-disable-line @typescript-eslint/no-explicit-any
          const conn = thrift.createConnection('127.0.0.1', port, { transport: thrift.TBufferedTransport, protocol: thrift.TCompactProtocol, max_attempts: 0 });
          conn.on('error', reject);
          conn.once('connect', () => resolve({ c: thrift.createClient(Admiface.Client, conn), conn }));
        });
      const user = GUESSED.username; // an account of its own, so the lock does not touch ADMIN
      let wrong = 0;
      // limits.loginFailuresPerAccount (5 by default) wrong guesses, over connections that each
      // close after MAX_AUTH_FAILURES.
      while (wrong < 5) {
        const { c, conn } = await client();
        for (let i = 0; i < MAX_AUTH_FAILURES && wrong < 5; i++, wrong++) {
          expect(await c.Auth(new T.AuthBean({ username: user, password: `g${wrong}` }))).toMatchObject({ ok: false, errcode: 4102 });
        }
        conn.end();
      }
      const { c, conn } = await client();
      expect(await c.Auth(new T.AuthBean(GUESSED))).toMatchObject({ ok: false, errcode: 5105 });
      conn.end();
      // The configured account from this address is not locked by guesses at another name.
      const ok = await client();
      expect(await ok.c.Auth(new T.AuthBean(ADMIN))).toMatchObject({ ok: true });
      ok.conn.end();
    });
  },
  { clients: ['sqlite'] },
);
