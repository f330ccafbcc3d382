// POST /tim2 (docs/protocol.md 5.3): one raw frame in the body, REGISTER (14, builtin mode) or TOKEN
// (15); the answer is a TIMACK frame. Other frame types get an empty 200, as tim does.
//
// Hostile clients: each client address may send limits.httpRatePerMinute requests a minute (HTTP
// 429 with a JSON body beyond, before the body is read; counted per process); TOKEN checks a
// password like AUTH does, so it answers to the same login throttle (core/login-throttle.ts:
// 5105 when locked, nothing checked); REGISTER's hashing shares the bounded hash slots (5104 when
// full). The address is the TCP peer's (no X-Forwarded-For: fastify's trustProxy is off).

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { throttledCheck } from '../core/handlers/auth.js';
import type { TimCore } from '../core/tim-core.js';
import { reportError } from '../core/frame-error.js';
import { ErrorCode, errorAckOf, type ErrorCodeValue } from '../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../protocol/frame-codec.js';
import { decodeAuth, encodeJson } from '../protocol/json-codec.js';
import { TimType, TYPE_MASK } from '../protocol/timtype.js';
import { thriftDecode, thriftEncodeWithHeader } from '../protocol/thrift-codec.js';
import { isThriftClientFrame } from '../protocol/thrift-frames.js';
import { T_ACK, T_AUTH } from '../protocol/thrift-structs.js';
import type { TimAck, TimAuth } from '../protocol/wire-types.js';

export async function registerTim2(app: FastifyInstance, core: TimCore, maxFrameBytes: number): Promise<void> {
  // Bodies are raw frames whatever the content type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFrameBytes }, (_req, body, done) => done(null, body));

  const perMinute = core.limits.httpRatePerMinute;
  // global: false: only /tim2 is limited here, not the WebSocket upgrade (connection-limits.ts).
  await app.register(rateLimit, { global: false });
  const config = {
    rateLimit:
      perMinute > 0
        ? {
            max: perMinute,
            timeWindow: 60_000,
            errorResponseBuilder: (_req: unknown, ctx: { statusCode: number; after: string }) =>
              Object.assign(new Error(`more than ${perMinute} POST /tim2 requests a minute from this address; retry in ${ctx.after}`), {
                statusCode: ctx.statusCode,
              }),
          }
        : (false as const),
  };

  app.post('/tim2', { config }, async (req, reply) => {
    const frame = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    reply.header('content-type', 'application/octet-stream');
    if (frame.length === 0) return reply.send(Buffer.alloc(0));
    const type = frame[0] & TYPE_MASK;
    if (type !== TimType.REGISTER && type !== TimType.TOKEN) return reply.send(Buffer.alloc(0));
    // As tim: the frame's bit 0x80 says whether its body is JSON or Thrift compact, and the ack
    // answers in the same encoding (docs/thrift.md).
    const thrift = isThriftClientFrame(frame);
    const ackFrame = thrift ? thriftAckFrame : jsonAckFrame;
    if (core.disabled.has(type)) return reply.send(ackFrame(errorAck(type, ErrorCode.INTERFACE)));
    let auth: TimAuth;
    try {
      // an empty Thrift body is a failed read for tim, as on the socket
      if (thrift && frame.length === 1) throw new Error('empty body');
      auth = thrift ? thriftDecode<TimAuth>(T_AUTH, frameBody(frame)) : decodeAuth(frameBody(frame));
    } catch {
      return reply.send(ackFrame(errorAck(type, ErrorCode.PARAMS)));
    }
    try {
      const ack = type === TimType.REGISTER ? await register(core, auth) : await token(core, auth, req.ip);
      return reply.send(ackFrame(ack));
    } catch (err) {
      // As on the socket (core/frame-error.ts), database failures included; the info carries no
      // reason here, as before.
      const { code } = reportError(core, err, `/tim2 ${type}`, { type, path: '/tim2' });
      return reply.send(ackFrame(errorAck(type, code)));
    }
  });
}

async function register(core: TimCore, auth: TimAuth): Promise<TimAck> {
  if (core.accounts === undefined) return errorAck(TimType.REGISTER, ErrorCode.INTERFACE);
  if (!auth.name || !auth.pwd) return errorAck(TimType.REGISTER, ErrorCode.PARAMS);
  const node = await core.accounts.register(auth.name, auth.pwd, auth.domain ?? null);
  return { ok: true, timType: TimType.REGISTER, n: node };
}

async function token(core: TimCore, auth: TimAuth, remote: string): Promise<TimAck> {
  if (!auth.name || !auth.pwd) return errorAck(TimType.TOKEN, ErrorCode.NOPASS);
  const { name, pwd } = auth;
  const r = await throttledCheck(core, name, auth.domain, remote, () => core.store.tokenCredentials(name, pwd, auth.domain ?? null));
  if (r === 'locked') return errorAck(TimType.TOKEN, ErrorCode.OVERHZ);
  if (!r.ok) return errorAck(TimType.TOKEN, ErrorCode.NOPASS);
  const { token } = await core.tokens.issue({ node: r.node, name: auth.name, domain: auth.domain });
  // `n` as newer tim answers; `t`, the same token as a number, as older tim (src/core/tokens.ts).
  return { ok: true, timType: TimType.TOKEN, n: token, t: Number(token) };
}

function errorAck(timType: number, code: ErrorCodeValue): TimAck {
  return errorAckOf(timType, code);
}

function jsonAckFrame(ack: TimAck): Buffer {
  return encodeFrame(TimType.ACK, encodeJson(ack));
}

function thriftAckFrame(ack: TimAck): Buffer {
  const out = thriftEncodeWithHeader(T_ACK, ack, 1);
  out[0] = TimType.ACK;
  return out;
}
