// The client WebSocket at /tim: bytes in and out, nothing else. Every frame goes to the core;
// every write comes from it through a SocketPort.

import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import type { Logger } from '../core/ports.js';
import type { SocketPort } from '../core/session.js';
import type { CoreStats } from '../core/stats.js';
import type { TimCore } from '../core/tim-core.js';
import { admitConnection, ConnectionLimiter } from './connection-limits.js';
import { narrowFrameLimit } from './pre-login-limit.js';
import { ThriftEdge } from './thrift-edge.js';
import { releaseUpgrade } from './upgrade-release.js';
import { type Corkable, hold } from './write-coalescer.js';

export interface TimWebSocketOptions {
  /** when non-empty, the Origin header must equal it (a missing Origin is refused then) */
  origin: string;
  maxFrameBytes: number;
}

/** The connection and pre-login limits come from core.limits (maxConnections, maxConnectionsPerIp,
 *  preLoginFrameBytes). */
export async function registerTimWebSocket(app: FastifyInstance, core: TimCore, opts: TimWebSocketOptions): Promise<void> {
  const limiter = new ConnectionLimiter(core.limits.maxConnections, core.limits.maxConnectionsPerIp);
  await app.register(websocket, {
    options: {
      // Frames up to twice the limit reach the core, which answers 4114 before closing
      // (docs/protocol.md decision 10); beyond that ws closes with 1009 without reading them into memory. Before
      // login each socket's bound is limits.preLoginFrameBytes instead (pre-login-limit.ts).
      maxPayload: opts.maxFrameBytes * 2 + 16,
      perMessageDeflate: false,
    },
    // An error on a socket before the handler below took it over (socketFailed); after that, the
    // handler's own 'error' listener does the same (upgrade-release.ts).
    errorHandler: (err, socket, req) => socketFailed(req.log, err, socket),
  });
  const dropped = (err: unknown, type: number) => core.log.error({ err, type }, 'dropping a frame that cannot be written as Thrift');

  app.get(
    '/tim',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        if (opts.origin !== '' && req.headers.origin !== opts.origin) {
          await reply.code(403).send({ error: 'origin not allowed' });
          return;
        }
        // A plain GET (no upgrade) gets the route's 404 and takes no connection slot.
        if (req.ws) await admitConnection(limiter, req, reply);
      },
    },
    (socket: WebSocket, req) => {
      let lift: () => void;
      try {
        lift = narrowFrameLimit(socket, core.limits.preLoginFrameBytes);
      } catch (err) {
        core.log.error({ err }, 'refusing a connection: cannot apply limits.preLoginFrameBytes');
        socket.terminate();
        return;
      }
      // Lets the upgrade's request and reply go; the 'error' listener below replaces theirs.
      releaseUpgrade(socket, req.socket);
      // req.socket is the TCP socket ws took over at the upgrade: the one its frames are written to.
      // Thrift-compact clients: their frames are converted to and from the core's JSON frames here.
      const edge = new ThriftEdge(opts.maxFrameBytes, dropped);
      const port = new WsPort(socket, req.socket, req.socket.remoteAddress ?? '', core.stats, lift, edge);
      const session = core.openSession(port);
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => core.receive(session, edge.inbound(session, asBuffer(data))));
      socket.on('close', () => {
        port.released();
        session.markClosed();
      });
      socket.on('error', (err) => {
        socketFailed(session.log, err, socket);
        session.markClosed();
      });
    },
  );
}

/** A ws socket seen through the core's SocketPort; counts the frames and bytes not yet flushed
 *  (handed to ws and not yet written to the kernel: ws calls a send's callback once its write
 *  completed, or failed because the socket was destroyed), here and in `gauge` for all sockets.
 *  Frames written in one event-loop turn leave in one system call (write-coalescer.ts). */
class WsPort implements SocketPort {
  private pending = 0;
  private bytes = 0;
  /** the socket closed: what is still unflushed will never be, and no longer counts */
  private done = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Corkable,
    readonly remote: string,
    private readonly gauge: Pick<CoreStats, 'sendQueuedBytes' | 'sendQueuePeakBytes'>,
    /** lifts the pre-login frame limit; dropped once called (it holds ws's receiver) */
    private lift: (() => void) | undefined,
    private readonly edge: ThriftEdge,
  ) {}

  send(frame: Buffer): void {
    if (this.ws.readyState !== 1 || this.done) return;
    const out = this.edge.outbound(frame);
    if (out === undefined) return;
    frame = out;
    const n = frame.length;
    this.pending++;
    this.bytes += n;
    this.gauge.sendQueuedBytes += n;
    if (this.bytes > this.gauge.sendQueuePeakBytes) this.gauge.sendQueuePeakBytes = this.bytes;
    hold(this.tcp);
    this.ws.send(frame, { binary: true }, () => this.flushed(n));
  }

  private flushed(n: number): void {
    if (this.done) return;
    this.pending--;
    this.bytes -= n;
    this.gauge.sendQueuedBytes -= n;
  }

  /** Called once the socket has closed. */
  released(): void {
    if (this.done) return;
    this.done = true;
    this.gauge.sendQueuedBytes -= this.bytes;
    this.pending = 0;
    this.bytes = 0;
  }

  queued(): number {
    return this.pending;
  }

  queuedBytes(): number {
    return this.bytes;
  }

  loggedIn(): void {
    this.lift?.();
    this.lift = undefined;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === 0 || this.ws.readyState === 1) this.ws.close(code, reason);
    // A peer that never answers the close handshake must not hold the socket open.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

/** An error on an open client socket: a protocol error (an oversized or malformed frame: ws
 *  codes WS_ERR_*) is the peer's doing: ws has already closed the socket with 1002/1009, so it is
 *  logged at debug, not as a server error. Anything else is a bug and is logged as one. */
function socketFailed(log: Logger, err: Error, socket: WebSocket): void {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) log.debug({ code, msg: err.message }, 'websocket protocol error from the peer');
  else log.error({ err }, 'websocket handler failed');
  socket.terminate();
}

function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export { CloseCode };
