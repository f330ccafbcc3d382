import type { Tid, TimMessage, TimPresence, TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
import type { SentMessage } from '../core/handlers/message.js';
import type { TimCore } from '../core/tim-core.js';
import { type SystemSend } from './admin-messages.js';
import type { AdminDirectory } from './builtin-directory.js';
import { AdminRelations } from './admin-relations.js';
import { type MonitorSnapshot } from './admin-monitor.js';
import type { TemplateLatency } from '../observability/template-latency.js';
/** Longest ban: ten years (Node timers are not involved; the BanList compares times). */
export declare const MAX_BAN_SECONDS: number;
export declare const DEFAULT_PAGE = 100;
export declare const MAX_PAGE = 1000;
export interface Connection {
    /** the socket's id on its server, increasing with connection order there */
    id: number;
    /** the cluster node holding it (clustered servers only) */
    server?: string;
    node: string;
    domain?: string;
    resource?: string;
    termtyp: number;
    /** login time, ms since the epoch */
    connectedAt: number;
    remote: string;
}
export interface ConnectionList {
    items: Connection[];
    /** give it back as `cursor` for the next page: the last id on a single node, `<server>/<id>` on a cluster */
    nextCursor?: number | string;
    total: number;
    /** clustered servers only: true when a node did not answer (its connections are missing) */
    partial?: boolean;
}
export interface AdminServiceOptions {
    maxRecipients: number;
    /** builtin mode's room/profile writes; undefined in external mode */
    directory?: AdminDirectory;
    /** per-template SQL latency for monitor(); absent: monitor() lists no templates */
    templateLatency?: TemplateLatency;
}
export declare class AdminService {
    readonly core: TimCore;
    private readonly opts;
    readonly maxRecipients: number;
    /** rosters, rooms, history, offline rows, vrooms, permission checks (admin-relations.ts) */
    readonly relations: AdminRelations;
    private readonly cluster;
    constructor(core: TimCore, opts: AdminServiceOptions);
    /** See admin-messages.ts; `done` resolves when every delivery ended (up to 3 ack timeouts). */
    systemMessage(req: {
        to: readonly unknown[];
        room?: unknown;
        message: TimMessage;
    }): Promise<SystemSend>;
    proxyMessage(from: unknown, msg: TimMessage, domain?: string): Promise<SentMessage>;
    presence(to: readonly unknown[], p: TimPresence, from?: unknown): Promise<{
        node: string;
        online: boolean;
    }[]>;
    /** A one-time login token (limits.tokenTtlSeconds) for an existing node, or for credentials. */
    issueToken(req: {
        node: unknown;
    } | {
        name: string;
        password: string;
        domain?: string;
    }): Promise<{
        token: string;
        node: string;
        expiresAt: number;
    }>;
    register(name: string, password: string, domain?: string): Promise<string>;
    /** A new password; with `old`, it must match first (4112 otherwise). */
    setPassword(node: unknown, password: string, old?: string): Promise<void>;
    /** Legacy /timResetAuth: by login name; builtin nodes derive from (name, domain). */
    setPasswordByName(name: string, password: string, domain?: string): Promise<void>;
    modifyUser(node: unknown, bean: TimUserBean): Promise<void>;
    /**
     * The deployer's backend changed relations of `nodes` (users or rooms: friendships, group
     * memberships) in its own tables: forgets the cached permission answers and roster lists of
     * each, on every cluster node. A malformed node refuses the whole call (4104, nothing forgotten).
     */
    forgetCaches(nodes: readonly unknown[]): Promise<number>;
    /**
     * Logged-in connections of the cluster (optionally one node's), after `cursor`, at most `limit`,
     * ordered by server id then id (cluster/cluster-sessions.ts; on a single node: by id). `total`
     * counts every match, over the nodes that answered.
     */
    connections(q: {
        node?: unknown;
        cursor?: unknown;
        limit?: number;
    }): Promise<ConnectionList>;
    /** Legacy /timOnline: one Tid per connection of the cluster (docs/admin-api.md section 5), in the order
     *  of connections(); a node that does not answer is left out. */
    onlineTids(): Promise<Tid[]>;
    /** Per node: online anywhere in the cluster, how many devices, which termtyps, on which servers. */
    presenceQuery(nodes: readonly unknown[]): Promise<Record<string, {
        online: boolean;
        devices: number;
        termtypes: number[];
        servers: string[];
    }>>;
    /** Sends TimAck{ok:true,timType:20} to every device of `node`, then closes them; the count. */
    kick(node: unknown): Promise<number>;
    /** Bans for `seconds` (logins get 4105 until then) and kicks; returns the end (ms) and the kicks. */
    block(node: unknown, seconds: number): Promise<{
        until: number;
        connectionsClosed: number;
    }>;
    /** Lifts a ban; false when there was none. */
    unblock(node: unknown): boolean;
    blocks(): {
        node: string;
        until: number;
    }[];
    /** A server PING on every device of `nodes` on every cluster node (tim's /timDetect): dead
     *  sockets fail and close. `pinged` counts the sockets of the nodes that answered. */
    detect(nodes: readonly unknown[]): Promise<{
        pinged: number;
        partial?: boolean;
    }>;
    createRoom(req: {
        founder: unknown;
        topic?: string;
        gtype?: number;
        domain?: string;
    }): Promise<string>;
    /** room.roster of an existing room (both modes). */
    roomMembers(room: unknown): Promise<string[]>;
    modifyRoom(room: unknown, bean: TimRoomBean): Promise<void>;
    /** A virtual room owned by `owner` (tim's /timVroom rtype 1); 4107 until vrooms are served. */
    createVroom(owner: unknown): Promise<string>;
    /**
     * The counters: this server's on a single node. On a cluster the counters are the sums over the
     * live nodes (others' as of their last heartbeat, cluster/cluster-stats.ts; a user with devices on
     * two nodes counts once on each in `usersOnline`), `byNode` has each node's, and `bans` (the
     * cluster's list), `startedAt` and `uptimeSeconds` (this server's) are as on one node.
     */
    stats(): Promise<{
        bans: number;
        startedAt: number;
        uptimeSeconds: number;
        connections: number;
        usersOnline: number;
        logins: number;
        messagesIn: number;
        messagesPersisted: number;
        /** reliable deliveries acknowledged by a device (messages, notices, system messages) */
        messagesOut: number;
        offlineStored: number;
        offlineDrained: number;
        acksTimedOut: number;
        framesIn: number;
        framesOut: number;
        bytesIn: number;
        bytesOut: number;
    } | {
        bans: number;
        startedAt: number;
        uptimeSeconds: number;
        nodes: number;
        byNode: {
            server: string;
            startedAt?: number | undefined;
            uptimeSeconds?: number | undefined;
            connections: number;
            usersOnline: number;
            logins: number;
            messagesIn: number;
            messagesPersisted: number;
            /** reliable deliveries acknowledged by a device (messages, notices, system messages) */
            messagesOut: number;
            offlineStored: number;
            offlineDrained: number;
            acksTimedOut: number;
            framesIn: number;
            framesOut: number;
            bytesIn: number;
            bytesOut: number;
        }[];
        partial: boolean;
        connections: number;
        usersOnline: number;
        logins: number;
        messagesIn: number;
        messagesPersisted: number;
        /** reliable deliveries acknowledged by a device (messages, notices, system messages) */
        messagesOut: number;
        offlineStored: number;
        offlineDrained: number;
        acksTimedOut: number;
        framesIn: number;
        framesOut: number;
        bytesIn: number;
        bytesOut: number;
    }>;
    /** The dashboard's live view: database, cluster nodes, acks pending, errors, SQL latency (admin-monitor.ts). */
    monitor(): Promise<MonitorSnapshot>;
    /** A `cursor` query value (a nextCursor) as a position; 4104 when it is not one. */
    private cursorOf;
    private existingUser;
    private accounts;
    private directory;
}
