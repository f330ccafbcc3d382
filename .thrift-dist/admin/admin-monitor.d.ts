import type { TimCore } from '../core/tim-core.js';
import type { TemplateLatency, TemplateLatencyRow } from '../observability/template-latency.js';
/** A ping slower than this reports the database as down (the dashboard must not hang on it). */
export declare const PING_TIMEOUT_MS = 2000;
export interface MonitorSnapshot {
    /** this server's cluster node id */
    server: string;
    /** ms since the epoch, when the snapshot was taken */
    at: number;
    database: {
        status: 'up' | 'down';
        pingMs: number;
        error?: string;
    };
    cluster: {
        mode: 'single' | 'redis';
        /** 'none' on a single node */
        redis: 'none' | 'up' | 'down';
        /** this node's sockets are in the shared registry */
        synced: boolean;
        /** live nodes, this one first; peers as of their last heartbeat */
        nodes: {
            server: string;
            self: boolean;
            startedAt: number;
            connections: number;
            usersOnline: number;
        }[];
    };
    /** reliable frames sent to this server's sockets and not yet acknowledged */
    acksPending: number;
    /** bytes written to this server's sockets and not yet flushed */
    sendQueuedBytes: number;
    slowConsumersClosed: number;
    framesDropped: number;
    /** error acks sent to clients since start, by tim code */
    errorsByCode: Record<string, number>;
    /** per template key, since start (template-latency.ts); empty without the metrics hook */
    templates: {
        boundsMs: readonly number[];
        keys: TemplateLatencyRow[];
    };
}
/** The answer of GET /monitor, for the OpenAPI document. */
export declare const monitorSchema: Record<string, unknown>;
export declare function monitorSnapshot(core: TimCore, latency: TemplateLatency | undefined): Promise<MonitorSnapshot>;
