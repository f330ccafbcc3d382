// REST v1 under /api/v1/admin (docs/admin-api.md section 3). One table drives both the fastify routes and
// the OpenAPI document (openapi.ts). Every route needs `Authorization: Bearer <key>` (admin-auth.ts);
// errors are `{ok:false, error:{code, info, message}}` with the status of http-errors.ts.
//
// POST /messages/system answers only after every delivery has ended, because the answer reports
// each recipient's outcome: at once for devices that acknowledge, after up to 3 x
// limits.ackTimeoutSeconds for a connected device that does not (then it is stored offline).
// Callers should allow that long a timeout.
//
// GET /stats, GET /connections and POST /users/detect describe the whole cluster when it is one
// (`cluster.redis`); only then do their answers carry the cluster fields (`server`, `nodes`,
// `byNode`, `partial`), so a single node answers as it always did.

import type { FastifyInstance } from 'fastify';
import { OdType, MsType } from '../protocol/timtype.js';
import type { AdminService } from './admin-service.js';
import { monitorSchema } from './admin-monitor.js';
import { AdminError } from './http-errors.js';
import { restSchemas, type JsonSchema } from './rest-schemas.js';
import { clientMessageFrom, messageFrom, presenceFrom, roomBeanFrom, userBeanFrom } from './wire-input.js';
import { ErrorCode } from '../protocol/error-codes.js';

export const REST_PREFIX = '/api/v1/admin';

/** What a handler reads; fastify has validated each part against the route's schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Req = { body: Record<string, any>; params: Record<string, string>; query: Record<string, any> };

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  /** what a success answers, for the docs */
  returns: string;
  status?: number;
  body?: JsonSchema;
  params?: JsonSchema;
  querystring?: JsonSchema;
  /** the success answer's schema, for the docs only (answers are not filtered through it) */
  response?: JsonSchema;
  handler(svc: AdminService, req: Req): Promise<object> | object;
}

