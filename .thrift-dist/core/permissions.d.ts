import { type NodeIds } from '../protocol/node-id.js';
import type { Store } from '../store/store.js';
import { AuthCache } from './auth-cache.js';
/** The longest node any configuration accepts (the builtin tables' node columns); config
 *  nodeIds.maxLength may lower it. */
export declare const NODE_MAX = 64;
export declare class Permissions {
    private readonly store;
    readonly cache: AuthCache;
    /** builtin nodes are tim's base58 nodes with a check byte; external ones are the deployer's ids */
    private readonly builtinNodes;
    /** the configured derivation (nodeIds.*): its maxLength bounds every node, its mask checks builtin ones */
    private readonly nodeIds;
    constructor(store: Store, cache: AuthCache, 
    /** builtin nodes are tim's base58 nodes with a check byte; external ones are the deployer's ids */
    builtinNodes: boolean, 
    /** the configured derivation (nodeIds.*): its maxLength bounds every node, its mask checks builtin ones */
    nodeIds?: NodeIds);
    /** A syntactically valid node, else 4106 (docs/protocol.md 6.3). */
    node(n: unknown): string;
    isValidNode(n: unknown): n is string;
    userExists(node: string): boolean | Promise<boolean>;
    roomExists(room: string): boolean | Promise<boolean>;
    userAuth(from: string, to: string): boolean | Promise<boolean>;
    roomAuth(room: string, user: string): boolean | Promise<boolean>;
    /** 4106 unless the user exists. */
    mustExist(node: string): void | Promise<void>;
    /** 4106 unless the room exists. */
    mustRoomExist(room: string): void | Promise<void>;
    /** 4105 unless `from` may message `to`. */
    mustUserAuth(from: string, to: string): void | Promise<void>;
    /** 4105 unless `user` is a member of `room`. */
    mustRoomAuth(room: string, user: string): void | Promise<void>;
}
