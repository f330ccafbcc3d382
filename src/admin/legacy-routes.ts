// tim 2.0.x's admin paths (docs/admin-api.md section 5) for backends migrating from tim, at the root of
// the admin listener, over the same AdminService as REST v1.
//
// Compatibility contract:
//  - credentials: the `username`/`password` headers of an admin.accounts entry, or a Bearer key;
//  - bodies: `application/x-www-form-urlencoded` (nested objects as JSON text in fields) or JSON,
//    whatever else the content type says (tim parsed anything but a form as JSON); GET or POST;
//  - answers: HTTP 200 with a TimAck (`ok`, `timType`, `n`, `n2`, `error{code, info}`), also for
//    refusals, as tim did; only bad credentials (401), no configured credentials (403) and an
//    oversized body (413) use HTTP statuses;
//  - /timMessage has its documented 2.0.x meaning (system message; tim's later raw-frame variant is
//    not served) and, like tim, answers once the request is accepted, without waiting for the
//    deliveries; /timOsMessage is the same;
//  - /timToken returns the node in `n` and the one token twice: as a string in `n2`, as tim from
//    2025 does, and as a JSON number in `t`, as older tim did and webtim's backend reads it (tokens
//    are decimal below 2^53, src/core/tokens.ts newToken; either form logs in once).

import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../protocol/error-codes.js';
import { ProtocolError } from '../protocol/frame-codec.js';
import { ackJson, errorAckJson, parseJsonText, type AckExtra } from '../protocol/json-codec.js';
import { MsType, OdType, TimType } from '../protocol/timtype.js';
import { legacyAuth, type AdminSecrets } from './admin-auth.js';
import type { AdminService } from './admin-service.js';
import { AdminError, reportAdminError } from './http-errors.js';
import { messageFrom, nodeListFrom, roomBeanFrom, userBeanFrom } from './wire-input.js';

type Body = Record<string, unknown>;
type Handler = (svc: AdminService, b: Body) => Promise<AckExtra | void> | AckExtra | void;

const OK_TYPE = 0;

/** A required text field (form fields are text already). */
function need(b: Body, name: string): string {
  const v = b[name];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new ProtocolError(ErrorCode.PARAMS, `${name} is required`);
}

function opt(b: Body, name: string): string | undefined {
  const v = b[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An integer field, as a JSON number or form text. */
function int(b: Body, name: string): number {
  const v = typeof b[name] === 'string' ? Number((b[name] as string).trim()) : b[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ProtocolError(ErrorCode.PARAMS, `${name} must be an integer`);
  return v;
}

const routes: Record<string, { timType?: number; handler: Handler }> = {
  '/timMessage': { handler: systemMessage },
  '/timOsMessage': { handler: systemMessage },
  '/timToken': {
    timType: TimType.TOKEN,
    async handler(svc, b) {
      const name = need(b, 'name');
      const password = opt(b, 'password');
      // Without a password, name is a node (docs/admin-api.md section 5, /timToken).
      const t = password === undefined ? await svc.issueToken({ node: name }) : await svc.issueToken({ name, password, domain: opt(b, 'domain') });
      return { n: t.node, n2: t.token, t: Number(t.token) };
    },
  },
  '/timRegister': { handler: async (svc, b) => ({ n: await svc.register(need(b, 'username'), need(b, 'password'), opt(b, 'domain')) }) },
  '/timResetAuth': {
    async handler(svc, b) {
      const name = need(b, 'loginname');
      await svc.setPasswordByName(name, need(b, 'pwd'), opt(b, 'domain'));
      return { n: name };
    },
  },
  '/timModifyUserInfo': { handler: async (svc, b) => void (await svc.modifyUser(need(b, 'node'), userBeanFrom(b.userbean))) },
  '/timBlockUser': {
    async handler(svc, b) {
      const account = need(b, 'account');
      const time = int(b, 'time');
      if (time < 0) svc.unblock(account);
      else if (time === 0) await svc.kick(account);
      else await svc.block(account, time);
      return { n: account };
    },
  },
  '/timNewRoom': {
    async handler(svc, b) {
      // tim's form variant: gtype "1" is private, anything else open.
      const gtype = b.gtype === 1 || b.gtype === '1' ? 1 : 2;
      return { n: await svc.createRoom({ founder: need(b, 'node'), topic: opt(b, 'topic'), gtype, domain: opt(b, 'domain') }) };
    },
  },
  '/timModifyRoomInfo': {
    async handler(svc, b) {
      need(b, 'unode'); // required as in tim; the change is made as an admin (tim HEAD's override)
      await svc.modifyRoom(need(b, 'gnode'), roomBeanFrom(b.roombean ?? {}));
    },
  },
  '/timVroom': {
    async handler(svc, b) {
      if (int(b, 'rtype') !== 1) throw new ProtocolError(ErrorCode.PARAMS, 'only rtype 1 (create) is served');
      return { n: await svc.createVroom(need(b, 'node')) };
    },
  },
};

async function systemMessage(svc: AdminService, b: Body): Promise<AckExtra> {
  if (b.message === undefined) throw new ProtocolError(ErrorCode.PARAMS, 'message is required');
  const send = await svc.systemMessage({ to: nodeListFrom(b.nodes), message: messageFrom(b.message, MsType.SYSTEM, OdType.NORMAL) });
  void send.done.catch((err: unknown) => svc.core.log.error({ err }, 'system message delivery failed'));
  return {};
}

export async function registerLegacyRoutes(app: FastifyInstance, svc: AdminService, secrets: AdminSecrets, bodyLimit: number): Promise<void> {
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit });
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, text, done) => {
    try {
      done(null, (text as string).trim() === '' ? {} : parseJsonText(text as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('onRequest', legacyAuth(secrets));
  app.setErrorHandler((err, req, reply) => {
    const c = reportAdminError(svc.core, err, 'legacy admin call failed', { path: req.url });
    const status = (err instanceof AdminError && err.status !== undefined) || c.status === 413 ? c.status : 200;
    return reply.code(status).type('application/json').send(errorAckJson(timTypeOf(req), c.code));
  });

  for (const [url, r] of Object.entries(routes)) {
    app.route({
      method: ['GET', 'POST'],
      url,
      bodyLimit,
      config: { timType: r.timType ?? OK_TYPE },
      handler: async (req, reply) => {
        const extra = await r.handler(svc, bodyOf(req));
        return reply.type('application/json').send(ackJson(true, r.timType ?? OK_TYPE, extra ?? undefined));
      },
    });
  }
  app.route({
    method: ['GET', 'POST'],
    url: '/timBlockList',
    handler: async () => Object.fromEntries(svc.blocks().map((x) => [x.node, Math.floor(x.until / 1000)])),
  });
  app.route({ method: ['GET', 'POST'], url: '/timOnline', handler: async () => svc.onlineTids() });
  app.route({
    method: ['GET', 'POST'],
    url: '/timDetect',
    bodyLimit,
    handler: async (req, reply) => {
      await svc.detect(nodeListFrom(bodyOf(req).nodes));
      return reply.code(200).send('');
    },
  });
}

function bodyOf(req: FastifyRequest): Body {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new ProtocolError(ErrorCode.PARAMS, 'the body must be a JSON object or a form');
  return b as Body;
}

function timTypeOf(req: FastifyRequest): number {
  const t = (req.routeOptions?.config as { timType?: unknown } | undefined)?.timType;
  return typeof t === 'number' ? t : OK_TYPE;
}
