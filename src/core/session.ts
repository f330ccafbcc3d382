// One client connection, from open to close. The transport hands it raw frames and a SocketPort to
// write to; it never sees the socket itself.
//
// Contract:
// - Frames are handled one after another in arrival order (docs/protocol.md decision 3), except ACK
//   and PING, which are answered at once so a handler waiting for an ack cannot block its own ack.
// - Pipelining: a handler may `defer` the slow tail of its work (a persisted message's database
//   write) and let the next frame start. Deferred finishes run strictly in the order they were
//   deferred, each after its own work settled, so replies keep the frames' order. A handler whose
//   effects must follow every earlier reply awaits `settled()` first.
// - At most `inboundMax` frames may wait (queued or deferred); a client that floods beyond it is
//   closed.
// - Frames other users cause and that may be lost go through `offer`, which drops them (never
//   closing) once the queue is half full; so no other client can fill it.
// - Writes go through `send`; a client whose unflushed writes would pass `sendQueueMax` frames or
//   `sendQueueBytes` bytes is too slow and is closed (CloseCode.SLOW_CONSUMER) instead of being
//   written to, so one socket never holds more than sendQueueBytes (a lone larger frame aside: an
//   empty queue always takes one frame). Its unacknowledged reliable frames then end as `gone`.

import type { Tid } from '../protocol/wire-types.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { Logger } from './ports.js';

export interface SocketPort {
  /** Writes one binary WebSocket message. */
  send(frame: Buffer): void;
  /** Frames passed to send() and not yet flushed to the network. */
  queued(): number;
  /** The bytes of those frames. */
  queuedBytes(): number;
  /** The session logged in: the transport lifts its pre-login limits (limits.preLoginFrameBytes). */
  loggedIn(): void;
  close(code: number, reason: string): void;
  /** the remote address, for logs */
  readonly remote: string;
}

export { CloseCode } from '../protocol/close-codes.js';

/** A reliable frame sent to this session and not yet acknowledged. */
export interface AckWaiter {
  acked(): void;
  /** the session closed before acknowledging */
  gone(): void;
}

export type FrameHandler = (session: Session, frame: Buffer) => void | Promise<void>;

/** What a deferred frame runs, in turn (Session.defer): `run` after its work succeeded, `fail`
 *  after it failed. */
export interface DeferredFinish {
  run(): void;
  fail(err: unknown): void;
}

/** Settles a deferred frame's work (Session.defer): once, either way; never throws. */
export interface DeferredHandle {
  resolve(): void;
  reject(err: unknown): void;
}

const PENDING = 0;
const RESOLVED = 1;
const REJECTED = 2;

/** One deferred finish in its session's queue: its own handle, one object per deferred frame. */
class Deferred implements DeferredHandle {
  state = PENDING;
  err: unknown;
  next: Deferred | undefined;
  /** settled() callers waiting for this one (and so every earlier one) to run */
  waiters: (() => void)[] | undefined;

  constructor(
    private readonly session: Session,
    readonly finish: DeferredFinish,
  ) {}

  resolve(): void {
    if (this.state !== PENDING) return;
    this.state = RESOLVED;
    this.session.runSettled();
  }

  reject(err: unknown): void {
    if (this.state !== PENDING) return;
    this.state = REJECTED;
    this.err = err;
    this.session.runSettled();
  }
}

let nextSessionId = 1;

export class Session {
  readonly id = nextSessionId++;
  readonly openedAt: number;
  node = '';
  tid: Tid | undefined;
  termtyp = 0;
  authedAt = 0;
  lastPingAt: number;
  closed = false;
  /** set after this session's first offline drain ended with OFFLINEMSGEND */
  drained = false;
  draining = false;
  /** made at the first reliable frame sent: an idle session never has one */
  private acks: Map<number, AckWaiter> | undefined;
  private tail: Promise<void> = Promise.resolve();
  /** frames enqueued whose handler has not finished (deferred finishes not counted) */
  private handling = 0;
  /** deferred finishes not run yet, oldest first (see defer) */
  private deferredHead: Deferred | undefined;
  private deferredTail: Deferred | undefined;
  private waiting = 0;
  /** made at the first onClose (an array literal of one, not a push into [], which reserves 17 slots) */
  private closeListeners: (() => void)[] | undefined;
  /** the code this side closed with (undefined: not closed, or closed by the peer or the network) */
  closeCode: number | undefined;
  /** AUTH frames refused on this socket (handlers/auth.ts closes it at limits.loginFailuresPerSocket) */
  authFailures = 0;

  /** this session's child of the logger given to the constructor, made on first use (most
   *  sessions never log: a child per idle connection cost memory, docs/performance.md) */
  private childLog: Logger | undefined;

  constructor(
    readonly socket: SocketPort,
    private readonly parentLog: Logger,
    private readonly limits: { sendQueueMax: number; sendQueueBytes: number; inboundMax: number },
    now: number,
  ) {
    this.openedAt = now;
    this.lastPingAt = now;
  }

  /** Reliable frames sent and not yet acknowledged, by ack id. Reading it makes the map: to
   *  count them, read pendingAckCount. */
  get pendingAcks(): Map<number, AckWaiter> {
    return (this.acks ??= new Map());
  }

  get pendingAckCount(): number {
    return this.acks === undefined ? 0 : this.acks.size;
  }

