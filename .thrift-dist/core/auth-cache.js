// Caches the answers of the permission and existence templates so a conversation in progress costs
// no database round trip per frame (issue 3, item 9).
//
// Keys are directional: user.auth A->B is cached apart from B->A, because deployers' templates may
// be directional. Positive answers live `positiveMs` (limits.authCacheSeconds); negative answers
// live a shorter `negativeMs`, so a denied sender does not reach the database on every frame but a
// new friendship is honoured soon. Concurrent lookups of the same key share one query. Builtin
// business operations call `invalidate*` when they change who may talk to whom.
//
// A lookup runs for every addressed frame, so answers are stored by their parts (one Map per kind,
// nested for the two-node kinds) and a lookup builds no string: a key is a small object that the
// builders below make and `peek` takes apart. Only a miss builds a string, for the in-flight map.
// Expiry is judged on the coarse clock by default (coarse-clock.ts: a variable read instead of a
// Date.now() call), so an answer may outlive its TTL by some 20 ms plus the event loop's delay.
import { coarseNow } from './coarse-clock.js';
import { SingleFlight } from './single-flight.js';
const TWO_NODE_KINDS = ['ua', 'ra'];
const ONE_NODE_KINDS = ['ue', 're'];
export class AuthCache {
    positiveMs;
    negativeMs;
    maxEntries;
    now;
    pairs = { ua: new Map(), ra: new Map() };
    singles = { ue: new Map(), re: new Map() };
    /** questions in progress; every invalidation detaches them (see get) */
    flights = new SingleFlight();
    /** Entries held across all maps (expired ones included until they are dropped). */
    count = 0;
    constructor(positiveMs, negativeMs, maxEntries = 200_000, now = coarseNow) {
        this.positiveMs = positiveMs;
        this.negativeMs = negativeMs;
        this.maxEntries = maxEntries;
        this.now = now;
    }
    /** Entries held, expired ones not yet dropped included (for tests and metrics). */
    get size() {
        return this.count;
    }
    entry(key) {
        if (key.kind === 'ua' || key.kind === 'ra')
            return this.pairs[key.kind].get(key.a)?.get(key.b);
        return this.singles[key.kind].get(key.a);
    }
    remove(key) {
        if (key.kind === 'ua' || key.kind === 'ra') {
            const table = this.pairs[key.kind];
            const inner = table.get(key.a);
            if (inner !== undefined && inner.delete(key.b)) {
                this.count--;
                if (inner.size === 0)
                    table.delete(key.a);
            }
        }
        else if (this.singles[key.kind].delete(key.a)) {
            this.count--;
        }
    }
    /** The cached answer, or undefined when it must be asked (lets the hot path stay synchronous). */
    peek(key) {
        const e = this.entry(key);
        if (e === undefined)
            return undefined;
        if (e.expires <= this.now()) {
            this.remove(key);
            return undefined;
        }
        return e.value;
    }
    /** Returns the cached answer or runs `ask` once for all concurrent callers of this key. */
    get(key, ask) {
        const hit = this.peek(key);
        if (hit !== undefined)
            return hit;
        // The length prefix keeps the id unambiguous whatever characters the nodes hold.
        const id = `${key.kind}${key.a.length}:${key.a}${key.b}`;
        // A question running when a relation changed may have read the old state: its callers get
        // its answer, but it is not kept, and later callers ask again.
        return this.flights.run(id, ask, (value) => this.set(key, value));
    }
    set(key, value) {
        const ttl = value ? this.positiveMs : this.negativeMs;
        if (ttl <= 0)
            return;
        this.remove(key);
        if (this.count >= this.maxEntries)
            this.evict();
        const e = { value, expires: this.now() + ttl };
        if (key.kind === 'ua' || key.kind === 'ra') {
            const table = this.pairs[key.kind];
            let inner = table.get(key.a);
            if (inner === undefined)
                table.set(key.a, (inner = new Map()));
            inner.set(key.b, e);
        }
        else {
            this.singles[key.kind].set(key.a, e);
        }
        this.count++;
    }
    /** Drops every expired answer, then live ones, oldest first in each map's insertion order (a
     *  pair's first node counts from its first answer) kind by kind, until a tenth of
     *  `maxEntries` is free. Runs only when the cache is full, so its full scan is amortised over
     *  at least a tenth of `maxEntries` insertions. */
    evict() {
        const now = this.now();
        const target = this.maxEntries - Math.ceil(this.maxEntries / 10);
        const pass = (dropLive) => {
            for (const kind of TWO_NODE_KINDS) {
                const table = this.pairs[kind];
                for (const [a, inner] of table) {
                    for (const [b, e] of inner) {
                        if (dropLive && this.count <= target)
                            return;
                        if (dropLive || e.expires <= now) {
                            inner.delete(b);
                            this.count--;
                            if (inner.size === 0)
                                table.delete(a);
                        }
                    }
                }
            }
            for (const kind of ONE_NODE_KINDS) {
                const table = this.singles[kind];
                for (const [a, e] of table) {
                    if (dropLive && this.count <= target)
                        return;
                    if (dropLive || e.expires <= now) {
                        table.delete(a);
                        this.count--;
                    }
                }
            }
        };
        pass(false);
        if (this.count > target)
            pass(true);
    }
    /** Queries in progress are no longer shared or stored (see get). An invalidation may concern
     *  any pair holding the node, so every question in progress is detached. */
    detachQueries() {
        this.flights.detachAll();
    }
    /** Forget every answer involving `node` (as sender, recipient, room or member). */
    invalidateNode(node) {
        this.detachQueries();
        for (const kind of TWO_NODE_KINDS) {
            const table = this.pairs[kind];
            const own = table.get(node);
            if (own !== undefined) {
                this.count -= own.size;
                table.delete(node);
            }
            for (const [a, inner] of table) {
                if (inner.delete(node)) {
                    this.count--;
                    if (inner.size === 0)
                        table.delete(a);
                }
            }
        }
        for (const kind of ONE_NODE_KINDS) {
            if (this.singles[kind].delete(node))
                this.count--;
        }
    }
    clear() {
        this.detachQueries();
        for (const kind of TWO_NODE_KINDS)
            this.pairs[kind].clear();
        for (const kind of ONE_NODE_KINDS)
            this.singles[kind].clear();
        this.count = 0;
    }
}
// Key builders. A key is compared by its parts, so any string is a valid node here.
export const userAuthKey = (from, to) => ({ kind: 'ua', a: from, b: to });
export const roomAuthKey = (room, user) => ({ kind: 'ra', a: room, b: user });
export const userExistKey = (node) => ({ kind: 'ue', a: node, b: '' });
export const roomExistKey = (room) => ({ kind: 're', a: room, b: '' });
//# sourceMappingURL=auth-cache.js.map