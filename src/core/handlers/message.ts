// MESSAGE / REVOKEMESSAGE / BURNMESSAGE (90/92/93), docs/protocol.md section 6. The odType picks the
// behaviour; the frame type only names the error ack.
//
// Ordering contract for a persisted message: the row is stored (message.save resolved) before the
// sender's echo is written, so an echo always means "in the database"; recipients' copies are
// delivered reliably afterwards without holding up the sender's next frame.
//
// Pipelining: a client's persisted message defers its echo and deliveries (Session.defer) until
// its row is stored, and the session moves on to its next frame meanwhile, so one sender's
// messages in flight share multi-row inserts (store/insert-batcher.ts) instead of costing a
// commit each. Echoes, deliveries and error acks still leave in the frames' order; every other
// kind of message waits for the replies owed to the frames before it (`settled`).
//
// Cost: a normal message whose checks the permission cache answers goes from the decoded frame to
// the store's queue synchronously (no promise), and the batch's commit calls back into the
// session's deferred queue, which runs the echo and the deliveries (StoredSend) in order: one
// callback chain, not a chain of promises. A check that has to ask the database takes the promise
// path from that check on; both answer alike (test/e2e/message-fast-path.test.ts).

import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { decodeMessage, encodeJson } from '../../protocol/json-codec.js';
import { MsType, OdType, TimType, TYPE_MASK } from '../../protocol/timtype.js';
import type { Tid, TimMessage } from '../../protocol/wire-types.js';
import type { MessageRecord, OfflineRecord, SaveDone } from '../../store/store.js';
import { roomChat, userChat } from '../chat-key.js';
import { isSafeId } from '../ids.js';
import { reportFrameError } from '../frame-error.js';
import type { DeferredFinish, Session } from '../session.js';
import type { Permissions } from '../permissions.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';
import { handleRevokeOrBurn } from './revoke-burn.js';

/** Who sends: a client's session, or a user the admin API sends as (messages/proxy), which has
 *  no session of its own. Only the node and the Tid put in `fromTid` are read. */
export interface Sender {
  readonly node: string;
  readonly tid: Tid | undefined;
}

/** What a sent message became: its id, and its mid when it was persisted (odType 1). */
export interface SentMessage {
  id: number;
  mid?: number;
}

/**
 * How a persisted message's echo and deliveries follow its row: given the StoredSend, returns the
 * callbacks its save answers. Undefined: a client's frame of type `type`, pipelined (Session.defer:
 * the echo and deliveries run in the frames' order, a failure is that frame's error ack).
 */
type Commit = ((send: StoredSend) => SaveDone) | undefined;

export function handleMessage(core: CoreContext, s: Session, frame: Buffer): Promise<void> | undefined {
  const msg = decodeMessage(frameBody(frame));
  core.stats.messagesIn++;
  checkKind(msg);
  const type = frame[0] & TYPE_MASK;
  if (msg.odType === OdType.NORMAL) {
    // Synchronous to the store's queue when every check is cached (the common case): no promise.
    const sent = sendChecked(core, s, msg, type, undefined);
    return sent instanceof Promise ? sent.then(ignore) : undefined;
  }
  return afterEarlier(core, s, msg, type);
}

/** Every other odType acts after the replies owed to earlier frames. */
async function afterEarlier(core: CoreContext, s: Session, msg: TimMessage, type: number): Promise<void> {
  const earlier = s.settled();
  if (earlier !== undefined) await earlier;
  const od = msg.odType;
  if (od === OdType.REVOKE || od === OdType.BURN) return handleRevokeOrBurn(core, s, msg);
  await sendChecked(core, s, msg, type, undefined);
}

function ignore(): void {}

/**
 * The client message path for a sender without a session (the admin API's messages/proxy): the
 * same kind checks, permission checks, persistence, echo and delivery as a client's frame.
 * Revoke and burn are refused (4104): they answer the requesting session. Resolves once persisted.
 */
