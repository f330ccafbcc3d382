// Group operations of a member or would-be member (docs/protocol.md 8.2): NEWROOM, ADDROOM, LEAVEROOM,
// CANCELROOM, BLOCKROOM and BLOCKROOMLIST. The founder/manager side is in room-admin.ts.
// Each operation on an existing room runs under that room's lock (inRoom), and forgets the room's
// cached room.exist / room.auth answers after a membership change so posting rights follow at once.

import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { BnType, Ntype, Rtype } from '../protocol/rtypes.js';
import { invalidate, okAck, sendList, type BusinessOp } from './context.js';
import { notify, tidOf } from './notify.js';
import { encodeRoomProfile } from './profile-json.js';
import { inRoom, roomTid } from './room-rules.js';
import { Gtype, MemberState, Role } from './rooms-repo.js';

/** node = the room's name (its topic), reqInt = 1 for a private room, anything else open. */
const newRoom: BusinessOp = async (ctx, s, req) => {
  const { core } = ctx;
  const node = core.nodeIds.random(s.tid?.domain);
  const gtype = req.reqInt === Gtype.PRIVATE ? Gtype.PRIVATE : Gtype.OPEN;
  const profile = encodeRoomProfile(req.node === undefined ? {} : { topic: req.node });
  // A database failure rejects with StoreError: the client gets 5103 (docs/protocol.md decision 10).
  await ctx.rooms.create({ node, founder: s.node, gtype, profile, createdAt: core.clock.nowMs() });
  okAck(core, s, Rtype.NEWROOM, node);
};

/**
 * Open room: joined at once, bnType 10 to my own devices. Private room: an application (pending)
 * that each founder/manager is told about with bnType 9. Applying again re-sends it. Applying to a
 * room I had blocked lifts my block; a room that blocked me refuses (4110). No ack on success.
 */
const addRoom: BusinessOp = async (ctx, s, req) => {
  const { core, rooms } = ctx;
  if (req.reqStr === undefined) throw new TimError(ErrorCode.PARAMS, 'reqStr is required');
  await inRoom(
    ctx,
    req,
    async (room) => {
      const mine = await rooms.member(room.node, s.node);
      if (mine?.state === MemberState.MEMBER) throw new TimError(ErrorCode.HASEXIST);
      const blocks = await rooms.blocks(room.node, s.node);
      if (blocks.byRoom) throw new TimError(ErrorCode.BLOCK);
      const now = core.clock.nowMs();
      const state = room.gtype === Gtype.OPEN ? MemberState.MEMBER : MemberState.PENDING;
      await ctx.db.transaction('room join', async (trx) => {
        if (blocks.byUser) await rooms.unblock(room.node, s.node, false, trx);
        await rooms.setMember(room.node, s.node, state, now, trx);
      });
      if (state === MemberState.MEMBER) {
        await invalidate(core, room.node);
        notify(core, [s.node], { bnType: BnType.PASSROOM, roomTid: roomTid(room) });
        return;
      }
      for (const admin of await rooms.admins(room.node)) {
        notify(core, [admin], { bnType: BnType.ADDROOM, fromTid: s.tid, toTid: tidOf(admin), roomTid: roomTid(room), dataString: req.reqStr });
      }
    },
    ErrorCode.PARAMS,
  );
};

/** Leaves the room, or withdraws a pending application; the founder cannot leave (4105). */
const leaveRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const mine = await ctx.rooms.member(room.node, s.node);
    if (mine?.role === Role.FOUNDER) throw new TimError(ErrorCode.PERM_DENIED, 'the founder cannot leave');
    if (mine === null) throw new TimError(ErrorCode.NOEXIST, 'not a member');
    await ctx.rooms.removeMember(room.node, s.node);
    await invalidate(ctx.core, room.node);
    okAck(ctx.core, s, Rtype.LEAVEROOM, room.node);
  });

/** Only the founder, and only while no other member remains (4105). */
const cancelRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    if (room.founder !== s.node) throw new TimError(ErrorCode.PERM_DENIED, 'only the founder cancels');
    if ((await ctx.rooms.memberCount(room.node)) > 1) throw new TimError(ErrorCode.PERM_DENIED, 'the room still has members');
    await ctx.rooms.cancel(room.node);
    await invalidate(ctx.core, room.node);
    okAck(ctx.core, s, Rtype.CANCELROOM, room.node);
  });

/** Leaves the room (or drops my application) and refuses future pulls into it (4110). */
const blockRoom: BusinessOp = (ctx, s, req) =>
  inRoom(ctx, req, async (room) => {
    const { core, rooms } = ctx;
    const mine = await rooms.member(room.node, s.node);
    if (mine?.role === Role.FOUNDER) throw new TimError(ErrorCode.PERM_DENIED, 'the founder cannot block its room');
    await ctx.db.transaction('room block', async (trx) => {
      if (mine !== null) await rooms.removeMember(room.node, s.node, trx);
      await rooms.block(room.node, s.node, false, core.clock.nowMs(), trx);
    });
    await invalidate(core, room.node);
    okAck(core, s, Rtype.BLOCKROOM, room.node);
  });

const blockRoomList: BusinessOp = async (ctx, s) => {
  sendList(ctx.core, s, Ntype.BLOCKROOMLIST, await ctx.rooms.roomsBlockedBy(s.node));
};

export const roomOps: ReadonlyMap<number, BusinessOp> = new Map([
  [Rtype.NEWROOM, newRoom],
  [Rtype.ADDROOM, addRoom],
  [Rtype.LEAVEROOM, leaveRoom],
  [Rtype.CANCELROOM, cancelRoom],
  [Rtype.BLOCKROOM, blockRoom],
  [Rtype.BLOCKROOMLIST, blockRoomList],
]);
