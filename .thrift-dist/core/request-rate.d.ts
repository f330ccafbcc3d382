import { type Session } from './session.js';
import type { TimCore } from './tim-core.js';
/**
 * A token bucket holding at most `burst` tokens, refilled continuously at `ratePerSecond`. Pure:
 * the caller passes the time (ms), so tests drive it with any clock. A clock that goes back refills
 * nothing until it has caught up again.
 */
export declare class TokenBucket {
    private readonly ratePerSecond;
    private readonly burst;
    private tokens;
    private last;
    constructor(ratePerSecond: number, burst: number, now: number);
    /** Takes one token when there is one. */
    take(now: number): boolean;
    /** Holds `burst` tokens again (the client has been slower than the rate for long enough). */
    full(now: number): boolean;
    private refill;
}
/** What to do with one counted frame. */
export type Admission = 'handle' | 'refuse' | 'close';
/** One connection's budget: the bucket plus the one-warning-per-episode rule of the contract. */
export declare class RequestBudget {
    private readonly bucket;
    private warned;
    constructor(ratePerSecond: number, burst: number, now: number);
    admit(now: number): Admission;
}
/**
 * Called by the dispatcher for every message before anything else looks at it, when
 * limits.requestRate > 0. True: go on with the frame. False: it was refused (5104 sent) or the
 * connection was closed; nothing else may be done with it.
 */
export declare function admitFrame(core: TimCore, s: Session, frame: Buffer): boolean;
