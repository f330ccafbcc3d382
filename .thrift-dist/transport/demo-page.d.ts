import type { FastifyInstance } from 'fastify';
/** Where `npm run build` puts the pages (scripts/build-web.mjs): dist/web of this package, from
 *  src/transport (tsx, tests) and from dist/transport (npm start) alike. */
export declare const DEFAULT_WEB_ROOT: string;
export declare const DEMO_PATH = "/demo/";
export declare function registerDemoPage(app: FastifyInstance, webRoot?: string): Promise<void>;
