// A tim client over WebSocket (JSON mode), for Node (pass the `ws` package's WebSocket) and
// browsers (global WebSocket). It speaks the wire as timjs does (docs/protocol.md 2, 5, Appendix B):
// every outbound frame has the JSON bit, reliable inbound frames are acknowledged with
// `0x8C ‖ ackId`, PINGs go out every pingIntervalMs after login.
//
// Contracts worth knowing:
//  * send()/revoke()/burn() resolve with the server's echo, matched by message `id` (a random safe
//    integer is generated when the caller gives none); revoke()/burn() also on the author ack
//    (timType 92/93 whose t2 is the request's mid), which is all a 1:1 author gets. tim's error acks carry no id, so an error ack
//    of timType 90/92/93 rejects the OLDEST pending request of that frame type: with several
//    requests of one type in flight, a failure may be attributed to the wrong one.
//  * Messages without an echo (odType 5 stream to a user, odType 4 / >30 business) must be sent
//    with `{ awaitEcho: false }`, or send() times out.
//  * Requests the server may answer with silence (presence, pull, business lists, nodes, vroom)
//    are fire-and-forget; await their answer with `next(kind, filter)`.
//  * Reliable frames are not deduplicated: tim resends with a fresh ack id, so duplicates happen.
//  * Inbound `timestamp`/`createtime` are exact bigints (see json-codec). Byte fields are Buffers
//    in Node and plain Uint8Arrays in browsers.
//  * Reconnect (opt-in) re-logs in with the same name/password; a token login is one-time and is
//    not repeated. A forced logout (TimAck timType 20) stops reconnecting.
import { ErrorCode } from '../protocol/error-codes.js';
import { decodeAck, decodeMessage, decodeMessageList, decodeNodes, decodePresence, decodeStream, encodeAuth, encodeJson, encodeMessage, encodeNodes, encodePresence, encodeReq, } from '../protocol/json-codec.js';
import { ACK_FLAG, BIG_BINARY_SEP, BIG_STRING_SEP, TimType, TYPE_MASK } from '../protocol/timtype.js';
import { ackFor, ackFrame, bigDataFrame, clientFrame, RELIABLE_HEADER_BYTES, splitNode, utf8, utf8Text } from './client-frames.js';
import { TimClientError, WS_CLOSED, WS_OPEN, } from './client-types.js';
import { Emitter } from './emitter.js';
export { TimClientError, } from './client-types.js';
/** A random positive safe integer, used as a message id. */
function randomId() {
    const r = new Uint32Array(2);
    globalThis.crypto.getRandomValues(r);
    return (r[0] & 0x1fffff) * 0x100000000 + r[1] || 1;
}
function toBytes(data) {
    if (data instanceof ArrayBuffer)
        return new Uint8Array(data);
    if (ArrayBuffer.isView(data))
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (typeof data === 'string')
        return utf8(data);
    return undefined;
}
export class TimClient extends Emitter {
    url;
    opts;
    Ctor;
    resource;
    termtyp;
    autoAck;
    pingIntervalMs;
    reconnectEnabled;
    reconnectDelayMs;
    requestTimeoutMs;
    ws;
    /** settles when the current socket has closed */
    wsClosed = Promise.resolve();
    ownNode;
    loggedIn = false;
    credentials;
    pendingLogin;
    /** by message id; a Map keeps insertion order, which error-ack matching relies on */
    pendingSends = new Map();
    pingTimer;
    reconnectTimer;
    /** set by close() and by a forced logout: no reconnect */
    stopped = false;
    constructor(url, opts = {}) {
        super();
        this.url = url;
        this.opts = opts;
        const Ctor = opts.WebSocket ?? globalThis.WebSocket;
        if (Ctor === undefined)
            throw new TypeError('no WebSocket implementation: pass opts.WebSocket');
        this.Ctor = Ctor;
        this.resource = opts.resource ?? 'web';
        this.termtyp = opts.termtyp ?? 1;
        this.autoAck = opts.autoAck ?? true;
        this.pingIntervalMs = opts.pingIntervalMs ?? 10_000;
        this.reconnectEnabled = opts.reconnect ?? false;
        this.reconnectDelayMs = opts.reconnectDelayMs ?? 2_000;
        this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    }
    /** Own node, from the last successful login ack. */
    get node() {
        return this.ownNode;
    }
    get connected() {
        return this.ws?.readyState === WS_OPEN;
    }
    get authenticated() {
        return this.loggedIn;
    }
    /** Opens the WebSocket; resolves when open, rejects (code 1103) if it fails first, or (4117)
     *  while a socket is already connecting or open. */
    connect() {
        if (this.ws !== undefined && this.ws.readyState <= WS_OPEN) {
            return Promise.reject(new TimClientError(ErrorCode.REPEAT, 'already connected'));
        }
        this.stopped = false;
        return new Promise((resolve, reject) => {
            const ws = (this.opts.wsOptions === undefined ? new this.Ctor(this.url) : new this.Ctor(this.url, undefined, this.opts.wsOptions));
            ws.binaryType = 'arraybuffer';
            this.ws = ws;
            let opened = false;
            let closed;
            this.wsClosed = new Promise((r) => (closed = r));
            ws.onopen = () => {
                opened = true;
                resolve();
            };
            ws.onmessage = (ev) => {
                if (ws === this.ws)
                    this.onData(ev.data);
            };
            ws.onerror = (ev) => {
                const err = new TimClientError(ErrorCode.CONNECT, `websocket error${ev?.message ? ': ' + ev.message : ''}`);
                if (!opened)
                    reject(err);
                else if (ws === this.ws)
                    this.emit('error', err);
            };
            ws.onclose = (ev) => {
                if (!opened)
                    reject(new TimClientError(ErrorCode.CONNECT, `websocket closed before open (${ev.code})`));
                this.onClosed(ws, opened, ev.code, ev.reason);
                closed();
            };
        });
    }
    /** Password login. Resolves with the ok ack (`n` = own node); rejects with the ack's code. */
    login(name, pwd, domain) {
        return this.auth({ name, pwd, domain, resource: this.resource, termtyp: this.termtyp }, { kind: 'password', name, pwd, domain });
    }
    /** Token login (one-time token from TOKEN / the admin API). */
    loginByToken(token) {
        return this.auth({ name: '', pwd: '', resource: this.resource, termtyp: this.termtyp, token }, { kind: 'token', token });
    }
    /** Sends a TIMMESSAGE (frame 0xDA). msType defaults to 3 when only roomTid is set, else 2;
     *  odType defaults to 1. Resolves with the echo carrying the same id (see file comment). */
    send(msg, opts) {
        return this.sendMessage(TimType.MESSAGE, msg, opts);
    }
    /** Revokes `mid` (frame 0xDC): in the chat with `to`, or in `room` (msType 3 when only a room
     *  is given). Resolves on the author ack (timType 92, t2 = mid) or the notice echo, whichever comes first. */
    revoke(mid, to, room, opts) {
        return this.sendMessage(TimType.REVOKEMESSAGE, {
            msType: room !== undefined && to === undefined ? 3 : 2,
            odType: 2,
            mid,
            toTid: to === undefined ? undefined : { node: to },
            roomTid: room === undefined ? undefined : { node: room },
        }, opts);
    }
    /** Burns `mid`, received from `to` (frame 0xDD). Resolves on the ack (timType 93, t2 = mid). */
    burn(mid, to, opts) {
        return this.sendMessage(TimType.BURNMESSAGE, { msType: 2, odType: 3, mid, toTid: { node: to } }, opts);
    }
    /** PRESENCE (0xDB) to `toTid` or `toList`. No reply on success. */
    presence(p) {
        this.write(clientFrame(TimType.PRESENCE, encodePresence(p)));
    }
    /** BROADPRESENCE (0x93) to all online friends. No reply. */
    broadPresence(subStatus, show, status) {
        this.write(clientFrame(TimType.BROADPRESENCE, encodePresence({ subStatus, show, status })));
    }
    /** PULLMESSAGE (0x95): rtype 1 user / 2 room, messages with mid <= `mid` (0 = latest), at most
     *  `limit`. The answer is a 'pull' event, or nothing when empty. */
    pullMessages(rtype, node, mid, limit) {
        this.write(clientFrame(TimType.PULLMESSAGE, encodeReq({ rtype, node, reqInt: mid, reqInt2: limit })));
    }
    /** OFFLINEMSG (0x91): asks for the offline queue; batches arrive as 'message' + 'offline'
     *  events, then 'offlineEnd'. */
    offline() {
        this.write(clientFrame(TimType.OFFLINEMSG));
    }
    /** BUSINESS (0xA9). Answers: 'ack' (timType 41) or 'nodes'; nothing for empty lists. */
    business(req) {
        this.write(clientFrame(TimType.BUSINESS, encodeReq(req)));
    }
    /** VROOM (0x96). Answers: 'ack' with timType 22. */
    vroom(req) {
        this.write(clientFrame(TimType.VROOM, encodeReq(req)));
    }
    /** NODES (0xAA): user/room info and profile changes. */
    nodes(n) {
        this.write(clientFrame(TimType.NODES, encodeNodes(n)));
    }
    /** STREAM (0xDE) to a virtual room this user founded. */
    pushStream(vnode, body, dtype) {
        this.write(clientFrame(TimType.STREAM, encodeJson({ VNode: vnode, dtype, body })));
    }
    /** BIGSTRING (0xDF) to a user, with the correct '|' separator (timjs sends 0x00; use
     *  sendRaw with bigDataFrame(..., 0) to reproduce that). */
    bigString(target, text) {
        this.write(bigDataFrame(TimType.BIGSTRING, target, text));
    }
    /** BIGBINARY (0xE0) to a user. */
    bigBinary(target, data) {
        this.write(bigDataFrame(TimType.BIGBINARY, target, data));
    }
    /** BIGBINARYSTREAM (0xE1) to a virtual room this user founded. */
    bigBinaryStream(vnode, data) {
        this.write(bigDataFrame(TimType.BIGBINARYSTREAM, vnode, data));
    }
    /** PING (0x8D); the server answers 0x0D ('pong'). */
    ping() {
        this.write(clientFrame(TimType.PING));
    }
    /** Acknowledges a reliable frame by id (for tests with autoAck off). */
    ack(ackId) {
        this.write(ackFrame(ackId));
    }
    /** Writes bytes as one binary WS message, or a string as one text message. */
    sendRaw(data) {
        this.write(data);
    }
    /** Waits for the next `kind` event that passes `filter`; rejects (1102) after `timeoutMs`. */
    next(kind, filter, timeoutMs = this.requestTimeoutMs) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                off();
                reject(new TimClientError(ErrorCode.OVERTIME, `no '${String(kind)}' event within ${timeoutMs} ms`));
            }, timeoutMs);
            const off = this.on(kind, (p) => {
                if (filter && !filter(p))
                    return;
                clearTimeout(timer);
                off();
                resolve(p);
            });
        });
    }
    /** Closes the connection for good (no reconnect); resolves once closed. */
    close() {
        this.stopped = true;
        this.stopTimers();
        const ws = this.ws;
        if (ws === undefined || ws.readyState === WS_CLOSED)
            return Promise.resolve();
        ws.close();
        return this.wsClosed;
    }
    // -------------------------------------------------------------------------------------------
    onListenerError(kind, err) {
        if (kind !== 'error' && this.listenerCount('error') > 0) {
            this.emit('error', err instanceof Error ? err : new Error(String(err)));
        }
        else {
            super.onListenerError(kind, err);
        }
    }
    write(data) {
        const ws = this.ws;
        if (ws === undefined || ws.readyState !== WS_OPEN)
            throw new TimClientError(ErrorCode.CONNECT, 'not connected');
        ws.send(data);
    }
    auth(a, creds) {
        if (this.pendingLogin)
            return Promise.reject(new TimClientError(ErrorCode.REPEAT, 'a login is already in progress'));
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pendingLogin = undefined;
                reject(new TimClientError(ErrorCode.OVERTIME, `no login ack within ${this.requestTimeoutMs} ms`));
            }, this.requestTimeoutMs);
            this.pendingLogin = {
                timer,
                reject,
                resolve: (ack) => {
                    if (ack.n !== undefined)
                        this.ownNode = ack.n;
                    this.loggedIn = true;
                    this.credentials = creds;
                    this.startPing();
                    resolve(ack);
                },
            };
            try {
                this.write(clientFrame(TimType.AUTH, encodeAuth(a)));
            }
            catch (err) {
                clearTimeout(timer);
                this.pendingLogin = undefined;
                reject(err);
            }
        });
    }
    sendMessage(frameType, msg, opts) {
        const m = {
            ...msg,
            msType: msg.msType ?? (msg.roomTid !== undefined && msg.toTid === undefined ? 3 : 2),
            odType: msg.odType ?? 1,
            id: msg.id ?? randomId(),
        };
        const id = m.id;
        const frame = clientFrame(frameType, encodeMessage(m));
        if (opts?.awaitEcho === false) {
            try {
                this.write(frame);
                return Promise.resolve(m);
            }
            catch (err) {
                return Promise.reject(err);
            }
        }
        if (this.pendingSends.has(id)) {
            return Promise.reject(new TimClientError(ErrorCode.PARAMS, `a message with id ${id} is already pending`));
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pendingSends.delete(id);
                reject(new TimClientError(ErrorCode.OVERTIME, `no echo for message id ${id} within ${this.requestTimeoutMs} ms`));
            }, this.requestTimeoutMs);
            this.pendingSends.set(id, { frameType, resolve, reject, timer, sent: m });
            try {
                this.write(frame);
            }
            catch (err) {
                clearTimeout(timer);
                this.pendingSends.delete(id);
                reject(err);
            }
        });
    }
    startPing() {
        if (this.pingTimer !== undefined || this.pingIntervalMs <= 0)
            return;
        this.pingTimer = setInterval(() => {
            if (this.connected)
                this.ping();
        }, this.pingIntervalMs);
    }
    stopTimers() {
        if (this.pingTimer !== undefined)
            clearInterval(this.pingTimer);
        if (this.reconnectTimer !== undefined)
            clearTimeout(this.reconnectTimer);
        this.pingTimer = undefined;
        this.reconnectTimer = undefined;
    }
    onClosed(ws, opened, code, reason) {
        if (ws !== this.ws)
            return;
        const wasLoggedIn = this.loggedIn;
        this.loggedIn = false;
        if (this.pingTimer !== undefined)
            clearInterval(this.pingTimer);
        this.pingTimer = undefined;
        this.failPending(new TimClientError(ErrorCode.CONNECT, `connection closed (${code})`));
        if (opened)
            this.emit('close', { code, reason });
        if (wasLoggedIn && !this.stopped && this.reconnectEnabled && this.credentials?.kind === 'password') {
            this.scheduleReconnect();
        }
    }
    failPending(err) {
        if (this.pendingLogin) {
            clearTimeout(this.pendingLogin.timer);
            const p = this.pendingLogin;
            this.pendingLogin = undefined;
            p.reject(err);
        }
        const sends = [...this.pendingSends.values()];
        this.pendingSends.clear();
        for (const p of sends) {
            clearTimeout(p.timer);
            p.reject(err);
        }
    }
    scheduleReconnect() {
        this.reconnectTimer = setTimeout(() => {
            this.reconnectTimer = undefined;
            void this.reconnectOnce();
        }, this.reconnectDelayMs);
    }
    async reconnectOnce() {
        const creds = this.credentials;
        if (this.stopped || creds?.kind !== 'password')
            return;
        try {
            await this.connect();
        }
        catch (err) {
            this.emit('error', err);
            if (!this.stopped)
                this.scheduleReconnect();
            return;
        }
        try {
            const ack = await this.login(creds.name, creds.pwd, creds.domain);
            this.emit('reconnect', ack);
        }
        catch (err) {
            // A refused re-login (e.g. 4111 over entry, 4105 blocked) will not get better by retrying.
            this.emit('error', err);
        }
    }
    onData(data) {
        const frame = toBytes(data);
        if (frame === undefined || frame.length === 0)
            return;
        this.emit('frame', frame);
        let body;
        if (frame[0] & ACK_FLAG) {
            if (frame.length < RELIABLE_HEADER_BYTES) {
                this.emit('error', new TimClientError(ErrorCode.PARAMS, 'reliable frame shorter than 5 bytes'));
                return;
            }
            if (this.autoAck && this.connected)
                this.write(ackFor(frame));
            body = frame.subarray(RELIABLE_HEADER_BYTES);
        }
        else {
            body = frame.subarray(1);
        }
        try {
            this.dispatch(frame[0] & TYPE_MASK, body);
        }
        catch (err) {
            this.emit('error', err instanceof Error ? err : new Error(String(err)));
        }
    }
    dispatch(type, body) {
        switch (type) {
            case TimType.ACK:
                return this.onAck(decodeAck(body));
            case TimType.PING:
                return this.emit('pong', undefined);
            case TimType.MESSAGE:
                return this.onMessage(decodeMessage(body));
            case TimType.OFFLINEMSG: {
                const list = decodeMessageList(body);
                for (const m of list.messageList ?? [])
                    this.emit('message', m);
                return this.emit('offline', list);
            }
            case TimType.OFFLINEMSGEND:
                return this.emit('offlineEnd', undefined);
            case TimType.PRESENCE:
                return this.emit('presence', decodePresence(body));
            case TimType.NODES:
                return this.emit('nodes', decodeNodes(body));
            case TimType.PULLMESSAGE:
                return this.emit('pull', decodeMessageList(body));
            case TimType.STREAM:
                return this.emit('stream', decodeStream(body));
            case TimType.BIGSTRING: {
                const s = splitNode(body, BIG_STRING_SEP);
                if (s === undefined)
                    throw new TimClientError(ErrorCode.PARAMS, 'BIGSTRING without separator');
                return this.emit('bigString', { from: s.node, text: utf8Text(s.data) });
            }
            case TimType.BIGBINARY: {
                const s = splitNode(body, BIG_BINARY_SEP);
                if (s === undefined)
                    throw new TimClientError(ErrorCode.PARAMS, 'BIGBINARY without separator');
                return this.emit('bigBinary', { from: s.node, data: s.data });
            }
            case TimType.BIGBINARYSTREAM: {
                const s = splitNode(body, BIG_BINARY_SEP);
                if (s === undefined)
                    throw new TimClientError(ErrorCode.PARAMS, 'BIGBINARYSTREAM without separator');
                return this.emit('bigBinaryStream', { vnode: s.node, data: s.data });
            }
            default:
                throw new TimClientError(ErrorCode.PARAMS, `unknown frame type ${type}`);
        }
    }
    onAck(ack) {
        if (ack.timType === TimType.AUTH && this.pendingLogin) {
            const p = this.pendingLogin;
            this.pendingLogin = undefined;
            clearTimeout(p.timer);
            if (ack.ok)
                p.resolve(ack);
            else
                p.reject(new TimClientError(ack.error?.code ?? ErrorCode.UNDEFINED, `login refused: ${ack.error?.info ?? 'no error'}`, ack));
        }
        else if (!ack.ok && ack.timType !== TimType.AUTH) {
            // Error acks carry no message id: blame the oldest request sent as this frame type.
            for (const [id, p] of this.pendingSends) {
                if (p.frameType !== ack.timType)
                    continue;
                this.pendingSends.delete(id);
                clearTimeout(p.timer);
                p.reject(new TimClientError(ack.error?.code ?? ErrorCode.UNDEFINED, `refused: ${ack.error?.info ?? 'no error'}`, ack));
                break;
            }
        }
        else if (ack.ok && (ack.timType === TimType.REVOKEMESSAGE || ack.timType === TimType.BURNMESSAGE) && ack.t2 !== undefined) {
            // tim's author ack {timType 92|93, n: peer or room, t: 2|3, t2: mid}: resolves that request.
            for (const [id, p] of this.pendingSends) {
                if (p.frameType !== ack.timType || p.sent.mid !== Number(ack.t2))
                    continue;
                this.pendingSends.delete(id);
                clearTimeout(p.timer);
                p.resolve(p.sent);
                break;
            }
        }
        else if (ack.ok && ack.timType === TimType.LOGOUT) {
            // Forced logout by the admin API: the server closes the socket; do not come back.
            this.stopped = true;
        }
        this.emit('ack', ack);
    }
    onMessage(m) {
        if (m.id !== undefined && (this.ownNode === undefined || m.fromTid?.node === this.ownNode)) {
            const p = this.pendingSends.get(m.id);
            if (p !== undefined) {
                this.pendingSends.delete(m.id);
                clearTimeout(p.timer);
                p.resolve(m);
            }
        }
        this.emit('message', m);
    }
}
//# sourceMappingURL=tim-client.js.map