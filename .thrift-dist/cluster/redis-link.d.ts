import { Redis } from 'ioredis';
import type { Logger } from '../core/ports.js';
export interface RedisLinkOptions {
    url: string;
    prefix: string;
    heartbeatMs: number;
    nodeTtlMs: number;
    timeoutMs: number;
}
/** Splits the tim-ts options out of a cluster.redis URL; throws on a bad value. */
export declare function parseRedisUrl(raw: string): RedisLinkOptions;
export declare class RedisLink {
    readonly opts: RedisLinkOptions;
    private readonly log;
    readonly cmd: Redis;
    readonly sub: Redis;
    private readonly listeners;
    private wasUp;
    private closed;
    constructor(opts: RedisLinkOptions, log: Logger, nodeId: string);
    get up(): boolean;
    key(...parts: string[]): string;
    /** Connects both; resolves when up, or after `waitMs` still down (the node then starts degraded
     *  and keeps reconnecting). */
    connect(waitMs: number): Promise<boolean>;
    /** `fn` runs with the new state on every change; returns an unsubscribe function. */
    onStatus(fn: (up: boolean) => void): () => void;
    private check;
    close(): Promise<void>;
}
