// Per-connection request rate (limits.requestRate, limits.requestBurst): every WebSocket message a
// connection sends takes a token from its own bucket, so one client cannot make the server work
// (database lookups, fan-out, replies) faster than a chat client ever needs.
//
// tim has no per-connection limit that works: its `request_rate` is one server-wide bucket (a frame
// waits for a token, or gets 5104 "heavy server load" when too many are in flight), and
// `security.reqhzsecond`, the per-connection one, is never enforced by its code.
// We answer with tim's 5104 (ErrorCode.OVERLOAD) because it is the code tim actually sends when a
// frame is refused for rate; 5105 OVERHZ is never sent by tim, so no client knows it.
//
// Contract:
// - Counted: every message (AUTH before login, PING, big-data pieces, an ACK that acknowledges
//   nothing) except an ACK of a reliable frame the session is waiting for. Those are free and
//   always handled: the server caused each one (so their number is bounded by what was sent to
//   the client, which the senders' own buckets bound), and dropping one would make the server
//   resend the frame and then store as undelivered a message that did arrive.
// - Over the rate, the first refused frame gets `{ok:false, timType:<its type>, error:5104}` at once
//   (before replies still owed to earlier frames, as a PING's answer) and is not handled. Another
//   frame over the rate before the bucket has refilled completely closes the connection
//   (CloseCode.RATE_LIMITED): one warning per episode, and the server never writes an error per
//   refused frame (that would let a flood make the server write as much as it reads).
// - A refused piece of a big-data frame drops the whole frame in progress (it could no longer be
//   reassembled correctly).
// - Default 200 frames/s with a burst of 400: timjs sends a PING every 10 s and one frame per user
//   action; even a client catching up (history pages, roster, profile lookups at login) stays far
//   below, while a scripted flood passes 400 frames in well under a second.

import { ErrorCode } from '../protocol/error-codes.js';
import { readAckId, RELIABLE_HEADER_BYTES } from '../protocol/frame-codec.js';
import { TimType, TYPE_MASK } from '../protocol/timtype.js';
import { abandonBigData, bigDataPending } from './handlers/big-data.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { Session } from './session.js';
import type { CoreContext } from './core-context.js';

/**
 * A token bucket holding at most `burst` tokens, refilled continuously at `ratePerSecond`. Pure:
 * the caller passes the time (ms), so tests drive it with any clock. A clock that goes back refills
 * nothing until it has caught up again.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token when there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Holds `burst` tokens again (the client has been slower than the rate for long enough). */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
  }
}

/** What to do with one counted frame. */
export type Admission = 'handle' | 'refuse' | 'close';

/** One connection's budget: the bucket plus the one-warning-per-episode rule of the contract. */
export class RequestBudget {
  private readonly bucket: TokenBucket;
  private warned = false;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.bucket = new TokenBucket(ratePerSecond, burst, now);
  }

  admit(now: number): Admission {
    // The warning is forgotten once the client has let the bucket fill up again.
    if (this.warned && this.bucket.full(now)) this.warned = false;
    if (this.bucket.take(now)) return 'handle';
    if (this.warned) return 'close';
    this.warned = true;
    return 'refuse';
  }
}

const budgets = new WeakMap<Session, RequestBudget>();

/**
 * Called by the dispatcher for every message before anything else looks at it, when
 * limits.requestRate > 0. True: go on with the frame. False: it was refused (5104 sent) or the
 * connection was closed; nothing else may be done with it.
 */
export function admitFrame(core: CoreContext, s: Session, frame: Buffer): boolean {
  if (isAwaitedAck(s, frame)) return true;
  const now = core.clock.nowMs();
  let budget = budgets.get(s);
  if (budget === undefined) {
    budget = new RequestBudget(core.limits.requestRate, core.limits.requestBurst, now);
    budgets.set(s, budget);
  }
  const verdict = budget.admit(now);
  if (verdict === 'handle') return true;
  // A piece of a big-data frame names no type of its own; tim answers big-data errors as 96.
  const pending = bigDataPending(s);
  if (pending) abandonBigData(s);
  if (verdict === 'refuse') {
    core.log.warn({ node: s.node, remote: s.socket.remote, rate: core.limits.requestRate }, 'client over its request rate: refused with 5104');
    core.errorAck(s, pending ? TimType.BIGBINARY : frame[0] & TYPE_MASK, ErrorCode.OVERLOAD);
  } else {
    core.log.warn({ node: s.node, remote: s.socket.remote }, 'closing a client that kept sending over its request rate');
    s.close(CloseCode.RATE_LIMITED, 'request rate exceeded');
  }
  return false;
}

/** An ACK (not a big-data piece) of a reliable frame this session has not acknowledged yet. */
function isAwaitedAck(s: Session, frame: Buffer): boolean {
  return (
    (frame[0] & TYPE_MASK) === TimType.ACK &&
    frame.length >= RELIABLE_HEADER_BYTES &&
    s.pendingAckCount > 0 &&
    s.pendingAcks.has(readAckId(frame)) &&
    !bigDataPending(s)
  );
}
