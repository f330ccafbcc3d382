import type { Tid, TimMessage } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
/** Who sends: a client's session, or a user the admin API sends as (messages/proxy), which has
 *  no session of its own. Only the node and the Tid put in `fromTid` are read. */
export interface Sender {
    readonly node: string;
    readonly tid: Tid | undefined;
}
/** What a sent message became: its id, and its mid when it was persisted (odType 1). */
export interface SentMessage {
    id: number;
    mid?: number;
}
export declare function handleMessage(core: TimCore, s: Session, frame: Buffer): Promise<void>;
/**
 * The client message path for a sender without a session (the admin API's messages/proxy): the
 * same kind checks, permission checks, persistence, echo and delivery as a client's frame.
 * Revoke and burn are refused (4104): they answer the requesting session. Resolves once persisted.
 */
export declare function sendMessageAs(core: TimCore, s: Sender, msg: TimMessage): Promise<SentMessage>;
/** The fields every outgoing copy shares, in tim's key order. `to`/`room` as they go on the wire. */
export declare function outgoing(core: TimCore, s: Sender, msg: TimMessage, fields: {
    id: number;
    mid?: number;
    toTid?: Tid;
    roomTid?: Tid;
}): TimMessage;
/** room.roster, fresh copy (callers may append). */
export declare function roomMembers(core: TimCore, room: string): Promise<string[]>;
