import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Config } from '../config/types.js';
import type { TimCore } from '../core/tim-core.js';
import type { Metrics } from '../observability/metrics.js';
import { AdminService } from './admin-service.js';
export interface AdminDeps {
    core: TimCore;
    config: Config;
    /** the builtin tables, for room and profile writes (builtin mode) */
    knex: Knex;
    metrics?: Metrics;
}
export declare function registerAdmin(app: FastifyInstance, deps: AdminDeps): Promise<AdminService>;
