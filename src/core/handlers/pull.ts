// PULLMESSAGE (21): history through `message.get` (docs/protocol.md section 10, decision 7). rtype 1 is
// the user chat with `node`, rtype 2 the room `node` (membership required). reqInt is the mid
// cursor (inclusive; 0 or absent = newest), reqInt2 the page size clamped to limits.pullMax.
// Newest first; no reply at all when empty.

import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { decodeReq } from '../../protocol/json-codec.js';
import { TimType } from '../../protocol/timtype.js';
import { roomChat, userChat } from '../chat-key.js';
import { MAX_SAFE_ID } from '../ids.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';

export async function handlePull(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  const req = decodeReq(frameBody(frame));
  if (req.rtype !== 1 && req.rtype !== 2) throw new TimError(ErrorCode.PARAMS);
  if (req.node === undefined || !core.perms.isValidNode(req.node)) throw new TimError(ErrorCode.PARAMS);
  const cursor = req.reqInt !== undefined && req.reqInt > 0 ? Math.min(req.reqInt, MAX_SAFE_ID) : MAX_SAFE_ID;
  const wanted = req.reqInt2 !== undefined && req.reqInt2 > 0 ? req.reqInt2 : core.limits.pullMax;
  const limit = Math.min(wanted, core.limits.pullMax);
  let chat: string;
  if (req.rtype === 2) {
    await core.perms.mustRoomAuth(req.node, s.node);
    chat = roomChat(req.node);
  } else {
    chat = userChat(s.node, req.node);
  }
  const rows = await core.store.getMessages(chat, cursor, limit);
  if (rows.length === 0) return;
  const list = rows.map((r) => r.stanza.trim()).filter((t) => t.startsWith('{'));
  core.write(s, encodeFrame(TimType.PULLMESSAGE, `{"messageList":[${list.join(',')}]}`));
}
