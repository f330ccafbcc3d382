import { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from '../core/ports.js';
/** Fastify options that log through `log` when it is a full pino-like logger, else not at all. */
export declare function fastifyLogging(log: Logger): Pick<FastifyServerOptions, 'loggerInstance' | 'logger' | 'logController'>;
/** One line per admin request once answered: method, path, status, milliseconds, remote address. */
export declare function logAdminRequests(app: FastifyInstance, log: Logger): void;
