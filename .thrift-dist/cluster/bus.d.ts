/** Everything a node may send another. `data` is the one binary field; the rest travels as JSON. */
export type BusMessage = 
/** a plain frame for every local socket of `user` (presence, echo copies, streams, big data) */
{
    kind: 'frame';
    user: string;
    data: Buffer;
}
/** reliable delivery of a TimMessage stanza (`data`) to `user`'s local sockets; answer with
 *  `result` (value 1: a device acknowledged). `offline` set: the record to store if the asking
 *  node is gone when the answer is due (it owns the offline fallback while it lives);
 *  `offline.durable`: the record was stored with its message, there is nothing to store. */
 | {
    kind: 'deliver';
    rid: number;
    user: string;
    type: number;
    data: Buffer;
    offline?: {
        id: number;
        mid: number;
        time: number;
        durable?: boolean;
    };
}
/** the answer to a request (`deliver`, counting `kick`, `vpush`, `detect`, `sessions`); `data`
 *  carries a JSON answer where a number is not enough (`sessions`) */
 | {
    kind: 'result';
    rid: number;
    value: number;
    data?: Buffer;
}
/** a record for `user` went to the offline store: drain the sockets that logged in meanwhile
 *  (those tried by this node's request `rid`, if any, are left alone) */
 | {
    kind: 'stored';
    user: string;
    rid: number;
}
/** close `user`'s local sockets: all (admin kick, answer with the count when `rid` is given), or
 *  only `sids` (device-limit victims; closed silently as tim does) */
 | {
    kind: 'kick';
    user: string;
    notify: boolean;
    sids?: number[];
    rid?: number;
}
/** admin detect: a server PING on every local socket of `users`; answer with `result` (value:
 *  the sockets pinged) */
 | {
    kind: 'detect';
    rid: number;
    users: string[];
}
/** admin connection list: this node's logged-in sockets (of `user` when given) with a session id
 *  above `after`, by id, at most `limit`; answer with `result` (value: how many match in all,
 *  `data`: the JSON of a cluster-sessions.ts LocalPage) */
 | {
    kind: 'sessions';
    rid: number;
    user?: string;
    after: number;
    limit: number;
}
/** the cluster ban list changed: `until` 0 lifts the ban */
 | {
    kind: 'ban';
    user: string;
    until: number;
}
/** relations of `nodes` (users or rooms) changed: forget their cached permission answers and
 *  roster lists (TimCore.forget) */
 | {
    kind: 'forget';
    nodes: string[];
}
/** a push to virtual room `vnode`, for this node's subscribers */
 | {
    kind: 'vroom';
    vnode: string;
    from: string;
    dtype?: number;
    data: Buffer;
}
/** a push by a user whose node is not the vroom's home: the home checks rights and fans out;
 *  answer with `result` (1 accepted, 0 refused) */
 | {
    kind: 'vpush';
    rid: number;
    vnode: string;
    from: string;
    dtype?: number;
    data: Buffer;
};
export type BusHandler = (msg: BusMessage, from: string) => void;
export interface Bus {
    /** this node's id in the cluster (unique per process start) */
    readonly nodeId: string;
    /** true while messages can be sent and received */
    readonly up: boolean;
    /** Starts receiving (messages to this node and broadcasts) with `handler`. Called once. */
    start(handler: BusHandler): Promise<void>;
    /** Sends `msg` to node `to`; see the file comment. Sending to itself is allowed. */
    send(to: string, msg: BusMessage): Promise<boolean>;
    /** Sends `msg` to every other node; resolves with how many received it. */
    broadcast(msg: BusMessage): Promise<number>;
    /** Called with the new state whenever `up` changes (reconnects included). */
    onStatus(fn: (up: boolean) => void): void;
    /** Stops receiving and releases connections. Idempotent. */
    close(): Promise<void>;
}
/** The bus (Redis) cannot be reached; nothing was sent. */
export declare class BusUnavailableError extends Error {
    constructor(message?: string);
}
export declare function encodeBusMessage(msg: BusMessage, from: string): Buffer;
/** Decodes a message; throws on bytes that are not one. */
export declare function decodeBusMessage(buf: Buffer): {
    msg: BusMessage;
    from: string;
};
