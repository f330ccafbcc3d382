// ADDROSTER / REMOVEROSTER / BLOCKROSTER in external mode: the deployer's `roster.add`,
// `roster.rm` and `roster.block` templates (docs/templates.md 2.1) do the work; without all three the
// business handler answers 4107 before reaching here.
//
// The server cannot see the deployer's relation model, so it tells the other party what it can
// observe afterwards: after roster.add, bnType 5 to both when `user.auth` now allows both
// directions, else bnType 4 (a request) to the target; bnType 6 after roster.rm; nothing after
// roster.block. Cached permission answers of both users are forgotten after each call.

import type { Session } from '../core/session.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TimReq } from '../protocol/wire-types.js';
import { BnType, Rtype } from '../protocol/rtypes.js';
import { invalidate, okAck, type BusinessContext, type BusinessOp } from './context.js';
import { notify, tidOf } from './notify.js';

async function peerOf(ctx: BusinessContext, s: Session, req: TimReq): Promise<string> {
  if (req.node === undefined) throw new TimError(ErrorCode.PARAMS, 'node is required');
  const peer = ctx.core.perms.node(req.node);
  if (peer === s.node) throw new TimError(ErrorCode.PERM_DENIED, 'not on oneself');
  await ctx.core.perms.mustExist(peer);
  return peer;
}

const addRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  if (req.reqStr === undefined) throw new TimError(ErrorCode.PARAMS, 'reqStr is required');
  const peer = await peerOf(ctx, s, req);
  await core.store.rosterAdd(s.node, peer);
  await invalidate(core, s.node, peer);
  const note = { fromTid: s.tid, toTid: tidOf(peer), dataString: req.reqStr };
  const mutual = (await core.perms.userAuth(s.node, peer)) && (await core.perms.userAuth(peer, s.node));
  if (mutual) notify(core, [peer, s.node], { bnType: BnType.FRIEND, ...note });
  else notify(core, [peer], { bnType: BnType.ADDROSTER, ...note });
};

const removeRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  const peer = await peerOf(ctx, s, req);
  await core.store.rosterRemove(s.node, peer);
  await invalidate(core, s.node, peer);
  okAck(core, s, Rtype.REMOVEROSTER, peer);
  notify(core, [peer], { bnType: BnType.REMOVEROSTER, fromTid: s.tid, toTid: tidOf(peer) });
};

const blockRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  const peer = await peerOf(ctx, s, req);
  await core.store.rosterBlock(s.node, peer);
  await invalidate(core, s.node, peer);
  okAck(core, s, Rtype.BLOCKROSTER, peer);
};

export const externalRosterOps: ReadonlyMap<number, BusinessOp> = new Map([
  [Rtype.ADDROSTER, addRoster],
  [Rtype.REMOVEROSTER, removeRoster],
  [Rtype.BLOCKROSTER, blockRoster],
]);
