// What every builtin business operation works with: the core, the builtin tables, the per-key
// lock, and the small helpers they share (acks, node lists, cache invalidation).

import type { Knex } from 'knex';
import type { Session } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { encodeNodes } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import type { TimAck, TimReq } from '../protocol/wire-types.js';
import { BuiltinDb } from '../store/builtin-db.js';
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

export function createContext(core: TimCore, knex: Knex): BusinessContext {
  const db = new BuiltinDb(knex);
  return {
    core,
    db,
    relations: new RelationsRepo(db),
    rooms: new RoomsRepo(db),
    users: new UsersRepo(db),
    lock: new KeyedLock(),
  };
}

/** `{ok:true, timType:41, t, n?, n2?}` in tim's field order. */
export function okAck(core: TimCore, s: Session, t: number, n?: string, n2?: string): void {
  const a: TimAck = { ok: true, timType: TimType.BUSINESS, t };
  if (n !== undefined) a.n = n;
  if (n2 !== undefined) a.n2 = n2;
  core.ack(s, a);
}

/** A TimNodes list reply; silence when the list is empty (docs/protocol.md 4, "Silence is an answer"). */
export function sendList(core: TimCore, s: Session, ntype: number, nodelist: string[]): void {
  if (nodelist.length === 0) return;
  core.write(s, encodeFrame(TimType.NODES, encodeNodes({ ntype, nodelist })));
}

/** Forgets cached permission answers and roster lists of each node (users or rooms) after a
 *  relation change, on every cluster node, so messaging rights, room fan-out and presence follow
 *  the change at once. Await it before answering: the other nodes have been told by then. */
export function invalidate(core: TimCore, ...nodes: string[]): Promise<void> {
  return core.forget(...nodes);
}

/** Lock keys: one per unordered user pair, one per room. */
export const pairKey = (a: string, b: string): string => (a < b ? `pair:${a},${b}` : `pair:${b},${a}`);
export const roomKey = (room: string): string => `room:${room}`;
