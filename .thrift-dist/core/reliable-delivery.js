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
/** Sends done per delivery: the first and two resends. */
export const SENDS = 3;
/** acknowledged durable deliveries remembered for the offline drain (a few MB at most) */
const ACKED_KEEP = 20_000;
const INT32_MAX = 0x7fffffff;
export class ReliableDelivery {
    registry;
    store;
    ackTimeoutMs;
    log;
    hooks;
    acks;
    ackSeq = 0;
    /** work tracked for settle(): promises handed to track(), and a count of run()s in progress
     *  (counted, not tracked, to spare two promises and a Set entry per delivery) */
    inflight = new Set();
    running = 0;
    whenIdle = [];
    /** per node, the last offline save in progress (see saveInOrder) */
    offlineTails = new Map();
    /** deliveries of persisted messages in progress, by mid (one, or a Set when several: rooms) */
    byMid = new Map();
    /** durable deliveries in progress, by node and mid (see liveState): each resolves with its
     *  outcome, or true / false (acknowledged or not) */
    durableLive = new PairMap();
    /** the last ACKED_KEEP durable deliveries acknowledged, by node and mid (see liveState) */
    ackedRecently = new RecentPairs(ACKED_KEEP);
    constructor(registry, store, ackTimeoutMs, log, hooks, acks) {
        this.registry = registry;
        this.store = store;
        this.ackTimeoutMs = ackTimeoutMs;
        this.log = log;
        this.hooks = hooks;
        this.acks = acks;
    }
    /** tim's ack ids: a process-wide int32 counter starting at 1 that wraps (never 0). */
    nextAckId() {
        this.ackSeq = this.ackSeq >= INT32_MAX ? 1 : this.ackSeq + 1;
        return this.ackSeq;
    }
    /**
     * Delivers `body` as frame `type` to every device of `node`; see the file comment. `durable`: the
     * `offline` record is already stored (written with its message), so it is deleted on an ack
     * instead of stored on a failure.
     */
    deliver(node, type, body, offline, durable = false) {
        const p = this.run(node, type, body, offline, durable);
        if (durable && offline !== null)
            this.markLive(node, offline.mid, p);
        return p;
    }
    /**
     * Announces the durable deliveries of `mid` to `nodes` before their offline rows commit: until the
     * returned function is called (right after deliver() took over, or when the save failed), the
     * offline drain treats the row as in flight. Without it a drain could read the committed row
     * while the delivery still waits for the sender's earlier frames, and send the message twice.
     */
    announce(nodes, mid) {
        let done;
        const started = new Promise((resolve) => (done = resolve));
        for (const node of nodes)
            this.durableLive.set(node, mid, started);
        return () => {
            done(false);
            // The entries deliver() has not replaced (no delivery started, or the save failed) end here.
            for (const node of nodes)
                if (this.durableLive.get(node, mid) === started)
                    this.durableLive.delete(node, mid);
        };
    }
    /** Notes a durable delivery in progress (`delivered` resolves true on an ack) for liveState. */
    markLive(node, mid, delivered) {
        this.durableLive.set(node, mid, delivered);
        void delivered.then((outcome) => {
            if (this.durableLive.get(node, mid) === delivered)
                this.durableLive.delete(node, mid);
            if (isAcked(outcome))
                this.ackedRecently.add(node, mid);
        });
    }
    /**
     * What this process knows of the durable delivery of message `mid` to `node`, whose offline row is
     * stored: in progress (a promise of whether a device acknowledged), recently acknowledged (its row
     * is about to be deleted), or nothing. The offline drain leaves a row in progress to its live
     * delivery and treats an acknowledged one as delivered, instead of sending the message twice.
     */
    liveState(node, mid) {
        const live = this.durableLive.get(node, mid);
        if (live !== undefined)
            return live.then(isAcked);
        return this.ackedRecently.has(node, mid) ? 'acked' : undefined;
    }
    /** Stops every delivery of message `mid` in progress on this process (revoke, burn): no more
     *  resends, and nothing is stored offline for it afterwards. */
    cancel(mid) {
        const watched = this.byMid.get(mid);
        if (watched === undefined)
            return;
        this.byMid.delete(mid);
        for (const c of watched instanceof Set ? watched : [watched]) {
            c.cancelled = true;
            c.stop?.finish(false);
        }
    }
    /** Sends reliably to one session only (offline batches); true when it acknowledged. */
    async toSession(session, type, body) {
        for (let i = 0; i < SENDS && !session.closed; i++) {
            if (await this.attempt([session], type, body))
                return true;
        }
        return false;
    }
    /** Resolves when every delivery in progress has finished. */
    async settle() {
        while (this.inflight.size > 0 || this.running > 0) {
            const idle = this.running > 0 ? new Promise((resolve) => this.whenIdle.push(resolve)) : undefined;
            await Promise.allSettled([...this.inflight, idle]);
        }
    }
    /** Makes settle() wait for `p` too (work started on behalf of another cluster node). */
    track(p) {
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
    }
    /**
     * Cluster: another server node asks for the attempts on this process's sockets of `node`.
     * Nothing is stored and no delivery is counted here (the asking node owns both); `tried` are the
     * sessions the frame went to. `durableMid`: the message's durable row is stored (see liveState).
     */
    forPeer(node, type, body, durableMid = 0) {
        const tried = new Set();
        const attempts = this.localAttempts(node, type, body, tried);
        // A durable message's row is already stored: a drain here leaves it to these attempts.
        if (durableMid > 0)
            this.markLive(node, durableMid, attempts);
        const p = attempts.then((delivered) => ({ delivered, tried }));
        this.track(p);
        return p;
    }
    async run(node, type, body, offline, durable) {
        const mid = offline !== null && offline.mid > 0 ? offline.mid : 0;
        const handle = mid > 0 ? { cancelled: false, stop: undefined } : undefined;
        if (handle !== undefined)
            this.watch(mid, handle);
        this.running++;
        try {
            const tried = new Set();
            const remote = this.hooks.remote?.(node, type, body, offline, durable);
            if ((await this.localAttempts(node, type, body, tried, handle)) || (remote?.done && (await remote.done))) {
                if (durable)
                    this.acks?.add(node, mid);
                this.hooks.counted?.('delivered');
                return 'delivered';
            }
            if (handle?.cancelled)
                return 'cancelled';
            if (offline === null) {
                this.hooks.counted?.('dropped');
                return 'dropped';
            }
            const outcome = durable ? this.alreadyStored(node, tried) : await this.storeOffline(offline, tried);
            if (outcome === 'stored_offline')
                remote?.stored();
            return outcome;
        }
        finally {
            if (handle !== undefined)
                this.unwatch(mid, handle);
            if (--this.running === 0 && this.whenIdle.length > 0) {
                const waiters = this.whenIdle;
                this.whenIdle = [];
                for (const w of waiters)
                    w();
            }
        }
    }
    watch(mid, handle) {
        const watched = this.byMid.get(mid);
        if (watched === undefined)
            this.byMid.set(mid, handle);
        else if (watched instanceof Set)
            watched.add(handle);
        else
            this.byMid.set(mid, new Set([watched, handle]));
    }
    unwatch(mid, handle) {
        const watched = this.byMid.get(mid);
        if (watched === handle)
            this.byMid.delete(mid);
        else if (watched instanceof Set) {
            watched.delete(handle);
            if (watched.size === 0)
                this.byMid.delete(mid);
        }
    }
    /** A durable record that no device acknowledged: it stays in the offline store, where it was
     *  written with its message; sessions that logged in meanwhile may need a drain. */
    alreadyStored(node, tried) {
        this.hooks.counted?.('stored_offline');
        const late = this.registry.sessionsOf(node).filter((s) => !s.closed && !tried.has(s));
        if (late.length > 0)
            this.hooks.offlineStoredFor(node, late);
        return 'stored_offline';
    }
    /** Up to SENDS attempts on the node's sessions of this process; true on the first ack. */
    async localAttempts(node, type, body, tried, handle) {
        for (let i = 0; i < SENDS; i++) {
            if (handle?.cancelled)
                return false;
            const sessions = this.registry.sessionsOf(node).filter((s) => !s.closed);
            if (sessions.length === 0)
                break;
            for (const s of sessions)
                tried.add(s);
            if (await this.attempt(sessions, type, body, handle))
                return true;
            if (handle?.cancelled)
                return false;
            this.hooks.counted?.('timeout');
        }
        return false;
    }
    /** Writes an undelivered record to the offline store; sessions of its node outside `tried`
     *  (they logged in meanwhile) are handed to the offlineStoredFor hook. */
    async storeOffline(offline, tried) {
        const node = offline.node;
        try {
            await this.saveInOrder(offline);
        }
        catch (err) {
            if (this.hooks.storeFailed)
                this.hooks.storeFailed(err, { node, id: offline.id });
            else
                this.log.error({ err, node, id: offline.id }, 'could not store an undelivered frame offline');
            this.hooks.counted?.('dropped');
            return 'dropped';
        }
        this.hooks.counted?.('stored_offline');
        const late = this.registry.sessionsOf(node).filter((s) => !s.closed && !tried.has(s));
        if (late.length > 0)
            this.hooks.offlineStoredFor(node, late);
        return 'stored_offline';
    }
    /**
     * Saves offline records of one node one after another, in the order they were handed over, so
     * the drain (ordered by offline row id) replays a burst in send order even on a pooled database.
     */
    saveInOrder(offline) {
        const node = offline.node;
        const prev = this.offlineTails.get(node) ?? Promise.resolve();
        const mine = prev.then(() => this.store.saveOffline(offline));
        const tail = mine.catch(() => undefined);
        this.offlineTails.set(node, tail);
        void tail.then(() => {
            if (this.offlineTails.get(node) === tail)
                this.offlineTails.delete(node);
        });
        return mine;
    }
    /** One send to each session; true on the first ack, false on timeout, when all have closed, or
     *  when the delivery is cancelled. */
    attempt(sessions, type, body, handle) {
        return new Promise((resolve) => {
            const a = new Attempt(resolve, sessions.length, this.ackTimeoutMs);
            if (handle !== undefined)
                handle.stop = a;
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
class Attempt {
    resolve;
    outstanding;
    done = false;
    timer;
    /** the first session sent to and its ack id; further ones (several devices) in `more` */
    first;
    firstId = 0;
    more;
    constructor(resolve, outstanding, timeoutMs) {
        this.resolve = resolve;
        this.outstanding = outstanding;
        this.timer = setTimeout(expireAttempt, timeoutMs, this);
    }
    sent(s, id) {
        if (this.first === undefined) {
            this.first = s;
            this.firstId = id;
        }
        else {
            (this.more ??= []).push([s, id]);
        }
    }
    acked() {
        this.finish(true);
    }
    gone() {
        if (--this.outstanding === 0)
            this.finish(false);
    }
    finish(acked) {
        if (this.done)
            return;
        this.done = true;
        clearTimeout(this.timer);
        this.first?.pendingAcks.delete(this.firstId);
        if (this.more !== undefined)
            for (const [s, id] of this.more)
                s.pendingAcks.delete(id);
        this.resolve(acked);
    }
}
function expireAttempt(a) {
    a.finish(false);
}
function isAcked(outcome) {
    return outcome === true || outcome === 'delivered';
}
/**
 * Values by (node, mid) without a string key built per pair (number-to-string of a mid showed in
 * profiles of persisted 1:1): a Map of nodes, each a Map of mids, dropped when empty.
 */
class PairMap {
    byNode = new Map();
    get(node, mid) {
        return this.byNode.get(node)?.get(mid);
    }
    set(node, mid, value) {
        const mids = this.byNode.get(node);
        if (mids === undefined)
            this.byNode.set(node, new Map([[mid, value]]));
        else
            mids.set(mid, value);
    }
    delete(node, mid) {
        const mids = this.byNode.get(node);
        if (mids === undefined)
            return;
        mids.delete(mid);
        if (mids.size === 0)
            this.byNode.delete(node);
    }
}
/**
 * The last `size` (node, mid) pairs added, in a ring: O(1) to add and to look up. (A Map trimmed
 * from its oldest end costs O(deleted entries) per trim in V8, which profiles showed at ~10 µs per
 * ack.)
 */
class RecentPairs {
    nodes;
    mids;
    byNode = new Map();
    next = 0;
    constructor(size) {
        this.nodes = new Array(size);
        this.mids = new Float64Array(size);
    }
    add(node, mid) {
        if (this.has(node, mid))
            return;
        const i = this.next;
        const old = this.nodes[i];
        if (old !== undefined) {
            const set = this.byNode.get(old);
            set?.delete(this.mids[i]);
            if (set?.size === 0)
                this.byNode.delete(old);
        }
        this.nodes[i] = node;
        this.mids[i] = mid;
        const set = this.byNode.get(node);
        if (set === undefined)
            this.byNode.set(node, new Set([mid]));
        else
            set.add(mid);
        this.next = (i + 1) % this.nodes.length;
    }
    has(node, mid) {
        return this.byNode.get(node)?.has(mid) === true;
    }
}
//# sourceMappingURL=reliable-delivery.js.map