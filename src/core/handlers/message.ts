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

import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { decodeMessage, encodeJson } from '../../protocol/json-codec.js';
import { MsType, OdType, TimType, TYPE_MASK } from '../../protocol/timtype.js';
import type { Tid, TimMessage } from '../../protocol/wire-types.js';
import type { MessageRecord, OfflineRecord } from '../../store/store.js';
import { roomChat, userChat } from '../chat-key.js';
import { isSafeId } from '../ids.js';
import { reportFrameError } from '../frame-error.js';
import type { Session } from '../session.js';
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

/** What to do once a persisted message's row is being written: run `then` after `stored`. */
type Commit = (stored: Promise<void>, then: () => void) => Promise<void>;

/** The admin API's sender waits for the row, so its answer can say the message was stored. */
const awaitStored: Commit = async (stored, then) => {
  await stored;
  then();
};

export async function handleMessage(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  const msg = decodeMessage(frameBody(frame));
  core.stats.messagesIn++;
  checkKind(msg);
  const od = msg.odType;
  if (od !== OdType.NORMAL) {
    const earlier = s.settled();
    if (earlier !== undefined) await earlier;
  }
  if (od === OdType.REVOKE || od === OdType.BURN) return handleRevokeOrBurn(core, s, msg);
  const type = frame[0] & TYPE_MASK;
  const pipelined: Commit = (stored, then) => {
    s.defer(stored, then, (err) => reportFrameError(core, s, type, err));
    return Promise.resolve();
  };
  await sendChecked(core, s, msg, pipelined);
}

/**
 * The client message path for a sender without a session (the admin API's messages/proxy): the
 * same kind checks, permission checks, persistence, echo and delivery as a client's frame.
 * Revoke and burn are refused (4104): they answer the requesting session. Resolves once persisted.
 */
export async function sendMessageAs(core: CoreContext, s: Sender, msg: TimMessage): Promise<SentMessage> {
  checkKind(msg);
  if (msg.odType === OdType.REVOKE || msg.odType === OdType.BURN) throw new TimError(ErrorCode.PARAMS, 'revoke and burn need a session');
  return sendChecked(core, s, msg, awaitStored);
}

function checkKind(msg: TimMessage): void {
  const od = msg.odType;
  if (msg.msType === MsType.SYSTEM) throw new TimError(ErrorCode.PARAMS, 'clients cannot send system messages');
  if (msg.msType !== MsType.USER && msg.msType !== MsType.ROOM) throw new TimError(ErrorCode.PARAMS);
  // 6..7 are the server's own (big data); 8..30 are reserved.
  if (od < OdType.NORMAL || (od >= OdType.BIGSTRING && od < OdType.CUSTOM_MIN)) throw new TimError(ErrorCode.PARAMS);
}

function sendChecked(core: CoreContext, s: Sender, msg: TimMessage, commit: Commit): Promise<SentMessage> {
  return msg.msType === MsType.ROOM ? roomMessage(core, s, msg, commit) : userMessage(core, s, msg, commit);
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

async function userMessage(core: CoreContext, s: Sender, msg: TimMessage, commit: Commit): Promise<SentMessage> {
  const { perms } = core;
  if (msg.toTid === undefined) throw new TimError(ErrorCode.ACCOUNT);
  const to = perms.node(msg.toTid.node);
  const room = msg.roomTid !== undefined ? perms.node(msg.roomTid.node) : undefined;
  // The checks answer synchronously when the cache knows (most frames): no await then.
  let wait = perms.mustExist(to);
  if (wait) await wait;
  if (to === s.node) throw new TimError(ErrorCode.PERM_DENIED);
  if (room !== undefined) {
    // 6.5: a private message inside a room needs both users in the room, not friendship.
    if ((wait = perms.mustRoomExist(room))) await wait;
    if ((wait = perms.mustRoomAuth(room, s.node))) await wait;
    if ((wait = perms.mustRoomAuth(room, to))) await wait;
  } else if ((wait = perms.mustUserAuth(s.node, to))) {
    await wait;
  }
  const od = msg.odType;
  const toTid = targetTid(msg.toTid, s);
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
  const out = outgoing(core, s, msg, { id, mid, toTid, roomTid });
  const json = encodeJson(out);
  const record = core.pendingDelivery(to, json, id, mid);
  const stored = persistDelivering(core, msg, mid, { chat: userChat(s.node, to), from: s.node, to, room: room ?? null }, json, [record]);
  await commit(stored.saved, () => {
    // One UTF-8 encoding for the echo and the copy: the copy's body is the echo frame's body.
    const frame = encodeFrame(TimType.MESSAGE, json);
    echo(core, s.node, frame, json, id, mid);
    stored.deliver(frame.subarray(1));
  });
  return { id, mid };
}

/**
 * persist() of a message owed to `records` (one per recipient, from core.pendingDelivery), and
 * `deliver`, to call once the save resolved. With durable delivery the records are stored with the
 * message, and announced (ReliableDelivery.announce) until `deliver` hands them to their deliveries
 * or the save fails, so that no offline drain sends them meanwhile.
 */
function persistDelivering(
  core: CoreContext,
  msg: TimMessage,
  mid: number,
  where: { chat: string; from: string; to: string | null; room: string | null },
  stanza: string,
  records: readonly OfflineRecord[],
): { saved: Promise<void>; deliver(body: Buffer): void } {
  const durable = core.store.durableDelivery;
  const announced = durable ? core.delivery.announce(records.map((r) => r.node), mid) : undefined;
  const saved = persist(core, msg, mid, where, stanza, durable ? records : []);
  if (announced) saved.catch(announced);
  return {
    saved,
    deliver(body) {
      for (const r of records) void core.deliverRecord(r, body, durable);
      announced?.();
    },
  };
}

/** `message.save` of a normal message with the offline rows of its `pending` deliveries (durable
 *  delivery, empty when off): resolves once all are stored. */
async function persist(
  core: CoreContext,
  msg: TimMessage,
  mid: number,
  where: { chat: string; from: string; to: string | null; room: string | null },
  stanza: string,
  pending: readonly OfflineRecord[],
): Promise<void> {
  // One literal with every field (no spread): profiles showed a spread-and-extend record costing
  // microseconds per message on this hot path.
  const record: MessageRecord = {
    mid,
    chat: where.chat,
    from: where.from,
    to: where.to,
    room: where.room,
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
  await core.store.saveMessage(record, pending);
  core.stats.messagesPersisted++;
}

/** The sender's echo (`frame`: `json` as a plain MESSAGE frame), plain, to all its devices; stored offline when it has none left (6.3). */
function echo(core: CoreContext, node: string, frame: Buffer, json: string, id: number, mid: number): void {
  // With no device on this node (admin proxy), the other nodes' devices get one reliable copy.
  if (core.sendLocal(node, frame, true) > 0) core.peers.forwardFrame(node, frame);
  else void core.deliverMessage(node, json, id, mid);
}

async function roomMessage(core: CoreContext, s: Sender, msg: TimMessage, commit: Commit): Promise<SentMessage> {
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
  const stored = persistDelivering(core, msg, mid, { chat: roomChat(room), from: s.node, to: null, room }, json, records);
  await commit(stored.saved, () => stored.deliver(Buffer.from(json)));
  return { id, mid };
}
