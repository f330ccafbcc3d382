import type { FastifyInstance } from 'fastify';
import type { TimCore } from '../core/tim-core.js';
/** Paths exempt from limits.adminRatePerMinute (admin-plugin.ts says why). */
export declare const HEALTH_PATHS: readonly string[];
export declare function registerHealth(app: FastifyInstance, core: TimCore): void;
