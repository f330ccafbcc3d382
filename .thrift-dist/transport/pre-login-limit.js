// The pre-login frame limit (limits.preLoginFrameBytes), per socket.
//
// ws has one `maxPayload` per server, and the server's must admit logged-in clients' big frames
// (tim-websocket.ts). Before login a client may send only AUTH, ACK and PING, all small, so a
// much smaller bound applies to each socket until its login succeeds; a frame pipelined behind the
// AUTH, before the login ack, is still a pre-login frame.
//
// How: each ws socket parses its frames in its own Receiver, which adds each frame's announced
// length to the message's running total as soon as the frame HEADER has been read
// (Receiver#haveLength) and, when the total passes its `_maxPayload` field, fails with 1009 before
// any of the payload is buffered; ws then sends the close frame, stops feeding the parser and lets
// the socket discard the rest. We set that field per socket: small at connection (synchronously in
// the connection handler, before any frame byte is parsed), back to the server's value at login.
// Rejected alternatives:
// - the server-wide maxPayload alone: binds logged-in clients too;
// - reading frame headers ourselves from the TCP stream: a second parser of ws's framing (lengths,
//   fragments, masks) to keep in step with ws's by hand;
// - a second WebSocketServer for unauthenticated sockets: a ws socket cannot move between servers.
// `_maxPayload` is not public API, but it has kept its name and meaning since ws 2. narrowFrameLimit
// checks it on every socket and throws when ws changed it (the caller refuses the socket then), and
// test/e2e/memory-bounds.test.ts pins the behaviour.
/**
 * Narrows `ws`'s largest accepted message to `bytes` (never above the server's own bound) and
 * returns the function that restores the server's bound. Throws when ws's receiver does not have the
 * shape relied on above.
 */
export function narrowFrameLimit(ws, bytes) {
    const receiver = ws._receiver;
    const serverMax = receiver?._maxPayload;
    if (receiver == null || typeof serverMax !== 'number' || !Number.isInteger(serverMax)) {
        throw new Error('ws internals changed: a socket has no receiver _maxPayload to narrow (see src/transport/pre-login-limit.ts)');
    }
    // 0 means "no limit" to ws.
    receiver._maxPayload = serverMax > 0 ? Math.min(bytes, serverMax) : bytes;
    return () => {
        receiver._maxPayload = serverMax;
    };
}
//# sourceMappingURL=pre-login-limit.js.map