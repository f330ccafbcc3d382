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

type Entry = { nodes: readonly string[]; expires: number };

/** Where the lists come from (the Store satisfies it). */
export interface RosterSource {
  roster(node: string): Promise<string[]>;
  roomRoster(room: string): Promise<string[]>;
}

export interface RosterCacheLimits {
  maxEntries: number;
  maxNodes: number;
}

const DEFAULT_LIMITS: RosterCacheLimits = { maxEntries: 100_000, maxNodes: 1_000_000 };

// Key builders: a NUL separator cannot occur in a node.
const roomKey = (room: string) => `r\u0000${room}`;
const userKey = (node: string) => `u\u0000${node}`;

export class RosterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new SingleFlight<readonly string[]>();
  private nodeCount = 0;
  private readonly limits: RosterCacheLimits;

  constructor(
    private readonly source: RosterSource,
    private readonly ttlMs: number,
    limits: Partial<RosterCacheLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The members of `room` (room.roster). Synchronous on a hit. */
  room(room: string): readonly string[] | Promise<readonly string[]> {
    return this.get(roomKey(room), () => this.source.roomRoster(room));
  }

  /** The friends of user `node` (roster). Synchronous on a hit. */
  friends(node: string): readonly string[] | Promise<readonly string[]> {
    return this.get(userKey(node), () => this.source.roster(node));
  }

  /** The cached members of `room`, or undefined (for tests and metrics; never asks). */
  peekRoom(room: string): readonly string[] | undefined {
    return this.peek(roomKey(room));
  }

  /** The cached friends of `node`, or undefined. */
  peekFriends(node: string): readonly string[] | undefined {
    return this.peek(userKey(node));
  }

  /** Forgets the lists of `node`, as a room and as a user, and detaches lookups in progress. */
  forget(node: string): void {
    for (const key of [roomKey(node), userKey(node)]) {
      this.drop(key);
      this.flights.detach(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.flights.detachAll();
    this.nodeCount = 0;
  }

  /** How many lists are kept, and how many nodes they hold in all. */
  get size(): { entries: number; nodes: number } {
    return { entries: this.entries.size, nodes: this.nodeCount };
  }

  private peek(key: string): readonly string[] | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.expires <= this.now()) {
      this.drop(key);
      return undefined;
    }
    return e.nodes;
  }

  private get(key: string, ask: () => Promise<string[]>): readonly string[] | Promise<readonly string[]> {
    if (this.ttlMs <= 0) return ask();
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    // Stored only while still current: forget() (or clear()) detached it otherwise.
    return this.flights.run(
      key,
      () => ask().then((list): readonly string[] => Object.freeze(list)),
      (nodes) => this.set(key, nodes),
    );
  }

  private set(key: string, nodes: readonly string[]): void {
    this.drop(key);
    if (nodes.length > this.limits.maxNodes) return;
    // Maps iterate in insertion order: drop the oldest until the new list fits.
    for (const old of this.entries.keys()) {
      if (this.entries.size < this.limits.maxEntries && this.nodeCount + nodes.length <= this.limits.maxNodes) break;
      this.drop(old);
    }
    this.entries.set(key, { nodes, expires: this.now() + this.ttlMs });
    this.nodeCount += nodes.length;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.nodeCount -= e.nodes.length;
  }
}
