// Caches the answers of the `room.roster` and `roster` templates, so a room message does not query
// its members and a login or logout does not query the user's friends every time (in the fan-out
// and login benchmarks those two queries were the largest database cost per frame).
//
// Correctness rests on invalidation: TimCore.forget(node) drops a node's lists together with its
// auth-cache answers, and every builtin operation that changes a membership or a friendship calls
// it (for a room: the room; for a friendship: both users). External-mode deployers change their own
// tables, which tim cannot see: entries expire after `ttlMs` (limits.authCacheSeconds), and the
// admin API's POST /cache/invalidate forgets them at once. A TTL of 0 turns the cache off: every
// call asks the store.
//
// Rules:
// - Rooms and users are apart (an external deployment may use the same id for a user and a group);
//   forget(node) drops both.
// - Concurrent lookups of one list share one query. forget() during that query detaches it: its
//   callers still get its answer, but it is not stored and later callers start a new query, so a
//   change made before forget() is always seen by lookups that start after it.
// - The lists handed out are frozen and shared: callers copy before changing them.
// - Bounded: at most `maxEntries` lists holding at most `maxNodes` nodes in all; the oldest entries
//   go first (with one TTL for all, the oldest are also the first to expire). A list longer than
//   `maxNodes` is not kept.
import { SingleFlight } from './single-flight.js';
const DEFAULT_LIMITS = { maxEntries: 100_000, maxNodes: 1_000_000 };
// Key builders: a NUL separator cannot occur in a node.
const roomKey = (room) => `r\u0000${room}`;
const userKey = (node) => `u\u0000${node}`;
export class RosterCache {
    source;
    ttlMs;
    now;
    entries = new Map();
    flights = new SingleFlight();
    nodeCount = 0;
    limits;
    constructor(source, ttlMs, limits = {}, now = Date.now) {
        this.source = source;
        this.ttlMs = ttlMs;
        this.now = now;
        this.limits = { ...DEFAULT_LIMITS, ...limits };
    }
    /** The members of `room` (room.roster). Synchronous on a hit. */
    room(room) {
        return this.get(roomKey(room), () => this.source.roomRoster(room));
    }
    /** The friends of user `node` (roster). Synchronous on a hit. */
    friends(node) {
        return this.get(userKey(node), () => this.source.roster(node));
    }
    /** The cached members of `room`, or undefined (for tests and metrics; never asks). */
    peekRoom(room) {
        return this.peek(roomKey(room));
    }
    /** The cached friends of `node`, or undefined. */
    peekFriends(node) {
        return this.peek(userKey(node));
    }
    /** Forgets the lists of `node`, as a room and as a user, and detaches lookups in progress. */
    forget(node) {
        for (const key of [roomKey(node), userKey(node)]) {
            this.drop(key);
            this.flights.detach(key);
        }
    }
    clear() {
        this.entries.clear();
        this.flights.detachAll();
        this.nodeCount = 0;
    }
    /** How many lists are kept, and how many nodes they hold in all. */
    get size() {
        return { entries: this.entries.size, nodes: this.nodeCount };
    }
    peek(key) {
        const e = this.entries.get(key);
        if (e === undefined)
            return undefined;
        if (e.expires <= this.now()) {
            this.drop(key);
            return undefined;
        }
        return e.nodes;
    }
    get(key, ask) {
        if (this.ttlMs <= 0)
            return ask();
        const hit = this.peek(key);
        if (hit !== undefined)
            return hit;
        // Stored only while still current: forget() (or clear()) detached it otherwise.
        return this.flights.run(key, () => ask().then((list) => Object.freeze(list)), (nodes) => this.set(key, nodes));
    }
    set(key, nodes) {
        this.drop(key);
        if (nodes.length > this.limits.maxNodes)
            return;
        // Maps iterate in insertion order: drop the oldest until the new list fits.
        for (const old of this.entries.keys()) {
            if (this.entries.size < this.limits.maxEntries && this.nodeCount + nodes.length <= this.limits.maxNodes)
                break;
            this.drop(old);
        }
        this.entries.set(key, { nodes, expires: this.now() + this.ttlMs });
        this.nodeCount += nodes.length;
    }
    drop(key) {
        const e = this.entries.get(key);
        if (e === undefined)
            return;
        this.entries.delete(key);
        this.nodeCount -= e.nodes.length;
    }
}
//# sourceMappingURL=roster-cache.js.map