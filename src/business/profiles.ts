// TIMNODES (42), docs/protocol.md 8.3: user and room profiles in builtin mode.
//
//  ntype 4 USERINFO   {ntype:4, usermap} for the listed users that have set a profile (the request
//                     echoed back); users who never set one are left out, as tim does
//  ntype 5 ROOMINFO   {ntype:5, roommap} for the listed rooms that exist and are not cancelled
//  ntype 6 MODIFYUSER usermap with exactly one bean (key ignored): merged into my profile
//  ntype 7 MODIFYROOM roommap {room: bean} with exactly one entry: founder or managers; only the
//                     founder may set `managers` (who must be members of the room)
// Lookups that find nothing are answered with silence. External mode answers 4107 (the profiles
// live in the builtin tables); other ntypes 4104. Errors go out with timType 42.

import type { Session } from '../core/session.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../protocol/frame-codec.js';
import { decodeNodes, encodeNodes } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import type { TimNodes, TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
import { Ntype } from '../protocol/rtypes.js';
import type { BusinessContext } from './context.js';
import { mergeRoomProfile, mergeUserProfile, roomBean, userBean } from './profile-json.js';
import { inRoom } from './room-rules.js';
import { isAdmin, Role, RoomStatus } from './rooms-repo.js';

/** Most nodes looked up by one USERINFO/ROOMINFO request (the rest are ignored), and most
 *  managers one MODIFYROOM may set (more is refused with 4104 before the member lookup: the list
 *  would go whole into one SQL IN). */
export const MAX_LOOKUP = 500;

export async function handleNodes(ctx: BusinessContext, s: Session, frame: Buffer): Promise<void> {
  const req = decodeNodes(frameBody(frame));
  const builtin = ctx.core.mode === 'builtin';
  switch (req.ntype) {
    case Ntype.USERINFO:
    case Ntype.ROOMINFO:
    case Ntype.MODIFYUSER:
    case Ntype.MODIFYROOM:
      if (!builtin) throw new TimError(ErrorCode.INTERFACE, 'profiles are a builtin-mode feature');
      break;
    default:
      throw new TimError(ErrorCode.PARAMS, 'unknown ntype');
  }
  if (req.ntype === Ntype.USERINFO) return userInfo(ctx, s, req);
  if (req.ntype === Ntype.ROOMINFO) return roomInfo(ctx, s, req);
  if (req.ntype === Ntype.MODIFYUSER) return modifyUser(ctx, s, req);
  return modifyRoom(ctx, s, req);
}

/** The valid, distinct nodes of the request's nodelist (at most MAX_LOOKUP). */
function lookupList(ctx: BusinessContext, req: TimNodes): string[] {
  const nodes = new Set<string>();
  for (const n of req.nodelist ?? []) {
    if (nodes.size >= MAX_LOOKUP) break;
    if (ctx.core.perms.isValidNode(n)) nodes.add(n);
  }
  return [...nodes];
}

async function userInfo(ctx: BusinessContext, s: Session, req: TimNodes): Promise<void> {
  const usermap: Record<string, TimUserBean> = {};
  for (const u of await ctx.users.users(lookupList(ctx, req))) if (u.profile !== null) usermap[u.node] = userBean(u);
  if (Object.keys(usermap).length === 0) return;
  reply(ctx, s, { ...req, ntype: Ntype.USERINFO, usermap });
}

async function roomInfo(ctx: BusinessContext, s: Session, req: TimNodes): Promise<void> {
  const rooms = (await ctx.rooms.rooms(lookupList(ctx, req))).filter((r) => r.status === RoomStatus.ALIVE);
  if (rooms.length === 0) return;
  const managers = await ctx.rooms.managersOf(rooms.map((r) => r.node));
  const roommap: Record<string, TimRoomBean> = {};
  for (const r of rooms) roommap[r.node] = roomBean(r, managers.get(r.node) ?? []);
  reply(ctx, s, { ...req, ntype: Ntype.ROOMINFO, roommap });
}

async function modifyUser(ctx: BusinessContext, s: Session, req: TimNodes): Promise<void> {
  const beans = Object.values(req.usermap ?? {});
  if (beans.length !== 1) throw new TimError(ErrorCode.PARAMS, 'usermap must hold exactly one profile');
  await ctx.lock.run(`user:${s.node}`, async () => {
    const me = await ctx.users.user(s.node);
    if (me === null) throw new TimError(ErrorCode.ACCOUNT);
    await ctx.users.setProfile(s.node, mergeUserProfile(me.profile, beans[0]));
  });
  ctx.core.ack(s, { ok: true, timType: TimType.NODES, t: Ntype.MODIFYUSER });
}

async function modifyRoom(ctx: BusinessContext, s: Session, req: TimNodes): Promise<void> {
  const entries = Object.entries(req.roommap ?? {});
  if (entries.length !== 1) throw new TimError(ErrorCode.PARAMS, 'roommap must hold exactly one room');
  const [node, bean] = entries[0];
  await inRoom(ctx, { node }, async (room) => {
    const me = await ctx.rooms.member(room.node, s.node);
    if (!isAdmin(me)) throw new TimError(ErrorCode.PERM_DENIED, 'founder or manager only');
    let managers: string[] | undefined;
    if (bean.managers !== undefined) {
      if (me.role !== Role.FOUNDER) throw new TimError(ErrorCode.PERM_DENIED, 'only the founder sets managers');
      managers = [...new Set(bean.managers.filter((m) => m !== room.founder))];
      if (managers.length > MAX_LOOKUP) throw new TimError(ErrorCode.PARAMS, `more than ${MAX_LOOKUP} managers`);
      const members = await ctx.rooms.membersAmong(room.node, managers);
      if (members.size !== managers.length) throw new TimError(ErrorCode.PARAMS, 'managers must be members of the room');
    }
    const profile = mergeRoomProfile(room.profile, bean);
    await ctx.db.transaction('room modify', async (trx) => {
      await ctx.rooms.setProfile(room.node, profile, trx);
      if (managers !== undefined) await ctx.rooms.setManagers(room.node, managers, trx);
    });
  });
  ctx.core.ack(s, { ok: true, timType: TimType.NODES, t: Ntype.MODIFYROOM });
}

function reply(ctx: BusinessContext, s: Session, nodes: TimNodes): void {
  ctx.core.write(s, encodeFrame(TimType.NODES, encodeNodes(nodes)));
}
