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
export declare const DEFAULT_VROOM_TIMING: Readonly<VroomTiming>;
export declare class VroomRegistry {
    private readonly now;
    /** true once the server is shutting down: the sweep then drops everything and stops */
    private readonly stopped;
    private readonly rooms;
    /** the vnodes each session subscribes to, so a close unsubscribes without scanning every room */
    private readonly bySession;
    private timer;
    private timing;
    constructor(now: () => number, 
    /** true once the server is shutting down: the sweep then drops everything and stops */
    stopped?: () => boolean, timing?: Partial<VroomTiming>);
    /** Changes the expiry and sweep period (tests shorten them); restarts a running sweep. */
    setTiming(timing: Partial<VroomTiming>): void;
    get size(): number;
    get(node: string): Vroom | undefined;
    /** Creates a vroom founded by `founder` under a fresh `node` (the caller makes it unique). */
    create(node: string, founder: string | undefined): Vroom;
    /** Removes the vroom if `by` founded it; false otherwise (tim ignores the request silently). */
    remove(node: string, by: string): boolean;
    /** May `user` push to the vroom? Its founder and the users it granted may. */
    canPush(room: Vroom | undefined, user: string): room is Vroom;
    /** Records a push: the vroom's idle clock restarts. */
    touch(room: Vroom): void;
    /** Subscribes `session` (replacing an earlier subscription's kind); creates the founder-less
     *  placeholder when the vnode is unknown. `onFirst` runs when the session had no subscription
     *  before, so the caller can register its close hook once. */
    subscribe(node: string, session: Session, kind: SubscriptionKind, onFirst: () => void): void;
    unsubscribe(node: string, session: Session): void;
    /** Forgets every subscription of a closed session. */
    sessionClosed(session: Session): void;
    /** Drops the vrooms idle for `idleMs` or more; everything once the server is stopping. */
    sweep(): void;
    private drop;
    private ensureSweep;
}
