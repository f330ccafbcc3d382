// The framework-free core: sessions, the frame dispatcher, delivery and the services that the
// handlers, the admin API and the business features share. It sees no socket, fastify request or
// knex object: transports give it SocketPorts and bytes, storage is the Store interface.

import type { Limits, Mode } from '../config/types.js';
import { ErrorCode, errorAckOf, type ErrorCodeValue } from '../protocol/error-codes.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { encodeJson } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import { DEFAULT_NODE_IDS, type NodeIds } from '../protocol/node-id.js';
import type { TimAck, TimAuth } from '../protocol/wire-types.js';
import type { OfflineRecord, Store } from '../store/store.js';
import { AuthCache } from './auth-cache.js';
import { BanList } from './ban-list.js';
import { DeliveredAcks } from './delivered-acks.js';
import { dispatchFrame } from './dispatcher.js';
import { drainOffline } from './offline-drain.js';
import { localNodeOf } from './local-node.js';
import type { Peers } from './peers.js';
import { SingleNode } from './single-node.js';
import { broadcastOfflinePresence } from './handlers/presence.js';
import { IdGenerator } from './ids.js';
import { LoginThrottle } from './login-throttle.js';
import { Permissions } from './permissions.js';
import type { Clock, Logger } from './ports.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { ConnectionLog } from './connection-log.js';
import { ReliableDelivery, type DeliveryOutcome } from './reliable-delivery.js';
import { RosterCache } from './roster-cache.js';
import { CloseCode } from '../protocol/close-codes.js';
import { Session, type SocketPort } from './session.js';
import { SessionRegistry } from './session-registry.js';
import { CoreStats } from './stats.js';
import type { TokenStore } from './tokens.js';
import type { CoreContext, ExtensionHandler, JwtVerifier } from './core-context.js';

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
  /** the other server nodes (the Peers port, core/peers.ts; src/cluster/create-cluster.ts builds
   *  one); absent: this node runs alone (SingleNode) */
  peers?: Peers;
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

/** connection opened/closed lines per second before they are only counted (connection-log.ts) */
const CONNECTION_LINES_PER_SECOND = 20;
/** forget() of more nodes than this empties the auth cache instead of scanning it per node. */
const FORGET_SCAN_MAX = 8;

/** Extra frame kinds that the business/vroom layer registers (BUSINESS, NODES, VROOM, ...). */
export type { ExtensionHandler } from './core-context.js';

export class TimCore implements CoreContext {
  readonly limits: Limits;
  readonly mode: Mode;
  readonly store: Store;
  readonly tokens: TokenStore;
  readonly log: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly registry = new SessionRegistry();
  readonly delivery: ReliableDelivery;
  /** durable delivery: deletes the offline rows of acknowledged persisted messages, batched */
  readonly deliveredAcks: DeliveredAcks;
  readonly authCache: AuthCache;
  /** room.roster and roster lists; forgotten with the auth cache by forget() */
  readonly rosters: RosterCache;
  readonly perms: Permissions;
  readonly bans: BanList;
  /** the other server nodes: the core's only way to them (core/peers.ts) */
  readonly peers: Peers;
  readonly stats = new CoreStats();
  /** info lines per connection opened/closed, counted past a per-second budget (connection-log.ts) */
  private readonly connections: ConnectionLog;
  /** per-frame debug lines: decided once, so the hot path costs one boolean test at info level */
  private readonly debugFrames: boolean;
  readonly instanceHash: number;
  readonly disabled: ReadonlySet<number>;
  /** the handlers of extra frame kinds, by frame type; added by registerExtension only */
  private readonly extensionHandlers = new Map<number, ExtensionHandler>();
  readonly accounts: Accounts | undefined;
  readonly jwt: JwtVerifier | undefined;
  readonly nodeIds: NodeIds;
  readonly presenceOfflineBlock: boolean;
  readonly connectAuth: ((auth: TimAuth) => Promise<boolean>) | undefined;
  /** tim's login-state callback and the admin online-status subscription listen here; a
   *  listener must not throw and must not block (it runs on the login and close paths). */
  readonly onlineListeners = new Set<OnlineListener>();
  /** password-guessing throttle for AUTH and POST /tim2 TOKEN; per process (login-throttle.ts) */
  readonly logins: LoginThrottle;
  /** where every database failure is logged, rate limited (core/frame-error.ts logDatabaseError) */
  readonly dbErrors: RateLimitedLog;
  private sweeper: NodeJS.Timeout | undefined;
  private closing = false;
  /** the send and inbound bounds every Session reads, one object for all of them */
  private sessionLimits: { sendQueueMax: number; sendQueueBytes: number; inboundMax: number } | undefined;

