// The Bus: how server nodes of one cluster send each other messages. One node runs the in-process
// LocalBus (it has no peers); several nodes share a RedisBus. Nothing above the bus knows which.
//
// Contract, for every implementation:
// - Addressing is per node: `send(to)` reaches node `to` only (its own channel), never a broadcast
//   that every node filters. `broadcast` is kept for the rare cluster-wide notices (ban changes,
//   cache invalidations).
//   (The Redis registry's `route` publishes the same encoded messages on the same channels, through
//   the same outbox (redis-outbox.ts), after looking up the user's nodes inside Redis.)
// - Delivery is AT MOST ONCE and unacknowledged: a `true` from send() means the target node was
//   listening when the bus took the message, not that it handled it (it may die first). Callers
//   that need an outcome ask for a reply (Cluster's requests) and bound the wait with a timeout.
// - Order: messages from one node to one node arrive in the order they were sent (send() and
//   the registry's route alike). Nothing is promised across different senders or targets.
// - Batching (RedisBus): the messages a node sends one other node in one event-loop turn may
//   travel as one batch (see the wire format below); the receiver hands them to the handler one by
//   one, in order, exactly as if they had come alone. A batch that cannot be read whole is dropped
//   whole (logged at debug): none of its messages is handled.
// - Failure: when the bus itself is down (Redis unreachable), send()/broadcast() REJECT at once
//   with BusUnavailableError; they never queue for a reconnect. A target that is not listening (a
//   dead or disconnected node) is not an error: send() resolves false.
// - The handler given to start() is called once per received message, in arrival order; it must
//   not throw (errors are logged by the bus and dropped).

/** Everything a node may send another. `data` is the one binary field; the rest travels as JSON. */
export type BusMessage =
  /** a plain frame for every local socket of `user` (presence, echo copies, streams, big data) */
  | { kind: 'frame'; user: string; data: Buffer }
  /** reliable delivery of a TimMessage stanza (`data`) to `user`'s local sockets; answer with
   *  `result` (value 1: a device acknowledged). `offline` set: the record to store if the asking
   *  node is gone when the answer is due (it owns the offline fallback while it lives);
   *  `offline.durable`: the record was stored with its message, there is nothing to store. */
  | { kind: 'deliver'; rid: number; user: string; type: number; data: Buffer; offline?: { id: number; mid: number; time: number; durable?: boolean } }
  /** the answer to a request (`deliver`, counting `kick`, `vpush`, `detect`, `sessions`); `data`
   *  carries a JSON answer where a number is not enough (`sessions`) */
  | { kind: 'result'; rid: number; value: number; data?: Buffer }
  /** a record for `user` went to the offline store: drain the sockets that logged in meanwhile
   *  (those tried by this node's request `rid`, if any, are left alone) */
  | { kind: 'stored'; user: string; rid: number }
  /** close `user`'s local sockets: all (admin kick, answer with the count when `rid` is given), or
   *  only `sids` (device-limit victims; closed silently as tim does) */
  | { kind: 'kick'; user: string; notify: boolean; sids?: number[]; rid?: number }
  /** admin detect: a server PING on every local socket of `users`; answer with `result` (value:
   *  the sockets pinged) */
  | { kind: 'detect'; rid: number; users: string[] }
  /** admin connection list: this node's logged-in sockets (of `user` when given) with a session id
   *  above `after`, by id, at most `limit`; answer with `result` (value: how many match in all,
   *  `data`: the JSON of a cluster-sessions.ts LocalPage) */
  | { kind: 'sessions'; rid: number; user?: string; after: number; limit: number }
  /** the cluster ban list changed: `until` 0 lifts the ban */
  | { kind: 'ban'; user: string; until: number }
  /** relations of `nodes` (users or rooms) changed: forget their cached permission answers and
   *  roster lists (TimCore.forget) */
  | { kind: 'forget'; nodes: string[] }
  /** a push to virtual room `vnode`, for this node's subscribers */
  | { kind: 'vroom'; vnode: string; from: string; dtype?: number; data: Buffer }
  /** a push by a user whose node is not the vroom's home: the home checks rights and fans out;
   *  answer with `result` (1 accepted, 0 refused) */
  | { kind: 'vpush'; rid: number; vnode: string; from: string; dtype?: number; data: Buffer };

export type BusHandler = (msg: BusMessage, from: string) => void;

export interface Bus {
  /** this node's id in the cluster (unique per process start) */
  readonly nodeId: string;
  /** true while messages can be sent and received */
  readonly up: boolean;
  /** Starts receiving (messages to this node and broadcasts) with `handler`. Called once. */
  start(handler: BusHandler): Promise<void>;
  /** Sends `msg` to node `to`; see the file comment. Sending to itself is allowed. */
  send(to: string, msg: BusMessage): Promise<boolean>;
  /** Sends `msg` to every other node; resolves with how many received it. */
  broadcast(msg: BusMessage): Promise<number>;
  /** Called with the new state whenever `up` changes (reconnects included). */
  onStatus(fn: (up: boolean) => void): void;
  /** Stops receiving and releases connections. Idempotent. */
  close(): Promise<void>;
}

