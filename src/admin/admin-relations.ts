// Relations, rooms, history, offline rows, vrooms and permission checks for the admin API: the
// operations tim 2.1's Admiface offers beyond messages and accounts. Each is implemented once here;
// REST (rest-relations.ts) and Admiface (admiface/admiface-methods.ts) are two front doors to it.
//
// Two kinds of operation:
//  - acting as a user (`as`): the request runs through the client's own handler (act-as.ts), so
//    the same rules, refusals (tim codes) and notifications apply as when that user asks itself;
//  - as the administrator (seeding relations, issue 16 in the project's tracker): makeFriends and
//    addMember write the builtin tables directly under the business layer's locks, with no
//    permission rule between the two parties, then forget the cached answers so messaging follows
//    at once. They are idempotent: a second call changes nothing and says so.
// Unknown users answer 4106 (HTTP 404), unknown rooms 4109 (404), malformed input 4104 (400).
// Operations on the builtin tables answer 4107 (501) in external mode, where the deployer's
// backend owns relations (it calls POST /cache/invalidate after changing them).

import { actAs } from './act-as.js';
import { businessContextOf } from '../business/register-business.js';
import { BnType, Rtype, VroomRtype } from '../protocol/rtypes.js';
import type { BusinessContext } from '../business/context.js';
import { pairKey } from '../business/context.js';
import { notify, tidOf } from '../business/notify.js';
import { areFriends } from '../business/relations-repo.js';
import { inRoom } from '../business/room-rules.js';
import { MemberState, Role } from '../business/rooms-repo.js';
import { roomChat, userChat } from '../core/chat-key.js';
import { MAX_SAFE_ID } from '../core/ids.js';
import type { TimCore } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { vroomsOf, type VroomRegistry } from '../core/vroom/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { TimType } from '../protocol/timtype.js';
import type { TimMessage } from '../protocol/wire-types.js';
import { decodeMessage } from '../protocol/json-codec.js';

/** Most offline rows one peek returns. */
export const MAX_OFFLINE_PEEK = 1000;

/** The roster operations a user can ask for, by name (REST path and Admiface method agree). */
export type RosterAction = 'add' | 'remove' | 'block';
/** The room operations a user can ask for. `user` is the other party where the rtype has one. */
export type RoomAction = 'join' | 'pull' | 'reject' | 'kick' | 'leave' | 'cancel' | 'block' | 'block-member';

const ROSTER_RTYPE: Record<RosterAction, number> = { add: Rtype.ADDROSTER, remove: Rtype.REMOVEROSTER, block: Rtype.BLOCKROSTER };
const ROOM_RTYPE: Record<RoomAction, { rtype: number; user: boolean; msg: boolean }> = {
  join: { rtype: Rtype.ADDROOM, user: false, msg: true },
  pull: { rtype: Rtype.PULLROOM, user: true, msg: false },
  reject: { rtype: Rtype.NOPASSROOM, user: true, msg: true },
  kick: { rtype: Rtype.KICKROOM, user: true, msg: false },
  leave: { rtype: Rtype.LEAVEROOM, user: false, msg: false },
  cancel: { rtype: Rtype.CANCELROOM, user: false, msg: false },
  block: { rtype: Rtype.BLOCKROOM, user: false, msg: false },
  'block-member': { rtype: Rtype.BLOCKROOMMEMBER, user: true, msg: false },
};
export const ROOM_ACTIONS = Object.keys(ROOM_RTYPE) as RoomAction[];

/** One stored message, decoded as a client would receive it. */
export type StoredMessage = TimMessage;

export class AdminRelations {
  constructor(private readonly core: TimCore) {}

  // --- acting as a user ----------------------------------------------------------------------

  /** ADDROSTER / REMOVEROSTER / BLOCKROSTER as `as` towards `peer` (both modes where served). */
  async roster(as: unknown, action: RosterAction, peer: unknown, msg = '', domain?: string): Promise<void> {
    const from = await this.existingUser(as, 'as');
    const to = nodeOf(this.core, peer, 'peer');
    await actAs(this.core, from, domain, TimType.BUSINESS, { rtype: ROSTER_RTYPE[action], node: to, reqStr: msg });
  }

