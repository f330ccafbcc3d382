// The cluster as the core sees it: routing to the other server nodes over the Bus, with the
// ClusterRegistry saying which nodes hold a user's sockets. A node that runs alone has a LocalBus
// and NO_PEERS: every call below then finds nobody elsewhere and returns at once (synchronously
// where the core's single-node path is synchronous), so one code path serves both.
//
// Delivery rules across nodes (the same ack/resend/offline rules as on one node):
// - Plain frames (presence, echo copies, streams, big data) go to each node holding the user, once,
//   at most once; lost when that node dies (as they are never stored).
// - A reliable delivery is run by the node holding the sockets (3 sends, fresh ack ids) and its
//   outcome answered to the sending node, which owns the offline fallback: it stores the record
//   once when no device anywhere acknowledged, or when a node did not answer in time. If the
//   sending node is gone when the answer is due (send() false), the holding node stores it itself.
//   When Redis is down the remote part counts as undelivered: the record goes offline.
// - After a record was stored, the nodes now holding the user drain the sockets that logged in
//   while the delivery was failing (as ReliableDelivery does for local ones).
// - Cache invalidations (TimCore.forget: auth answers and roster lists) are broadcast to every node,
//   at most once; a node whose bus was down empties both caches when it comes back.

import { NO_REMOTE, type LocalNode, type Peers, type PeersHealth, type RemoteAttempt } from '../core/peers.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { Session } from '../core/session.js';
import { SENDS } from '../core/reliable-delivery.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { OfflineRecord } from '../store/store.js';
import { TimError } from '../core/tim-error.js';
import type { Bus, BusMessage } from './bus.js';
import { NO_PEERS, type Admission, type ClusterRegistry, type PeerInfo } from './cluster-registry.js';
import { ClusterVrooms } from './cluster-vrooms.js';
import { LocalBus } from './local-bus.js';
import { statsSnapshot } from './cluster-stats.js';
import { localPage, pingLocal } from './cluster-sessions.js';
import type { Logger } from '../core/ports.js';
import { dropped } from './dropped.js';

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

export type ClusterHealth = PeersHealth;
export type { RemoteAttempt };

const EXTRA_WAIT_MS = 1000;
const TRIED_KEEP_MS = 5000;

/** The Peers port (core/peers.ts) over a Bus and a ClusterRegistry. */
export class Cluster implements Peers {
  readonly vrooms: ClusterVrooms;
  private core: LocalNode | undefined;
  private ridSeq = 0;
  /** answers awaited, by request id: called with each `result` (value, sender, data), or null at close */
  private readonly pending = new Map<number, (v: number | null, from: string, data?: Buffer) => void>();
  /** sockets a peer's delivery request tried, kept a while for its `stored` notice */
  private readonly tried = new Map<string, Set<Session>>();
  private closing = false;

  constructor(
    readonly bus: Bus,
    readonly registry: ClusterRegistry,
    readonly log: Logger,
    private readonly parts: ClusterParts = {},
  ) {
    this.vrooms = new ClusterVrooms(this);
  }

  /** A node without peers. */
  static single(log: Logger, nodeId?: string): Cluster {
    return new Cluster(new LocalBus(nodeId), NO_PEERS, log);
  }

  get nodeId(): string {
    return this.bus.nodeId;
  }

  /** true when other nodes may hold sockets (a Redis cluster), even while Redis is down */
  get distributed(): boolean {
    return this.registry !== NO_PEERS;
  }

  get attached(): LocalNode {
    if (this.core === undefined) throw new Error('cluster used before a core was attached');
    return this.core;
  }

  /** Binds to `core` (once, from its constructor) and starts receiving. */
  attach(core: LocalNode): void {
    this.core = core;
    this.bus.start((msg, from) => this.receive(msg, from)).catch((err: Error) => this.log.error({ err }, 'cluster: bus did not start'));
    this.bus.onStatus((up) => {
      if (!up) return;
      this.vrooms.remark(core);
      // `forget` broadcasts sent while this node was cut off are lost: start the caches afresh.
      core.forgetAllLocal();
    });
    this.parts.start?.().catch((err: Error) => this.log.error({ err }, 'cluster: registry did not start'));
  }

