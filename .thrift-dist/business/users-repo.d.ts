import { type BuiltinDb } from './builtin-db.js';
export interface UserRecord {
    node: string;
    name: string;
    /** the stored profile JSON text, or null before the user set one */
    profile: string | null;
    /** registration time, milliseconds since the epoch */
    createdAt: number;
}
export declare class UsersRepo {
    private readonly db;
    constructor(db: BuiltinDb);
    /** The accounts among `nodes` that exist, in no particular order. */
    users(nodes: string[]): Promise<UserRecord[]>;
    user(node: string): Promise<UserRecord | null>;
    setProfile(node: string, profile: string): Promise<void>;
}
