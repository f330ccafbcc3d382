// The browser pages of the admin listener, both public static files that hold no data:
//   GET /            the admin dashboard (web/dashboard, built by `npm run build` into
//                    dist/web/dashboard); every figure it shows comes from /api/v1/admin/* with the
//                    admin key the operator types in, so the page alone opens nothing.
//   GET /docs        Swagger UI over the OpenAPI document of openapi.ts (the same route table and
//                    schemas fastify validates with); GET /docs/json and /docs/yaml serve the
//                    document itself. Swagger UI's files come from the installed package: no CDN.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';

/** dist/web/dashboard of this package (this file is src/admin/ or dist/admin/, two levels down). */
export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web', 'dashboard');

export const NOT_BUILT =
  'The admin dashboard is not built. Run `npm run build` (it builds web/dashboard into dist/web/dashboard), then restart the server. The REST API (/api/v1/admin/*) and its docs (/docs) work without it.';

/** Serves the built dashboard at `/`, or at `/` a plain message saying how to build it. */
export async function registerDashboard(app: FastifyInstance, dir = DASHBOARD_DIR): Promise<void> {
  if (!existsSync(path.join(dir, 'index.html'))) {
    app.get('/', async (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT));
    return;
  }
  // One route per built file (wildcard off), so unknown paths still get the JSON 404.
  await app.register(async (scope) => {
    // The page keeps the admin key in sessionStorage: no inline or foreign script may run beside
    // it, no other site may frame it, and its data calls go to this listener only.
    scope.addHook('onRequest', async (_req, reply) => {
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    });
    await scope.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, decorateReply: false, index: 'index.html' });
  });
}

/** The dashboard's Content-Security-Policy; inline styles are allowed (the charts set them). */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI at /docs over `doc`; the document at /docs/json (and /docs/yaml). */
export async function registerApiDocs(app: FastifyInstance, doc: Record<string, unknown>): Promise<void> {
  // @fastify/swagger-ui reads the document from `app.swagger()`, which @fastify/swagger provides by
  // generating one from the routes. Ours is built from the route table (openapi.ts), so this
  // stand-in provides `swagger()` under the name swagger-ui declares as its dependency.
  // It is marked the way fastify-plugin marks a plugin (fastify reads these symbols): not
  // encapsulated, so the decorator reaches swagger-ui, and named, so its dependency check passes.
  const yamlText = stringify(doc);
  const provider = async (instance: FastifyInstance) => {
    instance.decorate('swagger', (opts?: { yaml?: boolean }) => (opts?.yaml ? yamlText : doc));
  };
  Object.assign(provider, { [Symbol.for('skip-override')]: true, [Symbol.for('plugin-meta')]: { name: '@fastify/swagger' } });
  await app.register(provider);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The dashboard's CSP on the UI's files: nothing foreign runs beside it on the admin listener
    // (the package's own policy would allow https: styles and validator.swagger.io images, and
    // upgrade-insecure-requests breaks the page on a plain-HTTP listener reached by address).
    staticCSP: true,
    transformStaticCSP: () => DASHBOARD_CSP,
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: false, tryItOutEnabled: false },
    theme: { title: 'tim-ts admin API' },
  });
}
