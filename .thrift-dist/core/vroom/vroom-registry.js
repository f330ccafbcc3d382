// The virtual rooms of this process (docs/protocol.md 9): live-stream fan-out points that exist only in
// memory. A vroom has a founder (who may push and grant push rights), a set of granted pushers and
// subscribed SOCKETS (not users), each subscribed as JSON (frame 94) or binary (frame 97).
//
// Lifetime: a vroom expires `idleMs` after its last push, or after its creation when never pushed
// to (subscribing does not refresh it); a sweep runs every `sweepMs` while any vroom exists, so an
// idle server holds no timer. A session's subscriptions are removed when it closes (tim purges
// them lazily on a failed send; doing it on close keeps memory bounded by live sockets).
export const DEFAULT_VROOM_TIMING = { idleMs: 5 * 60_000, sweepMs: 10_000 };
export class VroomRegistry {
    now;
    stopped;
    rooms = new Map();
    /** the vnodes each session subscribes to, so a close unsubscribes without scanning every room */
    bySession = new Map();
    timer;
    timing;
    constructor(now, 
    /** true once the server is shutting down: the sweep then drops everything and stops */
    stopped = () => false, timing = {}) {
        this.now = now;
        this.stopped = stopped;
        this.timing = { ...DEFAULT_VROOM_TIMING, ...timing };
    }
    /** Changes the expiry and sweep period (tests shorten them); restarts a running sweep. */
    setTiming(timing) {
        this.timing = { ...this.timing, ...timing };
        if (this.timer !== undefined) {
            clearInterval(this.timer);
            this.timer = undefined;
            this.ensureSweep();
        }
    }
    get size() {
        return this.rooms.size;
    }
    get(node) {
        return this.rooms.get(node);
    }
    /** Creates a vroom founded by `founder` under a fresh `node` (the caller makes it unique). */
    create(node, founder) {
        const room = { node, founder, pushers: new Set(), subscribers: new Map(), lastActiveAt: this.now() };
        this.rooms.set(node, room);
        this.ensureSweep();
        return room;
    }
    /** Removes the vroom if `by` founded it; false otherwise (tim ignores the request silently). */
    remove(node, by) {
        const room = this.rooms.get(node);
        if (room === undefined || room.founder === undefined || room.founder !== by)
            return false;
        this.drop(room);
        return true;
    }
    /** May `user` push to the vroom? Its founder and the users it granted may. */
    canPush(room, user) {
        return room !== undefined && room.founder !== undefined && (room.founder === user || room.pushers.has(user));
    }
    /** Records a push: the vroom's idle clock restarts. */
    touch(room) {
        room.lastActiveAt = this.now();
    }
    /** Subscribes `session` (replacing an earlier subscription's kind); creates the founder-less
     *  placeholder when the vnode is unknown. `onFirst` runs when the session had no subscription
     *  before, so the caller can register its close hook once. */
    subscribe(node, session, kind, onFirst) {
        const room = this.rooms.get(node) ?? this.create(node, undefined);
        room.subscribers.set(session, kind);
        let set = this.bySession.get(session);
        if (set === undefined) {
            set = new Set();
            this.bySession.set(session, set);
            onFirst();
        }
        set.add(node);
    }
    unsubscribe(node, session) {
        this.rooms.get(node)?.subscribers.delete(session);
        const set = this.bySession.get(session);
        if (set === undefined)
            return;
        set.delete(node);
        // The entry stays (possibly empty) until the session closes: the close hook is registered once.
    }
    /** Forgets every subscription of a closed session. */
    sessionClosed(session) {
        const set = this.bySession.get(session);
        if (set === undefined)
            return;
        this.bySession.delete(session);
        for (const node of set)
            this.rooms.get(node)?.subscribers.delete(session);
    }
    /** Drops the vrooms idle for `idleMs` or more; everything once the server is stopping. */
    sweep() {
        if (this.stopped()) {
            for (const room of [...this.rooms.values()])
                this.drop(room);
        }
        else {
            const oldest = this.now() - this.timing.idleMs;
            for (const room of [...this.rooms.values()])
                if (room.lastActiveAt <= oldest)
                    this.drop(room);
        }
        if (this.rooms.size === 0 && this.timer !== undefined) {
            clearInterval(this.timer);
            this.timer = undefined;
        }
    }
    drop(room) {
        this.rooms.delete(room.node);
        for (const s of room.subscribers.keys())
            this.bySession.get(s)?.delete(room.node);
        room.subscribers.clear();
    }
    ensureSweep() {
        if (this.timer !== undefined)
            return;
        this.timer = setInterval(() => this.sweep(), this.timing.sweepMs);
        this.timer.unref();
    }
}
//# sourceMappingURL=vroom-registry.js.map