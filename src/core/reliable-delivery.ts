// Reliable delivery (docs/protocol.md 2.3): a frame sent with the ack flag to every device of a node,
// resent with a fresh ack id after limits.ackTimeoutSeconds, twice, and stored offline when no
// device acknowledged (or none is connected). An attempt ends early when every device it was sent
// to has closed, so a killed client's message reaches the offline store at once, not after 30 s.
//
// Guarantees: a delivery resolves only after the frame was acknowledged by some device of the
// node, or written to the offline store, or (no offline record given, or the store failed) dropped
// — the outcome says which. `settle()` waits for every delivery in progress (shutdown).
//
// On a cluster the `remote` hook runs the same attempts on the node's sockets held by other server
// nodes, beside the local ones; the record is stored offline (once, here) only when neither part
// was acknowledged. Those nodes run their part through `forPeer`, which never stores.
//
// Durable delivery (docs/reliability.md): a persisted message's record is already in the offline
// store when its delivery starts (written with the message row). Then nothing is stored here; an
// acknowledged copy hands (node, mid) to DeliveredAcks, which deletes the row.
//
// Revoke and burn `cancel(mid)` the deliveries of a message in progress on this process: no resend,
// nothing stored offline afterwards.

import { encodeReliableFrame } from '../protocol/frame-codec.js';
import type { OfflineRecord, Store } from '../store/store.js';
import type { DeliveredAcks } from './delivered-acks.js';
import type { Logger } from './ports.js';
import type { AckWaiter, Session } from './session.js';
import type { SessionRegistry } from './session-registry.js';

export type DeliveryOutcome = 'delivered' | 'stored_offline' | 'dropped' | 'cancelled';

/** One delivery of a persisted message in progress, for cancel(mid). */
interface Cancellable {
  cancelled: boolean;
  /** the attempt waiting for an ack, if any: cancel ends it */
  stop: Attempt | undefined;
}

/** Sends done per delivery: the first and two resends. */
export const SENDS = 3;
/** acknowledged durable deliveries remembered for the offline drain (a few MB at most) */
const ACKED_KEEP = 20_000;
const INT32_MAX = 0x7fffffff;

export interface DeliveryHooks {
  /** Called after a record was stored offline for `node` while some of its sessions were not part
   *  of the attempts (they logged in meanwhile): they may need an offline drain. */
  offlineStoredFor(node: string, skipped: readonly Session[]): void;
  counted?(outcome: DeliveryOutcome | 'timeout'): void;
  /** An offline save failed (the frame is dropped); defaults to an error line per failure. */
  storeFailed?(err: unknown, context: Record<string, unknown>): void;
  /** Cluster: starts the attempts on other server nodes; `done` is null when none holds `node`,
   *  else resolves true when a device there acknowledged; `stored()` follows an offline store. */
  remote?(node: string, type: number, body: Buffer, offline: OfflineRecord | null, durable: boolean): { done: Promise<boolean> | null; stored(): void };
}

export class ReliableDelivery {
  private ackSeq = 0;
  /** work tracked for settle(): promises handed to track(), and a count of run()s in progress
   *  (counted, not tracked, to spare two promises and a Set entry per delivery) */
  private readonly inflight = new Set<Promise<unknown>>();
  private running = 0;
  private whenIdle: (() => void)[] = [];
  /** per node, the last offline save in progress (see saveInOrder) */
  private readonly offlineTails = new Map<string, Promise<unknown>>();
  /** deliveries of persisted messages in progress, by mid (one, or a Set when several: rooms) */
  private readonly byMid = new Map<number, Cancellable | Set<Cancellable>>();
  /** durable deliveries in progress, by node and mid (see liveState): each resolves with its
   *  outcome, or true / false (acknowledged or not) */
  private readonly durableLive = new PairMap<Promise<DeliveryOutcome | boolean>>();
  /** the last ACKED_KEEP durable deliveries acknowledged, by node and mid (see liveState) */
  private readonly ackedRecently = new RecentPairs(ACKED_KEEP);

  constructor(
    private readonly registry: SessionRegistry,
    private readonly store: Store,
    private readonly ackTimeoutMs: number,
    private readonly log: Logger,
    private readonly hooks: DeliveryHooks,
    private readonly acks?: DeliveredAcks,
  ) {}

