// Builtin mode's account table (tim_user): registration, password changes and lookups for the
// business layer and the admin API. External mode never calls this (the deployer owns accounts).
//
// Identity: a user's node is derived from (name, domain) exactly as tim derives it (docs/protocol.md
// Appendix A, decision 12), so the node primary key is what makes (name, domain) unique. The
// UNIQUE(name, domain) index does not catch two rows with no domain (NULL) on most databases; the
// node key does. An empty domain is the same as no domain (tim ignores it when deriving the node,
// and Oracle could not store '' anyway), and is stored as NULL.
//
// Passwords are stored with hashPassword (scrypt, PHC form) and never leave this module in plain.
import { DEFAULT_NODE_IDS } from '../protocol/node-id.js';
import { dialectFor } from './dialects/registry.js';
import { builtinIdent, dialectOf, field } from './migrations/knex-dialect.js';
import { hashPassword } from './passwords.js';
import { textProblem } from './storable-text.js';
export const NAME_MAX_CHARS = 64;
export const DOMAIN_MAX_CHARS = 128;
/** The (name, domain) is already registered; the caller answers 4101 (HASEXIST). */
export class DuplicateUserError extends Error {
    node;
    constructor(node) {
        super(`a user with node ${node} already exists`);
        this.node = node;
        this.name = 'DuplicateUserError';
    }
}
/** A name, password or domain the table cannot take; the caller answers 4104 (PARAMS). */
export class InvalidAccountError extends Error {
    field;
    constructor(field, message) {
        super(message);
        this.field = field;
        this.name = 'InvalidAccountError';
    }
}
/**
 * Registers a user. Rejects with InvalidAccountError before touching the database, with
 * DuplicateUserError when the node exists (also when a concurrent registration of the same name won
 * the insert), and with the database's error otherwise.
 */
export async function createUser(knex, input, hash = hashPassword, nodeIds = DEFAULT_NODE_IDS) {
    const name = input.name;
    const domain = normalizeDomain(input.domain);
    if (typeof name !== 'string' || name.length === 0 || [...name].length > NAME_MAX_CHARS) {
        throw new InvalidAccountError('name', `name must be 1 to ${NAME_MAX_CHARS} characters`);
    }
    if (domain !== null && [...domain].length > DOMAIN_MAX_CHARS) {
        throw new InvalidAccountError('domain', `domain must be at most ${DOMAIN_MAX_CHARS} characters`);
    }
    checkText('name', name);
    if (domain !== null)
        checkText('domain', domain);
    checkPassword(input.pwd);
    const node = nodeIds.user(name, domain);
    const t = tableOf(knex);
    // Cheap early answer for the common duplicate; the insert below still decides under concurrency.
    if (await exists(knex, node))
        throw new DuplicateUserError(node);
    const row = {
        [t.col('node')]: node,
        [t.col('name')]: name,
        [t.col('domain')]: domain,
        [t.col('password_hash')]: await hash(input.pwd),
        [t.col('profile')]: null,
        [t.col('created_at')]: Date.now(),
    };
    try {
        await knex(t.name).insert(row);
    }
    catch (err) {
        // Same node, or (on MySQL's PAD SPACE collation) a name differing only in trailing spaces.
        if (isUniqueViolation(err))
            throw new DuplicateUserError(node);
        throw err;
    }
    return { node };
}
/** Replaces the user's password. Resolves false when there is no such user. */
export async function setPassword(knex, node, pwd, hash = hashPassword) {
    checkPassword(pwd);
    const t = tableOf(knex);
    const changed = await knex(t.name)
        .where(t.col('node'), node)
        .update({ [t.col('password_hash')]: await hash(pwd) });
    return Number(changed) > 0;
}
/** The user's row, or null. */
export async function getUser(knex, node) {
    const t = tableOf(knex);
    // The dialect's per-query driver options read Oracle's CLOB profile as text.
    const rows = await knex(t.name)
        .select(['node', 'name', 'domain', 'password_hash', 'profile', 'created_at'].map(t.col))
        .where(t.col('node'), node)
        .options(dialectFor(t.client).queryOptions?.() ?? {});
    const row = rows[0];
    if (!row)
        return null;
    const domain = field(row, 'domain');
    const profile = field(row, 'profile');
    return {
        node: String(field(row, 'node')),
        name: String(field(row, 'name')),
        domain: domain === null || domain === undefined || domain === '' ? null : String(domain),
        password_hash: String(field(row, 'password_hash')),
        profile: profile === null || profile === undefined ? null : String(profile),
        // BIGINT arrives as a string from pg (and from mysql2 with bigNumberStrings).
        created_at: Number(field(row, 'created_at')),
    };
}
function normalizeDomain(domain) {
    if (domain === undefined || domain === null || domain === '')
        return null;
    if (typeof domain !== 'string')
        throw new InvalidAccountError('domain', 'domain must be a string');
    return domain;
}
function checkPassword(pwd) {
    if (typeof pwd !== 'string' || pwd.length === 0) {
        throw new InvalidAccountError('pwd', 'password must not be empty');
    }
    // Never stored as text, but hashed as UTF-8, where every lone surrogate becomes U+FFFD: two
    // different passwords would hash alike. Refused like the name, for one rule on every path.
    checkText('pwd', pwd);
}
/** The same refusal as the store's for every bound value (storable-text.ts), before any hashing. */
function checkText(field, value) {
    const problem = textProblem(value);
    if (problem !== undefined)
        throw new InvalidAccountError(field, `${field === 'pwd' ? 'password' : field} holds ${problem}`);
}
async function exists(knex, node) {
    const t = tableOf(knex);
    const rows = await knex(t.name).select(t.col('node')).where(t.col('node'), node);
    return rows.length > 0;
}
function tableOf(knex) {
    const client = dialectOf(knex);
    return { client, name: builtinIdent(client, 'tim_user'), col: (c) => builtinIdent(client, c) };
}
/** A primary-key or unique-index violation, in each driver's own words. */
function isUniqueViolation(err) {
    const e = err;
    if (typeof e !== 'object' || e === null)
        return false;
    if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE')
        return true;
    if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062)
        return true; // MySQL / MariaDB
    if (e.code === '23505')
        return true; // PostgreSQL
    return e.errorNum === 1; // Oracle ORA-00001
}
//# sourceMappingURL=builtin-accounts.js.map