export async function sendMessageAs(core: CoreContext, s: Sender, msg: TimMessage): Promise<SentMessage> {
  checkKind(msg);
  if (msg.odType === OdType.REVOKE || msg.odType === OdType.BURN) throw new TimError(ErrorCode.PARAMS, 'revoke and burn need a session');
  let stored: Promise<void> | undefined;
  // The admin API's sender waits for the row, so its answer can say the message was stored.
  const commit: Commit = (send) => {
    let done!: SaveDone;
    stored = new Promise<void>((resolve, reject) => {
      done = {
        resolve() {
          try {
            send.run();
            resolve();
          } catch (err) {
            reject(err);
          }
        },
        reject(err) {
          send.fail(err);
          reject(err);
        },
      };
    });
    return done;
  };
  const sent = await sendChecked(core, s, msg, 0, commit);
  if (stored !== undefined) await stored;
  return sent;
}

function checkKind(msg: TimMessage): void {
  const od = msg.odType;
  if (msg.msType === MsType.SYSTEM) throw new TimError(ErrorCode.PARAMS, 'clients cannot send system messages');
  if (msg.msType !== MsType.USER && msg.msType !== MsType.ROOM) throw new TimError(ErrorCode.PARAMS);
  // 6..7 are the server's own (big data); 8..30 are reserved.
  if (od < OdType.NORMAL || (od >= OdType.BIGSTRING && od < OdType.CUSTOM_MIN)) throw new TimError(ErrorCode.PARAMS);
}

function sendChecked(core: CoreContext, s: Sender, msg: TimMessage, type: number, commit: Commit): SentMessage | Promise<SentMessage> {
  return msg.msType === MsType.ROOM ? roomMessage(core, s, msg, type, commit) : userMessage(core, s, msg, type, commit);
}

/** The fields every outgoing copy shares, in tim's key order. `to`/`room` as they go on the wire. */
export function outgoing(
  core: CoreContext,
  s: Sender,
  msg: TimMessage,
  fields: { id: number; mid?: number; toTid?: Tid; roomTid?: Tid },
): TimMessage {
  const out: TimMessage = { msType: msg.msType, odType: msg.odType, id: fields.id };
  if (fields.mid !== undefined) out.mid = fields.mid;
  if (msg.bnType !== undefined) out.bnType = msg.bnType;
  out.fromTid = s.tid;
  if (fields.toTid !== undefined) out.toTid = fields.toTid;
  if (fields.roomTid !== undefined) out.roomTid = fields.roomTid;
  if (msg.dataBinary !== undefined) out.dataBinary = msg.dataBinary;
  if (msg.dataString !== undefined) out.dataString = msg.dataString;
  out.timestamp = core.clock.nowNs();
  if (msg.udtype !== undefined) out.udtype = msg.udtype;
  if (msg.udshow !== undefined) out.udshow = msg.udshow;
  if (msg.extend !== undefined) out.extend = msg.extend;
  if (msg.extra !== undefined) out.extra = msg.extra;
  return out;
}

function messageId(core: CoreContext, msg: TimMessage): number {
  return isSafeId(msg.id) ? msg.id : core.ids.next();
}

/** toTid as delivered: the client's sub-fields, the domain forced to the sender's (6.2). */
function targetTid(tid: Tid, s: Sender): Tid {
  const t: Tid = { ...tid };
  if (s.tid?.domain !== undefined) t.domain = s.tid.domain;
  else delete t.domain;
  return t;
}

/** A 1:1 message: synchronous up to the store's queue when the cache answers every check. */
function userMessage(core: CoreContext, s: Sender, msg: TimMessage, type: number, commit: Commit): SentMessage | Promise<SentMessage> {
  const { perms } = core;
  if (msg.toTid === undefined) throw new TimError(ErrorCode.ACCOUNT);
  const to = perms.node(msg.toTid.node);
  const room = msg.roomTid !== undefined ? perms.node(msg.roomTid.node) : undefined;
  const wait = userChecks(perms, s.node, to, room);
  if (wait === undefined) return sendToUser(core, s, msg, type, commit, to, room);
  return wait.then(() => sendToUser(core, s, msg, type, commit, to, room));
}

// The checks of a 1:1 message in their order: undefined when the cache answered each one (a
// refusal throws at once), else a promise of the remaining checks' outcome.

function userChecks(perms: Permissions, from: string, to: string, room: string | undefined): void | Promise<void> {
  const wait = perms.mustExist(to);
  return wait ? wait.then(() => userAuthChecks(perms, from, to, room)) : userAuthChecks(perms, from, to, room);
}

