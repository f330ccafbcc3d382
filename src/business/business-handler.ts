// BUSINESS (41) requests, by TimReq.rtype (docs/protocol.md 8.1, 8.2):
//  * 1..3 (ROSTER, USERROOM, ROOMUSERS) are answered from the templates in every mode (answerList);
//  * 5 and 10 exist only as notifications, and unknown rtypes are refused: 4104;
//  * builtin mode serves every other rtype over the builtin tables;
//  * external mode serves ADDROSTER / REMOVEROSTER / BLOCKROSTER through the deployer's roster.*
//    templates when all three are configured; every other operation answers 4107.
// Room operations and MODIFYAUTH answer a refusal with ONE detailed ack {ok:false, timType:41,
// error, t, n, n2} (docs/protocol.md decision 10; tim sends it and then a generic copy). Other refusals go back to
// the dispatcher, which sends the generic {ok:false, timType:41, error}.

import { answerList } from '../core/handlers/business-lists.js';
import type { ExtensionHandler } from '../core/tim-core.js';
import { reportError } from '../core/frame-error.js';
import { errorToCode, TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { frameBody } from '../protocol/frame-codec.js';
import { decodeReq } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import type { TimAck, TimReq } from '../protocol/wire-types.js';
import { accountOps } from './account-ops.js';
import { Rtype } from '../protocol/rtypes.js';
import type { BusinessContext, BusinessOp } from './context.js';
import { externalRosterOps } from './external-roster.js';
import { friendOps } from './friends.js';
import { roomAdminOps } from './room-admin.js';
import { roomOps } from './rooms.js';

const NOTIFICATION_ONLY = new Set<number>([Rtype.FRIEND, Rtype.PASSROOM]);

const DETAILED_ERRORS = new Set<number>([
  Rtype.NEWROOM,
  Rtype.ADDROOM,
  Rtype.NOPASSROOM,
  Rtype.PULLROOM,
  Rtype.KICKROOM,
  Rtype.BLOCKROOM,
  Rtype.BLOCKROOMMEMBER,
  Rtype.LEAVEROOM,
  Rtype.CANCELROOM,
  // tim's wrong-password answer is a detailed {t:21} ack (then a generic one); keep the detailed one.
  Rtype.MODIFYAUTH,
]);

/** The operations a mode serves (rtypes 1..3 excluded: answerList has them). */
export function operationsFor(ctx: BusinessContext): ReadonlyMap<number, BusinessOp> {
  if (ctx.core.mode === 'builtin') return new Map([...friendOps, ...roomOps, ...roomAdminOps, ...accountOps]);
  return ctx.core.store.hasRosterMutations() ? externalRosterOps : new Map();
}

export function businessHandler(ctx: BusinessContext): ExtensionHandler {
  const ops = operationsFor(ctx);
  return async (core, s, frame) => {
    const req = decodeReq(frameBody(frame));
    if (await answerList(core, s, req)) return;
    const rtype = req.rtype;
    if (rtype === undefined || rtype < Rtype.ROSTER || rtype > Rtype.MODIFYAUTH || NOTIFICATION_ONLY.has(rtype)) {
      throw new TimError(ErrorCode.PARAMS, 'unknown rtype');
    }
    const op = ops.get(rtype);
    if (op === undefined) throw new TimError(ErrorCode.INTERFACE, 'not served in this mode');
    if (!DETAILED_ERRORS.has(rtype)) return op(ctx, s, req);
    try {
      await op(ctx, s, req);
    } catch (err) {
      // Unexpected errors go up to the dispatcher's answer (core/frame-error.ts), without detail.
      if (errorToCode(err).unexpected) throw err;
      const { code, reason } = reportError(core, err, `business ${rtype}`, { node: s.node, rtype });
      if (!s.closed) core.errorAck(s, TimType.BUSINESS, code, detail(rtype, req), reason);
    }
  };
}

/** t = the rtype, n = the room, n2 = the user, as the client sent them. */
function detail(rtype: number, req: TimReq): Partial<TimAck> {
  const d: Partial<TimAck> = { t: rtype };
  if (rtype === Rtype.NEWROOM) return d; // its node is a room name, not a room
  if (req.node !== undefined) d.n = req.node;
  if (req.node2 !== undefined) d.n2 = req.node2;
  return d;
}
