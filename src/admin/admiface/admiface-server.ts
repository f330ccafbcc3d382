// The Admiface listener (admin.admiface): tim 2.1's Thrift admin service over TCP, or TLS when
// admin.admiface.tls is set. TBufferedTransport + TCompactProtocol, no framing, as tim serves it.
//
// Per connection:
//  - the first call must be Auth with the username and password of an admin.accounts entry
//    (compared in constant time, as the legacy HTTP paths do; tim's AuthBean.domain is ignored).
//    A refused Auth answers {ok:false, errcode:4102}; after MAX_AUTH_FAILURES the connection is
//    closed. Failures also count across connections by account and address under
//    limits.loginFailures* (core/login-throttle.ts); a locked Auth answers 5105 unchecked. Ping is answered without authentication (as tim). Any other call before a successful
//    Auth is answered {ok:false, errcode:4105} (list methods: a TApplicationException "4105 ...")
//    and the connection is closed, as tim closes it;
//  - a connection that has not authenticated (with TLS: finished its handshake) within
//    limits.loginTimeoutSeconds, or that stays
//    silent for limits.pingTimeoutSeconds, is closed;
//  - calls are answered one after another in arrival order (tim holds a per-connection lock);
//  - an unknown method answers TApplicationException UNKNOWN_METHOD; bytes that are not a Thrift
//    compact message, or a message larger than limits.maxFrameBytes, close the connection;
//  - before a successful Auth a connection may send at most PRE_AUTH_BYTES in all (Auth and Ping
//    are small): arguments are decoded before the Auth check, and a few MB of empty list elements
//    decode to millions of objects, so an unauthenticated peer must not get limits.maxFrameBytes;
//  - at most MAX_CONNECTIONS connections at once; more are closed on accept (the backends of one
//    deployment hold a few);
//  - memory per connection is bounded: while more than REPLY_HIGH_WATER bytes of answers wait for
//    the peer to read them, the next call waits for them to drain, and while MAX_QUEUED_CALLS
//    calls wait, the socket is not read (so a peer that sends calls without reading the answers
//    stops being read, and pingTimeoutSeconds without progress closes it).

import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import thrift from 'thrift';
import type { TProtocol } from 'thrift';
import { safeEqual } from '../admin-auth.js';
import type { AdminService } from '../admin-service.js';
import { reportAdminError } from '../http-errors.js';
import { LoginThrottle } from '../../core/login-throttle.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Config } from '../../config/types.js';
import { readStruct, writeStruct, type Struct } from './admiface-codec.js';
import { AdmAck, METHOD_BY_NAME, type MethodDef } from './admiface-idl.js';
import { METHOD_IMPLS } from './admiface-methods.js';

const { Thrift, TBufferedTransport, TCompactProtocol, InputBufferUnderrunError } = thrift as unknown as {
  Thrift: typeof thrift.Thrift;
  TBufferedTransport: typeof thrift.TBufferedTransport;
  TCompactProtocol: typeof thrift.TCompactProtocol;
  InputBufferUnderrunError: new () => Error;
};

export const MAX_AUTH_FAILURES = 3;
export const PRE_AUTH_BYTES = 64 * 1024;
export const MAX_CONNECTIONS = 256;
export const MAX_QUEUED_CALLS = 32;
export const REPLY_HIGH_WATER = 1024 * 1024;

