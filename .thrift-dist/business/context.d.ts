import type { Knex } from 'knex';
import type { Session } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
import type { TimReq } from '../protocol/wire-types.js';
import { BuiltinDb } from './builtin-db.js';
import { KeyedLock } from './keyed-lock.js';
import { RelationsRepo } from './relations-repo.js';
import { RoomsRepo } from './rooms-repo.js';
import { UsersRepo } from './users-repo.js';
export interface BusinessContext {
    readonly core: TimCore;
    readonly db: BuiltinDb;
    readonly relations: RelationsRepo;
    readonly rooms: RoomsRepo;
    readonly users: UsersRepo;
    readonly lock: KeyedLock;
}
/** One BUSINESS operation: answers (or stays silent) itself, refuses by throwing TimError. */
export type BusinessOp = (ctx: BusinessContext, s: Session, req: TimReq) => Promise<void>;
export declare function createContext(core: TimCore, knex: Knex): BusinessContext;
/** `{ok:true, timType:41, t, n?, n2?}` in tim's field order. */
export declare function okAck(core: TimCore, s: Session, t: number, n?: string, n2?: string): void;
/** A TimNodes list reply; silence when the list is empty (docs/protocol.md 4, "Silence is an answer"). */
export declare function sendList(core: TimCore, s: Session, ntype: number, nodelist: string[]): void;
/** Forgets cached permission answers and roster lists of each node (users or rooms) after a
 *  relation change, on every cluster node, so messaging rights, room fan-out and presence follow
 *  the change at once. Await it before answering: the other nodes have been told by then. */
export declare function invalidate(core: TimCore, ...nodes: string[]): Promise<void>;
/** Lock keys: one per unordered user pair, one per room. */
export declare const pairKey: (a: string, b: string) => string;
export declare const roomKey: (room: string) => string;
