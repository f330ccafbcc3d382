import type { Session } from '../core/session.js';
import { type ErrorCodeValue } from '../protocol/error-codes.js';
import type { Tid, TimReq } from '../protocol/wire-types.js';
import { type BusinessContext } from './context.js';
import { type RoomRecord } from './rooms-repo.js';
/**
 * Runs `fn` under the room's lock with the alive room `req.node`: missing 4104, not a node 4106,
 * unknown `unknownCode` (ADDROOM says 4104; the other operations use 4109 "no exist object"),
 * cancelled 4108. The room is read inside the lock, so a concurrent CANCELROOM is seen.
 */
export declare function inRoom<T>(ctx: BusinessContext, req: TimReq, fn: (room: RoomRecord) => Promise<T>, unknownCode?: ErrorCodeValue): Promise<T>;
/** The user `req.node2`: missing 4104, not a node 4106, me 4105, unknown 4106. */
export declare function otherUser(ctx: BusinessContext, s: Session, req: TimReq): Promise<string>;
export declare const roomTid: (room: RoomRecord) => Tid;
