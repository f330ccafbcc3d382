// tim's admin WebSocket `/tim` on the admin listener (tim 2.x web-admin port; config
// admin.onlineSocket), for backends that watch who is online through it instead of the
// loginstat callback. Frames: byte 0 is the type (masked with 0x7f), the rest a Thrift-compact
// struct:
//   11 ADMPING                      answered with an 11 frame;
//   12 ADMAUTH  AuthBean{1 username, 2 password, 3 domain}
//                                   an admin.accounts entry; answered 12 + AdmAck{1 ok, 3 errcode
//                                   4102 when refused}; until it succeeds any other frame closes
//                                   the socket, and limits.loginTimeoutSeconds without it too;
//                                   the MAX_AUTH_FAILURES-th refusal closes it (1008), so one
//                                   socket cannot guess passwords at wire speed; refusals also
//                                   count across sockets by account and address under
//                                   limits.loginFailures* (core/login-throttle.ts), and while
//                                   locked ADMAUTH answers errcode 5105 unchecked;
//   13 ADMSUB   AdmSubBean{1 subType: 1 ONLINESTATUS}
//                                   subscribes: each login on this server sends 13 +
//                                   AdmSubBean{1 subType 1, 2 bs: AdmSubOnlineBean{1 node,
//                                   2 status 1 online | 2 offline}} (online on every login,
//                                   offline when the user's last session anywhere closed);
//   14..17                          accepted and ignored (tim's stream injection is not served).
// A subscriber that does not read (more than limits.sendQueueBytes unsent) is closed.

import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { LoginThrottle } from '../core/login-throttle.js';
import type { OnlineListener, TimCore } from '../core/tim-core.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { schema, type Schema } from '../protocol/json-schemas.js';
import { thriftDecode, thriftEncode } from '../protocol/thrift-codec.js';
import type { ThriftStruct } from '../protocol/thrift-structs.js';
import { safeEqual, type AdminSecrets } from './admin-auth.js';
import { MAX_AUTH_FAILURES } from './admiface/admiface-server.js';

const ADM = { PING: 11, AUTH: 12, SUB: 13 } as const;
const ONLINESTATUS = 1;
const STATUS = { ONLINE: 1, OFFLINE: 2 } as const;

/** A struct whose Thrift ids are its fields' positions + 1, none required (tim's adm IDL). */
function plain(s: Schema): ThriftStruct {
  const ids = s.fields.map((_, i) => i + 1);
  return {
    schema: s,
    ids,
    required: ids.map(() => false),
    requiredMask: 0,
    byId: [undefined, ...ids.map((_, i) => i)],
    subs: ids.map(() => undefined),
  };
}

export const T_AUTH_BEAN = plain(
  schema('AuthBean', [
    { name: 'username', kind: 'str' },
    { name: 'password', kind: 'str' },
    { name: 'domain', kind: 'str' },
  ]),
);
export const T_ADM_ACK = plain(
  schema('AdmAck', [
    { name: 'ok', kind: 'bool' },
    { name: 'timType', kind: 'i8' },
    { name: 'errcode', kind: 'i32' },
    { name: 't', kind: 'i64' },
    { name: 'n', kind: 'str' },
    { name: 't2', kind: 'i64' },
    { name: 'n2', kind: 'str' },
  ]),
);
export const T_SUB_BEAN = plain(
  schema('AdmSubBean', [
    { name: 'subType', kind: 'i8' },
    { name: 'bs', kind: 'bytes' },
  ]),
);
export const T_SUB_ONLINE = plain(
  schema('AdmSubOnlineBean', [
    { name: 'node', kind: 'str' },
    { name: 'status', kind: 'i8' },
  ]),
);

function frame(type: number, ts?: ThriftStruct, value?: object): Buffer {
  return ts === undefined ? Buffer.from([type]) : Buffer.concat([Buffer.from([type]), thriftEncode(ts, value ?? {})]);
}

function accountMatches(secrets: AdminSecrets, username: unknown, password: unknown): boolean {
  if (typeof username !== 'string' || typeof password !== 'string') return false;
  let ok = false;
  for (const a of secrets.accounts) ok = (safeEqual(username, a.username) && safeEqual(password, a.password)) || ok;
  return ok;
}

export async function registerAdminSocket(app: FastifyInstance, core: TimCore, secrets: AdminSecrets): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024, perMessageDeflate: false } });
    const throttle = new LoginThrottle(core.limits, () => Date.now());
    scope.get('/tim', { websocket: true }, (socket: WebSocket, req) => serve(core, secrets, throttle, socket, req.ip));
  });
}

function serve(core: TimCore, secrets: AdminSecrets, throttle: LoginThrottle, socket: WebSocket, remote: string): void {
  let authed = false;
  let failures = 0;
  let listener: OnlineListener | undefined;
  const deadline = setTimeout(() => authed || socket.close(1008, 'no ADMAUTH in time'), core.limits.loginTimeoutSeconds * 1000);
  const send = (b: Buffer): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > core.limits.sendQueueBytes) {
      socket.close(4001, 'too slow');
      return;
    }
    socket.send(b);
  };
  const stop = (): void => {
    clearTimeout(deadline);
    if (listener !== undefined) core.onlineListeners.delete(listener);
    listener = undefined;
  };
  socket.on('close', stop);
  socket.on('error', stop);
  socket.on('message', (data: Buffer) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (bytes.length === 0) return;
    const type = bytes[0] & 0x7f;
    if (!authed && type !== ADM.AUTH && type !== ADM.PING) {
      socket.close(1008, 'ADMAUTH first');
      return;
    }
    try {
      if (type === ADM.PING) send(frame(ADM.PING));
      else if (type === ADM.AUTH) {
        const ab = thriftDecode<{ username?: string; password?: string }>(T_AUTH_BEAN, bytes.subarray(1));
        let locked = false;
        if (!authed) {
          const attempt = throttle.begin(typeof ab.username === 'string' ? ab.username : '', null, remote);
          locked = typeof attempt === 'string';
          if (typeof attempt !== 'string') {
            authed = accountMatches(secrets, ab.username, ab.password);
            if (authed) attempt.succeeded();
            else attempt.failed();
          }
        }
        if (authed) clearTimeout(deadline);
        send(frame(ADM.AUTH, T_ADM_ACK, authed ? { ok: true } : { ok: false, errcode: locked ? ErrorCode.OVERHZ : ErrorCode.NOPASS }));
        if (!authed && ++failures >= MAX_AUTH_FAILURES) socket.close(1008, 'too many failed ADMAUTH');
      } else if (type === ADM.SUB) {
        const sb = thriftDecode<{ subType?: number }>(T_SUB_BEAN, bytes.subarray(1));
        if (sb.subType !== ONLINESTATUS || listener !== undefined) return;
        listener = (node, online) => {
          const bs = thriftEncode(T_SUB_ONLINE, { node, status: online ? STATUS.ONLINE : STATUS.OFFLINE });
          send(frame(ADM.SUB, T_SUB_BEAN, { subType: ONLINESTATUS, bs }));
        };
        core.onlineListeners.add(listener);
      }
      // 14..17 and unknown types: ignored, as tim does after auth.
    } catch (err) {
      core.log.debug({ err: (err as Error).message, type }, 'admin socket: unreadable frame closed the socket');
      socket.close(1008, 'unreadable frame');
    }
  });
}
