// Friends in builtin mode (docs/protocol.md 8.2 rtypes 4, 6, 7, 18; decision 6), over tim_relation.
//
//  ADDROSTER    request friendship; when the other side already asked, this call accepts and both
//               parties get bnType 5; otherwise the target gets bnType 4. No ack on success.
//  REMOVEROSTER ends the friendship for both sides (and lifts my block); the other side must ask
//               again to become friends. bnType 6 to them unless they block me.
//  BLOCKROSTER  blocks the user: the friendship ends for both; they can no longer ask (4110).
//               bnType 7 only when no relation existed before (tim's behaviour).
// Every change forgets the cached user.auth answers of both users, so messaging follows at once.

import type { Session } from '../core/session.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TimReq } from '../protocol/wire-types.js';
import { BnType, Ntype, Rtype } from '../protocol/rtypes.js';
import { invalidate, okAck, pairKey, sendList, type BusinessContext, type BusinessOp } from './context.js';
import { notify, tidOf } from './notify.js';
import { areFriends, type RelationChange } from './relations-repo.js';

/** The target user of a roster request: present (4104), a node (4106), not me (4105). */
function peerOf(ctx: BusinessContext, s: Session, req: TimReq): string {
  if (req.node === undefined) throw new TimError(ErrorCode.PARAMS, 'node is required');
  const peer = ctx.core.perms.node(req.node);
  if (peer === s.node) throw new TimError(ErrorCode.PERM_DENIED, 'not on oneself');
  return peer;
}

const addRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  if (req.node === undefined || req.reqStr === undefined) throw new TimError(ErrorCode.PARAMS, 'node and reqStr are required');
  const peer = peerOf(ctx, s, req);
  await core.perms.mustExist(peer);
  const note = { fromTid: s.tid, toTid: tidOf(peer), dataString: req.reqStr };
  await ctx.lock.run(pairKey(s.node, peer), async () => {
    const { mine, theirs } = await ctx.relations.pair(s.node, peer);
    if (theirs?.blocks) throw new TimError(ErrorCode.BLOCK);
    if (areFriends(mine, theirs)) {
      // tim re-sends the FRIEND notification to the target before refusing the repeat.
      notify(core, [peer], { bnType: BnType.FRIEND, ...note });
      throw new TimError(ErrorCode.REPEAT);
    }
    await ctx.relations.write([{ owner: s.node, peer, wants: true, blocks: false }], core.clock.nowMs());
    await invalidate(core, s.node, peer);
    if (theirs?.wants) notify(core, [peer, s.node], { bnType: BnType.FRIEND, ...note });
    else notify(core, [peer], { bnType: BnType.ADDROSTER, ...note });
  });
};

const removeRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  if (req.node === undefined) throw new TimError(ErrorCode.PARAMS, 'node is required');
  const peer = core.perms.node(req.node);
  await ctx.lock.run(pairKey(s.node, peer), async () => {
    const { mine, theirs } = await ctx.relations.pair(s.node, peer);
    if (mine === null && theirs === null) throw new TimError(ErrorCode.PARAMS, 'no relation');
    const changes: RelationChange[] = [{ owner: s.node, peer, wants: false, blocks: false }];
    if (theirs?.wants) changes.push({ owner: peer, peer: s.node, wants: false, blocks: theirs.blocks });
    await ctx.relations.write(changes, core.clock.nowMs());
    await invalidate(core, s.node, peer);
    okAck(core, s, Rtype.REMOVEROSTER, peer);
    if (!theirs?.blocks) notify(core, [peer], { bnType: BnType.REMOVEROSTER, fromTid: s.tid, toTid: tidOf(peer) });
  });
};

const blockRoster: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  const peer = peerOf(ctx, s, req);
  await core.perms.mustExist(peer);
  await ctx.lock.run(pairKey(s.node, peer), async () => {
    const { mine, theirs } = await ctx.relations.pair(s.node, peer);
    const changes: RelationChange[] = [{ owner: s.node, peer, wants: false, blocks: true }];
    if (theirs?.wants) changes.push({ owner: peer, peer: s.node, wants: false, blocks: theirs.blocks });
    await ctx.relations.write(changes, core.clock.nowMs());
    await invalidate(core, s.node, peer);
    okAck(core, s, Rtype.BLOCKROSTER, peer);
    if (mine === null && theirs === null) notify(core, [peer], { bnType: BnType.BLOCKROSTER, fromTid: s.tid, toTid: tidOf(peer) });
  });
};

const blockRosterList: BusinessOp = async (ctx, s) => {
  sendList(ctx.core, s, Ntype.BLOCKROSTERLIST, await ctx.relations.blockedBy(s.node));
};

export const friendOps: ReadonlyMap<number, BusinessOp> = new Map([
  [Rtype.ADDROSTER, addRoster],
  [Rtype.REMOVEROSTER, removeRoster],
  [Rtype.BLOCKROSTER, blockRoster],
  [Rtype.BLOCKROSTERLIST, blockRosterList],
]);
