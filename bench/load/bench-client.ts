// One load-generator connection to any of the three servers, with hand-built frames:
//   tim  binary frames of tim's protocol (docs/protocol.md 2.1-2.3): `type|0x80 ‖ JSON` up, `type ‖ JSON`
//        or `type|0x80 ‖ BE32 ackId ‖ JSON` down; every reliable frame is acked with 0x8C ‖ ackId.
//   ws   the bare ws relay (bench/servers/ws-relay.ts) speaks the same framing with smaller JSON.
//   sio  Socket.IO v4 over its WebSocket transport (engine.io packets in text frames): `40` to
//        join the default namespace, `42[event,data]` events, `42<id>[...]` events that want an
//        ack, answered `43<id>[]`; engine.io pings `2` are answered `3`.
// Every delivered message (and a persisted message's echo) calls `onMsg`; error answers are counted.

import { RawWs } from './raw-ws.js';
import { thriftAckOk, thriftAuthFrame, thriftMessageFrame } from './thrift-frames.js';
import { BENCH_PASSWORD, sourceAddress, timNode, userName } from '../lib/users.js';

/** `tim-thrift`: the tim server, the client speaking Thrift compact (bench/load/thrift-frames.ts). */
export type TargetKind = 'tim' | 'tim-thrift' | 'ws' | 'sio';

export interface Target {
  kind: TargetKind;
  port: number;
  /** the room the fan-out scenarios use: tim's room node; the relays take any name */
  room: string;
}

const PATHS: Record<TargetKind, string> = {
  tim: '/tim',
  'tim-thrift': '/tim',
  ws: '/',
  sio: '/socket.io/?EIO=4&transport=websocket',
};

const TIM_AUTH = 0x90;
const TIM_MESSAGE_UP = 0xda; // MESSAGE | JSON
const MSG_PLAIN = 0x5a; // MESSAGE, no ack
const MSG_RELIABLE = 0xda; // MESSAGE | ACK_FLAG
const ACK = 0x0c;
const ACK_UP = 0x8c;

const C_0 = 0x30;
const C_2 = 0x32;
const C_3 = 0x33;
const C_4 = 0x34;

/** The message body: 100 ASCII characters. */
export const BODY = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. '.padEnd(100, '0123456789');

const noop = () => undefined;

export class BenchClient {
  ws!: RawWs;
  /** a delivered message or an echo arrived */
  onMsg: () => void = noop;
  onClosed: () => void = noop;
  errors = 0;
  lastError = '';
  private waiter: { resolve(): void; reject(e: Error): void } | undefined;

  private constructor(readonly target: Target) {}

  /** Connects (and for Socket.IO joins the default namespace). */
  static async open(target: Target, connection: number): Promise<BenchClient> {
    const c = new BenchClient(target);
    const joined = target.kind === 'sio' ? c.expect() : undefined;
    await RawWs.connect({
      port: target.port,
      path: PATHS[target.kind],
      localAddress: sourceAddress(connection),
      onOpen: (ws) => {
        c.ws = ws;
      },
      onMessage: (data, binary) => (binary ? c.binary(data) : c.text(data)),
      onClose: () => {
        c.waiter?.reject(new Error('connection closed'));
        c.waiter = undefined;
        c.onClosed();
      },
    });
    if (joined) await withTimeout(joined, 15_000, 'Socket.IO namespace join');
    return c;
  }

  /** Logs in as user `i`: tim by password or by a token, the relays by name (joining `rooms`). */
  login(i: number, opts: { token?: string; rooms?: string[] } = {}): Promise<void> {
    const done = this.expect();
    const name = userName(i);
    switch (this.target.kind) {
      case 'tim': {
        const auth = opts.token !== undefined ? { token: opts.token } : { name, pwd: BENCH_PASSWORD };
        this.ws.sendBinary(typed(TIM_AUTH, JSON.stringify(auth)));
        break;
      }
      case 'tim-thrift':
        this.ws.sendBinary(thriftAuthFrame(opts.token !== undefined ? { token: opts.token } : { name, pwd: BENCH_PASSWORD }));
        break;
      case 'ws':
        this.ws.sendBinary(typed(TIM_AUTH, JSON.stringify({ name, rooms: opts.rooms ?? [] })));
        break;
      case 'sio':
        this.ws.sendText(`420${JSON.stringify(['login', { name, rooms: opts.rooms ?? [] }])}`);
        break;
    }
    return withTimeout(done, 30_000, `login of ${name}`);
  }

