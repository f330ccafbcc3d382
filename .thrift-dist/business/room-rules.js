// Checks shared by the group operations: the addressed room and user, in the order and with the
// codes of docs/protocol.md 8.2. Every refusal is a TimError; the business handler answers it with ONE
// detailed error ack `{ok:false, timType:41, error, t, n, n2?}` (docs/protocol.md decision 10).
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { roomKey } from './context.js';
import { RoomStatus } from './rooms-repo.js';
/**
 * Runs `fn` under the room's lock with the alive room `req.node`: missing 4104, not a node 4106,
 * unknown `unknownCode` (ADDROOM says 4104; the other operations use 4109 "no exist object"),
 * cancelled 4108. The room is read inside the lock, so a concurrent CANCELROOM is seen.
 */
export async function inRoom(ctx, req, fn, unknownCode = ErrorCode.NOEXIST) {
    if (req.node === undefined)
        throw new TimError(ErrorCode.PARAMS, 'node (the room) is required');
    const node = ctx.core.perms.node(req.node);
    return ctx.lock.run(roomKey(node), async () => {
        const room = await ctx.rooms.room(node);
        if (room === null)
            throw new TimError(unknownCode, 'no such room');
        if (room.status !== RoomStatus.ALIVE)
            throw new TimError(ErrorCode.CANCEL);
        return fn(room);
    });
}
/** The user `req.node2`: missing 4104, not a node 4106, me 4105, unknown 4106. */
export async function otherUser(ctx, s, req) {
    if (req.node2 === undefined)
        throw new TimError(ErrorCode.PARAMS, 'node2 (the user) is required');
    const user = ctx.core.perms.node(req.node2);
    if (user === s.node)
        throw new TimError(ErrorCode.PERM_DENIED, 'not on oneself');
    await ctx.core.perms.mustExist(user);
    return user;
}
export const roomTid = (room) => ({ node: room.node });
//# sourceMappingURL=room-rules.js.map