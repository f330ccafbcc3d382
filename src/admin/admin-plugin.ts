// Everything on the admin listener (admin.listen, private by default):
//   GET /healthz, /readyz          liveness, readiness (health-routes.ts), no credentials
//   GET /metrics                   Prometheus text (observability/metrics.ts), no credentials
//   GET /                          the admin dashboard's static files (admin-pages.ts), no credentials;
//                                  its data calls are REST v1 calls with a Bearer key
//   GET /docs, /docs/json          Swagger UI and the OpenAPI document (admin-pages.ts), no credentials
//   /api/v1/admin/*                REST v1, Bearer key (rest-routes.ts, rest-relations.ts)
//   /timMessage, /timToken, ...    tim's legacy paths, username/password headers or Bearer
// tim 2.1's Thrift Admiface is a separate TCP listener (admin.admiface, admiface/admiface-server.ts)
// over the same AdminService.
// Request bodies are limited to limits.maxFrameBytes (413 above). Every answer is counted in
// tim_admin_requests_total by route pattern and status.
// Each address may make limits.adminRatePerMinute requests a minute (per process), unknown paths
// and refused credentials included (the limit runs before the credential checks, so keys and
// passwords cannot be guessed at full speed); beyond: 429 with the REST error body, code 5105.
// /healthz and /readyz are exempt: a load balancer whose probes got 429 would take a healthy node
// out of service, and they are cheap (readyz: one ping per probe) on a listener that is private.

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Config } from '../config/types.js';
import type { TimCore } from '../core/tim-core.js';
import type { Metrics } from '../observability/metrics.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { bearerAuth } from './admin-auth.js';
import { AdminService } from './admin-service.js';
import { builtinDirectory } from './builtin-directory.js';
import { HEALTH_PATHS, registerHealth } from './health-routes.js';
import { AdminError, errorBody, reportAdminError } from './http-errors.js';
import { registerAdminSocket } from './admin-socket.js';
import { registerLegacyRoutes } from './legacy-routes.js';
import { openApiDocument } from './openapi.js';
import { registerApiDocs, registerDashboard } from './admin-pages.js';
import { registerRestRoutes, REST_PREFIX, restRoutes } from './rest-routes.js';
import { relationRoutes } from './rest-relations.js';

export interface AdminDeps {
  core: TimCore;
  config: Config;
  /** the builtin tables, for room and profile writes (builtin mode) */
  knex: Knex;
  metrics?: Metrics;
}

const API_VERSION = '1.0.0';

export async function registerAdmin(app: FastifyInstance, deps: AdminDeps): Promise<AdminService> {
  const { core, config, metrics } = deps;
  const { admin, limits } = config;
  const svc = new AdminService(core, {
    maxRecipients: admin.maxRecipients,
    directory: config.mode === 'builtin' ? builtinDirectory(deps.knex, () => core.clock.nowMs(), core.nodeIds) : undefined,
    templateLatency: metrics?.templateLatency,
  });
  const secrets = { keys: admin.keys, accounts: admin.accounts };
  const routes = [...restRoutes(admin.maxRecipients), ...relationRoutes()];
  if (admin.keys.length === 0) {
    core.log.warn(
      admin.accounts.length === 0
        ? 'admin API: no key configured, every admin call is refused; set admin.keys (TIM_ADMIN_KEY in the shipped config)'
        : 'admin API: no key configured, REST v1 is refused; set admin.keys (TIM_ADMIN_KEY in the shipped config)',
    );
  }

  // Handlers first: the routes and child contexts registered below inherit them.
  app.setErrorHandler((err, req, reply) => {
    const c = reportAdminError(core, err, 'admin call failed', { path: req.url });
    return reply.code(c.status).send(errorBody(c));
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody({ code: ErrorCode.INTERFACE, message: `no route ${req.method} ${req.url.split('?')[0]}; see GET /docs` })),
  );
  if (limits.adminRatePerMinute > 0) {
    const perMinute = limits.adminRatePerMinute;
    await app.register(rateLimit, {
      global: false,
      max: perMinute,
      timeWindow: 60_000,
      allowList: (req) => HEALTH_PATHS.includes(req.routeOptions.url ?? ''),
      errorResponseBuilder: (_req, ctx) =>
        new AdminError(ErrorCode.OVERHZ, `more than ${perMinute} admin requests a minute from this address; retry in ${ctx.after}`, ctx.statusCode),
    });
    // A root hook, not per route: it runs before the child contexts' credential checks.
    app.addHook('onRequest', app.rateLimit());
  }
  if (metrics) {
    app.addHook('onResponse', async (req, reply) => metrics.adminRequest(req.routeOptions?.url ?? 'unmatched', reply.statusCode));
    app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  }
  registerHealth(app, core);
  const doc = openApiDocument(routes, REST_PREFIX, API_VERSION);
  await registerApiDocs(app, doc);
  await registerDashboard(app);

  await app.register(
    async (rest) => {
      rest.addHook('onRequest', bearerAuth(secrets));
      registerRestRoutes(rest, svc, routes, limits.maxFrameBytes);
    },
    { prefix: REST_PREFIX },
  );
  await app.register(async (legacy) => registerLegacyRoutes(legacy, svc, secrets, limits.maxFrameBytes));
  if (admin.onlineSocket) await registerAdminSocket(app, core, secrets);
  return svc;
}