  /** A room operation as `as` (the table ROOM_RTYPE says which need a user and carry msg). */
  async room(as: unknown, action: RoomAction, room: unknown, opts: { user?: unknown; msg?: string; domain?: string } = {}): Promise<void> {
    const spec = ROOM_RTYPE[action];
    const from = await this.existingUser(as, 'as');
    const r = nodeOf(this.core, room, 'room');
    let node2: string | undefined;
    if (spec.user) {
      if (opts.user === undefined || opts.user === '') throw new TimError(ErrorCode.PARAMS, `${action} needs the user it acts on`);
      node2 = nodeOf(this.core, opts.user, 'user');
    }
    await actAs(this.core, from, opts.domain, TimType.BUSINESS, {
      rtype: spec.rtype,
      node: r,
      ...(node2 !== undefined ? { node2 } : {}),
      ...(spec.msg ? { reqStr: opts.msg ?? '' } : {}),
    });
  }

  // --- administrator writes (seeding) --------------------------------------------------------

  /** Makes `a` and `b` mutual friends (lifting blocks between them); both get bnType 5 when they
   *  were not friends yet. `changed` is false when they already were. */
  async makeFriends(a: unknown, b: unknown): Promise<{ changed: boolean }> {
    const ctx = this.builtin();
    const x = await this.existingUser(a, 'a');
    const y = await this.existingUser(b, 'b');
    if (x === y) throw new TimError(ErrorCode.PARAMS, 'a and b are the same user');
    return ctx.lock.run(pairKey(x, y), async () => {
      const { mine, theirs } = await ctx.relations.pair(x, y);
      if (areFriends(mine, theirs)) return { changed: false };
      const now = this.core.clock.nowMs();
      await ctx.relations.write(
        [
          { owner: x, peer: y, wants: true, blocks: false },
          { owner: y, peer: x, wants: true, blocks: false },
        ],
        now,
      );
      await this.core.forget(x, y);
      notify(this.core, [x], { bnType: BnType.FRIEND, fromTid: tidOf(y), toTid: tidOf(x) });
      notify(this.core, [y], { bnType: BnType.FRIEND, fromTid: tidOf(x), toTid: tidOf(y) });
      return { changed: true };
    });
  }

  /** Ends the friendship of `a` and `b` (both directions; blocks stay). `changed`: there was one. */
  async unfriend(a: unknown, b: unknown): Promise<{ changed: boolean }> {
    const ctx = this.builtin();
    const x = await this.existingUser(a, 'a');
    const y = await this.existingUser(b, 'b');
    return ctx.lock.run(pairKey(x, y), async () => {
      const { mine, theirs } = await ctx.relations.pair(x, y);
      if (!mine?.wants && !theirs?.wants) return { changed: false };
      await ctx.relations.write(
        [
          { owner: x, peer: y, wants: false, blocks: mine?.blocks ?? false },
          { owner: y, peer: x, wants: false, blocks: theirs?.blocks ?? false },
        ],
        this.core.clock.nowMs(),
      );
      await this.core.forget(x, y);
      return { changed: true };
    });
  }

  /** Makes `user` a member of `room` (an application is accepted; blocks between them are
   *  lifted); the user gets bnType 12 (pulled in). `added` is false when it already was one. */
  async addMember(room: unknown, user: unknown): Promise<{ added: boolean }> {
    const ctx = this.builtin();
    const r = nodeOf(this.core, room, 'room');
    const u = await this.existingUser(user, 'node');
    return inRoom(ctx, { node: r }, async (rec) => {
      const m = await ctx.rooms.member(rec.node, u);
      if (m?.state === MemberState.MEMBER) return { added: false };
      const blocks = await ctx.rooms.blocks(rec.node, u);
      await ctx.db.transaction('admin room add', async (trx) => {
        if (blocks.byRoom) await ctx.rooms.unblock(rec.node, u, true, trx);
        if (blocks.byUser) await ctx.rooms.unblock(rec.node, u, false, trx);
        await ctx.rooms.setMember(rec.node, u, MemberState.MEMBER, this.core.clock.nowMs(), trx);
      });
      await this.core.forget(rec.node);
      notify(this.core, [u], { bnType: BnType.PULLROOM, toTid: tidOf(u), roomTid: { node: rec.node } });
      return { added: true };
    });
  }

