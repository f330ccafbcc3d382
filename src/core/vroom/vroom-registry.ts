// The virtual rooms of this process (docs/protocol.md 9): live-stream fan-out points that exist only in
// memory. A vroom has a founder (who may push and grant push rights), a set of granted pushers and
// subscribed SOCKETS (not users), each subscribed as JSON (frame 94) or binary (frame 97).
//
// Lifetime: a vroom expires `idleMs` after its last push, or after its creation when never pushed
// to (subscribing does not refresh it); a sweep runs every `sweepMs` while any vroom exists, so an
// idle server holds no timer. A session's subscriptions are removed when it closes (tim purges
// them lazily on a failed send; doing it on close keeps memory bounded by live sockets).

import type { Session } from '../session.js';

export type SubscriptionKind = 'json' | 'binary';

export interface Vroom {
  readonly node: string;
  /** undefined for the placeholder a SUB to an unknown vnode creates (tim does the same): it can
   *  never be pushed to, and expires like any other */
  readonly founder: string | undefined;
  readonly pushers: Set<string>;
  readonly subscribers: Map<Session, SubscriptionKind>;
  lastActiveAt: number;
}

export interface VroomTiming {
  /** a vroom expires this long after its last push (tim: 5 minutes) */
  idleMs: number;
  /** how often expired vrooms are swept (tim: 10 seconds) */
  sweepMs: number;
}

export const DEFAULT_VROOM_TIMING: Readonly<VroomTiming> = { idleMs: 5 * 60_000, sweepMs: 10_000 };

export class VroomRegistry {
  private readonly rooms = new Map<string, Vroom>();
  /** the vnodes each session subscribes to, so a close unsubscribes without scanning every room */
  private readonly bySession = new Map<Session, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private timing: VroomTiming;

  constructor(
    private readonly now: () => number,
    /** true once the server is shutting down: the sweep then drops everything and stops */
    private readonly stopped: () => boolean = () => false,
    timing: Partial<VroomTiming> = {},
  ) {
    this.timing = { ...DEFAULT_VROOM_TIMING, ...timing };
  }

  /** Changes the expiry and sweep period (tests shorten them); restarts a running sweep. */
  setTiming(timing: Partial<VroomTiming>): void {
    this.timing = { ...this.timing, ...timing };
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.ensureSweep();
    }
  }

  get size(): number {
    return this.rooms.size;
  }

  get(node: string): Vroom | undefined {
    return this.rooms.get(node);
  }

  /** Creates a vroom founded by `founder` under a fresh `node` (the caller makes it unique). */
  create(node: string, founder: string | undefined): Vroom {
    const room: Vroom = { node, founder, pushers: new Set(), subscribers: new Map(), lastActiveAt: this.now() };
    this.rooms.set(node, room);
    this.ensureSweep();
    return room;
  }

  /** Removes the vroom if `by` founded it; false otherwise (tim ignores the request silently). */
  remove(node: string, by: string): boolean {
    const room = this.rooms.get(node);
    if (room === undefined || room.founder === undefined || room.founder !== by) return false;
    this.drop(room);
    return true;
  }

  /** May `user` push to the vroom? Its founder and the users it granted may. */
  canPush(room: Vroom | undefined, user: string): room is Vroom {
    return room !== undefined && room.founder !== undefined && (room.founder === user || room.pushers.has(user));
  }

  /** Records a push: the vroom's idle clock restarts. */
  touch(room: Vroom): void {
    room.lastActiveAt = this.now();
  }

  /** Subscribes `session` (replacing an earlier subscription's kind); creates the founder-less
   *  placeholder when the vnode is unknown. `onFirst` runs when the session had no subscription
   *  before, so the caller can register its close hook once. */
  subscribe(node: string, session: Session, kind: SubscriptionKind, onFirst: () => void): void {
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

  unsubscribe(node: string, session: Session): void {
    this.rooms.get(node)?.subscribers.delete(session);
    const set = this.bySession.get(session);
    if (set === undefined) return;
    set.delete(node);
    // The entry stays (possibly empty) until the session closes: the close hook is registered once.
  }

  /** Forgets every subscription of a closed session. */
  sessionClosed(session: Session): void {
    const set = this.bySession.get(session);
    if (set === undefined) return;
    this.bySession.delete(session);
    for (const node of set) this.rooms.get(node)?.subscribers.delete(session);
  }

  /** Drops the vrooms idle for `idleMs` or more; everything once the server is stopping. */
  sweep(): void {
    if (this.stopped()) {
      for (const room of [...this.rooms.values()]) this.drop(room);
    } else {
      const oldest = this.now() - this.timing.idleMs;
      for (const room of [...this.rooms.values()]) if (room.lastActiveAt <= oldest) this.drop(room);
    }
    if (this.rooms.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private drop(room: Vroom): void {
    this.rooms.delete(room.node);
    for (const s of room.subscribers.keys()) this.bySession.get(s)?.delete(room.node);
    room.subscribers.clear();
  }

  private ensureSweep(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sweep(), this.timing.sweepMs);
    this.timer.unref();
  }
}