  send(frame: Buffer): void {
    if (this.target.kind === 'sio') this.ws.sendText(frame.toString('utf8'));
    else this.ws.sendBinary(frame);
  }

  close(): void {
    this.ws.close();
  }

  private expect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private settle(err?: string): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (!w) {
      if (err !== undefined) {
        this.errors++;
        this.lastError = err;
      }
      return;
    }
    if (err === undefined) w.resolve();
    else w.reject(new Error(err));
  }

  private binary(d: Buffer): void {
    const b0 = d[0];
    if (b0 === MSG_PLAIN) {
      this.onMsg();
    } else if (b0 === MSG_RELIABLE) {
      const ack = Buffer.allocUnsafe(5);
      ack[0] = ACK_UP;
      d.copy(ack, 1, 1, 5);
      this.ws.sendBinary(ack);
      this.onMsg();
    } else if (b0 === ACK && this.target.kind === 'tim-thrift') {
      this.settle(thriftAckOk(d) ? undefined : d.toString('hex'));
    } else if (b0 === ACK) {
      const text = d.toString('utf8', 1);
      const ok = (JSON.parse(text) as { ok?: boolean }).ok === true;
      this.settle(ok ? undefined : text);
    }
    // presence, pong and anything else: not counted
  }

  private text(d: Buffer): void {
    const c0 = d[0];
    if (c0 === C_4) {
      const c1 = d[1];
      if (c1 === C_2) {
        // event; `42<id>[` wants an ack
        let i = 2;
        while (d[i] >= C_0 && d[i] <= C_0 + 9) i++;
        if (i > 2) this.ws.sendText(`43${d.toString('latin1', 2, i)}[]`);
        this.onMsg();
      } else if (c1 === C_3) {
        let i = 2;
        while (d[i] >= C_0 && d[i] <= C_0 + 9) i++;
        const [res] = JSON.parse(d.toString('utf8', i)) as [{ ok?: boolean }];
        this.settle(res?.ok === true ? undefined : d.toString('utf8'));
      } else if (c1 === C_0) {
        this.settle(); // namespace joined
      } else if (c1 === C_4) {
        this.settle(`connect_error ${d.toString('utf8')}`);
      }
    } else if (c0 === C_2) {
      this.ws.sendText('3'); // engine.io ping
    } else if (c0 === C_0) {
      this.ws.sendText('40'); // engine.io open: join the default namespace
    }
  }
}

function typed(type: number, json: string): Buffer {
  const out = Buffer.allocUnsafe(1 + Buffer.byteLength(json));
  out[0] = type;
  out.write(json, 1);
  return out;
}

/** The frame that sends BODY from a sender to user `to` (1:1). */
export function directFrame(target: Target, to: number, persisted: boolean): Buffer {
  switch (target.kind) {
    case 'tim':
      return typed(TIM_MESSAGE_UP, JSON.stringify({ msType: 2, odType: persisted ? 1 : 5, toTid: { node: timNode(to) }, dataString: BODY }));
    case 'tim-thrift':
      return thriftMessageFrame({ msType: 2, odType: persisted ? 1 : 5, toTid: { node: timNode(to) }, dataString: BODY });
    case 'ws':
      return typed(TIM_MESSAGE_UP, JSON.stringify({ to: userName(to), body: BODY, p: persisted ? 1 : 0 }));
    case 'sio':
      return Buffer.from(`42${JSON.stringify(['m', { to: userName(to), body: BODY, p: persisted ? 1 : 0 }])}`);
  }
}

/** The frame that sends BODY to the bench room. */
export function roomFrame(target: Target, persisted: boolean): Buffer {
  switch (target.kind) {
    case 'tim':
      return typed(TIM_MESSAGE_UP, JSON.stringify({ msType: 3, odType: persisted ? 1 : 5, roomTid: { node: target.room }, dataString: BODY }));
    case 'tim-thrift':
      return thriftMessageFrame({ msType: 3, odType: persisted ? 1 : 5, roomTid: { node: target.room }, dataString: BODY });
    case 'ws':
      return typed(TIM_MESSAGE_UP, JSON.stringify({ room: target.room, body: BODY, p: persisted ? 1 : 0 }));
    case 'sio':
      return Buffer.from(`42${JSON.stringify(['m', { room: target.room, body: BODY, p: persisted ? 1 : 0 }])}`);
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
