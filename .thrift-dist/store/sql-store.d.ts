import type { Knex } from 'knex';
import type { DbClient, PasswordScheme } from '../config/types.js';
import type { Dialect } from './dialects/dialect.js';
import { InsertBatcher } from './insert-batcher.js';
import type { LoginResult, MessageRecord, OfflineRecord, OfflineRow, Store, StoredStanza } from './store.js';
import { type ParamValues } from './sql/bind.js';
import { type TemplateResult } from './sql/run.js';
import { type TemplateKey } from './sql/template-keys.js';
import type { TemplateSet } from './sql/template-set.js';
export type PasswordVerifier = (scheme: PasswordScheme, plain: string, hash: string) => Promise<boolean>;
export interface StoreLogger {
    warn(obj: object | string, msg?: string): void;
    error(obj: object | string, msg?: string): void;
}
export interface SqlStoreOptions {
    /** checks a password against the `password_hash` a login template returned (store/passwords.ts) */
    verify?: PasswordVerifier;
    /** the same as `verify` (either name may be used) */
    passwords?: PasswordVerifier;
    /** how password_hash is checked; 'sql': the template checks the password itself */
    scheme: PasswordScheme;
    logger?: StoreLogger;
    /**
     * Spends as long as a real verification of `scheme` (store/passwords.ts dummyVerify), so an unknown
     * name cannot be told from a wrong password by the time the answer takes. When absent, unknown
     * names are verified against `dummyHash` instead.
     */
    dummyVerify?: (scheme: PasswordScheme) => Promise<unknown>;
    /**
     * A hash that unknown names are verified against when there is no dummyVerify. Default: the first
     * password_hash a login returns (so the deployer's own cost parameters), and until then a built-in
     * hash in the standard format of the scheme (bcrypt, PHC scrypt, Django pbkdf2_sha256).
     */
    dummyHash?: string;
    /** Observes every template run (metrics): its key, wall time in ms, and whether it succeeded.
     *  Called synchronously after the run; it must not throw. */
    onTemplateCall?(key: TemplateKey, ms: number, ok: boolean): void;
}
export declare class SqlStore implements Store {
    private readonly knex;
    private readonly templates;
    private readonly dialect;
    private readonly verifier?;
    private readonly scheme;
    private readonly logger?;
    private readonly dummyVerify?;
    private dummyHash?;
    /** whether dummyHash may still be replaced by the first real hash */
    private dummyIsDefault;
    private warnedNoHash;
    private readonly onTemplateCall?;
    /** concurrent message.save runs share one multi-row INSERT (insert-batcher.ts); undefined: one by one */
    private readonly saves;
    readonly durableDelivery: boolean;
    /** What the message.save batcher has run (statements, transactions, rows); undefined when the
     *  template is not batched. For tests and diagnostics. */
    get saveBatching(): Readonly<InsertBatcher['counts']> | undefined;
    constructor(knex: Knex, templates: TemplateSet, options: SqlStoreOptions);
    /** Whether `key` is configured. */
    has(key: TemplateKey): boolean;
    /** Runs `key` with named values (used by `tim check` and tests); rejects with StoreError. */
    runTemplate(key: TemplateKey, values: ParamValues, db?: Knex | Knex.Transaction): Promise<TemplateResult>;
    /** A database error names the template's parameters (never their values) for the log. */
    private run;
    login(name: string, pwd: string, domain: string | null): Promise<LoginResult>;
    tokenCredentials(name: string, pwd: string, domain: string | null): Promise<LoginResult>;
    userExists(node: string): Promise<boolean>;
    roomExists(room: string): Promise<boolean>;
    userAuth(from: string, to: string): Promise<boolean>;
    roomAuth(room: string, user: string): Promise<boolean>;
    saveMessage(m: MessageRecord, pending?: readonly OfflineRecord[]): Promise<void>;
    getMessages(chat: string, maxMid: number, limit: number): Promise<StoredStanza[]>;
    messageAuthor(chat: string, mid: number): Promise<string | null>;
    deleteMessage(chat: string, mid: number): Promise<void>;
    saveOffline(r: OfflineRecord): Promise<void>;
    ackDelivered(byNode: ReadonlyMap<string, readonly number[]>): Promise<void>;
    /**
     * SQLite with plain templates (the batcher runs direct, insert-batcher.ts): the acks' deletes in
     * one transaction on the raw connection, as the inserts are, skipping knex's builder and runner
     * (profiles of persisted 1:1 showed knex at about a tenth of the server's CPU for these deletes
     * alone). False when that path does not apply. Failures reject as StoreError naming the key.
     */
    private ackDirect;
    /** Runs `work` (runTemplate calls on `trx`) in one transaction; a database error rejects as the
     *  StoreError of its template, and a connection lost before any template ran (BEGIN) as
     *  StoreError('connect') naming `key`. */
    private inTransaction;
    getOffline(node: string, limit: number): Promise<OfflineRow[]>;
    /** An empty list returns at once: the statement is not run. */
    deleteOffline(node: string, ids: (number | string)[]): Promise<void>;
    roster(node: string): Promise<string[]>;
    roomRoster(room: string): Promise<string[]>;
    userRooms(node: string): Promise<string[]>;
    /** True only when all three of roster.add, roster.rm and roster.block are configured. */
    hasRosterMutations(): boolean;
    rosterAdd(from: string, to: string): Promise<void>;
    rosterRemove(from: string, to: string): Promise<void>;
    rosterBlock(from: string, to: string): Promise<void>;
    ping(): Promise<void>;
    close(): Promise<void>;
    private template;
    private column;
    /**
     * login / token. Zero rows: unknown (after a dummy verification, so it takes as long as a wrong
     * password). Two or more rows, or no `node`: a shape failure, logged, never a success.
     */
    private credentials;
    /** A verifier refusing for capacity (StoreError 'busy') rejects here too: an unknown name must be
     *  answered like a known one, and the known one gets 5104. */
    private spendVerifyTime;
}
export interface TemplateCheck {
    key: TemplateKey;
    ok: boolean;
    /** the database's own error (or a result-shape problem), prefixed with the template's file:line when known */
    error?: string;
}
/** Sample values for `tim check`: plausible, non-destructive, and rolled back anyway. */
export declare function sampleValues(now?: number): ParamValues;
/**
 * `tim check`: runs every configured template inside its own transaction, always rolled back, with
 * sampleValues(); reports per key the database's error or a missing result alias. Each key gets its
 * own transaction because a failed statement aborts the whole transaction on PostgreSQL.
 */
export declare function checkAllTemplates(knex: Knex, templates: TemplateSet, dialect?: Dialect | DbClient): Promise<TemplateCheck[]>;
