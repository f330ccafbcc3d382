// The client WebSocket at /tim: bytes in and out, nothing else. Every frame goes to the core;
// every write comes from it through a SocketPort.

import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, type SocketPort } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
import { type Corkable, hold } from './write-coalescer.js';

export interface TimWebSocketOptions {
  /** when non-empty, the Origin header must equal it (a missing Origin is refused then) */
  origin: string;
  maxFrameBytes: number;
}

export async function registerTimWebSocket(app: FastifyInstance, core: TimCore, opts: TimWebSocketOptions): Promise<void> {
  await app.register(websocket, {
    options: {
      // Frames up to twice the limit reach the core, which answers 4114 before closing
      // (decision 10); beyond that ws closes with 1009 without reading them into memory.
      maxPayload: opts.maxFrameBytes * 2 + 16,
      perMessageDeflate: false,
    },
  });

  app.get(
    '/tim',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        if (opts.origin !== '' && req.headers.origin !== opts.origin) {
          await reply.code(403).send({ error: 'origin not allowed' });
        }
      },
    },
    (socket: WebSocket, req) => {
      // req.socket is the TCP socket ws took over at the upgrade: the one its frames are written to.
      const port = new WsPort(socket, req.socket, req.socket.remoteAddress ?? '');
      const session = core.openSession(port);
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => core.receive(session, asBuffer(data)));
      socket.on('close', () => session.markClosed());
      socket.on('error', (err) => {
        session.log.debug({ err }, 'websocket error');
        session.markClosed();
      });
    },
  );
}

/** A ws socket seen through the core's SocketPort; counts frames not yet flushed. Frames written in
 *  one event-loop turn leave in one system call (write-coalescer.ts). */
class WsPort implements SocketPort {
  private pending = 0;
  private readonly flushed = () => {
    this.pending--;
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Corkable,
    readonly remote: string,
  ) {}

  send(frame: Buffer): void {
    if (this.ws.readyState !== 1) return;
    this.pending++;
    hold(this.tcp);
    this.ws.send(frame, { binary: true }, this.flushed);
  }

  queued(): number {
    return this.pending;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === 0 || this.ws.readyState === 1) this.ws.close(code, reason);
    // A peer that never answers the close handshake must not hold the socket open.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export { CloseCode };
