import type { Limits } from '../config/types.js';
import type { Logger } from '../core/ports.js';
import { type Admission, type ClusterRegistry, type PeerInfo, type RegistryEntry } from './cluster-registry.js';
import type { RedisLink } from './redis-link.js';
import { type BusMessage } from './bus.js';
/** Distinct node numbers core/ids.ts can hold (4 bits). */
export declare const ID_SLOTS = 16;
export declare class RedisRegistry implements ClusterRegistry {
    private readonly link;
    readonly nodeId: string;
    private readonly stats;
    private readonly log;
    /** what this node has registered (or would have, had Redis answered): the resync source */
    private readonly mine;
    private readonly scripts;
    private readonly keyTtlMs;
    private dirty;
    private syncing;
    private opsInFlight;
    private opGen;
    private refreshCursor;
    private timer;
    private closed;
    private readonly startedAt;
    private slot;
    private slotLost;
    constructor(link: RedisLink, nodeId: string, stats: () => Record<string, number>, log: Logger);
    /**
     * Leases a free id slot (0..15) for this node's IdGenerator. Rejects when all are leased, or
     * when Redis does not answer (the caller then picks one at random and says so).
     */
    claimIdSlot(): Promise<number>;
    /** Uses `n` as this node's id slot (chosen without Redis); leased when Redis answers. */
    useIdSlot(n: number): void;
    private keepSlot;
    /** Registers this node and starts the heartbeat. */
    start(): Promise<void>;
    get synced(): boolean;
    admit(user: string, sid: number, termtyp: number, now: number, limits: Limits): Promise<Admission | null> | null;
    /** Records a socket admitted by the local rule while Redis was not answering; written on resync. */
    adopt(user: string, sid: number, authedAt: number, termtyp: number): void;
    release(user: string, sid: number): Promise<number> | null;
    holders(user: string): Promise<readonly string[]>;
    route(user: string, msg: BusMessage): Promise<readonly string[]>;
    remoteEntries(user: string): Promise<RegistryEntry[]>;
    remoteUsers(limit: number): Promise<string[]>;
    peers(): Promise<PeerInfo[]>;
    vroomHome(vnode: string): Promise<string | null>;
    setVroomHome(vnode: string, ttlMs: number): Promise<void>;
    clearVroomHome(vnode: string): Promise<void>;
    addVroomSubscriber(vnode: string, ttlMs: number): Promise<void>;
    removeVroomSubscriber(vnode: string): Promise<void>;
    vroomSubscriberNodes(vnode: string): Promise<readonly string[]>;
    /** Unregisters this node (its entries, liveness and node-set membership) and stops. */
    close(): Promise<void>;
    private k;
    private op;
    private info;
    /** Rewrites this node's whole registration: liveness, node-set membership, every socket. */
    resync(): Promise<void>;
    private doResync;
    private heartbeat;
    /** Refreshes the TTL of some of this node's user keys, so every one is refreshed within a
     *  quarter of keyTtlMs. */
    private refreshSome;
    /** Clears the entries of nodes whose liveness key expired (one reaper per dead node at a time). */
    private reapDead;
    private aliveSet;
}
