import type { TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
type Plain = Record<string, unknown>;
/** The stored JSON object, or {} for NULL or unreadable text. */
export declare function parseProfile(text: string | null): Plain;
export declare function mergeUserProfile(stored: string | null, bean: TimUserBean): string;
export declare function mergeRoomProfile(stored: string | null, bean: TimRoomBean): string;
/** The JSON text stored for a new room. */
export declare function encodeRoomProfile(p: {
    topic?: string;
}): string;
/** A user's bean: the stored fields, the account name when no display name was set, and the
 *  registration time in nanoseconds. */
export declare function userBean(account: {
    name: string;
    profile: string | null;
    createdAt: number;
}): TimUserBean;
export declare function roomBean(room: {
    founder: string;
    gtype: number;
    profile: string | null;
    createdAt: number;
}, managers: string[]): TimRoomBean;
export {};