  /** Removes `user` (member or applicant) from `room`; the founder cannot be removed (4105).
   *  `removed` is false when it was neither. The user gets bnType 13 (kicked) if it was a member. */
  async removeMember(room: unknown, user: unknown): Promise<{ removed: boolean }> {
    const ctx = this.builtin();
    const r = nodeOf(this.core, room, 'room');
    const u = nodeOf(this.core, user, 'node');
    return inRoom(ctx, { node: r }, async (rec) => {
      const m = await ctx.rooms.member(rec.node, u);
      if (m === null) return { removed: false };
      if (m.role === Role.FOUNDER) throw new TimError(ErrorCode.PERM_DENIED, 'the founder cannot be removed; cancel the room instead');
      await ctx.rooms.removeMember(rec.node, u);
      await this.core.forget(rec.node);
      if (m.state === MemberState.MEMBER) notify(this.core, [u], { bnType: BnType.KICKROOM, toTid: tidOf(u), roomTid: { node: rec.node } });
      return { removed: true };
    });
  }

  // --- lists ---------------------------------------------------------------------------------

  /** The user's friends (`roster`, the same cached list message fan-out uses; both modes). */
  async friends(user: unknown): Promise<string[]> {
    const u = await this.existingUser(user, 'node');
    return [...(await this.core.rosters.friends(u))];
  }

  /** The rooms the user belongs to (`user.room`; both modes). */
  async userRooms(user: unknown): Promise<string[]> {
    const u = await this.existingUser(user, 'node');
    return this.core.store.userRooms(u);
  }

  /** The users `user` blocks (builtin mode). */
  async blockedUsers(user: unknown): Promise<string[]> {
    const u = await this.existingUser(user, 'node');
    return this.builtin().relations.blockedBy(u);
  }

  /** The rooms `user` blocks (builtin mode). */
  async blockedRooms(user: unknown): Promise<string[]> {
    const u = await this.existingUser(user, 'node');
    return this.builtin().rooms.roomsBlockedBy(u);
  }

  /** The users `room` blocks (builtin mode). With `as`: as that user sees it, which is nothing
   *  unless it is the founder or a manager (tim's BLOCKROOMMEMBERLIST). */
  async roomBlockedMembers(room: unknown, as?: unknown): Promise<string[]> {
    const ctx = this.builtin();
    const r = nodeOf(this.core, room, 'room');
    if (as !== undefined) {
      const u = await this.existingUser(as, 'as');
      const res = await actAs(this.core, u, undefined, TimType.BUSINESS, { rtype: Rtype.BLOCKROOMMEMBERLIST, node: r });
      return res.lists[0]?.nodelist ?? [];
    }
    return inRoom(ctx, { node: r }, (rec) => ctx.rooms.membersBlockedBy(rec.node));
  }

  // --- history and offline rows --------------------------------------------------------------

  /**
   * Chat history, newest first, as a client's PULLMESSAGE returns it: the chat of `user` with
   * `peer`, or of `room` (when `user` is given it must be a member: 4105, as for the client). At
   * most `limit` (clamped to limits.pullMax) messages with mid <= `mid` (0 or absent: the newest).
   */
  async history(q: { user?: unknown; peer?: unknown; room?: unknown; mid?: number; limit?: number }): Promise<StoredMessage[]> {
    const { core } = this;
    let chat: string;
    if (q.room !== undefined) {
      const room = nodeOf(core, q.room, 'room');
      if (!(await core.perms.roomExists(room))) throw new TimError(ErrorCode.NOEXIST, `room ${room} does not exist`);
      if (q.user !== undefined) {
        const u = await this.existingUser(q.user, 'user');
        if (!(await core.perms.roomAuth(room, u))) throw new TimError(ErrorCode.PERM_DENIED, `${u} is not a member of ${room}`);
      }
      chat = roomChat(room);
    } else {
      if (q.user === undefined || q.peer === undefined) throw new TimError(ErrorCode.PARAMS, 'give a room, or a user and a peer');
      const u = await this.existingUser(q.user, 'user');
      const p = nodeOf(core, q.peer, 'peer');
      chat = userChat(u, p);
    }
    const cursor = q.mid !== undefined && q.mid > 0 ? Math.min(q.mid, MAX_SAFE_ID) : MAX_SAFE_ID;
    const limit = Math.min(q.limit !== undefined && q.limit > 0 ? q.limit : core.limits.pullMax, core.limits.pullMax);
    const rows = await core.store.getMessages(chat, cursor, limit);
    return rows.flatMap((r) => parsed(r.stanza));
  }

