import type { FastifyInstance } from 'fastify';
import type { TimCore } from '../core/tim-core.js';
export declare function registerTim2(app: FastifyInstance, core: TimCore, maxFrameBytes: number): Promise<void>;
