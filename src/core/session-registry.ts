// The sessions of this process: every open socket, and the authenticated ones by node, oldest
// first. The cluster issue adds a cluster-wide registry beside it; this one stays the local truth.
//
// Room fan-out lists (`roomSessions`): for a room's roster as core/roster-cache.ts hands it out (one
// frozen array per cached list), the open sessions of its members, kept so that a room message
// looks up no member. A kept list is rebuilt on its next use when the roster is another array (the
// roster cache forgot or reloaded the room: a join, a leave, the room's removal) or when one of its
// members logged in or out here (bind/remove reach the lists through an index by member). Bounded
// by ROOM_LISTS_MAX lists and ROOM_SLOTS_MAX roster entries in all, oldest built first out.

import type { Session } from './session.js';

/** The kept fan-out list of one room. */
interface RoomLive {
  readonly room: string;
  /** the roster it was built from (compared by identity) */
  roster: readonly string[];
  /** undefined: a member logged in or out since it was built */
  sessions: Session[] | undefined;
}

/** At most this many rooms' lists are kept ... */
export const ROOM_LISTS_MAX = 1024;
/** ... holding at most this many roster entries in all (each is one index entry by member). */
export const ROOM_SLOTS_MAX = 200_000;

export class SessionRegistry {
  private readonly byNode = new Map<string, Session[]>();
  private readonly all = new Set<Session>();
  /** kept fan-out lists by room, oldest built first */
  private readonly rooms = new Map<string, RoomLive>();
  /** the kept lists whose roster holds each node */
  private readonly roomsOf = new Map<string, RoomLive[]>();
  private roomSlots = 0;

  add(s: Session): void {
    this.all.add(s);
  }

  /** Registers an authenticated session under its node. */
  bind(s: Session): void {
    const list = this.byNode.get(s.node);
    if (list) list.push(s);
    else this.byNode.set(s.node, [s]);
    this.staleRooms(s.node);
  }

  /** Removes a closed session; returns true when it was its node's last one. */
  remove(s: Session): boolean {
    this.all.delete(s);
    if (!s.authed) return false;
    const list = this.byNode.get(s.node);
    if (!list) return false;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    this.staleRooms(s.node);
    if (list.length > 0) return false;
    this.byNode.delete(s.node);
    return true;
  }

  /**
   * The open sessions of the nodes of `roster`, in roster order, each node's oldest first: what a
   * room message is written to here. `keep`: `roster` is the roster cache's current array for
   * `room`, so the list is kept for the next call with the same array (see the top of this file);
   * otherwise it is built for this call only. The caller must not change the list.
   */
  roomSessions(room: string, roster: readonly string[], keep: boolean): readonly Session[] {
    let r = this.rooms.get(room);
    if (r !== undefined && r.roster === roster && r.sessions !== undefined) return r.sessions;
    const sessions: Session[] = [];
    for (const m of roster) {
      const list = this.byNode.get(m);
      if (list !== undefined) for (const s of list) sessions.push(s);
    }
    if (!keep || roster.length > ROOM_SLOTS_MAX) {
      if (r !== undefined) this.dropRoom(r);
      return sessions;
    }
    if (r !== undefined && r.roster === roster) {
      r.sessions = sessions;
      return sessions;
    }
    if (r !== undefined) this.dropRoom(r);
    // Maps iterate in insertion order: drop the oldest until the new list fits.
    for (const old of this.rooms.values()) {
      if (this.rooms.size < ROOM_LISTS_MAX && this.roomSlots + roster.length <= ROOM_SLOTS_MAX) break;
      this.dropRoom(old);
    }
    r = { room, roster, sessions };
    this.rooms.set(room, r);
    this.roomSlots += roster.length;
    for (const m of roster) {
      const of = this.roomsOf.get(m);
      if (of === undefined) this.roomsOf.set(m, [r]);
      else if (of[of.length - 1] !== r) of.push(r);
    }
    return sessions;
  }

  /** How many rooms' fan-out lists are kept, and their roster entries in all (tests, metrics). */
  get roomListCount(): { rooms: number; slots: number } {
    return { rooms: this.rooms.size, slots: this.roomSlots };
  }

  /** `node` logged in or out: the kept lists holding it are rebuilt on their next use. */
  private staleRooms(node: string): void {
    const of = this.roomsOf.get(node);
    if (of !== undefined) for (const r of of) r.sessions = undefined;
  }

  private dropRoom(r: RoomLive): void {
    this.rooms.delete(r.room);
    this.roomSlots -= r.roster.length;
    for (const m of r.roster) {
      const of = this.roomsOf.get(m);
      if (of === undefined) continue;
      const rest = of.filter((x) => x !== r);
      if (rest.length === 0) this.roomsOf.delete(m);
      else if (rest.length !== of.length) this.roomsOf.set(m, rest);
    }
  }

  sessionsOf(node: string): readonly Session[] {
    return this.byNode.get(node) ?? EMPTY;
  }

  isOnline(node: string): boolean {
    return this.byNode.has(node);
  }

  /** The most recent login among the node's open sessions (tim's kick window), if any. */
  lastAuthAt(node: string): number | undefined {
    let last: number | undefined;
    for (const s of this.sessionsOf(node)) if (last === undefined || s.authedAt > last) last = s.authedAt;
    return last;
  }

  sessions(): IterableIterator<Session> {
    return this.all.values();
  }

  nodes(): IterableIterator<string> {
    return this.byNode.keys();
  }

  get connectionCount(): number {
    return this.all.size;
  }

  get onlineUserCount(): number {
    return this.byNode.size;
  }
}

const EMPTY: readonly Session[] = Object.freeze([]);
