// tim_room, tim_room_member and tim_room_block: groups, their members and applicants, and blocks in
// both directions. The room's founder is a member row with role FOUNDER (and tim_room.founder);
// managers are member rows with role MANAGER. tim_room.profile holds the rest of the TimRoomBean
// (topic, cover, label, kind, extend, extra) as JSON text.

import type { Knex } from 'knex';
import { num, str, text, type BuiltinDb, type Row } from '../store/builtin-db.js';

export const Gtype = { PRIVATE: 1, OPEN: 2 } as const;
export const RoomStatus = { ALIVE: 1, CANCELLED: 2 } as const;
export const MemberState = { PENDING: 1, MEMBER: 2 } as const;
export const Role = { MEMBER: 0, MANAGER: 1, FOUNDER: 2 } as const;

export interface RoomRecord {
  node: string;
  founder: string;
  gtype: number;
  status: number;
  /** the stored profile JSON text, or null */
  profile: string | null;
  /** milliseconds since the epoch */
  createdAt: number;
}

export interface Membership {
  state: number;
  role: number;
}

/** A member row that may administer the room (founder or manager, not a pending applicant). */
export function isAdmin(m: Membership | null): m is Membership {
  return m !== null && m.state === MemberState.MEMBER && m.role >= Role.MANAGER;
}

const ROOM = 'tim_room';
const MEMBER = 'tim_room_member';
const BLOCK = 'tim_room_block';

export class RoomsRepo {
  constructor(private readonly db: BuiltinDb) {}

  async room(node: string): Promise<RoomRecord | null> {
    return (await this.rooms([node]))[0] ?? null;
  }

  /** The rooms among `nodes` that exist (any status), in no particular order. */
  async rooms(nodes: string[]): Promise<RoomRecord[]> {
    if (nodes.length === 0) return [];
    const { db } = this;
    const cols = ['node', 'founder', 'gtype', 'status', 'profile', 'created_at'].map((c) => db.id(c));
    const rows: Row[] = await db.run('room read', () =>
      db.table(ROOM).select(cols).whereIn(db.id('node'), nodes).options(db.readOptions),
    );
    return rows.map((r) => ({
      node: str(r, 'node'),
      founder: str(r, 'founder'),
      gtype: num(r, 'gtype'),
      status: num(r, 'status'),
      profile: text(r, 'profile'),
      createdAt: num(r, 'created_at'),
    }));
  }

  /** Creates an alive room with its founder as the only member. */
  async create(room: { node: string; founder: string; gtype: number; profile: string; createdAt: number }): Promise<void> {
    const { db } = this;
    await db.transaction('room create', async (trx) => {
      await db.table(ROOM, trx).insert(
        db.row({
          node: room.node,
          founder: room.founder,
          gtype: room.gtype,
          status: RoomStatus.ALIVE,
          profile: room.profile,
          created_at: room.createdAt,
        }),
      );
      await db
        .table(MEMBER, trx)
        .insert(db.row({ room: room.node, node: room.founder, state: MemberState.MEMBER, role: Role.FOUNDER, created_at: room.createdAt }));
    });
  }

  async member(room: string, node: string): Promise<Membership | null> {
    const { db } = this;
    const rows: Row[] = await db.run('member read', () =>
      db.table(MEMBER).select(db.id('state'), db.id('role')).where(db.row({ room, node })),
    );
    const r = rows[0];
    return r === undefined ? null : { state: num(r, 'state'), role: num(r, 'role') };
  }

  /** Founder and managers (members with role >= MANAGER). */
  async admins(room: string): Promise<string[]> {
    const { db } = this;
    const rows: Row[] = await db.run('admin list', () =>
      db
        .table(MEMBER)
        .select(db.id('node'))
        .where(db.row({ room, state: MemberState.MEMBER }))
        .where(db.id('role'), '>=', Role.MANAGER)
        .orderBy(db.id('role'), 'desc'),
    );
    return rows.map((r) => str(r, 'node'));
  }

  /** The managers of each room (founders excluded). */
  async managersOf(rooms: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (rooms.length === 0) return out;
    const { db } = this;
    const rows: Row[] = await db.run('manager list', () =>
      db
        .table(MEMBER)
        .select(db.id('room'), db.id('node'))
        .whereIn(db.id('room'), rooms)
        .where(db.row({ state: MemberState.MEMBER, role: Role.MANAGER }))
        .orderBy(db.id('node')),
    );
    for (const r of rows) {
      const room = str(r, 'room');
      const list = out.get(room);
      if (list) list.push(str(r, 'node'));
      else out.set(room, [str(r, 'node')]);
    }
    return out;
  }

