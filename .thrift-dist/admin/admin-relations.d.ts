import type { TimCore } from '../core/tim-core.js';
import type { TimMessage } from '../protocol/wire-types.js';
/** Most offline rows one peek returns. */
export declare const MAX_OFFLINE_PEEK = 1000;
/** The roster operations a user can ask for, by name (REST path and Admiface method agree). */
export type RosterAction = 'add' | 'remove' | 'block';
/** The room operations a user can ask for. `user` is the other party where the rtype has one. */
export type RoomAction = 'join' | 'pull' | 'reject' | 'kick' | 'leave' | 'cancel' | 'block' | 'block-member';
export declare const ROOM_ACTIONS: RoomAction[];
/** One stored message, decoded as a client would receive it. */
export type StoredMessage = TimMessage;
export declare class AdminRelations {
    private readonly core;
    constructor(core: TimCore);
    /** ADDROSTER / REMOVEROSTER / BLOCKROSTER as `as` towards `peer` (both modes where served). */
    roster(as: unknown, action: RosterAction, peer: unknown, msg?: string, domain?: string): Promise<void>;
    /** A room operation as `as`; returns the ack's room (n) and user (n2) when there is an ack. */
    room(as: unknown, action: RoomAction, room: unknown, opts?: {
        user?: unknown;
        msg?: string;
        domain?: string;
    }): Promise<void>;
    /** Makes `a` and `b` mutual friends (lifting blocks between them); both get bnType 5 when they
     *  were not friends yet. `changed` is false when they already were. */
    makeFriends(a: unknown, b: unknown): Promise<{
        changed: boolean;
    }>;
    /** Ends the friendship of `a` and `b` (both directions; blocks stay). `changed`: there was one. */
    unfriend(a: unknown, b: unknown): Promise<{
        changed: boolean;
    }>;
    /** Makes `user` a member of `room` (an application is accepted; blocks between them are
     *  lifted); the user gets bnType 12 (pulled in). `added` is false when it already was one. */
    addMember(room: unknown, user: unknown): Promise<{
        added: boolean;
    }>;
    /** Removes `user` (member or applicant) from `room`; the founder cannot be removed (4105).
     *  `removed` is false when it was neither. The user gets bnType 13 (kicked) if it was a member. */
    removeMember(room: unknown, user: unknown): Promise<{
        removed: boolean;
    }>;
    /** The user's friends (`roster`, the same cached list message fan-out uses; both modes). */
    friends(user: unknown): Promise<string[]>;
    /** The rooms the user belongs to (`user.room`; both modes). */
    userRooms(user: unknown): Promise<string[]>;
    /** The users `user` blocks (builtin mode). */
    blockedUsers(user: unknown): Promise<string[]>;
    /** The rooms `user` blocks (builtin mode). */
    blockedRooms(user: unknown): Promise<string[]>;
    /** The users `room` blocks (builtin mode). With `as`: as that user sees it, which is nothing
     *  unless it is the founder or a manager (tim's BLOCKROOMMEMBERLIST). */
    roomBlockedMembers(room: unknown, as?: unknown): Promise<string[]>;
    /**
     * Chat history, newest first, as a client's PULLMESSAGE returns it: the chat of `user` with
     * `peer`, or of `room` (when `user` is given it must be a member: 4105, as for the client). At
     * most `limit` (clamped to limits.pullMax) messages with mid <= `mid` (0 or absent: the newest).
     */
    history(q: {
        user?: unknown;
        peer?: unknown;
        room?: unknown;
        mid?: number;
        limit?: number;
    }): Promise<StoredMessage[]>;
    /** The user's offline rows, oldest first, without delivering or deleting them. */
    offline(user: unknown, limit?: number): Promise<{
        id: number | string;
        message: StoredMessage;
    }[]>;
    /** Deletes these offline rows of the user (ids from offline()); unknown ids are ignored. */
    deleteOffline(user: unknown, ids: readonly unknown[]): Promise<number>;
    /** Deletes the user's offline rows holding messages with these message ids (Admiface's
     *  DelOfflineMsg: its OfflineMsg shows messages, not row ids). Looks at the oldest
     *  MAX_OFFLINE_PEEK rows; returns how many rows went. */
    deleteOfflineMessages(user: unknown, messageIds: readonly number[]): Promise<number>;
    /** Removes a vroom: as its founder `as` (ignored when `as` did not found it, as tim), or as the
     *  administrator (any vroom). `removed`: it existed and is gone. */
    removeVroom(vnode: unknown, as?: unknown): Promise<{
        removed: boolean;
    }>;
    /** Grants (`add`) or withdraws push rights on a vroom; as founder `as`, or as the administrator. */
    vroomPusher(vnode: unknown, user: unknown, add: boolean, as?: unknown): Promise<void>;
    /** Subscribes (or, with `subscribe` false, unsubscribes) the connection `connection` (its id in
     *  GET /connections) of `user` to a vroom, on this server. `binary`: frames 97 instead of 94. */
    vroomSubscription(vnode: unknown, user: unknown, connection: number, subscribe: boolean, binary?: boolean): Promise<void>;
    /** The vroom's founder, push rights and subscriber count, or undefined. */
    vroomInfo(vnode: unknown): {
        vnode: string;
        founder?: string;
        pushers: string[];
        subscribers: number;
    } | undefined;
    /** May `from` message `to` (user.auth, cached as on the message path)? */
    mayMessage(from: unknown, to: unknown): Promise<boolean>;
    /** May `user` post in (and read) `room` (room.auth)? */
    mayPost(user: unknown, room: unknown): Promise<boolean>;
    private existingUser;
    private builtin;
    private vrooms;
}
/** A message as REST JSON: timestamp as decimal text (it exceeds 2^53), bytes as base64. */
export declare function messageJson(m: TimMessage): Record<string, unknown>;
