import type { FastifyInstance } from 'fastify';
import type { AdminService } from './admin-service.js';
import { type JsonSchema } from './rest-schemas.js';
export declare const REST_PREFIX = "/api/v1/admin";
/** What a handler reads; fastify has validated each part against the route's schema. */
type Req = {
    body: Record<string, any>;
    params: Record<string, string>;
    query: Record<string, any>;
};
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
export declare function restRoutes(maxRecipients: number): RestRoute[];
/** Registers the table on `app` (already prefixed and authenticated by the caller). */
export declare function registerRestRoutes(app: FastifyInstance, svc: AdminService, routes: RestRoute[], bodyLimit: number): void;
export {};
