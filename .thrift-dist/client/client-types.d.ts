import type { TimAck, TimMessage, TimMessageList, TimNodes, TimPresence, TimStream } from '../protocol/wire-types.js';
/** Any WebSocket constructor with the browser API: the global one, or `ws`'s default export.
 *  Typed loosely on purpose: `ws` and lib.dom declare their event types differently. */
export type WebSocketConstructor = new (url: string, ...args: any[]) => unknown;
/** The subset of the WebSocket API the client uses (browser and `ws` alike). */
export interface WebSocketLike {
    binaryType: string;
    readonly readyState: number;
    send(data: Uint8Array | string): void;
    close(code?: number, reason?: string): void;
    onopen: ((ev: unknown) => void) | null;
    onmessage: ((ev: {
        data: unknown;
    }) => void) | null;
    onclose: ((ev: {
        code: number;
        reason: string;
    }) => void) | null;
    onerror: ((ev: {
        message?: string;
    }) => void) | null;
}
/** WebSocket readyState values (same in browsers and `ws`). */
export declare const WS_OPEN = 1;
export declare const WS_CLOSED = 3;
export interface TimClientOptions {
    /** WebSocket constructor; defaults to globalThis.WebSocket */
    WebSocket?: WebSocketConstructor;
    /** third constructor argument for Node's `ws` (e.g. `{ origin }`); ignored when undefined */
    wsOptions?: unknown;
    /** TimAuth.resource (default "web") */
    resource?: string;
    /** TimAuth.termtyp (default 1) */
    termtyp?: number;
    /** acknowledge reliable frames automatically (default true); false simulates a client that
     *  never acknowledges */
    autoAck?: boolean;
    /** PING period after login in ms (default 10000; 0 = never) */
    pingIntervalMs?: number;
    /** reconnect and re-login after an unexpected close (default false) */
    reconnect?: boolean;
    /** delay before each reconnect attempt (default 2000, as timjs) */
    reconnectDelayMs?: number;
    /** timeout of login() and of send() waiting for its echo (default 10000) */
    requestTimeoutMs?: number;
}
/** Events, each with its single payload. */
export interface TimClientEvents {
    /** every TIMMESSAGE, including each entry of an offline batch */
    message: TimMessage;
    /** a whole offline batch (after its entries were emitted as 'message') */
    offline: TimMessageList;
    offlineEnd: undefined;
    presence: TimPresence;
    ack: TimAck;
    nodes: TimNodes;
    pull: TimMessageList;
    stream: TimStream;
    bigString: {
        from: string;
        text: string;
    };
    bigBinary: {
        from: string;
        data: Uint8Array;
    };
    bigBinaryStream: {
        vnode: string;
        data: Uint8Array;
    };
    pong: undefined;
    /** every inbound frame, raw (before ack handling), as a Uint8Array */
    frame: Uint8Array;
    close: {
        code: number;
        reason: string;
    };
    /** after an automatic reconnect logged in again */
    reconnect: TimAck;
    error: Error;
}
/** A refusal or failure, with the tim error code (from the ack, or 1102 overtime for a timeout,
 *  1103 connect for a closed or missing connection). */
export declare class TimClientError extends Error {
    readonly code: number;
    readonly ack?: TimAck | undefined;
    constructor(code: number, message: string, ack?: TimAck | undefined);
}
export interface SendOptions {
    /** resolve on the echo (default) or as soon as the frame is written */
    awaitEcho?: boolean;
}
