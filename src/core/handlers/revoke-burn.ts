// Revoke (odType 2, only the author) and burn-after-reading (odType 3, only the recipient),
// docs/protocol.md 6.6 and 6.7 with decision 10 (a private room message is revoked on membership).
// The stored message is deleted first, with every copy of it still waiting in the offline store
// (durable delivery's pending rows included) and every delivery of it in progress here (no more
// resends); then the other side's devices are told reliably, with offline fallback, keeping the
// original mid (docs/protocol.md decision 5), and the requester's devices get tim's ack
// {ok, timType 92|93, n: peer or room, t: 2 (user) | 3 (room), t2: mid}, which webtim waits for
// (sent to its devices online now, on every cluster node; not stored offline, as in tim).
// A recipient that had not received the message gets only the notice.

import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeFrame } from '../../protocol/frame-codec.js';
import { encodeJson } from '../../protocol/json-codec.js';
import { MsType, OdType, TimType } from '../../protocol/timtype.js';
import type { TimMessage } from '../../protocol/wire-types.js';
import { roomChat, userChat } from '../chat-key.js';
import { isSafeId } from '../ids.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';

export async function handleRevokeOrBurn(core: CoreContext, s: Session, msg: TimMessage): Promise<void> {
  if (msg.msType === MsType.ROOM) {
    if (msg.odType === OdType.BURN) throw new TimError(ErrorCode.PARAMS); // 6.7: no burning in rooms
    return revokeInRoom(core, s, msg);
  }
  const { perms } = core;
  if (msg.toTid === undefined) throw new TimError(ErrorCode.ACCOUNT);
  const peer = perms.node(msg.toTid.node);
  if (peer === s.node) throw new TimError(ErrorCode.PERM_DENIED);
  if (msg.roomTid !== undefined) {
    const room = perms.node(msg.roomTid.node);
    await perms.mustRoomAuth(room, s.node);
  } else {
    await perms.mustUserAuth(s.node, peer);
  }
  const mid = requireMid(msg);
  const chat = userChat(s.node, peer);
  const author = await core.store.messageAuthor(chat, mid);
  if (author === null) throw new TimError(ErrorCode.PARAMS);
  // Revoke: only the author. Burn: only the recipient, i.e. the author must be the peer.
  const allowed = msg.odType === OdType.REVOKE ? author === s.node : author === peer;
  if (!allowed) throw new TimError(ErrorCode.PERM_DENIED);
  await removeEverywhere(core, chat, mid);

  const id = isSafeId(msg.id) ? msg.id : core.ids.next(); // the client's id is kept (6.2)
  const notice: TimMessage = { msType: MsType.USER, odType: msg.odType, id, mid, fromTid: s.tid, toTid: { node: peer } };
  if (msg.roomTid !== undefined) notice.roomTid = msg.roomTid;
  notice.timestamp = core.clock.nowNs();
  ackRequester(core, s.node, msg.odType === OdType.REVOKE ? TimType.REVOKEMESSAGE : TimType.BURNMESSAGE, peer, MsType.USER, mid);
  void core.deliverMessage(peer, encodeJson(notice), id, mid);
}

/** tim's ack to the devices of whoever revoked or burned `mid` (`n`: the peer or the room). */
function ackRequester(core: CoreContext, node: string, timType: number, n: string, t: number, mid: number): void {
  core.sendToNode(node, encodeFrame(TimType.ACK, encodeJson({ ok: true, timType, n, t, t2: mid })));
}

async function revokeInRoom(core: CoreContext, s: Session, msg: TimMessage): Promise<void> {
  const { perms } = core;
  if (msg.roomTid === undefined) throw new TimError(ErrorCode.ACCOUNT);
  const room = perms.node(msg.roomTid.node);
  await perms.mustRoomAuth(room, s.node);
  const mid = requireMid(msg);
  const chat = roomChat(room);
  const author = await core.store.messageAuthor(chat, mid);
  if (author === null) throw new TimError(ErrorCode.PARAMS);
  if (author !== s.node) throw new TimError(ErrorCode.PERM_DENIED); // managers cannot revoke others'
  await removeEverywhere(core, chat, mid);

  // To the author's devices on every cluster node.
  ackRequester(core, s.node, TimType.REVOKEMESSAGE, room, MsType.ROOM, mid);
  const id = isSafeId(msg.id) ? msg.id : core.ids.next(); // the client's id is kept (6.2)
  const notice: TimMessage = {
    msType: MsType.ROOM,
    odType: OdType.REVOKE,
    id,
    mid,
    fromTid: s.tid,
    roomTid: msg.roomTid,
    timestamp: core.clock.nowNs(),
  };
  const json = encodeJson(notice);
  // Cached (core/roster-cache.ts): the cached list is shared and frozen, hence the copy.
  const members = [...(await core.rosters.room(room))];
  if (!members.includes(s.node)) members.push(s.node);
  const body = Buffer.from(json);
  for (const m of members) void core.deliverMessage(m, json, id, mid, body);
}

/** The message's deliveries in progress on this process, then its row and its offline rows (one
 *  transaction). Should the delete fail, a cancelled durable copy still waits in the offline store. */
async function removeEverywhere(core: CoreContext, chat: string, mid: number): Promise<void> {
  core.delivery.cancel(mid);
  await core.store.deleteMessage(chat, mid);
}

function requireMid(msg: TimMessage): number {
  if (msg.mid === undefined || msg.mid <= 0 || !Number.isSafeInteger(msg.mid)) throw new TimError(ErrorCode.PARAMS);
  return msg.mid;
}
