import type { FastifyInstance } from 'fastify';
/** dist/web/dashboard of this package (this file is src/admin/ or dist/admin/, two levels down). */
export declare const DASHBOARD_DIR: string;
export declare const NOT_BUILT = "The admin dashboard is not built. Run `npm run build` (it builds web/dashboard into dist/web/dashboard), then restart the server. The REST API (/api/v1/admin/*) and its docs (/docs) work without it.";
/** Serves the built dashboard at `/`, or at `/` a plain message saying how to build it. */
export declare function registerDashboard(app: FastifyInstance, dir?: string): Promise<void>;
/** Swagger UI at /docs over `doc`; the document at /docs/json (and /docs/yaml). */
export declare function registerApiDocs(app: FastifyInstance, doc: Record<string, unknown>): Promise<void>;