function userAuthChecks(perms: Permissions, from: string, to: string, room: string | undefined): void | Promise<void> {
  if (to === from) throw new TimError(ErrorCode.PERM_DENIED);
  if (room === undefined) return perms.mustUserAuth(from, to);
  // 6.5: a private message inside a room needs both users in the room, not friendship.
  const wait = perms.mustRoomExist(room);
  return wait ? wait.then(() => roomMemberChecks(perms, room, from, to)) : roomMemberChecks(perms, room, from, to);
}

function roomMemberChecks(perms: Permissions, room: string, from: string, to: string): void | Promise<void> {
  const wait = perms.mustRoomAuth(room, from);
  return wait ? wait.then(() => perms.mustRoomAuth(room, to)) : perms.mustRoomAuth(room, to);
}

function sendToUser(core: CoreContext, s: Sender, msg: TimMessage, type: number, commit: Commit, to: string, room: string | undefined): SentMessage {
  const od = msg.odType;
  const toTid = targetTid(msg.toTid!, s);
  const roomTid = room !== undefined ? msg.roomTid : undefined;
  const id = messageId(core, msg);

  if (od === OdType.STREAM) {
    // 6.8: not persisted, not echoed, no ack, dropped when the target is offline.
    const json = encodeJson(outgoing(core, s, msg, { id, toTid, roomTid }));
    core.sendToNode(to, encodeFrame(TimType.MESSAGE, json));
    return { id };
  }
  if (od !== OdType.NORMAL) {
    // 6.9: business and custom odTypes: not persisted, not echoed, reliable with offline fallback.
    const json = encodeJson(outgoing(core, s, msg, { id, toTid, roomTid }));
    void core.deliverMessage(to, json, id, 0);
    return { id };
  }
  const mid = core.ids.next();
  const json = encodeJson(outgoing(core, s, msg, { id, mid, toTid, roomTid }));
  const send = new StoredSend(core, s, commit === undefined ? (s as Session) : undefined, type, json, id, mid, [core.pendingDelivery(to, json, id, mid)], true);
  persist(core, msg, mid, userChat(s.node, to), s.node, to, room ?? null, send, commit);
  return { id, mid };
}

/**
 * A persisted message on its way: once its rows are stored, `run` echoes it to the sender (1:1) and
 * starts its deliveries, one per record (core.pendingDelivery). With durable delivery the records
 * are stored with the message and announced (ReliableDelivery.announce) until `run` hands them to
 * their deliveries or `fail` ends them, so that no offline drain sends them meanwhile. A client's
 * frame (`session` set) is answered with its error ack on failure. Neither method throws.
 */
class StoredSend implements DeferredFinish {
  readonly durable: boolean;
  private readonly announced: (() => void) | undefined;

  constructor(
    private readonly core: CoreContext,
    private readonly sender: Sender,
    /** a client's session (the message path pipelines its frame), else undefined (admin API) */
    readonly session: Session | undefined,
    /** the frame type of a client's frame, for its error ack */
    private readonly type: number,
    readonly json: string,
    private readonly id: number,
    private readonly mid: number,
    readonly records: readonly OfflineRecord[],
    /** a 1:1 message: echoed to the sender (a room's sender gets its copy among the records) */
    private readonly echoed: boolean,
  ) {
    this.durable = core.store.durableDelivery;
    this.announced = this.durable ? core.delivery.announce(records.length === 1 ? [records[0].node] : records.map((r) => r.node), mid) : undefined;
  }

  run(): void {
    const { core, json } = this;
    core.stats.messagesPersisted++;
    let body: Buffer;
    if (this.echoed) {
      // One UTF-8 encoding for the echo and the copy: the copy's body is the echo frame's body.
      const frame = encodeFrame(TimType.MESSAGE, json);
      echo(core, this.sender.node, frame, json, this.id, this.mid);
      body = frame.subarray(1);
    } else {
      body = Buffer.from(json);
    }
    for (const r of this.records) void core.deliverRecord(r, body, this.durable);
    this.announced?.();
  }

  fail(err: unknown): void {
    this.announced?.();
    if (this.session !== undefined) reportFrameError(this.core, this.session, this.type, err);
  }

  /** Nothing was handed to the store (the caller reports its own error). */
  abandon(): void {
    this.announced?.();
  }
}