  /** The user's offline rows, oldest first, without delivering or deleting them. */
  async offline(user: unknown, limit?: number): Promise<{ id: number | string; message: StoredMessage }[]> {
    const u = await this.existingUser(user, 'node');
    const n = Math.min(limit !== undefined && limit > 0 ? limit : 100, MAX_OFFLINE_PEEK);
    const rows = await this.core.store.getOffline(u, n);
    return rows.flatMap((r) => parsed(r.stanza).map((message) => ({ id: r.id, message })));
  }

  /** Deletes these offline rows of the user (ids from offline()); unknown ids are ignored. */
  async deleteOffline(user: unknown, ids: readonly unknown[]): Promise<number> {
    const u = await this.existingUser(user, 'node');
    if (ids.length === 0) throw new TimError(ErrorCode.PARAMS, 'no ids');
    const list = ids.map((id, i) => {
      if ((typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(id))) return id;
      throw new TimError(ErrorCode.PARAMS, `ids[${i}] ${JSON.stringify(id)} is not an offline row id`);
    });
    await this.core.store.deleteOffline(u, list);
    return list.length;
  }

  /** Deletes the user's offline rows holding messages with these message ids (Admiface's
   *  DelOfflineMsg: its OfflineMsg shows messages, not row ids). Looks at the oldest
   *  MAX_OFFLINE_PEEK rows; returns how many rows went. */
  async deleteOfflineMessages(user: unknown, messageIds: readonly number[]): Promise<number> {
    const u = await this.existingUser(user, 'node');
    if (messageIds.length === 0) throw new TimError(ErrorCode.PARAMS, 'no ids');
    const wanted = new Set(messageIds);
    const rows = await this.core.store.getOffline(u, MAX_OFFLINE_PEEK);
    const ids = rows.filter((r) => parsed(r.stanza).some((m) => m.id !== undefined && wanted.has(m.id))).map((r) => r.id);
    if (ids.length > 0) await this.core.store.deleteOffline(u, ids);
    return ids.length;
  }

  // --- vrooms --------------------------------------------------------------------------------

  /** Removes a vroom: as its founder `as` (ignored when `as` did not found it, as tim), or as the
   *  administrator (any vroom). `removed`: it existed and is gone. */
  removeVroom(vnode: unknown, as?: unknown): Promise<{ removed: boolean }> {
    const vrooms = this.vrooms();
    const v = nodeOf(this.core, vnode, 'vnode');
    const room = vrooms.get(v);
    const by = as === undefined ? room?.founder : nodeOf(this.core, as, 'as');
    const removed = room !== undefined && by !== undefined && vrooms.remove(v, by);
    if (removed) this.core.peers.vrooms.removed(v);
    return Promise.resolve({ removed });
  }

  /** Grants (`add`) or withdraws push rights on a vroom; as founder `as`, or as the administrator. */
  async vroomPusher(vnode: unknown, user: unknown, add: boolean, as?: unknown): Promise<void> {
    const vrooms = this.vrooms();
    const v = nodeOf(this.core, vnode, 'vnode');
    if (as !== undefined) {
      const from = await this.existingUser(as, 'as');
      const u = nodeOf(this.core, user, 'user');
      await actAs(this.core, from, undefined, TimType.VROOM, { rtype: add ? VroomRtype.ADDAUTH : VroomRtype.RMAUTH, node: v, node2: u });
      return;
    }
    const room = vrooms.get(v);
    if (room === undefined || room.founder === undefined) throw new TimError(ErrorCode.NOEXIST, `vroom ${v} does not exist`);
    if (add) room.pushers.add(await this.existingUser(user, 'user'));
    else room.pushers.delete(nodeOf(this.core, user, 'user'));
  }

