import type { Limits, Mode } from '../config/types.js';
import { type ErrorCodeValue } from '../protocol/error-codes.js';
import { type NodeIds } from '../protocol/node-id.js';
import type { TimAck, TimAuth } from '../protocol/wire-types.js';
import type { OfflineRecord, Store } from '../store/store.js';
import { AuthCache } from './auth-cache.js';
import { BanList } from './ban-list.js';
import { DeliveredAcks } from './delivered-acks.js';
import { IdGenerator } from './ids.js';
import { LoginThrottle } from './login-throttle.js';
import { Permissions } from './permissions.js';
import type { Clock, Logger } from './ports.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { ReliableDelivery, type DeliveryOutcome } from './reliable-delivery.js';
import { RosterCache } from './roster-cache.js';
import { Session, type SocketPort } from './session.js';
import { SessionRegistry } from './session-registry.js';
import { CoreStats } from './stats.js';
import type { TokenStore } from './tokens.js';
import type { JwtVerifier } from './handlers/auth.js';
import { Cluster } from '../cluster/cluster.js';
/** Builtin-mode account operations (registration, password change); absent in external mode. */
export interface Accounts {
    /** Creates an account; rejects with TimError 4101 when the name is taken. Returns the node. */
    register(name: string, pwd: string, domain: string | null): Promise<string>;
    /** Sets a new password; with `old`, it must match first. False when refused; rejects with
     *  TimError 4104 for a password holding a NUL or a lone surrogate. */
    setPassword(node: string, pwd: string, old?: string): Promise<boolean>;
}
export interface CoreOptions {
    limits: Limits;
    mode: Mode;
    disabledApis: readonly number[];
    store: Store;
    tokens: TokenStore;
    logger: Logger;
    clock: Clock;
    /** signed int32 sent as `t` in the login ack: tim's server-instance hash */
    instanceHash: number;
    ids?: IdGenerator;
    accounts?: Accounts;
    jwt?: JwtVerifier;
    /** the other server nodes (cluster/create-cluster.ts); absent: this node runs alone */
    cluster?: Cluster;
    /** the ban list (cluster-wide when clustered); absent: an in-memory one */
    bans?: BanList;
    /** the rate-limited log of database failures (app.ts feeds it the store's successes); absent: a
     *  new one from logger and limits.dbErrorLogSeconds */
    dbErrors?: RateLimitedLog;
    /** the deployment's node derivation (config nodeIds); absent: tim's defaults */
    nodeIds?: NodeIds;
    /** config presence.offlineBlock (tim's presence_offline_block) */
    presenceOfflineBlock?: boolean;
    /** config hooks.connectAuth (core/app-hooks.ts): asked before each AUTH is checked */
    connectAuth?: (auth: TimAuth) => Promise<boolean>;
}
/** A user came online (a login, every one) or went offline (its last session anywhere closed). */
export type OnlineListener = (node: string, online: boolean, session: Session) => void;
/** Extra frame kinds that the business/vroom layer registers (BUSINESS, NODES, VROOM, ...). */
export type ExtensionHandler = (core: TimCore, session: Session, frame: Buffer) => Promise<void> | void;
export declare class TimCore {
    readonly limits: Limits;
    readonly mode: Mode;
    readonly store: Store;
    readonly tokens: TokenStore;
    readonly log: Logger;
    readonly clock: Clock;
    readonly ids: IdGenerator;
    readonly registry: SessionRegistry;
    readonly delivery: ReliableDelivery;
    /** durable delivery: deletes the offline rows of acknowledged persisted messages, batched */
    readonly deliveredAcks: DeliveredAcks;
    readonly authCache: AuthCache;
    /** room.roster and roster lists; forgotten with the auth cache by forget() */
    readonly rosters: RosterCache;
    readonly perms: Permissions;
    readonly bans: BanList;
    readonly cluster: Cluster;
    readonly stats: CoreStats;
    /** info lines per connection opened/closed, counted past a per-second budget (connection-log.ts) */
    private readonly connections;
    /** per-frame debug lines: decided once, so the hot path costs one boolean test at info level */
    private readonly debugFrames;
    readonly instanceHash: number;
    readonly disabled: ReadonlySet<number>;
    readonly extensions: Map<number, ExtensionHandler>;
    readonly accounts: Accounts | undefined;
    readonly jwt: JwtVerifier | undefined;
    readonly nodeIds: NodeIds;
    readonly presenceOfflineBlock: boolean;
    readonly connectAuth: ((auth: TimAuth) => Promise<boolean>) | undefined;
    /** tim's login-state callback and the admin online-status subscription listen here; a
     *  listener must not throw and must not block (it runs on the login and close paths). */
    readonly onlineListeners: Set<OnlineListener>;
    /** password-guessing throttle for AUTH and POST /tim2 TOKEN; per process (login-throttle.ts) */
    readonly logins: LoginThrottle;
    /** where every database failure is logged, rate limited (core/frame-error.ts logDatabaseError) */
    readonly dbErrors: RateLimitedLog;
    private sweeper;
    private closing;
    constructor(opts: CoreOptions);
    /** A new connection from a transport. The transport must call `session.markClosed()` on close. */
    openSession(socket: SocketPort): Session;
    /**
     * After a membership or friendship change: forgets every cached permission answer and roster
     * list involving each node (users or rooms), here at once and on the other cluster nodes by a
     * broadcast. The one call for every such change, so neither cache can be forgotten. Resolves once
     * the broadcast was handed to the bus; never rejects (a node that misses it, the bus being down,
     * clears both caches when its bus comes back, and entries expire after limits.authCacheSeconds).
     */
    forget(...nodes: string[]): Promise<void>;
    /** forget() on this process only (what another node's broadcast does here). */
    forgetLocal(nodes: readonly string[]): void;
    /** Empties both caches on this process (the cluster bus was down: broadcasts may be lost). */
    forgetAllLocal(): void;
    /** Bytes from a transport. */
    receive(session: Session, frame: Buffer): void;
    /** Sends a plain (no ack) frame to every device of `node`, on this process and on the other
     *  cluster nodes holding it (at most once there). Returns the local count. */
    sendToNode(node: string, frame: Buffer): number;
    /**
     * Sends a plain (no ack) frame to every device of `node` on this process only. `owed`: the frame
     * is the node's own (an echo), written like a reply; otherwise it may be dropped by a full queue
     * (Session.offer) so that what others send can never get a client closed.
     */
    sendLocal(node: string, frame: Buffer, owed?: boolean): number;
    /** Session.offer with the outbound counters; dropped frames are counted. */
    offer(session: Session, frame: Buffer): boolean;
    /** May `node` have a socket anywhere? Exact on one node; on a cluster, true unless local and
     *  Redis both say no (the remote part is looked up when sending). */
    mayBeOnline(node: string): boolean;
    write(session: Session, frame: Buffer): void;
    /**
     * Reliable delivery with offline fallback of a TimMessage JSON body to every device of `node`.
     * Fan-out callers pass the encoded `body` once for all recipients.
     */
    deliverMessage(node: string, json: string, id: number, mid: number, body?: Buffer): Promise<DeliveryOutcome>;
    /** deliverMessage for a record made by pendingDelivery; `durable`: the record was stored with its
     *  message (Store.saveMessage), and is deleted once a device acknowledges. */
    deliverRecord(record: OfflineRecord, body: Buffer, durable: boolean): Promise<DeliveryOutcome>;
    /** The offline record of one recipient's copy of a message: what durable delivery stores with the
     *  message (Store.saveMessage) and what a failed delivery stores otherwise. */
    pendingDelivery(node: string, json: string, id: number, mid: number): OfflineRecord;
    /** A TimAck frame (type 12) for one session. */
    ack(session: Session, ack: TimAck): void;
    /** The error ack `{ok:false, timType, error:{code, info}}`; `reason` goes into info as ackInfo
     *  (protocol/error-codes.ts) allows. */
    errorAck(session: Session, timType: number, code: ErrorCodeValue, extra?: Partial<TimAck>, reason?: string): void;
    /** Closes every session of `node` (admin kick / ban), after telling them with timType 20, on
     *  every cluster node; returns the local count (cluster.kickEverywhere counts them all). */
    kick(node: string, notify: boolean): number;
    /** kick() on this process only. */
    kickLocal(node: string, notify: boolean): number;
    private sessionClosed;
    /** A session logged in (auth.ts calls this once its ack is written). */
    cameOnline(session: Session): void;
    private wentOffline;
    /** Closes sockets that never logged in or stopped pinging. */
    private sweep;
    /**
     * Shutdown: stop accepting, close every socket (their unacknowledged reliable frames go to the
     * offline store), wait for handlers and deliveries in progress. The caller closes the Store after.
     */
    close(): Promise<void>;
    get isClosing(): boolean;
    /** A code for an error the core does not know: logged once here. */
    unexpected(err: unknown, context: Record<string, unknown>): ErrorCodeValue;
}
