// The demo chat on the client listener (config `web.demo`, on in the shipped config): the page built
// from web/demo into <webRoot>/demo by `npm run build`, served at /demo/, with / and /demo
// redirecting there. Until the page is built, /demo/ answers 503 with what to run. The page talks
// only to this listener (WebSocket /tim, POST /tim2 for registration); its Content-Security-Policy
// holds it to that, so a stray CDN link would fail in the browser tests instead of phoning out.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
/** Where `npm run build` puts the pages (scripts/build-web.mjs): dist/web of this package, from
 *  src/transport (tsx, tests) and from dist/transport (npm start) alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));
export const DEMO_PATH = '/demo/';
const CSP = [
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
].join('; ');
export async function registerDemoPage(app, webRoot = DEFAULT_WEB_ROOT) {
    const root = path.resolve(webRoot, 'demo');
    const index = path.join(root, 'index.html');
    app.get('/', (_req, reply) => reply.redirect(DEMO_PATH, 302));
    app.get('/demo', (_req, reply) => reply.redirect(DEMO_PATH, 302));
    await app.register(async (scope) => {
        scope.addHook('onRequest', async (_req, reply) => {
            // Checked per request, so building while the server runs makes the page appear.
            if (!existsSync(index)) {
                return reply
                    .code(503)
                    .type('text/plain; charset=utf-8')
                    .send(`The demo chat is not built: run \`npm run build\` (it writes ${root}), or turn the page off with web.demo: false.\n`);
            }
            reply.header('content-security-policy', CSP);
            reply.header('x-content-type-options', 'nosniff');
        });
        await scope.register(fastifyStatic, { root, prefix: DEMO_PATH, decorateReply: false, suppressWarning: true });
    });
}
//# sourceMappingURL=demo-page.js.map