  /** The logger for this session's lines: they carry `session: id`. */
  get log(): Logger {
    return (this.childLog ??= this.parentLog.child({ session: this.id }));
  }

  get authed(): boolean {
    return this.node !== '';
  }

  /** Queues a frame for in-order handling by `handler`. `handler` must not throw nor reject. When no
   *  earlier frame is being handled it runs at once (synchronously); otherwise after the last one. */
  enqueue(frame: Buffer, handler: FrameHandler): void {
    if (this.closed) return;
    if (this.waiting >= this.limits.inboundMax) {
      this.close(CloseCode.FLOOD, 'too many frames in flight');
      return;
    }
    this.waiting++;
    this.handling++;
    if (this.handling === 1) {
      // Nothing ahead of it: no promise unless the handler returns one (a cached message path).
      const pending = handler(this, frame);
      if (pending === undefined) this.handled();
      else this.tail = pending.then(this.afterFrame, this.afterBrokenFrame);
      return;
    }
    this.tail = this.tail.then(async () => {
      try {
        if (!this.closed) await handler(this, frame);
      } catch (err) {
        this.brokenHandler(err);
      } finally {
        this.handled();
      }
    });
  }

  private readonly afterFrame = (): void => this.handled();
  private readonly afterBrokenFrame = (err: unknown): void => {
    this.brokenHandler(err);
    this.handled();
  };

  /** A handler broke its contract (it must not reject): logged, and the frames after it still run
   *  (the tail never rejects, or every later frame would be skipped). */
  private brokenHandler(err: unknown): void {
    this.log.error({ err }, 'frame handler failed');
  }

  private handled(): void {
    this.waiting--;
    this.handling--;
  }

  /**
   * Lets the frame being handled finish later: the caller's worker (the insert batcher) calls the
   * returned handle's `resolve` once the work is done (`reject` when it failed), and `finish.run`
   * (`finish.fail`) runs once that happened and every earlier deferred finish has run. The frame
   * counts as waiting until then. The handle is settled once; `run` and `fail` must not throw (a
   * throw is logged).
   */
  defer(finish: DeferredFinish): DeferredHandle {
    this.waiting++;
    const d = new Deferred(this, finish);
    if (this.deferredTail === undefined) this.deferredHead = d;
    else this.deferredTail.next = d;
    this.deferredTail = d;
    return d;
  }

  /** Runs the deferred finishes at the head of the queue whose work has settled (called by a
   *  deferred handle when it settles). */
  runSettled(): void {
    let d = this.deferredHead;
    while (d !== undefined && d.state !== PENDING) {
      this.deferredHead = d.next;
      if (d.next === undefined) this.deferredTail = undefined;
      this.waiting--;
      try {
        if (d.state === RESOLVED) d.finish.run();
        else d.finish.fail(d.err);
      } catch (err) {
        this.log.error({ err }, 'a deferred frame finish threw');
      }
      const waiters = d.waiters;
      if (waiters !== undefined) for (const w of waiters) w();
      d = this.deferredHead;
    }
  }

  /** Resolves once every deferred finish so far has run (undefined at once when none is pending). */
  settled(): Promise<void> | undefined {
    const last = this.deferredTail;
    if (last === undefined) return undefined;
    return new Promise<void>((resolve) => (last.waiters ??= []).push(resolve));
  }

  /** Resolves when every queued frame has been handled and every deferred finish has run. */
  idle(): Promise<void> {
    return this.tail.then(() => this.settled());
  }

  /**
   * Writes a frame that may be lost (presence, stream, big data, vroom pushes: plain frames other
   * users cause). Refused, without closing the session, while the queue holds half of either bound:
   * frames others send can never fill this client's queue, so they can never get it closed; the
   * other half stays for what is owed to it (replies, reliable messages). False when dropped.
   */
  offer(frame: Buffer): boolean {
    if (this.closed || this.overflows(frame, 2)) return false;
    this.socket.send(frame);
    return true;
  }

  send(frame: Buffer): void {
    if (this.closed) return;
    if (this.overflows(frame, 1)) {
      this.log.warn({ queued: this.socket.queued(), bytes: this.socket.queuedBytes() }, 'closing a client that does not read its frames');
      this.close(CloseCode.SLOW_CONSUMER, 'send queue full');
      return;
    }
    this.socket.send(frame);
  }

  /** Would `frame` take the unflushed writes past 1/`share` of either bound? (An empty queue always
   *  takes one frame, however large.) */
  private overflows(frame: Buffer, share: number): boolean {
    const bytes = this.socket.queuedBytes();
    return share * this.socket.queued() >= this.limits.sendQueueMax || (bytes > 0 && share * (bytes + frame.length) > this.limits.sendQueueBytes);
  }

  onClose(fn: () => void): void {
    if (this.closeListeners === undefined) this.closeListeners = [fn];
    else this.closeListeners.push(fn);
  }

  /** Closes the socket (if still open) and runs the close bookkeeping once. */
  close(code: number, reason: string): void {
    if (!this.closed) {
      this.closeCode = code;
      this.socket.close(code, reason);
    }
    this.markClosed();
  }

  /** Called by the transport when the socket has closed, from either side. Idempotent. */
  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.acks !== undefined) {
      const waiters = [...this.acks.values()];
      this.acks.clear();
      for (const w of waiters) w.gone();
    }
    if (this.closeListeners !== undefined) for (const fn of this.closeListeners) fn();
  }
}
