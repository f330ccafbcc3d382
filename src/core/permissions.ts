// Who may address whom: the existence and permission templates behind the auth cache, plus node
// syntax. Every refusal is a TimError with the code protocol.md gives for it.

import { ErrorCode } from '../protocol/error-codes.js';
import { checkNode } from '../protocol/node-id.js';
import type { Store } from '../store/store.js';
import { AuthCache, roomAuthKey, roomExistKey, userAuthKey, userExistKey } from './auth-cache.js';
import { TimError } from './tim-error.js';

export const NODE_MAX = 64;

export class Permissions {
  constructor(
    private readonly store: Store,
    readonly cache: AuthCache,
    /** builtin nodes are tim's base58 nodes with a check byte; external ones are the deployer's ids */
    private readonly builtinNodes: boolean,
  ) {}

  /** A syntactically valid node, else 4106 (protocol.md 6.3 step 3). */
  node(n: unknown): string {
    if (typeof n !== 'string' || n.length === 0 || n.length > NODE_MAX) throw new TimError(ErrorCode.ACCOUNT);
    if (this.builtinNodes && !checkNode(n, NODE_MAX)) throw new TimError(ErrorCode.ACCOUNT);
    return n;
  }

  isValidNode(n: unknown): n is string {
    return typeof n === 'string' && n.length > 0 && n.length <= NODE_MAX && (!this.builtinNodes || checkNode(n, NODE_MAX));
  }

  userExists(node: string): boolean | Promise<boolean> {
    return this.cache.get(userExistKey(node), () => this.store.userExists(node));
  }

  roomExists(room: string): boolean | Promise<boolean> {
    return this.cache.get(roomExistKey(room), () => this.store.roomExists(room));
  }

  userAuth(from: string, to: string): boolean | Promise<boolean> {
    return this.cache.get(userAuthKey(from, to), () => this.store.userAuth(from, to));
  }

  roomAuth(room: string, user: string): boolean | Promise<boolean> {
    return this.cache.get(roomAuthKey(room, user), () => this.store.roomAuth(room, user));
  }

  /** 4106 unless the user exists. */
  async mustExist(node: string): Promise<void> {
    if (!(await this.userExists(node))) throw new TimError(ErrorCode.ACCOUNT);
  }

  /** 4106 unless the room exists. */
  async mustRoomExist(room: string): Promise<void> {
    if (!(await this.roomExists(room))) throw new TimError(ErrorCode.ACCOUNT);
  }

  /** 4105 unless `from` may message `to`. */
  async mustUserAuth(from: string, to: string): Promise<void> {
    if (!(await this.userAuth(from, to))) throw new TimError(ErrorCode.PERM_DENIED);
  }

  /** 4105 unless `user` is a member of `room`. */
  async mustRoomAuth(room: string, user: string): Promise<void> {
    if (!(await this.roomAuth(room, user))) throw new TimError(ErrorCode.PERM_DENIED);
  }
}
