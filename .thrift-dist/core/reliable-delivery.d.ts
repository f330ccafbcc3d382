import type { OfflineRecord, Store } from '../store/store.js';
import type { DeliveredAcks } from './delivered-acks.js';
import type { Logger } from './ports.js';
import type { Session } from './session.js';
import type { SessionRegistry } from './session-registry.js';
export type DeliveryOutcome = 'delivered' | 'stored_offline' | 'dropped' | 'cancelled';
/** Sends done per delivery: the first and two resends. */
export declare const SENDS = 3;
export interface DeliveryHooks {
    /** Called after a record was stored offline for `node` while some of its sessions were not part
     *  of the attempts (they logged in meanwhile): they may need an offline drain. */
    offlineStoredFor(node: string, skipped: readonly Session[]): void;
    counted?(outcome: DeliveryOutcome | 'timeout'): void;
    /** An offline save failed (the frame is dropped); defaults to an error line per failure. */
    storeFailed?(err: unknown, context: Record<string, unknown>): void;
    /** Cluster: starts the attempts on other server nodes; `done` is null when none holds `node`,
     *  else resolves true when a device there acknowledged; `stored()` follows an offline store. */
    remote?(node: string, type: number, body: Buffer, offline: OfflineRecord | null, durable: boolean): {
        done: Promise<boolean> | null;
        stored(): void;
    };
}
export declare class ReliableDelivery {
    private readonly registry;
    private readonly store;
    private readonly ackTimeoutMs;
    private readonly log;
    private readonly hooks;
    private readonly acks?;
    private ackSeq;
    /** work tracked for settle(): promises handed to track(), and a count of run()s in progress
     *  (counted, not tracked, to spare two promises and a Set entry per delivery) */
    private readonly inflight;
    private running;
    private whenIdle;
    /** per node, the last offline save in progress (see saveInOrder) */
    private readonly offlineTails;
    /** deliveries of persisted messages in progress, by mid (one, or a Set when several: rooms) */
    private readonly byMid;
    /** durable deliveries in progress, by node and mid (see liveState): each resolves with its
     *  outcome, or true / false (acknowledged or not) */
    private readonly durableLive;
    /** the last ACKED_KEEP durable deliveries acknowledged, by node and mid (see liveState) */
    private readonly ackedRecently;
    constructor(registry: SessionRegistry, store: Store, ackTimeoutMs: number, log: Logger, hooks: DeliveryHooks, acks?: DeliveredAcks | undefined);
    /** tim's ack ids: a process-wide int32 counter starting at 1 that wraps (never 0). */
    nextAckId(): number;
    /**
     * Delivers `body` as frame `type` to every device of `node`; see the file comment. `durable`: the
     * `offline` record is already stored (written with its message), so it is deleted on an ack
     * instead of stored on a failure.
     */
    deliver(node: string, type: number, body: Buffer, offline: OfflineRecord | null, durable?: boolean): Promise<DeliveryOutcome>;
    /**
     * Announces the durable deliveries of `mid` to `nodes` before their offline rows commit: until the
     * returned function is called (right after deliver() took over, or when the save failed), the
     * offline drain treats the row as in flight. Without it a drain could read the committed row
     * while the delivery still waits for the sender's earlier frames, and send the message twice.
     */
    announce(nodes: readonly string[], mid: number): () => void;
    /** Notes a durable delivery in progress (`delivered` resolves true on an ack) for liveState. */
    private markLive;
    /**
     * What this process knows of the durable delivery of message `mid` to `node`, whose offline row is
     * stored: in progress (a promise of whether a device acknowledged), recently acknowledged (its row
     * is about to be deleted), or nothing. The offline drain leaves a row in progress to its live
     * delivery and treats an acknowledged one as delivered, instead of sending the message twice.
     */
    liveState(node: string, mid: number): Promise<boolean> | 'acked' | undefined;
    /** Stops every delivery of message `mid` in progress on this process (revoke, burn): no more
     *  resends, and nothing is stored offline for it afterwards. */
    cancel(mid: number): void;
    /** Sends reliably to one session only (offline batches); true when it acknowledged. */
    toSession(session: Session, type: number, body: Buffer): Promise<boolean>;
    /** Resolves when every delivery in progress has finished. */
    settle(): Promise<void>;
    /** Makes settle() wait for `p` too (work started on behalf of another cluster node). */
    track(p: Promise<unknown>): void;
    /**
     * Cluster: another server node asks for the attempts on this process's sockets of `node`.
     * Nothing is stored and no delivery is counted here (the asking node owns both); `tried` are the
     * sessions the frame went to. `durableMid`: the message's durable row is stored (see liveState).
     */
    forPeer(node: string, type: number, body: Buffer, durableMid?: number): Promise<{
        delivered: boolean;
        tried: Set<Session>;
    }>;
    private run;
    private watch;
    private unwatch;
    /** A durable record that no device acknowledged: it stays in the offline store, where it was
     *  written with its message; sessions that logged in meanwhile may need a drain. */
    private alreadyStored;
    /** Up to SENDS attempts on the node's sessions of this process; true on the first ack. */
    private localAttempts;
    /** Writes an undelivered record to the offline store; sessions of its node outside `tried`
     *  (they logged in meanwhile) are handed to the offlineStoredFor hook. */
    storeOffline(offline: OfflineRecord, tried: ReadonlySet<Session>): Promise<DeliveryOutcome>;
    /**
     * Saves offline records of one node one after another, in the order they were handed over, so
     * the drain (ordered by offline row id) replays a burst in send order even on a pooled database.
     */
    private saveInOrder;
    /** One send to each session; true on the first ack, false on timeout, when all have closed, or
     *  when the delivery is cancelled. */
    private attempt;
}
