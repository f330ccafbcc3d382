/** Where the lists come from (the Store satisfies it). */
export interface RosterSource {
    roster(node: string): Promise<string[]>;
    roomRoster(room: string): Promise<string[]>;
}
export interface RosterCacheLimits {
    maxEntries: number;
    maxNodes: number;
}
export declare class RosterCache {
    private readonly source;
    private readonly ttlMs;
    private readonly now;
    private readonly entries;
    private readonly flights;
    private nodeCount;
    private readonly limits;
    constructor(source: RosterSource, ttlMs: number, limits?: Partial<RosterCacheLimits>, now?: () => number);
    /** The members of `room` (room.roster). Synchronous on a hit. */
    room(room: string): readonly string[] | Promise<readonly string[]>;
    /** The friends of user `node` (roster). Synchronous on a hit. */
    friends(node: string): readonly string[] | Promise<readonly string[]>;
    /** The cached members of `room`, or undefined (for tests and metrics; never asks). */
    peekRoom(room: string): readonly string[] | undefined;
    /** The cached friends of `node`, or undefined. */
    peekFriends(node: string): readonly string[] | undefined;
    /** Forgets the lists of `node`, as a room and as a user, and detaches lookups in progress. */
    forget(node: string): void;
    clear(): void;
    /** How many lists are kept, and how many nodes they hold in all. */
    get size(): {
        entries: number;
        nodes: number;
    };
    private peek;
    private get;
    private set;
    private drop;
}
