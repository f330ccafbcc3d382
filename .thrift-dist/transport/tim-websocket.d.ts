import type { FastifyInstance } from 'fastify';
import { CloseCode } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
export interface TimWebSocketOptions {
    /** when non-empty, the Origin header must equal it (a missing Origin is refused then) */
    origin: string;
    maxFrameBytes: number;
}
/** The connection and pre-login limits come from core.limits (maxConnections, maxConnectionsPerIp,
 *  preLoginFrameBytes). */
export declare function registerTimWebSocket(app: FastifyInstance, core: TimCore, opts: TimWebSocketOptions): Promise<void>;
export { CloseCode };
