// The read-only BUSINESS (41) requests that every mode serves from templates: ROSTER (rtype 1,
// `roster`), USERROOM (2, `user.room`) and ROOMUSERS (3, `room.roster` after `room.auth`).
// Empty lists get no reply (docs/protocol.md 4, "Silence is an answer"). Other rtypes belong to the builtin business
// layer, which registers its own handler; without it they answer 4107. The two rosters come from
// core.rosters, the same cached lists that message fan-out and presence use.

import { ErrorCode } from '../../protocol/error-codes.js';
import { Rtype } from '../../protocol/rtypes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { decodeReq, encodeJson } from '../../protocol/json-codec.js';
import { TimType } from '../../protocol/timtype.js';
import type { TimNodes, TimReq } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';

export async function handleBusinessLists(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  const req = decodeReq(frameBody(frame));
  if (!(await answerList(core, s, req))) throw new TimError(ErrorCode.INTERFACE);
}

/** Answers rtype 1..3; false for any other rtype (the caller decides). */
export async function answerList(core: CoreContext, s: Session, req: TimReq): Promise<boolean> {
  let reply: TimNodes;
  switch (req.rtype) {
    case Rtype.ROSTER:
      reply = { ntype: 1, nodelist: [...(await core.rosters.friends(s.node))] };
      break;
    case Rtype.USERROOM:
      reply = { ntype: 2, nodelist: await core.store.userRooms(s.node) };
      break;
    case Rtype.ROOMUSERS: {
      if (!core.perms.isValidNode(req.node)) throw new TimError(ErrorCode.ACCOUNT);
      const room = req.node;
      if (!(await core.perms.roomExists(room))) throw new TimError(ErrorCode.ACCOUNT);
      if (!(await core.perms.roomAuth(room, s.node))) throw new TimError(ErrorCode.PARAMS);
      reply = { ntype: 3, nodelist: [...(await core.rosters.room(room))], node: room };
      break;
    }
    default:
      return false;
  }
  if (reply.nodelist && reply.nodelist.length > 0) core.write(s, encodeFrame(TimType.NODES, encodeJson(reply)));
  return true;
}