  constructor(opts: CoreOptions) {
    this.limits = opts.limits;
    this.mode = opts.mode;
    this.store = opts.store;
    this.tokens = opts.tokens;
    this.log = opts.logger;
    this.clock = opts.clock;
    this.ids = opts.ids ?? new IdGenerator();
    this.instanceHash = opts.instanceHash;
    this.disabled = new Set(opts.disabledApis);
    this.accounts = opts.accounts;
    this.jwt = opts.jwt;
    this.logins = new LoginThrottle(opts.limits, () => this.clock.nowMs());
    this.dbErrors = opts.dbErrors ?? new RateLimitedLog(opts.logger, { subject: 'database', intervalMs: (opts.limits.dbErrorLogSeconds ?? 10) * 1000 });
    this.bans = opts.bans ?? new BanList();
    this.connections = new ConnectionLog(opts.logger, { perSecond: CONNECTION_LINES_PER_SECOND });
    this.debugFrames = (opts.logger as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled?.('debug') === true;
    this.peers = opts.peers ?? new SingleNode();
    const positiveMs = opts.limits.authCacheSeconds * 1000;
    this.authCache = new AuthCache(positiveMs, Math.min(positiveMs, 5000));
    this.rosters = new RosterCache(this.store, positiveMs, {}, () => this.clock.nowMs());
    this.nodeIds = opts.nodeIds ?? DEFAULT_NODE_IDS;
    this.presenceOfflineBlock = opts.presenceOfflineBlock ?? false;
    this.connectAuth = opts.connectAuth;
    this.perms = new Permissions(this.store, this.authCache, opts.mode === 'builtin', this.nodeIds);
    // Database failures of the delivery paths go to the outage-aware log (rate-limited-log.ts).
    this.deliveredAcks = new DeliveredAcks(this.store, (err, context) => this.dbErrors.failure(err, 'offlinemsg.ack', context));
    this.delivery = new ReliableDelivery(this.registry, this.store, opts.limits.ackTimeoutSeconds * 1000, this.log, {
      offlineStoredFor: (_node, late) => {
        // Sessions that logged in while the delivery was failing may have drained already.
        for (const s of late) if (s.drained && !s.draining) void drainOffline(this, s);
      },
      counted: (o) => this.stats.delivery(o),
      storeFailed: (err, context) => this.dbErrors.failure(err, 'offlinemsg.save', context),
      remote: (node, type, body, offline, durable) => this.peers.deliverRemote(node, type, body, offline, durable),
    }, this.deliveredAcks);
    this.peers.attach(localNodeOf(this));
    const sweepMs = Math.max(50, Math.min(5000, (Math.min(opts.limits.loginTimeoutSeconds, opts.limits.pingTimeoutSeconds) * 1000) / 2));
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    this.sweeper.unref();
  }

  /** The extension handlers by frame type (read by the dispatcher and admin's act-as). */
  get extensions(): ReadonlyMap<number, ExtensionHandler> {
    return this.extensionHandlers;
  }

  /** Adds the handler of frame `type`. Throws when the type already has one: a second registration
   *  would silently replace the first (a wiring mistake, found at start-up). */
  registerExtension(type: number, handler: ExtensionHandler): void {
    if (this.extensionHandlers.has(type)) throw new Error(`frame type ${type} already has an extension handler`);
    this.extensionHandlers.set(type, handler);
  }

  /** A new connection from a transport. The transport must call `session.markClosed()` on close. */
  openSession(socket: SocketPort): Session {
    const session = new Session(
      socket,
      this.log,
      (this.sessionLimits ??= { sendQueueMax: this.limits.sendQueueMax, sendQueueBytes: this.limits.sendQueueBytes, inboundMax: this.limits.sendQueueMax }),
      this.clock.nowMs(),
    );
    if (this.closing) {
      socket.close(CloseCode.GOING_AWAY, 'server shutting down');
      session.markClosed();
      return session;
    }
    this.registry.add(session);
    this.stats.connections++;
    this.connections.opened({ session: session.id, remote: socket.remote });
    session.onClose(() => this.sessionClosed(session));
    return session;
  }

  /**
   * After a membership or friendship change: forgets every cached permission answer and roster
   * list involving each node (users or rooms), here at once and on the other cluster nodes by a
   * broadcast. The one call for every such change, so neither cache can be forgotten. Resolves once
   * the broadcast was handed to the bus; never rejects (a node that misses it, the bus being down,
   * clears both caches when its bus comes back, and entries expire after limits.authCacheSeconds).
   */
  forget(...nodes: string[]): Promise<void> {
    if (nodes.length === 0) return Promise.resolve();
    this.forgetLocal(nodes);
    return this.peers.forgetElsewhere(nodes);
  }

  /** forget() on this process only (what another node's broadcast does here). */
  forgetLocal(nodes: readonly string[]): void {
    // AuthCache.invalidateNode scans every entry: past a few nodes, emptying it is cheaper.
    if (nodes.length > FORGET_SCAN_MAX) this.authCache.clear();
    for (const n of nodes) {
      if (nodes.length <= FORGET_SCAN_MAX) this.authCache.invalidateNode(n);
      this.rosters.forget(n);
    }
  }

  /** Empties both caches on this process (the cluster bus was down: broadcasts may be lost). */
  forgetAllLocal(): void {
    this.authCache.clear();
    this.rosters.clear();
  }

  /** Bytes from a transport. */
  receive(session: Session, frame: Buffer): void {
    this.stats.framesIn++;
    this.stats.bytesIn += frame.length;
    if (this.debugFrames) this.log.debug({ session: session.id, node: session.node || undefined, type: frame[0], bytes: frame.length }, 'frame');
    dispatchFrame(this, session, frame);
  }

  /** Sends a plain (no ack) frame to every device of `node`, on this process and on the other
   *  cluster nodes holding it (at most once there). Returns the local count. */
  sendToNode(node: string, frame: Buffer): number {
    const n = this.sendLocal(node, frame);
    this.peers.forwardFrame(node, frame);
    return n;
  }

  /**
   * Sends a plain (no ack) frame to every device of `node` on this process only. `owed`: the frame
   * is the node's own (an echo), written like a reply; otherwise it may be dropped by a full queue
   * (Session.offer) so that what others send can never get a client closed.
   */
  sendLocal(node: string, frame: Buffer, owed = false): number {
    const list = this.registry.sessionsOf(node);
    for (const s of list) {
      if (owed) this.write(s, frame);
      else this.offer(s, frame);
    }
    return list.length;
  }

  /** Session.offer with the outbound counters; dropped frames are counted. */
  offer(session: Session, frame: Buffer): boolean {
    if (!session.offer(frame)) {
      this.stats.framesDropped++;
      return false;
    }
    this.stats.framesOut++;
    this.stats.bytesOut += frame.length;
    return true;
  }

  /** May `node` have a socket anywhere? Exact on one node; on a cluster, true unless local and
   *  Redis both say no (the remote part is looked up when sending). */
  mayBeOnline(node: string): boolean {
    return this.registry.isOnline(node) || this.peers.distributed;
  }

  write(session: Session, frame: Buffer): void {
    this.stats.framesOut++;
    this.stats.bytesOut += frame.length;
    session.send(frame);
  }

  /**
   * Reliable delivery with offline fallback of a TimMessage JSON body to every device of `node`.
   * Fan-out callers pass the encoded `body` once for all recipients.
   */
  deliverMessage(node: string, json: string, id: number, mid: number, body: Buffer = Buffer.from(json)): Promise<DeliveryOutcome> {
    return this.deliverRecord(this.pendingDelivery(node, json, id, mid), body, false);
  }

  /** deliverMessage for a record made by pendingDelivery; `durable`: the record was stored with its
   *  message (Store.saveMessage), and is deleted once a device acknowledges. */
  deliverRecord(record: OfflineRecord, body: Buffer, durable: boolean): Promise<DeliveryOutcome> {
    return this.delivery.deliver(record.node, TimType.MESSAGE, body, record, durable);
  }

  /** The offline record of one recipient's copy of a message: what durable delivery stores with the
   *  message (Store.saveMessage) and what a failed delivery stores otherwise. */
  pendingDelivery(node: string, json: string, id: number, mid: number): OfflineRecord {
    return { node, id, mid, stanza: json, time: this.clock.nowMs() };
  }

  /** A TimAck frame (type 12) for one session. */
  ack(session: Session, ack: TimAck): void {
    this.write(session, encodeFrame(TimType.ACK, encodeJson(ack)));
  }

  /** The error ack `{ok:false, timType, error:{code, info}}`; `reason` goes into info as ackInfo
   *  (protocol/error-codes.ts) allows. */
  errorAck(session: Session, timType: number, code: ErrorCodeValue, extra?: Partial<TimAck>, reason?: string): void {
    this.stats.error(code);
    this.ack(session, errorAckOf(timType, code, reason, extra));
  }

  /** Closes every session of `node` (admin kick / ban), after telling them with timType 20, on
   *  every cluster node; returns the local count (cluster.kickEverywhere counts them all). */
  kick(node: string, notify: boolean): number {
    const n = this.kickLocal(node, notify);
    this.peers.forwardKick(node, notify);
    return n;
  }

  /** kick() on this process only. */
  kickLocal(node: string, notify: boolean): number {
    const list = [...this.registry.sessionsOf(node)];
    for (const s of list) {
      if (notify) this.ack(s, { ok: true, timType: TimType.LOGOUT });
      s.close(CloseCode.KICKED, 'kicked');
    }
    return list.length;
  }

  private sessionClosed(session: Session): void {
    const wasLast = this.registry.remove(session);
    this.stats.connections--;
    this.connections.closed({ session: session.id, remote: session.socket.remote, node: session.node || undefined, code: session.closeCode });
    if (session.closeCode === CloseCode.SLOW_CONSUMER) this.stats.slowConsumersClosed++;
    // On a cluster, offline presence goes out when the user's last socket ANYWHERE closed.
    const left = session.authed ? this.peers.release(session.node, session.id) : null;
    if (left === null) {
      if (wasLast && !this.closing) this.wentOffline(session);
    } else {
      void left.then((n) => {
        if ((n === null ? wasLast : n === 0) && !this.closing) this.wentOffline(session);
      });
    }
  }

  /** A session logged in (auth.ts calls this once its ack is written). */
  cameOnline(session: Session): void {
    for (const l of this.onlineListeners) l(session.node, true, session);
  }

  private wentOffline(session: Session): void {
    if (!session.authed) return;
    if (!this.presenceOfflineBlock) void broadcastOfflinePresence(this, session);
    for (const l of this.onlineListeners) l(session.node, false, session);
  }

  /** Closes sockets that never logged in or stopped pinging. */
  private sweep(): void {
    const now = this.clock.nowMs();
    const loginMs = this.limits.loginTimeoutSeconds * 1000;
    const pingMs = this.limits.pingTimeoutSeconds * 1000;
    for (const s of this.registry.sessions()) {
      if (!s.authed) {
        if (now - s.openedAt >= loginMs) s.close(CloseCode.LOGIN_TIMEOUT, 'login timeout');
      } else if (now - s.lastPingAt >= pingMs) {
        s.close(CloseCode.PING_TIMEOUT, 'ping timeout');
      }
    }
  }

  /**
   * Shutdown: stop accepting, close every socket (their unacknowledged reliable frames go to the
   * offline store), wait for handlers and deliveries in progress. The caller closes the Store after.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const sessions = [...this.registry.sessions()];
    for (const s of sessions) s.close(CloseCode.GOING_AWAY, 'server shutting down');
    await Promise.allSettled(sessions.map((s) => s.idle()));
    await this.delivery.settle();
    await this.deliveredAcks.settle();
    await this.tokens.close();
    await this.peers.close();
    this.dbErrors.close();
    this.connections.close();
  }

  /** `peers` under its former name, read by tests (test/cluster/node-main.ts: `core.cluster.nodeId`);
   *  new code uses `peers` */
  get cluster(): Peers {
    return this.peers;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** A code for an error the core does not know: logged once here. */
  unexpected(err: unknown, context: Record<string, unknown>): ErrorCodeValue {
    this.log.error({ err, ...context }, 'unexpected error while handling a frame');
    return ErrorCode.UNDEFINED;
  }
}
