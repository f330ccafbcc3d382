// Session.send's bound on unflushed writes (CloseCode.SLOW_CONSUMER): by frames (sendQueueMax) and
// by bytes (sendQueueBytes), reliable resends included since they are sends like any other; an
// empty queue always takes one frame; a closed session lets its unacknowledged frames go.

import { expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports.js';
import { CloseCode, Session, type SocketPort } from '../../../src/core/session.js';

/** A port whose writes stay unflushed until flush() says so. */
class StalledPort implements SocketPort {
  readonly remote = '127.0.0.1';
  readonly sent: Buffer[] = [];
  private flushedUpTo = 0;
  closedWith: number | undefined;
  lifted = false;
  send(frame: Buffer): void {
    this.sent.push(frame);
  }
  queued(): number {
    return this.sent.length - this.flushedUpTo;
  }
  queuedBytes(): number {
    return this.sent.slice(this.flushedUpTo).reduce((n, f) => n + f.length, 0);
  }
  loggedIn(): void {
    this.lifted = true;
  }
  close(code: number): void {
    this.closedWith = code;
  }
  flush(): void {
    this.flushedUpTo = this.sent.length;
  }
}

const KiB = 1024;
const session = (port: SocketPort, sendQueueBytes: number, sendQueueMax = 1000) =>
  new Session(port, silentLogger, { sendQueueMax, sendQueueBytes, inboundMax: 100 }, 0);

it('closes with 4001 instead of writing a frame that would take the unflushed bytes past sendQueueBytes', () => {
  const port = new StalledPort();
  const s = session(port, 10 * KiB);
  for (let i = 0; i < 10; i++) s.send(Buffer.alloc(KiB));
  expect(port.queuedBytes()).toBe(10 * KiB);
  expect(s.closed).toBe(false);
  s.send(Buffer.alloc(1));
  expect(port.closedWith).toBe(CloseCode.SLOW_CONSUMER);
  expect(s.closeCode).toBe(CloseCode.SLOW_CONSUMER);
  expect(s.closed).toBe(true);
  expect(port.queuedBytes()).toBe(10 * KiB); // the refused frame was not written
  s.send(Buffer.alloc(1));
  expect(port.sent).toHaveLength(10);
});

it('counts bytes, not frames: a few big frames trip the byte bound far below the frame bound', () => {
  const port = new StalledPort();
  const s = session(port, 4 * KiB * KiB, 1000);
  const MiB = Buffer.alloc(KiB * KiB);
  for (let i = 0; i < 4; i++) s.send(MiB);
  expect(s.closed).toBe(false);
  s.send(MiB); // a resend of the same body is one more frame and as many more bytes
  expect(port.closedWith).toBe(CloseCode.SLOW_CONSUMER);
  expect(port.queued()).toBe(4);
});

it('lets flushed bytes make room again', () => {
  const port = new StalledPort();
  const s = session(port, 4 * KiB);
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 4; i++) s.send(Buffer.alloc(KiB));
    port.flush();
  }
  expect(s.closed).toBe(false);
  expect(port.sent).toHaveLength(20);
});

it('writes a lone frame larger than the bound into an empty queue', () => {
  const port = new StalledPort();
  const s = session(port, 4 * KiB);
  s.send(Buffer.alloc(16 * KiB));
  expect(s.closed).toBe(false);
  s.send(Buffer.alloc(1));
  expect(port.closedWith).toBe(CloseCode.SLOW_CONSUMER);
});

it('keeps the frame bound (sendQueueMax) beside the byte bound', () => {
  const port = new StalledPort();
  const s = session(port, 1 << 30, 8);
  for (let i = 0; i < 8; i++) s.send(Buffer.alloc(1));
  expect(s.closed).toBe(false);
  s.send(Buffer.alloc(1));
  expect(port.closedWith).toBe(CloseCode.SLOW_CONSUMER);
});

it('hands unacknowledged reliable frames back as gone when it closes a slow consumer', () => {
  const port = new StalledPort();
  const s = session(port, 2 * KiB);
  const gone: number[] = [];
  for (const id of [1, 2]) {
    s.pendingAcks.set(id, { acked: () => undefined, gone: () => gone.push(id) });
    s.send(Buffer.alloc(KiB));
  }
  s.send(Buffer.alloc(KiB));
  expect(s.closed).toBe(true);
  expect(gone).toEqual([1, 2]);
  expect(s.pendingAcks.size).toBe(0);
});
