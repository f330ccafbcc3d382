// A minimal WebSocket client over a bare TCP socket, for the load generator: one HTTP upgrade, then
// unfragmented frames. It does a fraction of what `ws` does per message (no stream parser objects,
// no events per frame), so the load generator costs less CPU than the servers it drives and the
// same client code drives all three servers.
//
// Client frames are masked as RFC 6455 requires, with an all-zero key (a legal key; the payload is
// then sent as is). Writes made while handling one batch of socket events are corked and flushed
// together at the next check phase.

import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawWsOptions {
  port: number;
  path: string;
  /** source address, to spread many connections over 127.0.0.x (ephemeral ports are per address) */
  localAddress?: string;
  /** called with the connection once the upgrade succeeded, before any frame is delivered */
  onOpen?(ws: RawWs): void;
  /** called for each complete text or binary message; `data` is only valid during the call */
  onMessage(data: Buffer, binary: boolean): void;
  onClose?(): void;
}

const OP_TEXT = 1;
const OP_BINARY = 2;
const OP_CLOSE = 8;
const OP_PING = 9;
const OP_PONG = 10;

const corked = new Set<net.Socket>();
let flushScheduled = false;
function flushCorked(): void {
  flushScheduled = false;
  for (const s of corked) s.uncork();
  corked.clear();
}

export class RawWs {
  private buf: Buffer | undefined;
  private fragments: Buffer[] = [];
  private fragmentBinary = false;
  private closeSent = false;
  closed = false;

  private constructor(
    private readonly sock: net.Socket,
    private readonly opts: RawWsOptions,
  ) {}

  static connect(opts: RawWsOptions, timeoutMs = 15_000): Promise<RawWs> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: '127.0.0.1', port: opts.port, localAddress: opts.localAddress });
      sock.setNoDelay(true);
      const key = randomBytes(16).toString('base64');
      let head: Buffer = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new Error(`WebSocket upgrade timed out (port ${opts.port})`)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        sock.destroy();
        reject(e);
      };
      const onData = (chunk: Buffer) => {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > 16_384) fail(new Error('oversized upgrade response'));
          return;
        }
        clearTimeout(timer);
        sock.off('data', onData);
        sock.off('error', fail);
        const status = head.toString('latin1', 0, head.indexOf('\r\n'));
        if (!/^HTTP\/1\.1 101/.test(status)) {
          fail(new Error(`upgrade refused: ${status}`));
          return;
        }
        const ws = new RawWs(sock, opts);
        sock.on('data', (c: Buffer) => ws.onData(c));
        sock.on('error', () => ws.onEnd());
        sock.on('close', () => ws.onEnd());
        sock.on('end', () => sock.destroy());
        const rest = head.subarray(end + 4);
        opts.onOpen?.(ws);
        resolve(ws);
        if (rest.length > 0) ws.onData(rest);
      };
      sock.on('data', onData);
      sock.on('error', fail);
      sock.on('connect', () => {
        sock.write(
          `GET ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1:${opts.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
    });
  }

  sendBinary(payload: Buffer): void {
    this.write(OP_BINARY, payload);
  }

  sendText(text: string): void {
    this.write(OP_TEXT, Buffer.from(text, 'utf8'));
  }

  /** Starts the closing handshake; the server answers and closes the TCP connection (so the
   *  TIME_WAIT state stays on the server's side, not on a client port). */
  close(): void {
    if (this.closed || this.closeSent) return;
    this.write(OP_CLOSE, Buffer.from([0x03, 0xe8])); // 1000
    this.closeSent = true;
    // A server that never answers must not keep the socket.
    setTimeout(() => this.sock.destroy(), 5000).unref();
  }

  destroy(): void {
    this.sock.destroy();
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.closeSent || this.sock.destroyed) return;
    const len = payload.length;
    const h = len < 126 ? 6 : len < 65_536 ? 8 : 14;
    const out = Buffer.allocUnsafe(h + len);
    out[0] = 0x80 | opcode;
    if (len < 126) {
      out[1] = 0x80 | len;
    } else if (len < 65_536) {
      out[1] = 0x80 | 126;
      out.writeUInt16BE(len, 2);
    } else {
      out[1] = 0x80 | 127;
      out.writeBigUInt64BE(BigInt(len), 2);
    }
    out.writeUInt32BE(0, h - 4); // masking key 0
    payload.copy(out, h);
    if (!corked.has(this.sock)) {
      this.sock.cork();
      corked.add(this.sock);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushCorked);
      }
    }
    this.sock.write(out);
  }

  private onEnd(): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.onClose?.();
  }

  private onData(chunk: Buffer): void {
    const buf = this.buf === undefined ? chunk : Buffer.concat([this.buf, chunk]);
    let off = 0;
    const n = buf.length;
    while (n - off >= 2) {
      const b0 = buf[off];
      const b1 = buf[off + 1];
      let len = b1 & 0x7f;
      let h = 2;
      if (len === 126) {
        if (n - off < 4) break;
        len = buf.readUInt16BE(off + 2);
        h = 4;
      } else if (len === 127) {
        if (n - off < 10) break;
        len = Number(buf.readBigUInt64BE(off + 2));
        h = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      if (masked) h += 4;
      if (n - off < h + len) break;
      let payload = buf.subarray(off + h, off + h + len);
      if (masked) {
        const mask = buf.subarray(off + h - 4, off + h);
        payload = Buffer.from(payload);
        for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      }
      off += h + len;
      this.frame(b0 & 0x0f, (b0 & 0x80) !== 0, payload);
    }
    this.buf = off < n ? buf.subarray(off) : undefined;
    if (this.buf !== undefined && off > 0) this.buf = Buffer.from(this.buf);
  }

  private frame(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case 0: // continuation
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = [];
          this.opts.onMessage(whole, this.fragmentBinary);
        }
        return;
      case OP_TEXT:
      case OP_BINARY:
        if (fin) {
          this.opts.onMessage(payload, opcode === OP_BINARY);
        } else {
          this.fragments = [Buffer.from(payload)];
          this.fragmentBinary = opcode === OP_BINARY;
        }
        return;
      case OP_PING:
        this.write(OP_PONG, Buffer.from(payload));
        return;
      case OP_CLOSE:
        // Answer the server's close (if we did not start it) and let the server end the TCP connection.
        if (!this.closeSent) this.write(OP_CLOSE, Buffer.from(payload.subarray(0, 2)));
        this.closeSent = true;
        this.onEnd();
        return;
      case OP_PONG:
      default:
        return;
    }
  }
}
