// The OpenAPI 3.1 document served at GET /docs/json (Swagger UI at /docs, admin-pages.ts), built
// from the same route table and JSON schemas fastify validates with (rest-routes.ts), so the
// document cannot drift from the routes.

import type { RestRoute } from './rest-routes.js';
import type { JsonSchema } from './rest-schemas.js';

/** tim paths kept for backends migrating from tim 2.0.x (legacy-routes.ts). */
export const LEGACY_DOCS: Record<string, string> = {
  '/timMessage': 'system message: {nodes: [..] | {nodelist: [..]}, message: TimMessage} -> {ok, timType: 0}',
  '/timOsMessage': 'the same as /timMessage (its 2024 name)',
  '/timToken': '{name, password?, domain?} (no password: name is a node) -> {ok, timType: 15, n: node, n2: token}',
  '/timRegister': '{username, password, domain?} -> {ok, timType: 0, n: node}',
  '/timResetAuth': '{loginname, pwd, domain?} -> {ok, timType: 0, n: loginname}',
  '/timModifyUserInfo': '{node, userbean: TimUserBean} -> {ok, timType: 0}',
  '/timBlockUser': '{account, time}: time < 0 lifts a ban, 0 kicks, > 0 bans for time seconds and kicks -> {ok, timType: 0, n: account}',
  '/timBlockList': '-> {node: unblock time in Unix seconds}',
  '/timOnline': '-> [Tid], one per connection of the cluster (of this server when it runs alone), in the order of GET /api/v1/admin/connections',
  '/timNewRoom': '{node (founder), topic, gtype, domain?} -> {ok, timType: 0, n: room}',
  '/timModifyRoomInfo': '{unode, gnode, roombean: TimRoomBean} -> {ok, timType: 0}',
  '/timVroom': '{node, rtype: 1} -> {ok, timType: 0, n: vnode}',
  '/timDetect': '{nodes: [..]} or form nodes=n1,n2: a server PING on their devices on every cluster node -> empty body',
};

/** The operations paths of the admin listener (admin-plugin.ts, admin-pages.ts); no credentials. */
export const OPERATIONS_DOCS: Record<string, { summary: string; returns: string; type: string }> = {
  '/healthz': { summary: 'Liveness: answers while the process runs.', returns: '{ok: true}', type: 'application/json' },
  '/readyz': {
    summary: 'Readiness: 200 while the database answers, else 503. `cluster` is single, up, or down (Redis unreachable: still ready; cross-node delivery degrades to the offline store).',
    returns: '{ok, database: up | down, cluster: single | up | down, error?}',
    type: 'application/json',
  },
  '/metrics': { summary: 'Prometheus metrics of this server (text exposition format).', returns: 'Prometheus text', type: 'text/plain' },
  '/docs/json': { summary: 'This OpenAPI document (also /docs/yaml; Swagger UI at /docs).', returns: 'the OpenAPI 3.1 document', type: 'application/json' },
  '/': {
    summary: 'The admin dashboard (static files built by `npm run build`; 503 with how to build it when absent). Its data calls use a Bearer key.',
    returns: 'an HTML page',
    type: 'text/html',
  },
};

const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      properties: { code: { type: 'integer', description: 'tim error code' }, info: { type: 'string', description: "tim's text for the code" }, message: { type: 'string' } },
    },
  },
};

export function openApiDocument(routes: readonly RestRoute[], prefix: string, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = prefix + r.url.replace(/:(\w+)/g, '{$1}');
    const parameters = [...paramsOf(r.params, 'path'), ...paramsOf(r.querystring, 'query')];
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      tags: ['REST v1'],
      summary: r.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: r.returns, ...(r.response ? { content: { 'application/json': { schema: r.response } } } : {}) },
        default: { description: 'an error; the status follows the tim code', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      security: [{ bearer: [] }],
    };
  }
  for (const [path, description] of Object.entries(LEGACY_DOCS)) {
    paths[path] = {
      post: {
        tags: ['legacy'],
        summary: description,
        description: "tim 2.0.x compatibility: username/password headers (admin.accounts) or a Bearer key; JSON or form bodies; HTTP 200 with a TimAck, also for refusals.",
        security: [{ legacy: [] }, { bearer: [] }],
        responses: { '200': { description: 'a TimAck' } },
      },
    };
  }
  for (const [path, d] of Object.entries(OPERATIONS_DOCS)) {
    paths[path] = { get: { tags: ['operations'], summary: d.summary, security: [], responses: { '200': { description: d.returns, content: { [d.type]: {} } } } } };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tim-ts admin API', version, description: 'REST v1 of the admin listener, plus the tim legacy paths. On a cluster (cluster.redis) every operation acts on, and every list or count describes, the whole cluster, whichever node is asked.' },
    tags: [
      { name: 'REST v1', description: 'Authorization: Bearer <a key from admin.keys>' },
      { name: 'operations', description: 'health, metrics, these docs and the dashboard; no credentials' },
      { name: 'legacy', description: "tim 2.0.x's admin paths" },
    ],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a key from admin.keys' },
        legacy: { type: 'apiKey', in: 'header', name: 'username', description: 'with the password header: an admin.accounts entry' },
      },
    },
  };
}

function paramsOf(schema: JsonSchema | undefined, where: 'path' | 'query'): object[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}
