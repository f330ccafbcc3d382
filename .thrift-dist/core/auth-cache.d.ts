/** Two-node questions: user.auth (from, to) and room.auth (room, user). */
type PairKind = 'ua' | 'ra';
/** One-node questions: does the user / room exist. */
type SingleKind = 'ue' | 're';
/** What an answer is about. */
export type AuthKind = PairKind | SingleKind;
/** A cached question: its kind and one or two nodes (`b` is '' for the one-node kinds). */
export interface AuthKey {
    readonly kind: AuthKind;
    readonly a: string;
    readonly b: string;
}
export declare class AuthCache {
    private readonly positiveMs;
    private readonly negativeMs;
    private readonly maxEntries;
    private readonly now;
    private readonly pairs;
    private readonly singles;
    /** questions in progress; every invalidation detaches them (see get) */
    private readonly flights;
    /** Entries held across all maps (expired ones included until they are dropped). */
    private count;
    constructor(positiveMs: number, negativeMs: number, maxEntries?: number, now?: () => number);
    /** Entries held, expired ones not yet dropped included (for tests and metrics). */
    get size(): number;
    private entry;
    private remove;
    /** The cached answer, or undefined when it must be asked (lets the hot path stay synchronous). */
    peek(key: AuthKey): boolean | undefined;
    /** Returns the cached answer or runs `ask` once for all concurrent callers of this key. */
    get(key: AuthKey, ask: () => Promise<boolean>): boolean | Promise<boolean>;
    set(key: AuthKey, value: boolean): void;
    /** Drops every expired answer, then live ones, oldest first in each map's insertion order (a
     *  pair's first node counts from its first answer) kind by kind, until a tenth of
     *  `maxEntries` is free. Runs only when the cache is full, so its full scan is amortised over
     *  at least a tenth of `maxEntries` insertions. */
    private evict;
    /** Queries in progress are no longer shared or stored (see get). An invalidation may concern
     *  any pair holding the node, so every question in progress is detached. */
    private detachQueries;
    /** Forget every answer involving `node` (as sender, recipient, room or member). */
    invalidateNode(node: string): void;
    clear(): void;
}
export declare const userAuthKey: (from: string, to: string) => AuthKey;
export declare const roomAuthKey: (room: string, user: string) => AuthKey;
export declare const userExistKey: (node: string) => AuthKey;
export declare const roomExistKey: (room: string) => AuthKey;
export {};
