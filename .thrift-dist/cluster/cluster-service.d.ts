import type { TimCore } from '../core/tim-core.js';
import type { ClusterHealth } from './cluster.js';
import { type SessionCursor, type SessionInfo } from './cluster-sessions.js';
import { type StatsSnapshot } from './cluster-stats.js';
/** One logged-in socket somewhere in the cluster. */
export interface ClusterSession {
    /** the cluster node that holds it */
    server: string;
    /** its session id there */
    sid: number;
    node: string;
    termtyp: number;
    authedAt: number;
}
/** One page of the cluster's logged-in sockets (order: cluster-sessions.ts). */
export interface SessionPage {
    items: (SessionInfo & {
        server: string;
    })[];
    /** sockets matching the filter, over the nodes that answered */
    total: number;
    /** more come after the last item */
    more: boolean;
    /** a node (or Redis) did not answer: its sockets are missing from `items` and `total` */
    partial: boolean;
}
export interface UserPresence {
    online: boolean;
    devices: number;
    termtypes: number[];
    /** cluster nodes holding its sockets */
    servers: string[];
}
export declare class ClusterService {
    private readonly core;
    constructor(core: TimCore);
    private get cluster();
    /** The cluster as this node sees it: mode, Redis state, registry sync, and the live nodes. */
    health(): Promise<ClusterHealth & {
        nodes: string[];
    }>;
    /** Users with at least one socket anywhere, sorted, at most `limit`. */
    onlineUsers(limit?: number): Promise<{
        users: string[];
        partial: boolean;
    }>;
    /** Every logged-in socket of `node` in the cluster, oldest login first. */
    sessions(node: string): Promise<ClusterSession[]>;
    presence(nodes: readonly string[]): Promise<Record<string, UserPresence>>;
    /** Closes `node`'s sockets on every cluster node (after TimAck timType 20 when `notify`). */
    kick(node: string, notify?: boolean): Promise<number>;
    /** Bans `node` cluster-wide until `untilMs`, then kicks it everywhere; resolves with the kicks. */
    ban(node: string, untilMs: number): Promise<number>;
    unban(node: string): boolean;
    bans(): {
        node: string;
        until: number;
    }[];
    /**
     * The logged-in sockets (of `user` when given) after `cursor`, at most `limit`, in the order of
     * cluster-sessions.ts. Every live node is asked at once for its count and its first `limit`
     * sockets past the cursor; a node that does not answer within the cluster's RPC timeout is left
     * out (`partial`).
     */
    sessionPage(q: {
        user?: string;
        cursor?: SessionCursor;
        limit: number;
    }): Promise<SessionPage>;
    /** A server PING on every socket of `nodes` on every node (tim's /timDetect); the sockets pinged
     *  on the nodes that answered. */
    detect(nodes: readonly string[]): Promise<{
        pinged: number;
        partial: boolean;
    }>;
    /** Counters summed over the live nodes (others' as of their last heartbeat). */
    stats(): Promise<{
        nodes: number;
        total: StatsSnapshot;
        byNode: {
            nodeId: string;
            startedAt: number;
            stats: StatsSnapshot;
        }[];
        partial: boolean;
    }>;
}
