// A small Thrift-compact client for end-to-end tests, speaking as atim and timgo do: every frame
// `type ‖ compact body` with bit 0x80 clear, ACK as `0x0C ‖ BE32 id` (no JSON bit), PING as 0x0D.
// It records every frame it receives, decoded by type, and acknowledges reliable frames.

import WebSocket from 'ws';
import { encodeBigDataRequest } from '../../src/protocol/big-data.js';
import { thriftDecode, thriftEncodeWithHeader } from '../../src/protocol/thrift-codec.js';
import {
  T_ACK,
  T_AUTH,
  T_MESSAGE,
  T_MESSAGE_LIST,
  T_NODES,
  T_PRESENCE,
  T_REQ,
  T_STREAM,
  type ThriftStruct,
} from '../../src/protocol/thrift-structs.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimAck, TimAuth, TimMessage, TimMessageList, TimNodes, TimPresence, TimReq, TimStream } from '../../src/protocol/wire-types.js';

/** One frame from the server. `value` is the decoded body for struct-carrying types. */
export interface InFrame {
  raw: Buffer;
  type: number;
  reliable: boolean;
  body: Buffer;
  value?: unknown;
}

const SERVER_STRUCTS = new Map<number, ThriftStruct>([
  [TimType.ACK, T_ACK],
  [TimType.MESSAGE, T_MESSAGE],
  [TimType.REVOKEMESSAGE, T_MESSAGE],
  [TimType.BURNMESSAGE, T_MESSAGE],
  [TimType.PRESENCE, T_PRESENCE],
  [TimType.STREAM, T_STREAM],
  [TimType.NODES, T_NODES],
  [TimType.PULLMESSAGE, T_MESSAGE_LIST],
  [TimType.OFFLINEMSG, T_MESSAGE_LIST],
]);

/** `type ‖ compact(value)` with bit 0x80 clear. */
export function thriftFrame(type: number, struct: ThriftStruct, value: object): Buffer {
  const f = thriftEncodeWithHeader(struct, value, 1);
  f[0] = type;
  return f;
}

export class ThriftClient {
  readonly frames: InFrame[] = [];
  node = '';
  autoAck = true;
  private waiters: { pred: (f: InFrame) => boolean; resolve: (f: InFrame) => void }[] = [];
  closed: Promise<number>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data: Buffer) => this.onFrame(Buffer.from(data)));
  }

  static async connect(url: string): Promise<ThriftClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new ThriftClient(ws);
  }

  private onFrame(raw: Buffer): void {
    const reliable = (raw[0] & 0x80) !== 0;
    const type = raw[0] & 0x7f;
    const body = raw.subarray(reliable ? 5 : 1);
    const struct = SERVER_STRUCTS.get(type);
    let value: unknown;
    try {
      value = struct && body.length > 0 ? thriftDecode(struct, body) : undefined;
    } catch {
      value = undefined; // not Thrift (a JSON answer to a JSON frame): the test reads `body`
    }
    const f: InFrame = { raw, type, reliable, body, value };
    if (reliable && this.autoAck) this.ws.send(Buffer.concat([Buffer.from([TimType.ACK]), raw.subarray(1, 5)]));
    this.frames.push(f);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].pred(f)) {
        this.waiters[i].resolve(f);
        this.waiters.splice(i, 1);
      }
    }
  }

  /** The first frame matching `pred`: among those received from index `from` on, else the next
   *  one to come. */
  next(pred: (f: InFrame) => boolean, ms = 5000, from = 0): Promise<InFrame> {
    const hit = this.frames.slice(from).find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (f: InFrame) => (clearTimeout(t), resolve(f)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no matching frame within ${ms} ms; got types ${this.frames.map((x) => x.type).join(',')}`));
      }, ms);
      this.waiters.push(w);
    });
  }

  /** Waits for the next frame of `type` received from now on. */
  nextOf<T>(type: number, pred: (v: T) => boolean = () => true, ms = 5000): Promise<T> {
    return this.next((f) => f.type === type && pred(f.value as T), ms, this.frames.length).then((f) => f.value as T);
  }

  /** Frames of `type` received so far, decoded. */
  all<T>(type: number): T[] {
    return this.frames.filter((f) => f.type === type).map((f) => f.value as T);
  }

  sendRaw(b: Uint8Array): void {
    this.ws.send(b);
  }

  send(type: number, struct: ThriftStruct, value: object): void {
    this.ws.send(thriftFrame(type, struct, value));
  }

  /** AUTH and its ack (ok or not). */
  async auth(a: TimAuth): Promise<TimAck> {
    const ack = this.nextOf<TimAck>(TimType.ACK, (x) => x.timType === TimType.AUTH);
    this.send(TimType.AUTH, T_AUTH, a);
    const r = await ack;
    if (r.ok && r.n) this.node = r.n;
    return r;
  }

  async login(name: string, pwd = 'secret-' + name): Promise<ThriftClient> {
    const a = await this.auth({ name, pwd, resource: 'thrift-test', termtyp: 3 });
    if (!a.ok) throw new Error(`login of ${name} refused: ${JSON.stringify(a.error)}`);
    return this;
  }

  /** Resolves once the server has handled every frame sent before: a logged-in AUTH is answered
   *  in order with a bare ok. */
  async sync(): Promise<void> {
    const done = this.nextOf<TimAck>(TimType.ACK, (a) => a.ok && a.timType === TimType.AUTH && a.n === undefined);
    this.send(TimType.AUTH, T_AUTH, {});
    await done;
  }

  message(type: number, m: Partial<TimMessage>): void {
    this.send(type, T_MESSAGE, { msType: 2, odType: 1, ...m });
  }

  presence(p: TimPresence, type: number = TimType.PRESENCE): void {
    this.send(type, T_PRESENCE, p);
  }

  req(type: number, r: TimReq): void {
    this.send(type, T_REQ, r);
  }

  nodes(n: TimNodes): void {
    this.send(TimType.NODES, T_NODES, n);
  }

  stream(s: Omit<TimStream, 'id' | 'fromNode'>): void {
    // tim's stubs require id and fromNode: the client writes 0 and ''
    this.send(TimType.STREAM, T_STREAM, { id: 0, fromNode: '', ...s });
  }

  /** A big-data frame exactly as for JSON clients (tim reads the length header either way). */
  bigData(type: number, target: string, payload: Uint8Array | string): void {
    const f = encodeBigDataRequest(type, target, payload);
    f[0] &= 0x7f;
    this.ws.send(f);
  }

  close(): void {
    this.ws.close();
  }
}

export type { TimMessageList };
