import type { TimCore } from '../core/tim-core.js';
import type { OfflineRecord } from '../store/store.js';
import type { Bus, BusMessage } from './bus.js';
import { type ClusterRegistry, type PeerInfo } from './cluster-registry.js';
import { ClusterVrooms } from './cluster-vrooms.js';
import type { Logger } from '../core/ports.js';
/** What the cluster layer adds to a Redis-backed node (absent on a single node). */
export interface ClusterParts {
    /** records a socket admitted by the local rule while Redis did not answer */
    adopt?(user: string, sid: number, authedAt: number, termtyp: number): void;
    start?(): Promise<void>;
    /** true while the registry matches this node's sockets */
    synced?(): boolean;
    applyBan?(user: string, until: number): void;
    close?(): Promise<void>;
}
export interface ClusterHealth {
    mode: 'single' | 'redis';
    nodeId: string;
    /** the bus (Redis) answers; always true on a single node */
    up: boolean;
    /** this node's sockets are registered in the shared registry */
    synced: boolean;
}
/** The remote part of one reliable delivery (see deliverRemote). */
export interface RemoteAttempt {
    done: Promise<boolean> | null;
    stored(): void;
}
export declare class Cluster {
    readonly bus: Bus;
    readonly registry: ClusterRegistry;
    private readonly log;
    private readonly parts;
    readonly vrooms: ClusterVrooms;
    private core;
    private ridSeq;
    /** answers awaited, by request id: called with each `result` (value, sender, data), or null at close */
    private readonly pending;
    /** sockets a peer's delivery request tried, kept a while for its `stored` notice */
    private readonly tried;
    private closing;
    constructor(bus: Bus, registry: ClusterRegistry, log: Logger, parts?: ClusterParts);
    /** A node without peers. */
    static single(log: Logger): Cluster;
    get nodeId(): string;
    /** true when other nodes may hold sockets (a Redis cluster), even while Redis is down */
    get distributed(): boolean;
    get attached(): TimCore;
    /** Binds to `core` (once, from its constructor) and starts receiving. */
    attach(core: TimCore): void;
    health(): ClusterHealth;
    /**
     * Device limits for a login of `user` on socket `sid`. `localRule` is the single-node rule (it
     * throws 4111 or closes local victims). Returns undefined after running it synchronously when
     * there is no cluster view; otherwise a promise that resolves once the login is registered
     * cluster-wide (victims anywhere are being closed) or rejects with 4111. The caller must
     * release() the socket if it closed meanwhile.
     */
    admit(user: string, sid: number, termtyp: number, now: number, localRule: () => void): Promise<void> | undefined;
    private closeVictims;
    /** Forgets a closed socket. Resolves with the user's sockets left cluster-wide; null (at once
     *  or later) when only the local registry can answer. */
    release(user: string, sid: number): Promise<number | null> | null;
    /** A plain frame for `user`'s sockets on other nodes. */
    forwardFrame(user: string, frame: Buffer): void;
    /** Closes `user`'s sockets on other nodes (admin kick, ban). */
    forwardKick(user: string, notify: boolean): void;
    /** Tells every other node to forget the cached answers and lists of `nodes` (TimCore.forget).
     *  Resolves once the bus took the broadcast; never rejects (a failure is logged: the other
     *  nodes then rely on their TTL, or on clearing their caches when their bus comes back). */
    forgetElsewhere(nodes: readonly string[]): Promise<void>;
    private toHolders;
    /**
     * The remote part of a reliable delivery (ReliableDelivery's `remote` hook): asks every other node
     * holding `user` (one request, id `rid`, routed in one Redis step) to run the attempts on its
     * sockets. `done` resolves true as soon as one reports an acknowledgement, false when every
     * node that took the request answered no, or at the deadline, or when Redis is down; null when
     * there are no peers. `stored()` is called after the record went offline.
     */
    deliverRemote(user: string, type: number, body: Buffer, offline: OfflineRecord | null, durable?: boolean): RemoteAttempt;
    /** Asks node `to` something; resolves with its `result` value, or null when it cannot answer
     *  (not listening, bus down, no answer within `timeoutMs`, or this node closing). */
    request(to: string, make: (rid: number) => BusMessage, timeoutMs: number): Promise<number | null>;
    /** request(), resolving with the whole answer (its `data` too). */
    ask(to: string, make: (rid: number) => BusMessage, timeoutMs: number): Promise<{
        value: number;
        data?: Buffer;
    } | null>;
    private nextRid;
    /** Closes `user`'s sockets everywhere; resolves with how many were closed. */
    kickEverywhere(user: string, notify: boolean): Promise<number>;
    peers(): Promise<PeerInfo[]>;
    rpcTimeoutMs(): number;
    private ackTimeoutMs;
    /** This node's counters, as peers read them. */
    snapshot(): Record<string, number>;
    private receive;
    private answer;
    private deliverForPeer;
    private drainLate;
    /** Stops routing and receiving; unregisters this node. Called by the core's close(). */
    close(): Promise<void>;
}
