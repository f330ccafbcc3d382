import type { RestRoute } from './rest-routes.js';
/** tim paths kept for backends migrating from tim 2.0.x (legacy-routes.ts). */
export declare const LEGACY_DOCS: Record<string, string>;
/** The operations paths of the admin listener (admin-plugin.ts, admin-pages.ts); no credentials. */
export declare const OPERATIONS_DOCS: Record<string, {
    summary: string;
    returns: string;
    type: string;
}>;
export declare function openApiDocument(routes: readonly RestRoute[], prefix: string, version: string): Record<string, unknown>;
