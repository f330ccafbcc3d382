// A real TimCore over the in-memory Store (memory-store.ts), driven through fake sockets that record
// the frames the core writes: for unit tests of the core's dispatching, ordering and delivery
// without a network or a database.

import { buildConfig } from '../../src/config/load-config.js';
import type { Limits } from '../../src/config/types.js';
import { silentLogger, systemClock } from '../../src/core/ports.js';
import type { Session, SocketPort } from '../../src/core/session.js';
import { TimCore } from '../../src/core/tim-core.js';
import { MemoryTokenStore } from '../../src/core/tokens.js';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { encodeJson } from '../../src/protocol/json-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { MemoryStore } from './memory-store.js';

/** A SocketPort that keeps every frame it is given (all count as flushed at once) and its close. */
export class RecordingSocket implements SocketPort {
  readonly remote = '127.0.0.1';
  readonly frames: Buffer[] = [];
  closedWith: { code: number; reason: string } | undefined;
  loggedInCalled = false;

  send(frame: Buffer): void {
    this.frames.push(frame);
  }
  queued(): number {
    return 0;
  }
  queuedBytes(): number {
    return 0;
  }
  loggedIn(): void {
    this.loggedInCalled = true;
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  /** The frames of type `type` (byte 0 without the ack flag), in order. */
  ofType(type: number): Buffer[] {
    return this.frames.filter((f) => (f[0] & 0x7f) === type);
  }

  /** The JSON bodies of every frame so far (reliable frames' ack ids skipped). */
  bodies(): any[] {
    return this.frames.map(bodyOf);
  }
}

/** The JSON body of a server frame: after the 4-byte ack id when the ack flag is set. */
export function bodyOf(f: Buffer): any {
  const start = f[0] & 0x80 ? 5 : 1;
  return f.length > start ? JSON.parse(f.subarray(start).toString('utf8')) : undefined;
}

/** A client frame (JSON flag set) with `body` encoded as JSON. */
export function clientFrame(type: number, body?: object | string): Buffer {
  return encodeClientFrame(type, typeof body === 'object' ? encodeJson(body) : body);
}

/** A TimCore in external mode over `store`; `limits` override the defaults (the request rate is
 *  off unless given). close() it after. */
export function memoryCore(store: MemoryStore, limits: Partial<Limits> = {}, opts: { disabledApis?: number[] } = {}): TimCore {
  const config = buildConfig({ mode: 'external', limits: { requestRate: 0, ...limits } });
  return new TimCore({
    limits: config.limits,
    mode: 'external',
    disabledApis: opts.disabledApis ?? [],
    store,
    tokens: new MemoryTokenStore(60_000),
    logger: silentLogger,
    clock: systemClock,
    instanceHash: 0,
  });
}

/**
 * Opens a session on a RecordingSocket and logs it in as `node` with a real AUTH frame (the store
 * is told to accept that name and password). Resolves once the login ack was written; the
 * socket's frames are cleared so a test sees only what follows.
 */
export async function loggedIn(core: TimCore, store: MemoryStore, node: string): Promise<{ s: Session; socket: RecordingSocket }> {
  const socket = new RecordingSocket();
  const s = core.openSession(socket);
  store.account(node, 'pw');
  core.receive(s, clientFrame(TimType.AUTH, { name: node, pwd: 'pw' }));
  await s.idle();
  if (!s.authed) throw new Error(`login of ${node} failed: ${JSON.stringify(socket.bodies())}`);
  socket.frames.length = 0;
  return { s, socket };
}

/** Resolves after every callback already queued (promise reactions, and the store's answers,
 *  which are promise reactions too) has run: a turn of the event loop, not a timed wait. For a
 *  test that must show something did NOT happen while nothing external is pending. */
export function quiesce(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Resolves once `cond()` holds, checking after each macrotask turn; rejects after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