  /** Subscribes (or, with `subscribe` false, unsubscribes) the connection `connection` (its id in
   *  GET /connections) of `user` to a vroom, on this server. `binary`: frames 97 instead of 94. */
  async vroomSubscription(vnode: unknown, user: unknown, connection: number, subscribe: boolean, binary = false): Promise<void> {
    const { core } = this;
    const vrooms = this.vrooms();
    const v = nodeOf(core, vnode, 'vnode');
    const u = nodeOf(core, user, 'user');
    const s = core.registry.sessionsOf(u).find((x) => x.id === connection);
    if (s === undefined || s.closed) throw new TimError(ErrorCode.NOEXIST, `user ${u} has no connection ${connection} on this server`);
    if (!subscribe) {
      vrooms.unsubscribe(v, s);
      return;
    }
    vrooms.subscribe(v, s, binary ? 'binary' : 'json', () => s.onClose(() => vrooms.sessionClosed(s)));
    await core.peers.vrooms.subscribed(v);
  }

  /** The vroom's founder, push rights and subscriber count, or undefined. */
  vroomInfo(vnode: unknown): { vnode: string; founder?: string; pushers: string[]; subscribers: number } | undefined {
    const v = nodeOf(this.core, vnode, 'vnode');
    const room = this.vrooms().get(v);
    if (room === undefined) return undefined;
    return { vnode: v, ...(room.founder !== undefined ? { founder: room.founder } : {}), pushers: [...room.pushers].sort(), subscribers: room.subscribers.size };
  }

  // --- permission checks ---------------------------------------------------------------------

  /** May `from` message `to` (user.auth, cached as on the message path)? */
  async mayMessage(from: unknown, to: unknown): Promise<boolean> {
    const f = await this.existingUser(from, 'from');
    const t = await this.existingUser(to, 'to');
    return this.core.perms.userAuth(f, t);
  }

  /** May `user` post in (and read) `room` (room.auth)? */
  async mayPost(user: unknown, room: unknown): Promise<boolean> {
    const u = await this.existingUser(user, 'user');
    const r = nodeOf(this.core, room, 'room');
    if (!(await this.core.perms.roomExists(r))) throw new TimError(ErrorCode.NOEXIST, `room ${r} does not exist`);
    return this.core.perms.roomAuth(r, u);
  }

  // --- helpers -------------------------------------------------------------------------------

  private async existingUser(node: unknown, field: string): Promise<string> {
    if (node === undefined || node === '') throw new TimError(ErrorCode.PARAMS, `${field} is required`);
    const n = nodeOf(this.core, node, field);
    if (!(await this.core.perms.userExists(n))) throw new TimError(ErrorCode.ACCOUNT, `user ${n} does not exist`);
    return n;
  }

  private builtin(): BusinessContext {
    const ctx = businessContextOf(this.core);
    if (this.core.mode !== 'builtin' || ctx === undefined) {
      throw new TimError(ErrorCode.INTERFACE, 'relations are kept by your own system in external mode; change them there and call POST /cache/invalidate');
    }
    return ctx;
  }

  private vrooms(): VroomRegistry {
    const v = vroomsOf(this.core);
    if (v === undefined) throw new TimError(ErrorCode.INTERFACE, 'virtual rooms are not enabled on this server');
    return v;
  }
}

/** A syntactically valid node, else 4106 naming the field (as admin-messages.ts checkNodes). */
function nodeOf(core: TimCore, v: unknown, field: string): string {
  if (!core.perms.isValidNode(v)) throw new TimError(ErrorCode.ACCOUNT, `${field} ${JSON.stringify(v)} is not a valid node`);
  return v;
}

/** A stored stanza decoded; a row that holds no valid message is skipped. */
function parsed(stanza: string): StoredMessage[] {
  const t = stanza.trim();
  if (!t.startsWith('{')) return [];
  try {
    return [decodeMessage(Buffer.from(t))];
  } catch {
    return [];
  }
}

/** A message as REST JSON: timestamp as decimal text (it exceeds 2^53), bytes as base64. */
export function messageJson(m: TimMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined) continue;
    if (typeof v === 'bigint') out[k] = v.toString();
    else if (Buffer.isBuffer(v)) out[k] = v.toString('base64');
    else if (k === 'extra' && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Buffer>).map(([ek, ev]) => [ek, Buffer.from(ev).toString('base64')]));
    } else out[k] = v;
  }
  return out;
}
