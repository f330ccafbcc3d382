// The client WebSocket at /tim: bytes in and out, nothing else. Every frame goes to the core;
// every write comes from it through a SocketPort.
import websocket from '@fastify/websocket';
import { CloseCode } from '../core/session.js';
import { admitConnection, ConnectionLimiter } from './connection-limits.js';
import { narrowFrameLimit } from './pre-login-limit.js';
import { ThriftEdge } from './thrift-edge.js';
import { hold } from './write-coalescer.js';
/** The connection and pre-login limits come from core.limits (maxConnections, maxConnectionsPerIp,
 *  preLoginFrameBytes). */
export async function registerTimWebSocket(app, core, opts) {
    const limiter = new ConnectionLimiter(core.limits.maxConnections, core.limits.maxConnectionsPerIp);
    await app.register(websocket, {
        options: {
            // Frames up to twice the limit reach the core, which answers 4114 before closing
            // (docs/protocol.md decision 10); beyond that ws closes with 1009 without reading them into memory. Before
            // login each socket's bound is limits.preLoginFrameBytes instead (pre-login-limit.ts).
            maxPayload: opts.maxFrameBytes * 2 + 16,
            perMessageDeflate: false,
        },
    });
    app.get('/tim', {
        websocket: true,
        preValidation: async (req, reply) => {
            if (opts.origin !== '' && req.headers.origin !== opts.origin) {
                await reply.code(403).send({ error: 'origin not allowed' });
                return;
            }
            // A plain GET (no upgrade) gets the route's 404 and takes no connection slot.
            if (req.ws)
                await admitConnection(limiter, req, reply);
        },
    }, (socket, req) => {
        let lift;
        try {
            lift = narrowFrameLimit(socket, core.limits.preLoginFrameBytes);
        }
        catch (err) {
            core.log.error({ err }, 'refusing a connection: cannot apply limits.preLoginFrameBytes');
            socket.terminate();
            return;
        }
        // req.socket is the TCP socket ws took over at the upgrade: the one its frames are written to.
        // Thrift-compact clients: their frames are converted to and from the core's JSON frames here.
        const edge = new ThriftEdge(opts.maxFrameBytes, (err, type) => core.log.error({ err, type }, 'dropping a frame that cannot be written as Thrift'));
        const port = new WsPort(socket, req.socket, req.socket.remoteAddress ?? '', core.stats, lift, edge);
        const session = core.openSession(port);
        socket.on('message', (data) => core.receive(session, edge.inbound(session, asBuffer(data))));
        socket.on('close', () => {
            port.released();
            session.markClosed();
        });
        socket.on('error', (err) => {
            session.log.debug({ err }, 'websocket error');
            session.markClosed();
        });
    });
}
/** A ws socket seen through the core's SocketPort; counts the frames and bytes not yet flushed
 *  (handed to ws and not yet written to the kernel: ws calls a send's callback once its write
 *  completed, or failed because the socket was destroyed), here and in `gauge` for all sockets.
 *  Frames written in one event-loop turn leave in one system call (write-coalescer.ts). */
class WsPort {
    ws;
    tcp;
    remote;
    gauge;
    lift;
    edge;
    pending = 0;
    bytes = 0;
    /** the socket closed: what is still unflushed will never be, and no longer counts */
    done = false;
    constructor(ws, tcp, remote, gauge, lift, edge) {
        this.ws = ws;
        this.tcp = tcp;
        this.remote = remote;
        this.gauge = gauge;
        this.lift = lift;
        this.edge = edge;
    }
    send(frame) {
        if (this.ws.readyState !== 1 || this.done)
            return;
        const out = this.edge.outbound(frame);
        if (out === undefined)
            return;
        frame = out;
        const n = frame.length;
        this.pending++;
        this.bytes += n;
        this.gauge.sendQueuedBytes += n;
        if (this.bytes > this.gauge.sendQueuePeakBytes)
            this.gauge.sendQueuePeakBytes = this.bytes;
        hold(this.tcp);
        this.ws.send(frame, { binary: true }, () => this.flushed(n));
    }
    flushed(n) {
        if (this.done)
            return;
        this.pending--;
        this.bytes -= n;
        this.gauge.sendQueuedBytes -= n;
    }
    /** Called once the socket has closed. */
    released() {
        if (this.done)
            return;
        this.done = true;
        this.gauge.sendQueuedBytes -= this.bytes;
        this.pending = 0;
        this.bytes = 0;
    }
    queued() {
        return this.pending;
    }
    queuedBytes() {
        return this.bytes;
    }
    loggedIn() {
        this.lift();
    }
    close(code, reason) {
        if (this.ws.readyState === 0 || this.ws.readyState === 1)
            this.ws.close(code, reason);
        // A peer that never answers the close handshake must not hold the socket open.
        setTimeout(() => this.ws.terminate(), 2000).unref();
    }
}
function asBuffer(data) {
    if (Buffer.isBuffer(data))
        return data;
    if (Array.isArray(data))
        return Buffer.concat(data);
    return Buffer.from(data);
}
export { CloseCode };
//# sourceMappingURL=tim-websocket.js.map