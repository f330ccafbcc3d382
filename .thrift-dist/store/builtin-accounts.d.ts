import type { Knex } from 'knex';
import { type NodeIds } from '../protocol/node-id.js';
export declare const NAME_MAX_CHARS = 64;
/** hashPassword, or it behind a bound on concurrent hashing (hash-gate.ts). */
export type PasswordHasher = (plain: string) => Promise<string>;
export declare const DOMAIN_MAX_CHARS = 128;
/** A tim_user row, with the column names of the table. */
export interface BuiltinUser {
    node: string;
    name: string;
    /** null: no domain */
    domain: string | null;
    /** `$scrypt$...`; check it with verifyPassword('scrypt', ...) */
    password_hash: string;
    /** JSON text of the TimUserBean, or null before the user set a profile */
    profile: string | null;
    /** milliseconds since the epoch */
    created_at: number;
}
/** The (name, domain) is already registered; the caller answers 4101 (HASEXIST). */
export declare class DuplicateUserError extends Error {
    readonly node: string;
    constructor(node: string);
}
/** A name, password or domain the table cannot take; the caller answers 4104 (PARAMS). */
export declare class InvalidAccountError extends Error {
    readonly field: 'name' | 'pwd' | 'domain';
    constructor(field: 'name' | 'pwd' | 'domain', message: string);
}
/**
 * Registers a user. Rejects with InvalidAccountError before touching the database, with
 * DuplicateUserError when the node exists (also when a concurrent registration of the same name won
 * the insert), and with the database's error otherwise.
 */
export declare function createUser(knex: Knex, input: {
    name: string;
    pwd: string;
    domain?: string | null;
}, hash?: PasswordHasher, nodeIds?: NodeIds): Promise<{
    node: string;
}>;
/** Replaces the user's password. Resolves false when there is no such user. */
export declare function setPassword(knex: Knex, node: string, pwd: string, hash?: PasswordHasher): Promise<boolean>;
/** The user's row, or null. */
export declare function getUser(knex: Knex, node: string): Promise<BuiltinUser | null>;
