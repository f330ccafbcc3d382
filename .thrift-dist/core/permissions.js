// Who may address whom: the existence and permission templates behind the auth cache, plus node
// syntax. Every refusal is a TimError with the code docs/protocol.md gives for it.
import { ErrorCode } from '../protocol/error-codes.js';
import { DEFAULT_NODE_IDS } from '../protocol/node-id.js';
import { roomAuthKey, roomExistKey, userAuthKey, userExistKey } from './auth-cache.js';
import { TimError } from './tim-error.js';
/** The longest node any configuration accepts (the builtin tables' node columns); config
 *  nodeIds.maxLength may lower it. */
export const NODE_MAX = 64;
export class Permissions {
    store;
    cache;
    builtinNodes;
    nodeIds;
    constructor(store, cache, 
    /** builtin nodes are tim's base58 nodes with a check byte; external ones are the deployer's ids */
    builtinNodes, 
    /** the configured derivation (nodeIds.*): its maxLength bounds every node, its mask checks builtin ones */
    nodeIds = DEFAULT_NODE_IDS) {
        this.store = store;
        this.cache = cache;
        this.builtinNodes = builtinNodes;
        this.nodeIds = nodeIds;
    }
    /** A syntactically valid node, else 4106 (docs/protocol.md 6.3). */
    node(n) {
        if (!this.isValidNode(n))
            throw new TimError(ErrorCode.ACCOUNT);
        return n;
    }
    isValidNode(n) {
        return typeof n === 'string' && n.length > 0 && n.length <= this.nodeIds.maxLength && (!this.builtinNodes || this.nodeIds.check(n));
    }
    // The answers below are synchronous on a cache hit; the closure that asks the Store is made
    // only on a miss.
    userExists(node) {
        const key = userExistKey(node);
        return this.cache.peek(key) ?? this.cache.get(key, () => this.store.userExists(node));
    }
    roomExists(room) {
        const key = roomExistKey(room);
        return this.cache.peek(key) ?? this.cache.get(key, () => this.store.roomExists(room));
    }
    userAuth(from, to) {
        const key = userAuthKey(from, to);
        return this.cache.peek(key) ?? this.cache.get(key, () => this.store.userAuth(from, to));
    }
    roomAuth(room, user) {
        const key = roomAuthKey(room, user);
        return this.cache.peek(key) ?? this.cache.get(key, () => this.store.roomAuth(room, user));
    }
    // The must* checks answer synchronously when the cache knows: they return undefined or throw
    // the TimError at once, and return a promise only when the Store is asked. Callers `await` them
    // (an async caller sees the same outcome either way); being synchronous on a hit spares the
    // stream path an async function's promise and microtask per check.
    /** 4106 unless the user exists. */
    mustExist(node) {
        return must(this.userExists(node), ErrorCode.ACCOUNT);
    }
    /** 4106 unless the room exists. */
    mustRoomExist(room) {
        return must(this.roomExists(room), ErrorCode.ACCOUNT);
    }
    /** 4105 unless `from` may message `to`. */
    mustUserAuth(from, to) {
        return must(this.userAuth(from, to), ErrorCode.PERM_DENIED);
    }
    /** 4105 unless `user` is a member of `room`. */
    mustRoomAuth(room, user) {
        return must(this.roomAuth(room, user), ErrorCode.PERM_DENIED);
    }
}
/** Throws TimError(code) unless `answer` is true; waits for it first when it is a promise. */
function must(answer, code) {
    if (answer === true)
        return;
    if (answer === false)
        throw new TimError(code);
    return answer.then((ok) => {
        if (!ok)
            throw new TimError(code);
    });
}
//# sourceMappingURL=permissions.js.map