export interface AdmifaceServer {
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

interface Call {
  name: string;
  seqid: number;
  def: MethodDef | undefined;
  args: Struct;
}

/** Resolves once `socket` has written its buffered bytes, or has closed. */
function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

export function createAdmifaceServer(svc: AdminService, config: Config): AdmifaceServer {
  const { admiface, accounts } = config.admin;
  const { limits } = config;
  const log = svc.core.log.child({ component: 'admiface' });
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => serveConnection(socket);
  const server: net.Server = admiface.tls
    ? tls.createServer({ cert: readFileSync(admiface.tls.cert), key: readFileSync(admiface.tls.key), handshakeTimeout: limits.loginTimeoutSeconds * 1000 }, onSocket)
    : net.createServer(onSocket);
  server.maxConnections = MAX_CONNECTIONS;
  // Auth failures by admin account and by address across connections (limits.loginFailures*, as
  // client passwords): MAX_AUTH_FAILURES per connection alone would let a peer reconnect and go on.
  const authThrottle = new LoginThrottle(limits, () => Date.now());
  server.on('drop', (d) => log.warn({ remote: d?.remoteAddress, max: MAX_CONNECTIONS }, 'Admiface: connection refused, at the connection limit'));
  server.on('error', (err) => log.error({ err }, 'Admiface listener failed'));

  function checkAccount(ab: Struct): boolean {
    const username = typeof ab.username === 'string' ? ab.username : '';
    const password = typeof ab.password === 'string' ? ab.password : '';
    let hit = false;
    for (const a of accounts) hit = (safeEqual(username, a.username) && safeEqual(password, a.password)) || hit;
    return hit && accounts.length > 0;
  }

  function serveConnection(socket: net.Socket): void {
    sockets.add(socket);
    let authed = false;
    let failures = 0;
    let preAuthBytes = 0;
    let closing = false;
    let chain: Promise<void> = Promise.resolve();
    let queued = 0;
    const close = () => {
      if (closing) return;
      closing = true;
      socket.end();
      // A peer that does not read must not keep the socket: destroy after a short grace.
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(limits.pingTimeoutSeconds * 1000, () => socket.destroy());
    const loginTimer = setTimeout(() => {
      if (!authed) socket.destroy();
    }, limits.loginTimeoutSeconds * 1000);
    loginTimer.unref();
    socket.on('close', () => clearTimeout(loginTimer));

    // One output protocol per answer: TCompactProtocol keeps the first seqid it wrote.
    const newOutput = () =>
      new TCompactProtocol(
        new TBufferedTransport(undefined, (buf?: Buffer) => {
          if (buf !== undefined && !socket.destroyed) socket.write(buf);
        }),
      );

    const reply = (call: Call, result: Struct) => {
      const output = newOutput();
      output.writeMessageBegin(call.name, Thrift.MessageType.REPLY, call.seqid);
      writeStruct(output as TProtocol, { name: `${call.name}_result`, fields: [{ id: 0, name: 'success', type: { struct: call.def!.result } }] }, { success: result });
      output.writeMessageEnd();
      output.flush();
    };
    const exception = (call: Call, type: number, message: string) => {
      const output = newOutput();
      output.writeMessageBegin(call.name, Thrift.MessageType.EXCEPTION, call.seqid);
      new Thrift.TApplicationException(type, message).write(output);
      output.writeMessageEnd();
      output.flush();
    };
    /** A refusal in the method's result shape: AdmAck {ok:false, errcode}, else an exception. */
    const refuse = (call: Call, code: number, message: string) => {
      if (call.def!.result === AdmAck) reply(call, { ok: false, errcode: code });
      else exception(call, Thrift.TApplicationExceptionType.UNKNOWN, `${code} ${message}`);
    };

    async function handle(call: Call): Promise<void> {
      if (closing || socket.destroyed) return;
      if (call.def === undefined) return exception(call, Thrift.TApplicationExceptionType.UNKNOWN_METHOD, `unknown method ${call.name}`);
      if (call.name === 'Ping') return reply(call, { ok: true });
      if (call.name === 'Auth') {
        const ab = (call.args.ab as Struct | undefined) ?? {};
        const attempt = authThrottle.begin(typeof ab.username === 'string' ? ab.username : '', null, socket.remoteAddress ?? '');
        const locked = typeof attempt === 'string';
        if (!locked && checkAccount(ab)) {
          attempt.succeeded();
          authed = true;
          clearTimeout(loginTimer);
          return reply(call, { ok: true, t: svc.core.instanceHash });
        }
        if (!locked) attempt.failed();
        failures++;
        log.warn({ remote: socket.remoteAddress, failures, locked }, 'Admiface Auth refused');
        reply(call, { ok: false, errcode: locked ? ErrorCode.OVERHZ : ErrorCode.NOPASS });
        if (failures >= MAX_AUTH_FAILURES) close();
        return;
      }
      if (!authed) {
        refuse(call, ErrorCode.PERM_DENIED, 'not authenticated: call Auth first');
        return close();
      }
      log.debug({ method: call.name, remote: socket.remoteAddress }, 'Admiface call');
      try {
        reply(call, await METHOD_IMPLS[call.name](svc, call.args));
      } catch (err) {
        const c = reportAdminError({ log, dbErrors: svc.core.dbErrors }, err, 'Admiface call failed', { method: call.name });
        if (!socket.destroyed) refuse(call, c.code, c.message);
      }
    }

    const onData = (TBufferedTransport.receiver as unknown as (cb: (t: thrift.TBufferedTransport) => void, seqid: undefined, max: number) => (d: Buffer) => void)(
      (trans) => {
        const input = new TCompactProtocol(trans);
        for (;;) {
          let call: Call;
          try {
            const m = input.readMessageBegin();
            const def = METHOD_BY_NAME.get(m.fname);
            const args = def === undefined ? (input.skip(Thrift.Type.STRUCT), {}) : readStruct(input as TProtocol, def.args);
            input.readMessageEnd();
            trans.commitPosition();
            call = { name: m.fname, seqid: m.rseqid, def, args };
          } catch (err) {
            if (err instanceof InputBufferUnderrunError) {
              trans.rollbackPosition(); // the rest of the message has not arrived yet
              return;
            }
            log.warn({ remote: socket.remoteAddress, err: (err as Error).message }, 'Admiface: not a Thrift compact message; closing');
            socket.destroy();
            return;
          }
          if (++queued === MAX_QUEUED_CALLS) {
            log.warn({ remote: socket.remoteAddress, queued, unread: socket.writableLength }, 'Admiface: peer is not reading its answers; its calls wait');
            socket.pause();
          }
          chain = chain
            .then(() => (socket.writableLength > REPLY_HIGH_WATER ? drained(socket) : undefined))
            .then(() => handle(call))
            .catch((err: unknown) => log.error({ err }, 'Admiface reply failed'))
            .finally(() => {
              if (--queued === MAX_QUEUED_CALLS / 2 && socket.isPaused() && !socket.destroyed) socket.resume();
            });
        }
      },
      undefined,
      limits.maxFrameBytes,
    );
    socket.on('data', (d: Buffer) => {
      if (!authed && (preAuthBytes += d.length) > PRE_AUTH_BYTES) {
        log.warn({ remote: socket.remoteAddress, bytes: preAuthBytes }, `Admiface: more than ${PRE_AUTH_BYTES} bytes before Auth; closing`);
        socket.destroy();
        return;
      }
      try {
        onData(d);
      } catch (err) {
        log.warn({ remote: socket.remoteAddress, err: (err as Error).message }, 'Admiface: message refused; closing');
        socket.destroy();
      }
    });
  }

  return {
    listen() {
      const i = admiface.listen.lastIndexOf(':');
      const host = admiface.listen.slice(0, i).replace(/^\[(.*)\]$/, '$1');
      const port = Number(admiface.listen.slice(i + 1));
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          log.info({ address: addr.address, port: addr.port, tls: admiface.tls !== undefined }, 'Admiface listening');
          resolve(addr);
        });
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
