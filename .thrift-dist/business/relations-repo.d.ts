import { type BuiltinDb } from './builtin-db.js';
export interface Relation {
    wants: boolean;
    blocks: boolean;
}
export interface RelationChange extends Relation {
    owner: string;
    peer: string;
}
/** Both directions are friends. */
export declare function areFriends(mine: Relation | null, theirs: Relation | null): boolean;
export declare class RelationsRepo {
    private readonly db;
    constructor(db: BuiltinDb);
    /** The rows a -> b (`mine`) and b -> a (`theirs`), null when absent. */
    pair(a: string, b: string): Promise<{
        mine: Relation | null;
        theirs: Relation | null;
    }>;
    /** Applies every change in one transaction (a change with neither flag deletes the row). */
    write(changes: RelationChange[], now: number): Promise<void>;
    /** The peers `owner` blocks. */
    blockedBy(owner: string): Promise<string[]>;
    private apply;
}