  /** tim's ack ids: a process-wide int32 counter starting at 1 that wraps (never 0). */
  nextAckId(): number {
    this.ackSeq = this.ackSeq >= INT32_MAX ? 1 : this.ackSeq + 1;
    return this.ackSeq;
  }

  /**
   * Delivers `body` as frame `type` to every device of `node`; see the file comment. `durable`: the
   * `offline` record is already stored (written with its message), so it is deleted on an ack
   * instead of stored on a failure.
   */
  deliver(node: string, type: number, body: Buffer, offline: OfflineRecord | null, durable = false): Promise<DeliveryOutcome> {
    const p = this.run(node, type, body, offline, durable);
    if (durable && offline !== null) this.markLive(node, offline.mid, p);
    return p;
  }

  /**
   * Announces the durable deliveries of `mid` to `nodes` before their offline rows commit: until the
   * returned function is called (right after deliver() took over, or when the save failed), the
   * offline drain treats the row as in flight. Without it a drain could read the committed row
   * while the delivery still waits for the sender's earlier frames, and send the message twice.
   */
  announce(nodes: readonly string[], mid: number): () => void {
    let done!: (acked: boolean) => void;
    const started = new Promise<boolean>((resolve) => (done = resolve));
    for (const node of nodes) this.durableLive.set(node, mid, started);
    return () => {
      done(false);
      // The entries deliver() has not replaced (no delivery started, or the save failed) end here.
      for (const node of nodes) if (this.durableLive.get(node, mid) === started) this.durableLive.delete(node, mid);
    };
  }

  /** Notes a durable delivery in progress (`delivered` resolves true on an ack) for liveState. */
  private markLive(node: string, mid: number, delivered: Promise<DeliveryOutcome | boolean>): void {
    this.durableLive.set(node, mid, delivered);
    void delivered.then((outcome) => {
      if (this.durableLive.get(node, mid) === delivered) this.durableLive.delete(node, mid);
      if (isAcked(outcome)) this.ackedRecently.add(node, mid);
    });
  }

  /**
   * What this process knows of the durable delivery of message `mid` to `node`, whose offline row is
   * stored: in progress (a promise of whether a device acknowledged), recently acknowledged (its row
   * is about to be deleted), or nothing. The offline drain leaves a row in progress to its live
   * delivery and treats an acknowledged one as delivered, instead of sending the message twice.
   */
  liveState(node: string, mid: number): Promise<boolean> | 'acked' | undefined {
    const live = this.durableLive.get(node, mid);
    if (live !== undefined) return live.then(isAcked);
    return this.ackedRecently.has(node, mid) ? 'acked' : undefined;
  }

  /** Stops every delivery of message `mid` in progress on this process (revoke, burn): no more
   *  resends, and nothing is stored offline for it afterwards. */
  cancel(mid: number): void {
    const watched = this.byMid.get(mid);
    if (watched === undefined) return;
    this.byMid.delete(mid);
    for (const c of watched instanceof Set ? watched : [watched]) {
      c.cancelled = true;
      c.stop?.finish(false);
    }
  }

  /** Sends reliably to one session only (offline batches); true when it acknowledged. */
  async toSession(session: Session, type: number, body: Buffer): Promise<boolean> {
    for (let i = 0; i < SENDS && !session.closed; i++) {
      if (await this.attempt([session], type, body)) return true;
    }
    return false;
  }

  /** Resolves when every delivery in progress has finished. */
  async settle(): Promise<void> {
    while (this.inflight.size > 0 || this.running > 0) {
      const idle = this.running > 0 ? new Promise<void>((resolve) => this.whenIdle.push(resolve)) : undefined;
      await Promise.allSettled([...this.inflight, idle]);
    }
  }