/** `message.save` of a normal message with the offline rows of `send`'s deliveries (durable
 *  delivery; none when off); `send` runs once all are stored, as `commit` says. */
function persist(
  core: CoreContext,
  msg: TimMessage,
  mid: number,
  chat: string,
  from: string,
  to: string | null,
  room: string | null,
  send: StoredSend,
  commit: Commit,
): void {
  let record: MessageRecord;
  try {
    record = messageRecord(core, msg, mid, chat, from, to, room, send.json);
  } catch (err) {
    send.abandon();
    throw err;
  }
  const done = commit === undefined ? send.session!.defer(send) : commit(send);
  try {
    core.store.saveMessageThen(record, send.durable ? send.records : [], done);
  } catch (err) {
    // The deferred frame must settle, or the session's later frames would wait for it forever.
    done.reject(err);
  }
}

function messageRecord(
  core: CoreContext,
  msg: TimMessage,
  mid: number,
  chat: string,
  from: string,
  to: string | null,
  room: string | null,
  stanza: string,
): MessageRecord {
  // One literal with every field (no spread): profiles showed a spread-and-extend record costing
  // microseconds per message on this hot path.
  return {
    mid,
    chat,
    from,
    to,
    room,
    msType: msg.msType,
    odType: msg.odType,
    body: msg.dataString ?? null,
    data: msg.dataBinary ?? null,
    udtype: msg.udtype ?? null,
    udshow: msg.udshow ?? null,
    extend: msg.extend !== undefined ? JSON.stringify(msg.extend) : null,
    stanza,
    time: core.clock.nowMs(),
  };
}

/** The sender's echo (`frame`: `json` as a plain MESSAGE frame), plain, to all its devices; stored offline when it has none left (6.3). */
function echo(core: CoreContext, node: string, frame: Buffer, json: string, id: number, mid: number): void {
  // With no device on this node (admin proxy), the other nodes' devices get one reliable copy.
  if (core.sendLocal(node, frame, true) > 0) core.peers.forwardFrame(node, frame);
  else void core.deliverMessage(node, json, id, mid);
}

async function roomMessage(core: CoreContext, s: Sender, msg: TimMessage, type: number, commit: Commit): Promise<SentMessage> {
  const { perms } = core;
  if (msg.roomTid === undefined) {
    throw new TimError(msg.toTid !== undefined && perms.isValidNode(msg.toTid.node) ? ErrorCode.PERM_DENIED : ErrorCode.ACCOUNT);
  }
  const room = perms.node(msg.roomTid.node);
  let wait = perms.mustRoomExist(room);
  if (wait) await wait;
  if ((wait = perms.mustRoomAuth(room, s.node))) await wait;
  const od = msg.odType;
  // 6.9: rooms accept only normal, revoke (handled before) and stream.
  if (od !== OdType.NORMAL && od !== OdType.STREAM) throw new TimError(ErrorCode.PARAMS);
  const id = messageId(core, msg);
  const roomTid = msg.roomTid;
  const cached = core.rosters.room(room);
  const members = Array.isArray(cached) ? (cached as readonly string[]) : await cached;

  if (od === OdType.STREAM) {
    // One frame for every copy, written to the members' open sessions here as the registry keeps
    // them for this roster (no lookup per member while the roster cache holds the room), and sent
    // on to the other cluster nodes per member.
    const frame = encodeFrame(TimType.MESSAGE, encodeJson(outgoing(core, s, msg, { id, roomTid })));
    const live = core.registry.roomSessions(room, members, core.rosters.peekRoom(room) === members);
    for (const x of live) core.offer(x, frame);
    if (core.peers.distributed) for (const m of members) core.peers.forwardFrame(m, frame);
    return { id };
  }
  const mid = core.ids.next();
  const json = encodeJson(outgoing(core, s, msg, { id, mid, roomTid }));
  // 6.4: every member, the sender included, gets a reliable copy; there is no separate echo.
  const recipients = members.includes(s.node) ? members : [...members, s.node];
  const records = recipients.map((m) => core.pendingDelivery(m, json, id, mid));
  const send = new StoredSend(core, s, commit === undefined ? (s as Session) : undefined, type, json, id, mid, records, false);
  persist(core, msg, mid, roomChat(room), s.node, null, room, send, commit);
  return { id, mid };
}
