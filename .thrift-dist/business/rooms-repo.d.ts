import type { Knex } from 'knex';
import { type BuiltinDb } from './builtin-db.js';
export declare const Gtype: {
    readonly PRIVATE: 1;
    readonly OPEN: 2;
};
export declare const RoomStatus: {
    readonly ALIVE: 1;
    readonly CANCELLED: 2;
};
export declare const MemberState: {
    readonly PENDING: 1;
    readonly MEMBER: 2;
};
export declare const Role: {
    readonly MEMBER: 0;
    readonly MANAGER: 1;
    readonly FOUNDER: 2;
};
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
export declare function isAdmin(m: Membership | null): m is Membership;
export declare class RoomsRepo {
    private readonly db;
    constructor(db: BuiltinDb);
    room(node: string): Promise<RoomRecord | null>;
    /** The rooms among `nodes` that exist (any status), in no particular order. */
    rooms(nodes: string[]): Promise<RoomRecord[]>;
    /** Creates an alive room with its founder as the only member. */
    create(room: {
        node: string;
        founder: string;
        gtype: number;
        profile: string;
        createdAt: number;
    }): Promise<void>;
    member(room: string, node: string): Promise<Membership | null>;
    /** Founder and managers (members with role >= MANAGER). */
    admins(room: string): Promise<string[]>;
    /** The managers of each room (founders excluded). */
    managersOf(rooms: string[]): Promise<Map<string, string[]>>;
    /** Members (not applicants). */
    memberCount(room: string): Promise<number>;
    /** Inserts the member row with role MEMBER, or changes the state of an existing one (role kept). */
    setMember(room: string, node: string, state: number, now: number, trx?: Knex.Transaction): Promise<void>;
    removeMember(room: string, node: string, trx?: Knex.Transaction): Promise<void>;
    /** Makes exactly `managers` (members of the room) its managers; the founder keeps its role. */
    setManagers(room: string, managers: string[], trx: Knex.Transaction): Promise<void>;
    /** Which of `nodes` are members (not applicants) of the room. */
    membersAmong(room: string, nodes: string[]): Promise<Set<string>>;
    setProfile(room: string, profile: string, trx: Knex.Transaction): Promise<void>;
    /** Marks the room cancelled and drops its member rows and applications. */
    cancel(room: string): Promise<void>;
    /** Blocks between the room and the user: by the room (`byRoom`) and by the user (`byUser`). */
    blocks(room: string, node: string): Promise<{
        byRoom: boolean;
        byUser: boolean;
    }>;
    /** Adds a block (idempotent). */
    block(room: string, node: string, byRoom: boolean, now: number, trx?: Knex.Transaction): Promise<void>;
    unblock(room: string, node: string, byRoom: boolean, trx?: Knex.Transaction): Promise<void>;
    /** Rooms `node` has blocked. */
    roomsBlockedBy(node: string): Promise<string[]>;
    /** Users the room has blocked. */
    membersBlockedBy(room: string): Promise<string[]>;
}