  /** Makes settle() wait for `p` too (work started on behalf of another cluster node). */
  track(p: Promise<unknown>) {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /**
   * Cluster: another server node asks for the attempts on this process's sockets of `node`.
   * Nothing is stored and no delivery is counted here (the asking node owns both); `tried` are the
   * sessions the frame went to. `durableMid`: the message's durable row is stored (see liveState).
   */
  forPeer(node: string, type: number, body: Buffer, durableMid = 0): Promise<{ delivered: boolean; tried: Set<Session> }> {
    const tried = new Set<Session>();
    const attempts = this.localAttempts(node, type, body, tried);
    // A durable message's row is already stored: a drain here leaves it to these attempts.
    if (durableMid > 0) this.markLive(node, durableMid, attempts);
    const p = attempts.then((delivered) => ({ delivered, tried }));
    this.track(p);
    return p;
  }

  private async run(node: string, type: number, body: Buffer, offline: OfflineRecord | null, durable: boolean): Promise<DeliveryOutcome> {
    const mid = offline !== null && offline.mid > 0 ? offline.mid : 0;
    const handle: Cancellable | undefined = mid > 0 ? { cancelled: false, stop: undefined } : undefined;
    if (handle !== undefined) this.watch(mid, handle);
    this.running++;
    try {
      const tried = new Set<Session>();
      const remote = this.hooks.remote?.(node, type, body, offline, durable);
      if ((await this.localAttempts(node, type, body, tried, handle)) || (remote?.done && (await remote.done))) {
        if (durable) this.acks?.add(node, mid);
        this.hooks.counted?.('delivered');
        return 'delivered';
      }
      if (handle?.cancelled) return 'cancelled';
      if (offline === null) {
        this.hooks.counted?.('dropped');
        return 'dropped';
      }
      const outcome = durable ? this.alreadyStored(node, tried) : await this.storeOffline(offline, tried);
      if (outcome === 'stored_offline') remote?.stored();
      return outcome;
    } finally {
      if (handle !== undefined) this.unwatch(mid, handle);
      if (--this.running === 0 && this.whenIdle.length > 0) {
        const waiters = this.whenIdle;
        this.whenIdle = [];
        for (const w of waiters) w();
      }
    }
  }

  private watch(mid: number, handle: Cancellable): void {
    const watched = this.byMid.get(mid);
    if (watched === undefined) this.byMid.set(mid, handle);
    else if (watched instanceof Set) watched.add(handle);
    else this.byMid.set(mid, new Set([watched, handle]));
  }

  private unwatch(mid: number, handle: Cancellable): void {
    const watched = this.byMid.get(mid);
    if (watched === handle) this.byMid.delete(mid);
    else if (watched instanceof Set) {
      watched.delete(handle);
      if (watched.size === 0) this.byMid.delete(mid);
    }
  }

  /** A durable record that no device acknowledged: it stays in the offline store, where it was
   *  written with its message; sessions that logged in meanwhile may need a drain. */
  private alreadyStored(node: string, tried: ReadonlySet<Session>): DeliveryOutcome {
    this.hooks.counted?.('stored_offline');
    const late = this.registry.sessionsOf(node).filter((s) => !s.closed && !tried.has(s));
    if (late.length > 0) this.hooks.offlineStoredFor(node, late);
    return 'stored_offline';
  }

  /** Up to SENDS attempts on the node's sessions of this process; true on the first ack. */
  private async localAttempts(node: string, type: number, body: Buffer, tried: Set<Session>, handle?: Cancellable): Promise<boolean> {
    for (let i = 0; i < SENDS; i++) {
      if (handle?.cancelled) return false;
      const sessions = this.registry.sessionsOf(node).filter((s) => !s.closed);
      if (sessions.length === 0) break;
      for (const s of sessions) tried.add(s);
      if (await this.attempt(sessions, type, body, handle)) return true;
      if (handle?.cancelled) return false;
      this.hooks.counted?.('timeout');
    }
    return false;
  }

  /** Writes an undelivered record to the offline store; sessions of its node outside `tried`
   *  (they logged in meanwhile) are handed to the offlineStoredFor hook. */
  async storeOffline(offline: OfflineRecord, tried: ReadonlySet<Session>): Promise<DeliveryOutcome> {
    const node = offline.node;
    try {
      await this.saveInOrder(offline);
    } catch (err) {
      if (this.hooks.storeFailed) this.hooks.storeFailed(err, { node, id: offline.id });
      else this.log.error({ err, node, id: offline.id }, 'could not store an undelivered frame offline');
      this.hooks.counted?.('dropped');
      return 'dropped';
    }
    this.hooks.counted?.('stored_offline');
    const late = this.registry.sessionsOf(node).filter((s) => !s.closed && !tried.has(s));
    if (late.length > 0) this.hooks.offlineStoredFor(node, late);
    return 'stored_offline';
  }

  /**
   * Saves offline records of one node one after another, in the order they were handed over, so
   * the drain (ordered by offline row id) replays a burst in send order even on a pooled database.
   */
  private saveInOrder(offline: OfflineRecord): Promise<void> {
    const node = offline.node;
    const prev = this.offlineTails.get(node) ?? Promise.resolve();
    const mine = prev.then(() => this.store.saveOffline(offline));
    const tail = mine.catch(() => undefined);
    this.offlineTails.set(node, tail);
    void tail.then(() => {
      if (this.offlineTails.get(node) === tail) this.offlineTails.delete(node);
    });
    return mine;
  }

  /** One send to each session; true on the first ack, false on timeout, when all have closed, or
   *  when the delivery is cancelled. */
  private attempt(sessions: readonly Session[], type: number, body: Buffer, handle?: Cancellable): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const a = new Attempt(resolve, sessions.length, this.ackTimeoutMs);
      if (handle !== undefined) handle.stop = a;
      for (const s of sessions) {
        if (s.closed) {
          a.gone();
          continue;
        }
        const id = this.nextAckId();
        s.pendingAcks.set(id, a);
        a.sent(s, id);
        s.send(encodeReliableFrame(type, id, body));
      }
    });
  }
}

