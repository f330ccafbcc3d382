// tim_room, tim_room_member and tim_room_block: groups, their members and applicants, and blocks in
// both directions. The room's founder is a member row with role FOUNDER (and tim_room.founder);
// managers are member rows with role MANAGER. tim_room.profile holds the rest of the TimRoomBean
// (topic, cover, label, kind, extend, extra) as JSON text.
import { num, str, text } from './builtin-db.js';
export const Gtype = { PRIVATE: 1, OPEN: 2 };
export const RoomStatus = { ALIVE: 1, CANCELLED: 2 };
export const MemberState = { PENDING: 1, MEMBER: 2 };
export const Role = { MEMBER: 0, MANAGER: 1, FOUNDER: 2 };
/** A member row that may administer the room (founder or manager, not a pending applicant). */
export function isAdmin(m) {
    return m !== null && m.state === MemberState.MEMBER && m.role >= Role.MANAGER;
}
const ROOM = 'tim_room';
const MEMBER = 'tim_room_member';
const BLOCK = 'tim_room_block';
export class RoomsRepo {
    db;
    constructor(db) {
        this.db = db;
    }
    async room(node) {
        return (await this.rooms([node]))[0] ?? null;
    }
    /** The rooms among `nodes` that exist (any status), in no particular order. */
    async rooms(nodes) {
        if (nodes.length === 0)
            return [];
        const { db } = this;
        const cols = ['node', 'founder', 'gtype', 'status', 'profile', 'created_at'].map((c) => db.id(c));
        const rows = await db.run('room read', () => db.table(ROOM).select(cols).whereIn(db.id('node'), nodes).options(db.readOptions));
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
    async create(room) {
        const { db } = this;
        await db.transaction('room create', async (trx) => {
            await db.table(ROOM, trx).insert(db.row({
                node: room.node,
                founder: room.founder,
                gtype: room.gtype,
                status: RoomStatus.ALIVE,
                profile: room.profile,
                created_at: room.createdAt,
            }));
            await db
                .table(MEMBER, trx)
                .insert(db.row({ room: room.node, node: room.founder, state: MemberState.MEMBER, role: Role.FOUNDER, created_at: room.createdAt }));
        });
    }
    async member(room, node) {
        const { db } = this;
        const rows = await db.run('member read', () => db.table(MEMBER).select(db.id('state'), db.id('role')).where(db.row({ room, node })));
        const r = rows[0];
        return r === undefined ? null : { state: num(r, 'state'), role: num(r, 'role') };
    }
    /** Founder and managers (members with role >= MANAGER). */
    async admins(room) {
        const { db } = this;
        const rows = await db.run('admin list', () => db
            .table(MEMBER)
            .select(db.id('node'))
            .where(db.row({ room, state: MemberState.MEMBER }))
            .where(db.id('role'), '>=', Role.MANAGER)
            .orderBy(db.id('role'), 'desc'));
        return rows.map((r) => str(r, 'node'));
    }
    /** The managers of each room (founders excluded). */
    async managersOf(rooms) {
        const out = new Map();
        if (rooms.length === 0)
            return out;
        const { db } = this;
        const rows = await db.run('manager list', () => db
            .table(MEMBER)
            .select(db.id('room'), db.id('node'))
            .whereIn(db.id('room'), rooms)
            .where(db.row({ state: MemberState.MEMBER, role: Role.MANAGER }))
            .orderBy(db.id('node')));
        for (const r of rows) {
            const room = str(r, 'room');
            const list = out.get(room);
            if (list)
                list.push(str(r, 'node'));
            else
                out.set(room, [str(r, 'node')]);
        }
        return out;
    }
    /** Members (not applicants). */
    async memberCount(room) {
        const { db } = this;
        const rows = await db.run('member count', () => db.table(MEMBER).count({ n: '*' }).where(db.row({ room, state: MemberState.MEMBER })));
        const r = rows[0];
        return r === undefined ? 0 : Number(Object.values(r)[0]);
    }
    /** Inserts the member row with role MEMBER, or changes the state of an existing one (role kept). */
    async setMember(room, node, state, now, trx) {
        const { db } = this;
        await db.run('member write', async () => {
            const key = db.row({ room, node });
            const changed = await db.table(MEMBER, trx).where(key).update(db.row({ state }));
            if (Number(changed) === 0)
                await db.table(MEMBER, trx).insert(db.row({ room, node, state, role: Role.MEMBER, created_at: now }));
        });
    }
    async removeMember(room, node, trx) {
        const { db } = this;
        await db.run('member delete', () => db.table(MEMBER, trx).where(db.row({ room, node })).delete());
    }
    /** Makes exactly `managers` (members of the room) its managers; the founder keeps its role. */
    async setManagers(room, managers, trx) {
        const { db } = this;
        const base = () => db.table(MEMBER, trx).where(db.row({ room })).whereNot(db.id('role'), Role.FOUNDER);
        await base().update(db.row({ role: Role.MEMBER }));
        if (managers.length > 0) {
            await base().where(db.row({ state: MemberState.MEMBER })).whereIn(db.id('node'), managers).update(db.row({ role: Role.MANAGER }));
        }
    }
    /** Which of `nodes` are members (not applicants) of the room. */
    async membersAmong(room, nodes) {
        if (nodes.length === 0)
            return new Set();
        const { db } = this;
        const rows = await db.run('member read', () => db.table(MEMBER).select(db.id('node')).where(db.row({ room, state: MemberState.MEMBER })).whereIn(db.id('node'), nodes));
        return new Set(rows.map((r) => str(r, 'node')));
    }
    async setProfile(room, profile, trx) {
        const { db } = this;
        await db.table(ROOM, trx).where(db.row({ node: room })).update(db.row({ profile }));
    }
    /** Marks the room cancelled and drops its member rows and applications. */
    async cancel(room) {
        const { db } = this;
        await db.transaction('room cancel', async (trx) => {
            await db.table(ROOM, trx).where(db.row({ node: room })).update(db.row({ status: RoomStatus.CANCELLED }));
            await db.table(MEMBER, trx).where(db.row({ room })).delete();
        });
    }
    /** Blocks between the room and the user: by the room (`byRoom`) and by the user (`byUser`). */
    async blocks(room, node) {
        const { db } = this;
        const rows = await db.run('room block read', () => db.table(BLOCK).select(db.id('by_room')).where(db.row({ room, node })));
        const kinds = new Set(rows.map((r) => num(r, 'by_room')));
        return { byRoom: kinds.has(1), byUser: kinds.has(0) };
    }
    /** Adds a block (idempotent). */
    async block(room, node, byRoom, now, trx) {
        const { db } = this;
        await db.run('room block write', async () => {
            const key = db.row({ room, node, by_room: byRoom ? 1 : 0 });
            const found = await db.table(BLOCK, trx).select(db.id('room')).where(key);
            if (found.length === 0)
                await db.table(BLOCK, trx).insert({ ...key, ...db.row({ created_at: now }) });
        });
    }
    async unblock(room, node, byRoom, trx) {
        const { db } = this;
        await db.run('room block delete', () => db.table(BLOCK, trx).where(db.row({ room, node, by_room: byRoom ? 1 : 0 })).delete());
    }
    /** Rooms `node` has blocked. */
    async roomsBlockedBy(node) {
        const { db } = this;
        const rows = await db.run('room block list', () => db.table(BLOCK).select(db.id('room')).where(db.row({ node, by_room: 0 })).orderBy(db.id('room')));
        return rows.map((r) => str(r, 'room'));
    }
    /** Users the room has blocked. */
    async membersBlockedBy(room) {
        const { db } = this;
        const rows = await db.run('member block list', () => db.table(BLOCK).select(db.id('node')).where(db.row({ room, by_room: 1 })).orderBy(db.id('node')));
        return rows.map((r) => str(r, 'node'));
    }
}
//# sourceMappingURL=rooms-repo.js.map