// Group operations of the founder and managers (docs/protocol.md 8.2): PULLROOM, NOPASSROOM,
// KICKROOM, BLOCKROOMMEMBER and BLOCKROOMMEMBERLIST. Rules: the founder outranks managers, who
// outrank members; nobody acts on the founder, and a manager cannot act on another manager.
// Notifications come from the acting user: fromTid = me, toTid = the user, roomTid = the room.

import type { Session } from '../core/session.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TimReq } from '../protocol/wire-types.js';
import { BnType, Ntype, Rtype } from '../protocol/rtypes.js';
import { invalidate, okAck, sendList, type BusinessContext, type BusinessOp } from './context.js';
import { notify, tidOf } from './notify.js';
import { inRoom, otherUser, roomTid } from './room-rules.js';
import { Gtype, isAdmin, MemberState, Role, type Membership, type RoomRecord } from './rooms-repo.js';

/** The acting user's membership, which must be founder or manager (4105). */
async function adminOf(ctx: BusinessContext, room: RoomRecord, s: Session): Promise<Membership> {
  const me = await ctx.rooms.member(room.node, s.node);
  if (!isAdmin(me)) throw new TimError(ErrorCode.PERM_DENIED, 'founder or manager only');
  return me;
}

/** A manager may act on plain members only; the founder on anyone but itself. */
function mayActOn(me: Membership, target: Membership | null): boolean {
  if (target === null || target.role === Role.MEMBER) return true;
  return target.role === Role.MANAGER && me.role === Role.FOUNDER;
}

/**
 * Brings a user into the room: in a private room only founder/managers may (4105); in an open room
 * anyone may (tim). An applicant is accepted (bnType 10), anyone else invited in (bnType 12). A
 * user who blocked the room refuses (4110); a user the room blocked can be pulled back by a
 * founder/manager, which lifts that block.
 */
const pullRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const { core, rooms } = ctx;
    const user = await otherUser(ctx, s, req);
    const me = await rooms.member(room.node, s.node);
    const admin = isAdmin(me);
    if (room.gtype === Gtype.PRIVATE && !admin) throw new TimError(ErrorCode.PERM_DENIED, 'founder or manager only');
    const blocks = await rooms.blocks(room.node, user);
    if (blocks.byUser || (blocks.byRoom && !admin)) throw new TimError(ErrorCode.BLOCK);
    const target = await rooms.member(room.node, user);
    if (target?.state === MemberState.MEMBER) throw new TimError(ErrorCode.HASEXIST);
    await ctx.db.transaction('room pull', async (trx) => {
      if (blocks.byRoom) await rooms.unblock(room.node, user, true, trx);
      await rooms.setMember(room.node, user, MemberState.MEMBER, core.clock.nowMs(), trx);
    });
    await invalidate(core, room.node);
    okAck(core, s, Rtype.PULLROOM, room.node, user);
    const bnType = target?.state === MemberState.PENDING ? BnType.PASSROOM : BnType.PULLROOM;
    notify(core, [user], { bnType, fromTid: s.tid, toTid: tidOf(user), roomTid: roomTid(room) });
  });

/** Rejects a pending application: no application 4109, not pending 4103. bnType 11 to the user. */
const noPassRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const { core, rooms } = ctx;
    const user = userOf(ctx, req);
    await adminOf(ctx, room, s);
    const target = await rooms.member(room.node, user);
    if (target === null) throw new TimError(ErrorCode.NOEXIST, 'no application');
    if (target.state !== MemberState.PENDING) throw new TimError(ErrorCode.EXPIREOP, 'not pending');
    await rooms.removeMember(room.node, user);
    okAck(core, s, Rtype.NOPASSROOM, room.node, user);
    notify(core, [user], { bnType: BnType.NOPASSROOM, fromTid: s.tid, toTid: tidOf(user), roomTid: roomTid(room) });
  });

/** Removes a member (not an applicant: 4109). bnType 13 to the kicked user. */
const kickRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const { core, rooms } = ctx;
    const user = await otherUser(ctx, s, req);
    const me = await adminOf(ctx, room, s);
    const target = await rooms.member(room.node, user);
    if (!mayActOn(me, target)) throw new TimError(ErrorCode.PERM_DENIED, 'cannot kick a founder or fellow manager');
    if (target?.state !== MemberState.MEMBER) throw new TimError(ErrorCode.NOEXIST, 'not a member');
    await rooms.removeMember(room.node, user);
    await invalidate(core, room.node);
    okAck(core, s, Rtype.KICKROOM, room.node, user);
    notify(core, [user], { bnType: BnType.KICKROOM, fromTid: s.tid, toTid: tidOf(user), roomTid: roomTid(room) });
  });

/** Removes the user (member or applicant, if any) and refuses their future applications (4110).
 *  Same rank rules as KICKROOM; the user need not be related to the room. No notification. */
const blockRoomMember: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const { core, rooms } = ctx;
    const user = await otherUser(ctx, s, req);
    const me = await adminOf(ctx, room, s);
    const target = await rooms.member(room.node, user);
    if (!mayActOn(me, target)) throw new TimError(ErrorCode.PERM_DENIED, 'cannot block a founder or fellow manager');
    await ctx.db.transaction('room member block', async (trx) => {
      if (target !== null) await rooms.removeMember(room.node, user, trx);
      await rooms.block(room.node, user, true, core.clock.nowMs(), trx);
    });
    await invalidate(core, room.node);
    okAck(core, s, Rtype.BLOCKROOMMEMBER, room.node, user);
  });

/** Founder/managers only; anyone else (or a bad room) gets nothing at all, as in tim. */
const blockRoomMemberList: BusinessOp = async (ctx, s, req) => {
  const { core, rooms } = ctx;
  if (!core.perms.isValidNode(req.node)) return;
  const room = await rooms.room(req.node);
  if (room === null || !isAdmin(await rooms.member(room.node, s.node))) return;
  sendList(core, s, Ntype.BLOCKROOMMEMBERLIST, await rooms.membersBlockedBy(room.node));
};

/** node2 as a user node (no existence check: an unknown user simply has no application). */
function userOf(ctx: BusinessContext, req: TimReq): string {
  if (req.node2 === undefined) throw new TimError(ErrorCode.PARAMS, 'node2 (the user) is required');
  return ctx.core.perms.node(req.node2);
}

export const roomAdminOps: ReadonlyMap<number, BusinessOp> = new Map([
  [Rtype.PULLROOM, pullRoom],
  [Rtype.NOPASSROOM, noPassRoom],
  [Rtype.KICKROOM, kickRoom],
  [Rtype.BLOCKROOMMEMBER, blockRoomMember],
  [Rtype.BLOCKROOMMEMBERLIST, blockRoomMemberList],
]);
