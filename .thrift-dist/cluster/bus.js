// The Bus: how server nodes of one cluster send each other messages. One node runs the in-process
// LocalBus (it has no peers); several nodes share a RedisBus. Nothing above the bus knows which.
//
// Contract, for every implementation:
// - Addressing is per node: `send(to)` reaches node `to` only (its own channel), never a broadcast
//   that every node filters. `broadcast` is kept for the rare cluster-wide notices (ban changes,
//   cache invalidations).
//   (The Redis registry's `route` publishes the same encoded messages on the same channels, from the
//   same connection, after looking up the user's nodes inside Redis: one round trip.)
// - Delivery is AT MOST ONCE and unacknowledged: a `true` from send() means the target node was
//   listening when the bus took the message, not that it handled it (it may die first). Callers
//   that need an outcome ask for a reply (Cluster's requests) and bound the wait with a timeout.
// - Order: messages from one node to one node arrive in the order they were sent. Nothing is
//   promised across different senders or targets.
// - Failure: when the bus itself is down (Redis unreachable), send()/broadcast() REJECT at once
//   with BusUnavailableError; they never queue for a reconnect. A target that is not listening (a
//   dead or disconnected node) is not an error: send() resolves false.
// - The handler given to start() is called once per received message, in arrival order; it must
//   not throw (errors are logged by the bus and dropped).
/** The bus (Redis) cannot be reached; nothing was sent. */
export class BusUnavailableError extends Error {
    constructor(message = 'the cluster bus is unavailable') {
        super(message);
        this.name = 'BusUnavailableError';
    }
}
// Wire format of a message: the JSON of every field but `data` plus the sender under `$from`, a
// newline, then `data` raw. JSON.stringify never emits a raw newline, so the first 0x0A ends the
// header.
const NL = 0x0a;
export function encodeBusMessage(msg, from) {
    const { data, ...rest } = msg;
    const head = Buffer.from(JSON.stringify({ ...rest, $from: from }));
    return data === undefined ? Buffer.concat([head, Buffer.from([NL])]) : Buffer.concat([head, Buffer.from([NL]), data]);
}
/** Decodes a message; throws on bytes that are not one. */
export function decodeBusMessage(buf) {
    const nl = buf.indexOf(NL);
    if (nl < 0)
        throw new Error('bus message without a header');
    const head = JSON.parse(buf.subarray(0, nl).toString('utf8'));
    if (typeof head.kind !== 'string' || typeof head.$from !== 'string')
        throw new Error('bus message without kind or sender');
    const { $from: from, ...rest } = head;
    const body = buf.subarray(nl + 1);
    const msg = (body.length > 0 || HAS_DATA.has(head.kind) ? { ...rest, data: Buffer.from(body) } : rest);
    return { msg, from };
}
const HAS_DATA = new Set(['frame', 'deliver', 'vroom', 'vpush']);
//# sourceMappingURL=bus.js.map