  health(): ClusterHealth {
    const up = this.bus.up;
    return { mode: this.distributed ? 'redis' : 'single', nodeId: this.nodeId, up, synced: up && (this.parts.synced?.() ?? true) };
  }

  // --- logins and logouts ------------------------------------------------------------------------

  /**
   * Device limits for a login of `user` on socket `sid`. `localRule` is the single-node rule (it
   * throws 4111 or closes local victims). Returns undefined after running it synchronously when
   * there is no cluster view; otherwise a promise that resolves once the login is registered
   * cluster-wide (victims anywhere are being closed) or rejects with 4111. The caller must
   * release() the socket if it closed meanwhile.
   */
  admit(user: string, sid: number, termtyp: number, now: number, localRule: () => void): Promise<void> | undefined {
    const core = this.attached;
    const shared = this.registry.admit(user, sid, termtyp, now, core.limits);
    if (shared === null) {
      localRule();
      if (this.distributed) this.parts.adopt?.(user, sid, now, termtyp);
      return undefined;
    }
    return shared.then(
      (a) => {
        if (a === null) throw new TimError(ErrorCode.OVERENTRY);
        this.closeVictims(user, a);
      },
      (err: Error) => {
        if (err instanceof TimError) throw err;
        this.log.warn({ err: err.message }, 'cluster: device limits counted on this node only (redis failed)');
        localRule();
        this.parts.adopt?.(user, sid, now, termtyp);
      },
    );
  }

  private closeVictims(user: string, a: Admission): void {
    const core = this.attached;
    for (const v of a.victims) {
      if (v.server === this.nodeId) {
        for (const s of core.registry.sessionsOf(user)) if (s.id === v.sid) s.close(CloseCode.KICKED, 'logged in elsewhere');
      } else {
        this.bus.send(v.server, { kind: 'kick', user, notify: false, sids: [v.sid] }).catch(dropped(this.log, 'kick of a socket on another node'));
      }
    }
  }

  /** Forgets a closed socket. Resolves with the user's sockets left cluster-wide; null (at once
   *  or later) when only the local registry can answer. */
  release(user: string, sid: number): Promise<number | null> | null {
    // Shutting down: close() unregisters every socket of this node at once.
    if (this.closing || this.core?.isClosing) return null;
    const r = this.registry.release(user, sid);
    return r === null ? null : r.catch(dropped(this.log, 'socket release', null));
  }

  // --- routing -------------------------------------------------------------------------------

  /** A plain frame for `user`'s sockets on other nodes. */
  forwardFrame(user: string, frame: Buffer): void {
    this.toHolders(user, { kind: 'frame', user, data: frame });
  }

  /** Closes `user`'s sockets on other nodes (admin kick, ban). */
  forwardKick(user: string, notify: boolean): void {
    this.toHolders(user, { kind: 'kick', user, notify });
  }

  /** Tells every other node to forget the cached answers and lists of `nodes` (TimCore.forget).
   *  Resolves once the bus took the broadcast; never rejects (a failure is logged: the other
   *  nodes then rely on their TTL, or on clearing their caches when their bus comes back). */
  forgetElsewhere(nodes: readonly string[]): Promise<void> {
    if (!this.distributed) return Promise.resolve();
    return this.bus.broadcast({ kind: 'forget', nodes: [...nodes] }).then(
      () => undefined,
      (err: Error) => this.log.warn({ err: err.message, nodes: nodes.length }, 'cluster: cache invalidation not broadcast; other nodes keep their entries until they expire'),
    );
  }

  private toHolders(user: string, msg: BusMessage): void {
    const r = this.registry.route(user, msg);
    if (!Array.isArray(r)) (r as Promise<readonly string[]>).catch((err: Error) => this.log.debug({ err: err.message, kind: msg.kind }, 'cluster: routing failed'));
  }