/**
 * One attempt: resolves true on the first ack from any of its sessions, false on the timeout, once
 * every session has closed, or on finish(false) (cancel). One object per attempt, its own
 * AckWaiter, with a named timer callback: no closures on the persisted hot path.
 */
class Attempt implements AckWaiter {
  private done = false;
  private readonly timer: NodeJS.Timeout;
  /** the first session sent to and its ack id; further ones (several devices) in `more` */
  private first: Session | undefined;
  private firstId = 0;
  private more: [Session, number][] | undefined;

  constructor(
    private readonly resolve: (acked: boolean) => void,
    private outstanding: number,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(expireAttempt, timeoutMs, this);
  }

  sent(s: Session, id: number): void {
    if (this.first === undefined) {
      this.first = s;
      this.firstId = id;
    } else {
      (this.more ??= []).push([s, id]);
    }
  }

  acked(): void {
    this.finish(true);
  }

  gone(): void {
    if (--this.outstanding === 0) this.finish(false);
  }

  finish(acked: boolean): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.first?.pendingAcks.delete(this.firstId);
    if (this.more !== undefined) for (const [s, id] of this.more) s.pendingAcks.delete(id);
    this.resolve(acked);
  }
}

function expireAttempt(a: Attempt): void {
  a.finish(false);
}

function isAcked(outcome: DeliveryOutcome | boolean): boolean {
  return outcome === true || outcome === 'delivered';
}

/**
 * Values by (node, mid) without a string key built per pair (number-to-string of a mid showed in
 * profiles of persisted 1:1): a Map of nodes, each a Map of mids, dropped when empty.
 */
class PairMap<V> {
  private readonly byNode = new Map<string, Map<number, V>>();

  get(node: string, mid: number): V | undefined {
    return this.byNode.get(node)?.get(mid);
  }

  set(node: string, mid: number, value: V): void {
    const mids = this.byNode.get(node);
    if (mids === undefined) this.byNode.set(node, new Map([[mid, value]]));
    else mids.set(mid, value);
  }

  delete(node: string, mid: number): void {
    const mids = this.byNode.get(node);
    if (mids === undefined) return;
    mids.delete(mid);
    if (mids.size === 0) this.byNode.delete(node);
  }
}

/**
 * The last `size` (node, mid) pairs added, in a ring: O(1) to add and to look up. (A Map trimmed
 * from its oldest end costs O(deleted entries) per trim in V8, which profiles showed at ~10 µs per
 * ack.)
 */
class RecentPairs {
  private readonly nodes: (string | undefined)[];
  private readonly mids: Float64Array;
  private readonly byNode = new Map<string, Set<number>>();
  private next = 0;

  constructor(size: number) {
    this.nodes = new Array<string | undefined>(size);
    this.mids = new Float64Array(size);
  }

  add(node: string, mid: number): void {
    if (this.has(node, mid)) return;
    const i = this.next;
    const old = this.nodes[i];
    if (old !== undefined) {
      const set = this.byNode.get(old);
      set?.delete(this.mids[i]);
      if (set?.size === 0) this.byNode.delete(old);
    }
    this.nodes[i] = node;
    this.mids[i] = mid;
    const set = this.byNode.get(node);
    if (set === undefined) this.byNode.set(node, new Set([mid]));
    else set.add(mid);
    this.next = (i + 1) % this.nodes.length;
  }

  has(node: string, mid: number): boolean {
    return this.byNode.get(node)?.has(mid) === true;
  }
}
