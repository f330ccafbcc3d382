import type { TimAck, TimMessage, TimNodes, TimPresence, TimReq } from '../protocol/wire-types.js';
import { type SendOptions, type TimClientEvents, type TimClientOptions } from './client-types.js';
import { Emitter } from './emitter.js';
export { TimClientError, type SendOptions, type TimClientEvents, type TimClientOptions, type WebSocketConstructor, } from './client-types.js';
export declare class TimClient extends Emitter<TimClientEvents> {
    readonly url: string;
    private readonly opts;
    private readonly Ctor;
    private readonly resource;
    private readonly termtyp;
    private readonly autoAck;
    private readonly pingIntervalMs;
    private readonly reconnectEnabled;
    private readonly reconnectDelayMs;
    private readonly requestTimeoutMs;
    private ws;
    /** settles when the current socket has closed */
    private wsClosed;
    private ownNode;
    private loggedIn;
    private credentials;
    private pendingLogin;
    /** by message id; a Map keeps insertion order, which error-ack matching relies on */
    private readonly pendingSends;
    private pingTimer;
    private reconnectTimer;
    /** set by close() and by a forced logout: no reconnect */
    private stopped;
    constructor(url: string, opts?: TimClientOptions);
    /** Own node, from the last successful login ack. */
    get node(): string | undefined;
    get connected(): boolean;
    get authenticated(): boolean;
    /** Opens the WebSocket; resolves when open, rejects (code 1103) if it fails first, or (4117)
     *  while a socket is already connecting or open. */
    connect(): Promise<void>;
    /** Password login. Resolves with the ok ack (`n` = own node); rejects with the ack's code. */
    login(name: string, pwd: string, domain?: string): Promise<TimAck>;
    /** Token login (one-time token from TOKEN / the admin API). */
    loginByToken(token: string): Promise<TimAck>;
    /** Sends a TIMMESSAGE (frame 0xDA). msType defaults to 3 when only roomTid is set, else 2;
     *  odType defaults to 1. Resolves with the echo carrying the same id (see file comment). */
    send(msg: Partial<TimMessage>, opts?: SendOptions): Promise<TimMessage>;
    /** Revokes `mid` (frame 0xDC): in the chat with `to`, or in `room` (msType 3 when only a room
     *  is given). Resolves on the author ack (timType 92, t2 = mid) or the notice echo, whichever comes first. */
    revoke(mid: number, to?: string, room?: string, opts?: SendOptions): Promise<TimMessage>;
    /** Burns `mid`, received from `to` (frame 0xDD). Resolves on the ack (timType 93, t2 = mid). */
    burn(mid: number, to: string, opts?: SendOptions): Promise<TimMessage>;
    /** PRESENCE (0xDB) to `toTid` or `toList`. No reply on success. */
    presence(p: TimPresence): void;
    /** BROADPRESENCE (0x93) to all online friends. No reply. */
    broadPresence(subStatus: number, show?: number, status?: string): void;
    /** PULLMESSAGE (0x95): rtype 1 user / 2 room, messages with mid <= `mid` (0 = latest), at most
     *  `limit`. The answer is a 'pull' event, or nothing when empty. */
    pullMessages(rtype: number, node: string, mid: number, limit: number): void;
    /** OFFLINEMSG (0x91): asks for the offline queue; batches arrive as 'message' + 'offline'
     *  events, then 'offlineEnd'. */
    offline(): void;
    /** BUSINESS (0xA9). Answers: 'ack' (timType 41) or 'nodes'; nothing for empty lists. */
    business(req: TimReq): void;
    /** VROOM (0x96). Answers: 'ack' with timType 22. */
    vroom(req: TimReq): void;
    /** NODES (0xAA): user/room info and profile changes. */
    nodes(n: TimNodes): void;
    /** STREAM (0xDE) to a virtual room this user founded. */
    pushStream(vnode: string, body: Uint8Array, dtype?: number): void;
    /** BIGSTRING (0xDF) to a user, with the correct '|' separator (timjs sends 0x00; use
     *  sendRaw with bigDataFrame(..., 0) to reproduce that). */
    bigString(target: string, text: string): void;
    /** BIGBINARY (0xE0) to a user. */
    bigBinary(target: string, data: Uint8Array): void;
    /** BIGBINARYSTREAM (0xE1) to a virtual room this user founded. */
    bigBinaryStream(vnode: string, data: Uint8Array): void;
    /** PING (0x8D); the server answers 0x0D ('pong'). */
    ping(): void;
    /** Acknowledges a reliable frame by id (for tests with autoAck off). */
    ack(ackId: number): void;
    /** Writes bytes as one binary WS message, or a string as one text message. */
    sendRaw(data: Uint8Array | string): void;
    /** Waits for the next `kind` event that passes `filter`; rejects (1102) after `timeoutMs`. */
    next<K extends keyof TimClientEvents>(kind: K, filter?: (payload: TimClientEvents[K]) => boolean, timeoutMs?: number): Promise<TimClientEvents[K]>;
    /** Closes the connection for good (no reconnect); resolves once closed. */
    close(): Promise<void>;
    protected onListenerError(kind: keyof TimClientEvents, err: unknown): void;
    private write;
    private auth;
    private sendMessage;
    private startPing;
    private stopTimers;
    private onClosed;
    private failPending;
    private scheduleReconnect;
    private reconnectOnce;
    private onData;
    private dispatch;
    private onAck;
    private onMessage;
}