  /**
   * The remote part of a reliable delivery (ReliableDelivery's `remote` hook): asks every other node
   * holding `user` (one request, id `rid`, routed in one Redis step) to run the attempts on its
   * sockets. `done` resolves true as soon as one reports an acknowledgement, false when every
   * node that took the request answered no, or at the deadline, or when Redis is down; null when
   * there are no peers. `stored()` is called after the record went offline.
   */
  deliverRemote(user: string, type: number, body: Buffer, offline: OfflineRecord | null, durable = false): RemoteAttempt {
    if (this.registry === NO_PEERS) return NO_REMOTE;
    const rid = this.nextRid();
    const off = offline === null ? undefined : { id: offline.id, mid: offline.mid, time: offline.time, ...(durable ? { durable: true } : {}) };
    const wait = SENDS * this.ackTimeoutMs() + Math.max(EXTRA_WAIT_MS, this.ackTimeoutMs());
    const done = new Promise<boolean>((resolve) => {
      let noes: Set<string> | undefined; // nodes that answered "no device acknowledged"
      let waiting: readonly string[] | undefined; // known once the route answered
      const finish = (v: boolean) => {
        if (!this.pending.delete(rid)) return;
        clearTimeout(timer);
        resolve(v);
      };
      const check = () => {
        if (waiting !== undefined && waiting.every((n) => noes?.has(n) === true)) finish(false);
      };
      const timer = setTimeout(() => finish(false), wait);
      this.pending.set(rid, (value, from) => {
        // value null: this node is closing; 1: a device acknowledged
        if (value === null) return finish(false);
        if (value === 1) return finish(true);
        (noes ??= new Set()).add(from);
        check();
      });
      Promise.resolve(this.registry.route(user, { kind: 'deliver', rid, user, type, data: body, offline: off })).then(
        (nodes) => {
          waiting = nodes;
          check();
        },
        () => finish(false),
      );
    });
    return { done, stored: () => this.toHolders(user, { kind: 'stored', user, rid }) };
  }

  /** Asks node `to` something; resolves with its `result` value, or null when it cannot answer
   *  (not listening, bus down, no answer within `timeoutMs`, or this node closing). */
  async request(to: string, make: (rid: number) => BusMessage, timeoutMs: number): Promise<number | null> {
    return (await this.ask(to, make, timeoutMs))?.value ?? null;
  }

