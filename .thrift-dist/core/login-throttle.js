// Password-guessing throttle (limits.loginFailuresPerAccount, loginFailuresPerIp,
// loginFailureWindowSeconds, loginLockoutSeconds). Used by every way of checking a password against
// the store: AUTH over /tim and TOKEN over POST /tim2 (the same guess, another door).
//
// Contract:
// - begin() decides BEFORE any database or hashing work: a refused attempt costs a Map lookup.
//   An admitted attempt is in flight until settled (succeeded / failed / abandoned). Checks in
//   flight count against an account's limit, so N sockets guessing one password at once get no
//   more tries than one socket guessing in turn. They do not count against an address's limit
//   (a NAT, or a load generator, may log many users in at once); how many run at once from one
//   address is bounded by the hash slots (store/hash-gate.ts) instead.
// - Counting: `max` failures within `window` ms of the first one lock the key for `lockout` ms;
//   the count then starts afresh. Refused attempts are not counted and never extend a lock, so a
//   lock always ends `lockout` ms after it began. Unknown names count like wrong passwords, so the
//   lock tells nothing about whether an account exists.
// - Keys: the account is (name, domain), case-folded and NFKC-normalized (a database with a
//   case-insensitive collation would otherwise give "Alice" and "ALICE" separate budgets); the
//   address is the IPv4 address, or the /64 of an IPv6 one (one host commonly owns a whole /64).
// - A success clears the account's failures and gives back the address's in-flight slot; it never
//   clears the address's failures (an attacker could otherwise reset its own address by logging in
//   to an account of its own between guesses).
//
// Locking out the legitimate user (the cheap attack on any lockout), what we chose:
// - A lock is short and fixed (no escalation), and blocks password checks only: one-time token
//   and JWT logins (unguessable secrets) never consult this throttle.
// - An (account, address) pair that logged in successfully within TRUST_MS is "trusted": its
//   attempts ignore the account and address locks and have their own budget (the per-account
//   limit) instead. So an attacker elsewhere can keep an account locked for NEW addresses only;
//   the user goes on logging in from where they logged in before. Only an attacker behind the same
//   address (shared NAT) can lock the user out there, and it gets that pair's budget of guesses.
// - The address lock is the stricter one (every account from that address), with a higher limit:
//   it stops one address spraying many accounts, which the per-account limit cannot see.
//
// Bounds: each table keeps at most TABLE_MAX keys; an entry is dropped once its window and lock
// are over (oldest first), and when full the least recently failed key is forgotten first.
// On a cluster the counts are per node (in memory, not shared over Redis): an attacker spreading
// over N nodes gets at most N times the budget, which still bounds guessing.
import { isIPv4, isIPv6 } from 'node:net';
/** How long a successful (account, address) pair is trusted. */
const TRUST_MS = 30 * 24 * 3600 * 1000;
/** Keys kept per table (failures by account, by address, by pair; trusted pairs). */
const TABLE_MAX = 100_000;
/** Longest name / domain part of a key (longer ones share a counter with their prefix: harmless). */
const KEY_PART_MAX = 256;
/** Failure counts by key, with locks; insertion order = `touched` order. */
class FailureTable {
    max;
    windowMs;
    lockoutMs;
    countsInflight;
    entries = new Map();
    constructor(max, windowMs, lockoutMs, 
    /** whether checks in flight count against `max` */
    countsInflight) {
        this.max = max;
        this.windowMs = windowMs;
        this.lockoutMs = lockoutMs;
        this.countsInflight = countsInflight;
    }
    get size() {
        return this.entries.size;
    }
    /** Locked, or as many failures (and checks in flight, when they count) as the limit allows. */
    full(key, now) {
        const e = this.live(key, now);
        return e !== undefined && (e.lockedUntil > now || e.failures + (this.countsInflight ? e.inflight : 0) >= this.max);
    }
    isLocked(key, now) {
        const e = this.live(key, now);
        return e !== undefined && e.lockedUntil > now;
    }
    admit(key, now) {
        this.touch(key, now).inflight++;
    }
    /** Ends an in-flight check; `failed`: counts it, locking the key at the limit. */
    settle(key, now, failed) {
        const e = this.entries.get(key);
        if (e !== undefined && e.inflight > 0)
            e.inflight--;
        if (!failed)
            return;
        const f = this.touch(key, now);
        f.failures++;
        if (f.failures >= this.max) {
            f.lockedUntil = Math.max(f.lockedUntil, now + this.lockoutMs);
            f.failures = 0;
            f.windowStart = now;
        }
    }
    /** Forgets the key's failures (a success), keeping checks still in flight. */
    clear(key) {
        const e = this.entries.get(key);
        if (e === undefined)
            return;
        if (e.inflight > 0) {
            e.failures = 0;
            e.lockedUntil = 0;
        }
        else {
            this.entries.delete(key);
        }
    }
    /** The entry with its window rolled forward, or undefined when it holds nothing any more. */
    live(key, now) {
        const e = this.entries.get(key);
        if (e === undefined)
            return undefined;
        if (now - e.windowStart >= this.windowMs) {
            e.failures = 0;
            e.windowStart = now;
        }
        return e;
    }
    /** The entry (created when missing), moved to the end of the order. */
    touch(key, now) {
        const e = this.live(key, now) ?? { failures: 0, windowStart: now, lockedUntil: 0, inflight: 0, touched: now };
        this.entries.delete(key);
        e.touched = now;
        this.entries.set(key, e);
        this.prune(now);
        return e;
    }
    /** Drops entries from the front (least recently touched) that are over, then any beyond TABLE_MAX. */
    prune(now) {
        const keepMs = Math.max(this.windowMs, this.lockoutMs);
        for (const [key, e] of this.entries) {
            const over = e.inflight === 0 && now - e.touched >= keepMs && e.lockedUntil <= now;
            if (!over && this.entries.size <= TABLE_MAX)
                break;
            this.entries.delete(key);
        }
    }
}
export class LoginThrottle {
    now;
    byAccount;
    byIp;
    byPair;
    /** pair key -> trusted until (ms); insertion order = grant order */
    trusted = new Map();
    /** refusals and locks so far, for tests and diagnostics */
    counts = { refused: 0, locked: 0 };
    constructor(limits, now) {
        this.now = now;
        const windowMs = limits.loginFailureWindowSeconds * 1000;
        const lockoutMs = limits.loginLockoutSeconds * 1000;
        const { loginFailuresPerAccount: perAccount, loginFailuresPerIp: perIp } = limits;
        if (perAccount > 0)
            this.byAccount = new FailureTable(perAccount, windowMs, lockoutMs, true);
        if (perIp > 0)
            this.byIp = new FailureTable(perIp, windowMs, lockoutMs, false);
        // A trusted pair's own budget: the per-account limit (the per-address one when that is off).
        const pairMax = perAccount > 0 ? perAccount : perIp;
        if (pairMax > 0)
            this.byPair = new FailureTable(pairMax, windowMs, lockoutMs, true);
    }
    /** Whether any limit is on. */
    get enabled() {
        return this.byPair !== undefined;
    }
    /** Keys held in all tables (failures and trusted pairs), for tests and diagnostics. */
    get tracked() {
        return (this.byAccount?.size ?? 0) + (this.byIp?.size ?? 0) + (this.byPair?.size ?? 0) + this.trusted.size;
    }
    /** Is `name`'s account locked (for addresses without trust)? For tests and diagnostics. */
    accountLocked(name, domain) {
        return this.byAccount?.isLocked(accountKey(name, domain), this.now()) ?? false;
    }
    /**
     * Admits a password check of `name` (in `domain`) from the client address `remote`, or says
     * which lock refuses it. Call before any database or hashing work.
     */
    begin(name, domain, remote) {
        if (!this.enabled)
            return NO_OP_ATTEMPT;
        const now = this.now();
        const account = accountKey(name, domain);
        const ip = addressKey(remote);
        const pair = `${account}\u0000${ip}`;
        // Trusted pairs answer to their own budget only; everyone else to the address and the account.
        const keys = this.isTrusted(pair, now)
            ? [[this.byPair, pair]]
            : [
                ...(this.byIp ? [[this.byIp, ip]] : []),
                ...(this.byAccount ? [[this.byAccount, account]] : []),
            ];
        for (const [table, key] of keys) {
            if (table.full(key, now)) {
                this.counts.refused++;
                return table === this.byIp ? 'ip' : table === this.byAccount ? 'account' : 'pair';
            }
        }
        for (const [table, key] of keys)
            table.admit(key, now);
        let settled = false;
        const settle = (outcome) => {
            if (settled)
                return;
            settled = true;
            const t = this.now();
            for (const [table, key] of keys) {
                const wasLocked = table.isLocked(key, t);
                table.settle(key, t, outcome === 'failed');
                if (!wasLocked && table.isLocked(key, t))
                    this.counts.locked++;
            }
            if (outcome === 'ok') {
                this.byAccount?.clear(account);
                this.byPair?.clear(pair);
                this.trust(pair, t);
            }
        };
        return { succeeded: () => settle('ok'), failed: () => settle('failed'), abandoned: () => settle('void') };
    }
    isTrusted(pair, now) {
        const until = this.trusted.get(pair);
        return until !== undefined && until > now;
    }
    trust(pair, now) {
        this.trusted.delete(pair);
        this.trusted.set(pair, now + TRUST_MS);
        for (const [key, until] of this.trusted) {
            if (until > now && this.trusted.size <= TABLE_MAX)
                break;
            this.trusted.delete(key);
        }
    }
}
const NO_OP_ATTEMPT = { succeeded() { }, failed() { }, abandoned() { } };
/** The account's key: (name, domain) as a case-insensitive database would compare them. */
export function accountKey(name, domain) {
    const fold = (s) => s.normalize('NFKC').toLowerCase().trimEnd().slice(0, KEY_PART_MAX);
    return `${fold(domain ?? '')}\u0000${fold(name)}`;
}
/**
 * The address's key: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4 form), IPv6 as its /64
 * prefix; anything else (an empty remote, a Unix socket) as given.
 */
export function addressKey(remote) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
    if (mapped)
        return mapped[1];
    if (isIPv4(remote))
        return remote;
    const bare = remote.replace(/%.*$/, ''); // zone index (fe80::1%eth0)
    if (!isIPv6(bare))
        return remote;
    const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    // An embedded IPv4 tail counts as two groups; it only ever sits in the low 64 bits.
    const groupsOf = (parts) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
    const fill = tail === undefined ? 0 : 8 - groupsOf(left) - groupsOf(right);
    const groups = [...left, ...Array(fill).fill('0'), ...right];
    return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
//# sourceMappingURL=login-throttle.js.map