import type { Tid } from '../protocol/wire-types.js';
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
/** WebSocket close codes the server uses (4000-4999 are application codes). */
export declare const CloseCode: {
    readonly NORMAL: 1000;
    readonly GOING_AWAY: 1001;
    readonly POLICY: 1008;
    readonly TOO_BIG: 1009;
    /** the client did not read: its unflushed writes passed limits.sendQueueMax frames or
     *  limits.sendQueueBytes bytes */
    readonly SLOW_CONSUMER: 4001;
    readonly LOGIN_TIMEOUT: 4002;
    readonly PING_TIMEOUT: 4003;
    readonly KICKED: 4004;
    readonly FLOOD: 4005;
    readonly UNAUTHENTICATED: 4006;
    /** the client went on sending faster than limits.requestRate after its 5104 warning
     *  (core/request-rate.ts) */
    readonly RATE_LIMITED: 4007;
    /** limits.loginFailuresPerSocket AUTHs on this socket were refused; sent after the last error ack */
    readonly LOGIN_FAILED: 4008;
};
/** A reliable frame sent to this session and not yet acknowledged. */
export interface AckWaiter {
    acked(): void;
    /** the session closed before acknowledging */
    gone(): void;
}
export type FrameHandler = (session: Session, frame: Buffer) => void | Promise<void>;
export declare class Session {
    readonly socket: SocketPort;
    readonly log: Logger;
    private readonly limits;
    readonly id: number;
    readonly openedAt: number;
    node: string;
    tid: Tid | undefined;
    termtyp: number;
    authedAt: number;
    lastPingAt: number;
    closed: boolean;
    /** set after this session's first offline drain ended with OFFLINEMSGEND */
    drained: boolean;
    draining: boolean;
    readonly pendingAcks: Map<number, AckWaiter>;
    private tail;
    /** the last deferred finish; never rejects */
    private ordered;
    private deferredCount;
    private waiting;
    private readonly closeListeners;
    /** the code this side closed with (undefined: not closed, or closed by the peer or the network) */
    closeCode: number | undefined;
    /** AUTH frames refused on this socket (handlers/auth.ts closes it at limits.loginFailuresPerSocket) */
    authFailures: number;
    constructor(socket: SocketPort, log: Logger, limits: {
        sendQueueMax: number;
        sendQueueBytes: number;
        inboundMax: number;
    }, now: number);
    get authed(): boolean;
    /** Queues a frame for in-order handling by `handler`. `handler` must not reject. */
    enqueue(frame: Buffer, handler: FrameHandler): void;
    /**
     * Lets the frame being handled finish later: `finish` runs once `work` has resolved (`fail`
     * when it rejected) and every earlier deferred finish has run. The frame counts as waiting until
     * then. Neither callback may throw.
     */
    defer<T>(work: Promise<T>, finish: (value: T) => void, fail: (err: unknown) => void): void;
    /** Resolves once every deferred finish so far has run (at once when none is pending). */
    settled(): Promise<void> | undefined;
    /** Resolves when every queued frame has been handled and every deferred finish has run. */
    idle(): Promise<void>;
    /**
     * Writes a frame that may be lost (presence, stream, big data, vroom pushes: plain frames other
     * users cause). Refused, without closing the session, while the queue holds half of either bound:
     * frames others send can never fill this client's queue, so they can never get it closed; the
     * other half stays for what is owed to it (replies, reliable messages). False when dropped.
     */
    offer(frame: Buffer): boolean;
    send(frame: Buffer): void;
    /** Would `frame` take the unflushed writes past 1/`share` of either bound? (An empty queue always
     *  takes one frame, however large.) */
    private overflows;
    onClose(fn: () => void): void;
    /** Closes the socket (if still open) and runs the close bookkeeping once. */
    close(code: number, reason: string): void;
    /** Called by the transport when the socket has closed, from either side. Idempotent. */
    markClosed(): void;
}