  /** request(), resolving with the whole answer (its `data` too). */
  ask(to: string, make: (rid: number) => BusMessage, timeoutMs: number): Promise<{ value: number; data?: Buffer } | null> {
    const rid = this.nextRid();
    return new Promise<{ value: number; data?: Buffer } | null>((resolve) => {
      const done = (v: number | null, _from?: string, data?: Buffer) => {
        if (!this.pending.delete(rid)) return;
        clearTimeout(timer);
        resolve(v === null ? null : { value: v, ...(data !== undefined ? { data } : {}) });
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      this.pending.set(rid, done);
      this.bus.send(to, make(rid)).then(
        (ok) => ok || done(null),
        () => done(null),
      );
    });
  }

  private nextRid(): number {
    this.ridSeq = this.ridSeq >= 0x7fffffff ? 1 : this.ridSeq + 1;
    return this.ridSeq;
  }

  // --- cluster-wide views (the admin layer's ClusterService uses these) -------------------------

  /** Closes `user`'s sockets everywhere; resolves with how many were closed. */
  async kickEverywhere(user: string, notify: boolean): Promise<number> {
    const core = this.attached;
    const local = core.kickLocal(user, notify);
    let nodes: readonly string[];
    try {
      nodes = await this.registry.holders(user);
    } catch (err) {
      dropped(this.log, 'holders lookup of a kick')(err);
      return local;
    }
    const counts = await Promise.all(nodes.map((n) => this.request(n, (rid) => ({ kind: 'kick', rid, user, notify }), this.rpcTimeoutMs())));
    return counts.reduce<number>((sum, c) => sum + (c ?? 0), local);
  }

  peers(): Promise<PeerInfo[]> {
    return this.registry.peers();
  }

  rpcTimeoutMs(): number {
    return Math.max(EXTRA_WAIT_MS, 2 * this.ackTimeoutMs());
  }

  private ackTimeoutMs(): number {
    return this.attached.limits.ackTimeoutSeconds * 1000;
  }

  /** This node's counters, as peers read them. */
  snapshot(): Record<string, number> {
    return this.core === undefined ? {} : statsSnapshot(this.core);
  }

  // --- receiving -----------------------------------------------------------------------------

  private receive(msg: BusMessage, from: string): void {
    const core = this.core;
    if (core === undefined) return;
    switch (msg.kind) {
      case 'frame':
        core.sendLocal(msg.user, msg.data);
        return;
      case 'deliver':
        this.deliverForPeer(core, msg, from);
        return;
      case 'result':
        this.pending.get(msg.rid)?.(msg.value, from, msg.data);
        return;
      case 'stored':
        this.drainLate(core, msg.user, this.tried.get(`${from}:${msg.rid}`));
        return;
      case 'kick': {
        if (msg.sids !== undefined) {
          const victims = core.registry.sessionsOf(msg.user).filter((s) => msg.sids?.includes(s.id));
          for (const s of victims) s.close(CloseCode.KICKED, 'logged in elsewhere');
          return;
        }
        const n = core.kickLocal(msg.user, msg.notify);
        if (msg.rid !== undefined) this.bus.send(from, { kind: 'result', rid: msg.rid, value: n }).catch(dropped(this.log, 'kick answer'));
        return;
      }
      case 'detect':
        this.answer(from, msg.rid, Array.isArray(msg.users) ? pingLocal(core, msg.users.filter((u) => typeof u === 'string')) : 0);
        return;
      case 'sessions': {
        const page = localPage(core, { user: typeof msg.user === 'string' ? msg.user : undefined, after: Number(msg.after) || 0, limit: Number(msg.limit) || 0 });
        this.answer(from, msg.rid, page.total, Buffer.from(JSON.stringify(page)));
        return;
      }
      case 'ban':
        this.parts.applyBan?.(msg.user, msg.until);
        return;
      case 'forget':
        if (Array.isArray(msg.nodes)) core.forgetLocal(msg.nodes.filter((n) => typeof n === 'string'));
        return;
      case 'vroom':
      case 'vpush':
        this.vrooms.receive(core, msg, from);
        return;
    }
  }

  private answer(to: string, rid: number, value: number, data?: Buffer): void {
    this.bus.send(to, { kind: 'result', rid, value, ...(data !== undefined ? { data } : {}) }).catch(dropped(this.log, 'request answer'));
  }

  private deliverForPeer(core: LocalNode, msg: Extract<BusMessage, { kind: 'deliver' }>, from: string): void {
    const work = core.delivery.forPeer(msg.user, msg.type, msg.data, msg.offline?.durable === true ? msg.offline.mid : 0).then(async ({ delivered, tried }) => {
      let answered = false;
      try {
        answered = await this.bus.send(from, { kind: 'result', rid: msg.rid, value: delivered ? 1 : 0 });
      } catch (err) {
        dropped(this.log, 'delivery answer')(err);
        answered = false;
      }
      if (delivered) {
        // The asking node is gone and cannot delete the durable record: done here.
        if (!answered && msg.offline?.durable === true) core.deliveredAcks.add(msg.user, msg.offline.mid);
        return;
      }
      const key = `${from}:${msg.rid}`;
      this.tried.set(key, tried);
      // Kept past the asking node's deadline, after which its `stored` notice comes at the latest.
      setTimeout(() => this.tried.delete(key), Math.max(TRIED_KEEP_MS, 2 * this.ackTimeoutMs() + EXTRA_WAIT_MS)).unref();
      if (!answered && msg.offline?.durable === true) {
        // The sending node is gone, but the record was stored with its message: it stays for the
        // next drain (the late sessions here may need one now).
        this.drainLate(core, msg.user, tried);
      } else if (!answered && msg.offline !== undefined) {
        // The sending node is gone: the offline fallback is ours now.
        const record: OfflineRecord = { node: msg.user, id: msg.offline.id, mid: msg.offline.mid, stanza: msg.data.toString('utf8'), time: msg.offline.time };
        await core.delivery.storeOffline(record, tried);
      }
    });
    core.delivery.track(work);
  }

  private drainLate(core: LocalNode, user: string, tried: Set<Session> | undefined): void {
    for (const s of core.registry.sessionsOf(user)) {
      if (!s.closed && s.drained && !s.draining && !tried?.has(s)) core.drainOffline(s);
    }
  }

  /** Stops routing and receiving; unregisters this node. Called by the core's close(). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const done of [...this.pending.values()]) done(null, this.nodeId);
    await this.parts.close?.();
    await this.bus.close();
  }
}
