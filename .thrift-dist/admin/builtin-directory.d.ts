import type { Knex } from 'knex';
import { type NodeIds } from '../protocol/node-id.js';
import type { TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
/** What the admin API needs beyond the Store; absent in external mode (answered 4107). */
export interface AdminDirectory {
    /** Creates an alive room founded by `founder` (who becomes its only member); returns its node. */
    createRoom(input: {
        founder: string;
        topic?: string;
        gtype: 1 | 2;
        domain?: string;
    }): Promise<string>;
    /** Merges the given bean fields into the room; `gtype` changes the room's type, `managers`
     *  replaces its managers (members only). False when the room does not exist. */
    modifyRoom(room: string, bean: TimRoomBean): Promise<boolean>;
    /** Merges the given bean fields into the user's profile. False when the user does not exist. */
    modifyUser(node: string, bean: TimUserBean): Promise<boolean>;
}
export declare function builtinDirectory(knex: Knex, now: () => number, nodeIds?: NodeIds): AdminDirectory;
