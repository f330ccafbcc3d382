export interface LoginThrottleLimits {
    /** failures per account within the window before it is locked; 0 = no per-account limit */
    loginFailuresPerAccount: number;
    /** failures per client address within the window before it is locked; 0 = no per-address limit */
    loginFailuresPerIp: number;
    loginFailureWindowSeconds: number;
    loginLockoutSeconds: number;
}
/** Which lock refused an attempt. 'pair': a trusted (account, address) pair used up its own budget. */
export type LoginRefusal = 'account' | 'ip' | 'pair';
/** An admitted password check; settle it exactly once (later calls do nothing). */
export interface LoginAttempt {
    /** the password was right (a ban or device limit refusing the login afterwards does not matter) */
    succeeded(): void;
    /** a wrong password or an unknown name */
    failed(): void;
    /** nothing was learned (database error, overload, a broken login template): not counted */
    abandoned(): void;
}
export declare class LoginThrottle {
    private readonly now;
    private readonly byAccount;
    private readonly byIp;
    private readonly byPair;
    /** pair key -> trusted until (ms); insertion order = grant order */
    private readonly trusted;
    /** refusals and locks so far, for tests and diagnostics */
    readonly counts: {
        refused: number;
        locked: number;
    };
    constructor(limits: LoginThrottleLimits, now: () => number);
    /** Whether any limit is on. */
    get enabled(): boolean;
    /** Keys held in all tables (failures and trusted pairs), for tests and diagnostics. */
    get tracked(): number;
    /** Is `name`'s account locked (for addresses without trust)? For tests and diagnostics. */
    accountLocked(name: string, domain: string | null | undefined): boolean;
    /**
     * Admits a password check of `name` (in `domain`) from the client address `remote`, or says
     * which lock refuses it. Call before any database or hashing work.
     */
    begin(name: string, domain: string | null | undefined, remote: string): LoginAttempt | LoginRefusal;
    private isTrusted;
    private trust;
}
/** The account's key: (name, domain) as a case-insensitive database would compare them. */
export declare function accountKey(name: string, domain: string | null | undefined): string;
/**
 * The address's key: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4 form), IPv6 as its /64
 * prefix; anything else (an empty remote, a Unix socket) as given.
 */
export declare function addressKey(remote: string): string;
