// What every builtin business operation works with: the core, the builtin tables, the per-key
// lock, and the small helpers they share (acks, node lists, cache invalidation).
import { encodeFrame } from '../protocol/frame-codec.js';
import { encodeNodes } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import { BuiltinDb } from './builtin-db.js';
import { KeyedLock } from './keyed-lock.js';
import { RelationsRepo } from './relations-repo.js';
import { RoomsRepo } from './rooms-repo.js';
import { UsersRepo } from './users-repo.js';
export function createContext(core, knex) {
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
export function okAck(core, s, t, n, n2) {
    const a = { ok: true, timType: TimType.BUSINESS, t };
    if (n !== undefined)
        a.n = n;
    if (n2 !== undefined)
        a.n2 = n2;
    core.ack(s, a);
}
/** A TimNodes list reply; silence when the list is empty (docs/protocol.md 4, "Silence is an answer"). */
export function sendList(core, s, ntype, nodelist) {
    if (nodelist.length === 0)
        return;
    core.write(s, encodeFrame(TimType.NODES, encodeNodes({ ntype, nodelist })));
}
/** Forgets cached permission answers and roster lists of each node (users or rooms) after a
 *  relation change, on every cluster node, so messaging rights, room fan-out and presence follow
 *  the change at once. Await it before answering: the other nodes have been told by then. */
export function invalidate(core, ...nodes) {
    return core.forget(...nodes);
}
/** Lock keys: one per unordered user pair, one per room. */
export const pairKey = (a, b) => (a < b ? `pair:${a},${b}` : `pair:${b},${a}`);
export const roomKey = (room) => `room:${room}`;
//# sourceMappingURL=context.js.map