export function restRoutes(maxRecipients: number): RestRoute[] {
  const s = restSchemas(maxRecipients);
  return [
    {
      method: 'POST',
      url: '/messages/system',
      summary: 'A system message (msType 1) to each of `to` and each member of `room`, delivered reliably, stored offline when not acknowledged, never kept in history. Answers after every delivery ended.',
      returns: '{ok, id, timestamp (ns, text), results: [{node, status: delivered | stored_offline | unknown_node | failed}]}',
      body: s.systemMessage,
      async handler(svc, req) {
        const b = req.body;
        const send = await svc.systemMessage({ to: b.to, room: b.room, message: messageFrom(b.message, MsType.SYSTEM, OdType.NORMAL) });
        return { ok: true, id: send.id, timestamp: send.timestamp, results: await send.done };
      },
    },
    {
      method: 'POST',
      url: '/messages/proxy',
      summary: 'A message (msType 2 or 3) sent as user `from`, through the same permission checks, history, echo and delivery as a client message.',
      returns: '{ok, id, mid?} (mid when persisted)',
      body: s.proxyMessage,
      async handler(svc, req) {
        const sent = await svc.proxyMessage(req.body.from, clientMessageFrom(req.body.message), req.body.domain);
        return { ok: true, ...sent };
      },
    },
    {
      method: 'POST',
      url: '/presence',
      summary: 'A presence to every online device of each of `to`; never stored.',
      returns: '{ok, deliveredTo (nodes online), results: [{node, online}]}',
      body: s.presence,
      async handler(svc, req) {
        const results = await svc.presence(req.body.to, presenceFrom(req.body.presence), req.body.from);
        return { ok: true, deliveredTo: results.filter((r) => r.online).length, results };
      },
    },
    {
      method: 'POST',
      url: '/presence/query',
      summary: 'Who of `nodes` is online in the cluster, with how many devices of which termtyp, on which servers.',
      returns: '{ok, nodes: {node: {online, devices, termtypes, servers}}}',
      body: s.nodes,
      handler: async (svc, req) => ({ ok: true, nodes: await svc.presenceQuery(req.body.nodes) }),
    },
    {
      method: 'POST',
      url: '/tokens',
      status: 201,
      summary: 'A one-time login token (limits.tokenTtlSeconds) for {node}, or for {name, password, domain?}; the client logs in with it in TimAuth.token.',
      returns: '{ok, token, node, expiresAt (ms since the epoch)}',
      body: s.token,
      async handler(svc, req) {
        const b = req.body;
        if (b.node !== undefined) return { ok: true, ...(await svc.issueToken({ node: b.node })) };
        if (b.name === undefined || b.password === undefined) throw new AdminError(ErrorCode.PARAMS, 'give either node, or name and password');
        return { ok: true, ...(await svc.issueToken({ name: b.name, password: b.password, domain: b.domain })) };
      },
    },
    {
      method: 'POST',
      url: '/users',
      status: 201,
      summary: 'Registers an account (builtin mode; 501 in external mode, 409 when taken).',
      returns: '{ok, node}',
      body: s.register,
      handler: async (svc, req) => ({ ok: true, node: await svc.register(req.body.name, req.body.password, req.body.domain) }),
    },
    {
      method: 'PATCH',
      url: '/users/:node',
      summary: "Merges the given TimUserBean fields into the user's profile (builtin mode).",
      returns: '{ok}',
      params: s.nodeParam,
      body: s.userBean,
      handler: async (svc, req) => (await svc.modifyUser(req.params.node, userBeanFrom(req.body)), { ok: true }),
    },
    {
      method: 'PUT',
      url: '/users/:node/password',
      summary: 'Sets a new password; with oldPassword it must match first (builtin mode).',
      returns: '{ok}',
      params: s.nodeParam,
      body: s.password,
      handler: async (svc, req) => (await svc.setPassword(req.params.node, req.body.newPassword, req.body.oldPassword), { ok: true }),
    },
    {
      method: 'POST',
      url: '/users/:node/kick',
      summary: 'Sends TimAck{ok:true,timType:20} to every device of the user, then disconnects them.',
      returns: '{ok, connectionsClosed}',
      params: s.nodeParam,
      handler: async (svc, req) => ({ ok: true, connectionsClosed: await svc.kick(req.params.node) }),
    },
    {
      method: 'PUT',
      url: '/users/:node/block',
      summary: 'Bans the user for `seconds` (logins get 4105) and kicks every device.',
      returns: '{ok, until (ms since the epoch), connectionsClosed}',
      params: s.nodeParam,
      body: s.block,
      handler: async (svc, req) => ({ ok: true, ...(await svc.block(req.params.node, req.body.seconds)) }),
    },
    {
      method: 'DELETE',
      url: '/users/:node/block',
      summary: 'Lifts a ban.',
      returns: '{ok, removed (false when there was none)}',
      params: s.nodeParam,
      handler: (svc, req) => ({ ok: true, removed: svc.unblock(req.params.node) }),
    },
    {
      method: 'GET',
      url: '/blocks',
      summary: 'Current bans.',
      returns: '{ok, items: [{node, until}]}',
      handler: (svc) => ({ ok: true, items: svc.blocks() }),
    },
    {
      method: 'POST',
      url: '/users/detect',
      status: 202,
      summary:
        "A server PING on every device of `nodes`, on every node of a cluster, so dead sockets fail and close (tim's /timDetect). On a cluster, `partial` is true when a node did not answer within the cluster's request timeout (its sockets are not counted, and may not have been pinged).",
      returns: '{ok, pinged (sockets), partial (clustered servers only)}',
      body: s.nodes,
      handler: async (svc, req) => ({ ok: true, ...(await svc.detect(req.body.nodes)) }),
    },
    {
      method: 'GET',
      url: '/connections',
      summary:
        "Logged-in connections of the whole cluster (of this server when it runs alone), optionally one node's, paged by cursor. Order: by `server` (the cluster node id, compared as text), then by `id` (the socket's id on that server, increasing with connection order); on a single node, by `id`. Give the answer's `nextCursor` back as `cursor` for the next page; there is none after the last page. `total` counts every match at the time of the call. A connection open during the whole listing appears exactly once; one opened or closed meanwhile may or may not. On a cluster, every node is asked at once; a node that does not answer within the cluster's request timeout is left out of `items` and `total`, and `partial` is true.",
      returns:
        '{ok, items: [{id, server (clustered only), node, domain?, resource?, termtyp, connectedAt, remote}], nextCursor? (the last id on a single node; "<server>/<id>" text on a cluster), total, partial (clustered only)}',
      querystring: s.connectionsQuery,
      handler: async (svc, req) => ({ ok: true, ...(await svc.connections(req.query)) }),
    },
    {
      method: 'POST',
      url: '/rooms',
      status: 201,
      summary: 'Creates a room founded by `founder` (builtin mode).',
      returns: '{ok, node}',
      body: s.newRoom,
      handler: async (svc, req) => {
        const { founder, topic, gtype, domain } = req.body;
        return { ok: true, node: await svc.createRoom({ founder, topic, gtype, domain }) };
      },
    },
    {
      method: 'GET',
      url: '/rooms/:room/members',
      summary: "The room's members (room.roster).",
      returns: '{ok, room, members: [node]}',
      params: s.roomParam,
      handler: async (svc, req) => ({ ok: true, room: req.params.room, members: await svc.roomMembers(req.params.room) }),
    },
    {
      method: 'PATCH',
      url: '/rooms/:room',
      summary: 'Merges the given TimRoomBean fields into the room, as an admin (no founder check); `managers` replaces the managers (builtin mode).',
      returns: '{ok}',
      params: s.roomParam,
      body: s.roomBean,
      handler: async (svc, req) => (await svc.modifyRoom(req.params.room, roomBeanFrom(req.body)), { ok: true }),
    },
    {
      method: 'POST',
      url: '/vrooms',
      status: 201,
      summary: 'Creates a virtual room (stream fan-out) owned by `owner`.',
      returns: '{ok, vnode}',
      body: s.vroom,
      handler: async (svc, req) => ({ ok: true, vnode: await svc.createVroom(req.body.owner) }),
    },
    {
      method: 'POST',
      url: '/cache/invalidate',
      summary:
        "Forgets, on every cluster node, the cached permission answers (user.exist, room.exist, user.auth, room.auth) and roster lists (roster, room.roster) of `nodes`. For external mode: call it after your application changed friendships or group memberships, with the users and rooms involved, so they apply at once instead of after limits.authCacheSeconds.",
      returns: '{ok, invalidated (distinct nodes)}',
      body: s.cacheNodes,
      handler: async (svc, req) => ({ ok: true, invalidated: await svc.forgetCaches(req.body.nodes) }),
    },
    {
      method: 'GET',
      url: '/stats',
      summary:
        "Counters: connections, users online, messages and bytes in/out, uptime. On a cluster the counters are summed over the live nodes (each other node's as of its last heartbeat; a user with devices on two nodes counts once on each in `usersOnline`), `byNode` gives each node's own (by `server`, this one first), `nodes` how many live nodes were counted, and `partial` is true when Redis did not answer (only this node's counters then). `bans` is the cluster's ban list; `startedAt` and `uptimeSeconds` at the top level are this server's.",
      returns:
        '{ok, connections, usersOnline, logins, messagesIn, messagesPersisted, messagesOut, offlineStored, offlineDrained, acksTimedOut, framesIn, framesOut, bytesIn, bytesOut, bans, startedAt, uptimeSeconds; clustered only: nodes, byNode: [{server, connections, usersOnline, ..., startedAt, uptimeSeconds}], partial}',
      handler: async (svc) => ({ ok: true, ...(await svc.stats()) }),
    },
    {
      method: 'GET',
      url: '/monitor',
      summary:
        "The admin dashboard's live view, cheap enough to poll every second: database status and ping time, cluster mode, Redis status and the live nodes, reliable frames waiting for an ack, error acks by tim code, and per SQL template key: runs, errors, mean, max, p50 and p99 (estimated from fixed buckets, since start; subtract two answers' `buckets` for a recent window). All but `cluster` describe the server asked.",
      returns:
        '{ok, server, at, database: {status: up | down, pingMs, error?}, cluster: {mode: single | redis, redis: none | up | down, synced, nodes: [{server, self, startedAt, connections, usersOnline}]}, acksPending, sendQueuedBytes, slowConsumersClosed, framesDropped, errorsByCode: {code: count}, templates: {boundsMs, keys: [{key, calls, errors, meanMs, maxMs, p50Ms, p99Ms, buckets}]}}',
      response: monitorSchema,
      handler: async (svc) => ({ ok: true, ...(await svc.monitor()) }),
    },
  ];
}

/** Registers the table on `app` (already prefixed and authenticated by the caller). */
export function registerRestRoutes(app: FastifyInstance, svc: AdminService, routes: RestRoute[], bodyLimit: number): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      bodyLimit,
      schema: { ...(r.body ? { body: r.body } : {}), ...(r.params ? { params: r.params } : {}), ...(r.querystring ? { querystring: r.querystring } : {}) },
      handler: async (req, reply) => {
        const out = await r.handler(svc, req as unknown as Req);
        return reply.code(r.status ?? 200).send(out);
      },
    });
  }
}
