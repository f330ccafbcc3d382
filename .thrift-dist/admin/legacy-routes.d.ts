import type { FastifyInstance } from 'fastify';
import { type AdminSecrets } from './admin-auth.js';
import type { AdminService } from './admin-service.js';
export declare function registerLegacyRoutes(app: FastifyInstance, svc: AdminService, secrets: AdminSecrets, bodyLimit: number): Promise<void>;