/** The bus (Redis) cannot be reached; nothing was sent. */
export class BusUnavailableError extends Error {
  constructor(message = 'the cluster bus is unavailable') {
    super(message);
    this.name = 'BusUnavailableError';
  }
}

// Wire format of a message: the JSON of every field but `data` plus the sender under `$from`, a
// newline, then `data` raw. JSON.stringify never emits a raw newline, so the first 0x0A ends the
// header.

const NL = 0x0a;

export function encodeBusMessage(msg: BusMessage, from: string): Buffer {
  const head = headerOf(msg, from);
  const data = (msg as { data?: Buffer }).data;
  // One buffer, written in place (the hot path: every cross-node message).
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + 1 + (data?.length ?? 0));
  out.write(head, 0, 'utf8');
  out[headBytes] = NL;
  if (data !== undefined) data.copy(out, headBytes + 1);
  return out;
}

/** The JSON header: written field by field for the kinds every cross-node message uses (the same
 *  JSON as the generic form, without copying the message first). */
function headerOf(msg: BusMessage, from: string): string {
  const f = JSON.stringify(from);
  switch (msg.kind) {
    case 'frame':
      return `{"kind":"frame","user":${JSON.stringify(msg.user)},"$from":${f}}`;
    case 'result':
      if (msg.data !== undefined) break;
      return `{"kind":"result","rid":${JSON.stringify(msg.rid)},"value":${JSON.stringify(msg.value)},"$from":${f}}`;
    case 'deliver': {
      const off = msg.offline === undefined ? '' : `,"offline":${JSON.stringify(msg.offline)}`;
      return `{"kind":"deliver","rid":${JSON.stringify(msg.rid)},"user":${JSON.stringify(msg.user)},"type":${JSON.stringify(msg.type)}${off},"$from":${f}}`;
    }
    default:
      break;
  }
  const { data: _data, ...rest } = msg as BusMessage & { data?: Buffer };
  (rest as Record<string, unknown>).$from = from;
  return JSON.stringify(rest);
}

/** Decodes a message; throws on bytes that are not one. */
export function decodeBusMessage(buf: Buffer): { msg: BusMessage; from: string } {
  const nl = buf.indexOf(NL);
  if (nl < 0) throw new Error('bus message without a header');
  const head = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Record<string, unknown> & { $from: string };
  if (typeof head.kind !== 'string' || typeof head.$from !== 'string') throw new Error('bus message without kind or sender');
  const { $from: from, ...rest } = head;
  const body = buf.subarray(nl + 1);
  // A copy: the message must not keep the whole received buffer (a batch) alive.
  if (body.length > 0 || HAS_DATA.has(head.kind)) rest.data = Buffer.from(body);
  return { msg: rest as BusMessage, from };
}

const HAS_DATA = new Set(['frame', 'deliver', 'vroom', 'vpush']);

// Wire format of a batch (several messages for one node, written by the outbox script in
// registry-scripts.ts): the byte 0x01 (never the first byte of a message, whose header is JSON),
// then per message its length as 4 bytes big-endian and its bytes.

export const BATCH_MARK = 0x01;

export function isBatch(buf: Buffer): boolean {
  return buf.length > 0 && buf[0] === BATCH_MARK;
}

/** Encodes encoded messages as one batch (the outbox script builds the same bytes in Redis). */
export function encodeBatch(messages: readonly Buffer[]): Buffer {
  let size = 1;
  for (const m of messages) size += 4 + m.length;
  const out = Buffer.allocUnsafe(size);
  out[0] = BATCH_MARK;
  let at = 1;
  for (const m of messages) {
    out.writeUInt32BE(m.length, at);
    m.copy(out, at + 4);
    at += 4 + m.length;
  }
  return out;
}

/** Decodes a whole batch; throws (nothing decoded is returned) when any part is not a message. */
export function decodeBatch(buf: Buffer): { msg: BusMessage; from: string }[] {
  if (!isBatch(buf)) throw new Error('not a bus batch');
  const out: { msg: BusMessage; from: string }[] = [];
  let at = 1;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new Error('bus batch cut inside a length');
    const len = buf.readUInt32BE(at);
    const end = at + 4 + len;
    if (end > buf.length) throw new Error('bus batch cut inside a message');
    out.push(decodeBusMessage(buf.subarray(at + 4, end)));
    at = end;
  }
  if (out.length === 0) throw new Error('empty bus batch');
  return out;
}