  /** Members (not applicants). */
  async memberCount(room: string): Promise<number> {
    const { db } = this;
    const rows: Row[] = await db.run('member count', () =>
      db.table(MEMBER).count({ n: '*' }).where(db.row({ room, state: MemberState.MEMBER })),
    );
    const r = rows[0];
    return r === undefined ? 0 : Number(Object.values(r)[0]);
  }

  /** Inserts the member row with role MEMBER, or changes the state of an existing one (role kept). */
  async setMember(room: string, node: string, state: number, now: number, trx?: Knex.Transaction): Promise<void> {
    const { db } = this;
    await db.run('member write', async () => {
      const key = db.row({ room, node });
      const changed = await db.table(MEMBER, trx).where(key).update(db.row({ state }));
      if (Number(changed) === 0) await db.table(MEMBER, trx).insert(db.row({ room, node, state, role: Role.MEMBER, created_at: now }));
    });
  }

  async removeMember(room: string, node: string, trx?: Knex.Transaction): Promise<void> {
    const { db } = this;
    await db.run('member delete', () => db.table(MEMBER, trx).where(db.row({ room, node })).delete());
  }

  /** Makes exactly `managers` (members of the room) its managers; the founder keeps its role. */
  async setManagers(room: string, managers: string[], trx: Knex.Transaction): Promise<void> {
    const { db } = this;
    const base = () => db.table(MEMBER, trx).where(db.row({ room })).whereNot(db.id('role'), Role.FOUNDER);
    await base().update(db.row({ role: Role.MEMBER }));
    if (managers.length > 0) {
      await base().where(db.row({ state: MemberState.MEMBER })).whereIn(db.id('node'), managers).update(db.row({ role: Role.MANAGER }));
    }
  }

  /** Which of `nodes` are members (not applicants) of the room. */
  async membersAmong(room: string, nodes: string[]): Promise<Set<string>> {
    if (nodes.length === 0) return new Set();
    const { db } = this;
    const rows: Row[] = await db.run('member read', () =>
      db.table(MEMBER).select(db.id('node')).where(db.row({ room, state: MemberState.MEMBER })).whereIn(db.id('node'), nodes),
    );
    return new Set(rows.map((r) => str(r, 'node')));
  }

  async setProfile(room: string, profile: string, trx: Knex.Transaction): Promise<void> {
    const { db } = this;
    await db.table(ROOM, trx).where(db.row({ node: room })).update(db.row({ profile }));
  }

  /** Marks the room cancelled and drops its member rows and applications. */
  async cancel(room: string): Promise<void> {
    const { db } = this;
    await db.transaction('room cancel', async (trx) => {
      await db.table(ROOM, trx).where(db.row({ node: room })).update(db.row({ status: RoomStatus.CANCELLED }));
      await db.table(MEMBER, trx).where(db.row({ room })).delete();
    });
  }

  /** Blocks between the room and the user: by the room (`byRoom`) and by the user (`byUser`). */
  async blocks(room: string, node: string): Promise<{ byRoom: boolean; byUser: boolean }> {
    const { db } = this;
    const rows: Row[] = await db.run('room block read', () =>
      db.table(BLOCK).select(db.id('by_room')).where(db.row({ room, node })),
    );
    const kinds = new Set(rows.map((r) => num(r, 'by_room')));
    return { byRoom: kinds.has(1), byUser: kinds.has(0) };
  }

  /** Adds a block (idempotent). */
  async block(room: string, node: string, byRoom: boolean, now: number, trx?: Knex.Transaction): Promise<void> {
    const { db } = this;
    await db.run('room block write', async () => {
      const key = db.row({ room, node, by_room: byRoom ? 1 : 0 });
      const found: Row[] = await db.table(BLOCK, trx).select(db.id('room')).where(key);
      if (found.length === 0) await db.table(BLOCK, trx).insert({ ...key, ...db.row({ created_at: now }) });
    });
  }

  async unblock(room: string, node: string, byRoom: boolean, trx?: Knex.Transaction): Promise<void> {
    const { db } = this;
    await db.run('room block delete', () => db.table(BLOCK, trx).where(db.row({ room, node, by_room: byRoom ? 1 : 0 })).delete());
  }

  /** Rooms `node` has blocked. */
  async roomsBlockedBy(node: string): Promise<string[]> {
    const { db } = this;
    const rows: Row[] = await db.run('room block list', () =>
      db.table(BLOCK).select(db.id('room')).where(db.row({ node, by_room: 0 })).orderBy(db.id('room')),
    );
    return rows.map((r) => str(r, 'room'));
  }

  /** Users the room has blocked. */
  async membersBlockedBy(room: string): Promise<string[]> {
    const { db } = this;
    const rows: Row[] = await db.run('member block list', () =>
      db.table(BLOCK).select(db.id('node')).where(db.row({ room, by_room: 1 })).orderBy(db.id('node')),
    );
    return rows.map((r) => str(r, 'node'));
  }
}
