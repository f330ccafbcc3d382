import type { Limits } from '../config/types.js';
import type { BusMessage } from './bus.js';
/** One logged-in socket somewhere in the cluster. */
export interface RegistryEntry {
    /** the cluster node holding it */
    server: string;
    /** its session id on that node */
    sid: number;
    authedAt: number;
    termtyp: number;
}
/** Another live cluster node, with what it last published about itself. */
export interface PeerInfo {
    nodeId: string;
    startedAt: number;
    /** its counters at its last heartbeat (CoreStats fields and gauges) */
    stats: Record<string, number>;
}
/** What a login was granted: the sockets to close to make room (tim's kick-the-oldest). */
export interface Admission {
    victims: {
        server: string;
        sid: number;
    }[];
}
export interface ClusterRegistry {
    /**
     * Counts `user`'s sockets cluster-wide against the device limits and, when admitted, registers
     * the new socket `sid` of this node atomically with the count. Resolves null when over a limit
     * inside the kick window (the caller answers 4111). Returns null synchronously when the registry
     * cannot decide (one node, or Redis down): the caller applies the local rule. Rejects only on
     * a Redis failure during the call (the caller then falls back to the local rule too).
     */
    admit(user: string, sid: number, termtyp: number, now: number, limits: Limits): Promise<Admission | null> | null;
    /** Forgets socket `sid` of this node. Resolves with how many sockets `user` still has
     *  cluster-wide; null synchronously when there is no cluster view (use the local answer). */
    release(user: string, sid: number): Promise<number> | null;
    /** Other nodes that hold sockets of `user` (may include a node that died a moment ago). */
    holders(user: string): readonly string[] | Promise<readonly string[]>;
    /** Sends `msg` over the bus to every other node holding `user`, looked up and sent in one step;
     *  resolves with the nodes that took it (at once, empty, without peers). Rejects when Redis
     *  does not answer. */
    route(user: string, msg: BusMessage): readonly string[] | Promise<readonly string[]>;
    /** `user`'s sockets on other live nodes. */
    remoteEntries(user: string): Promise<RegistryEntry[]>;
    /** Users with sockets on other live nodes, at most `limit`, sorted. */
    remoteUsers(limit: number): Promise<string[]>;
    /** The other live nodes. */
    peers(): Promise<PeerInfo[]>;
    /** Virtual rooms: the node where `vnode` lives, and the nodes with subscribers to it. */
    vroomHome(vnode: string): Promise<string | null>;
    setVroomHome(vnode: string, ttlMs: number): Promise<void>;
    clearVroomHome(vnode: string): Promise<void>;
    addVroomSubscriber(vnode: string, ttlMs: number): Promise<void>;
    removeVroomSubscriber(vnode: string): Promise<void>;
    vroomSubscriberNodes(vnode: string): Promise<readonly string[]>;
}
/** The registry of a node without peers. */
export declare const NO_PEERS: ClusterRegistry;
/** `server/sid` -> entry fields, as the Redis hash stores them. */
export declare function parseEntry(field: string, value: string): RegistryEntry | null;
