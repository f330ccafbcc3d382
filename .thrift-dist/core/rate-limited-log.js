// A log of repeated failures of one kind (the database's) that stays readable during an outage:
// instead of a line per refused operation (about a thousand in ten seconds of traffic), it writes
//  - the first failure at once, with its error: what is happening;
//  - then at most one summary line per interval: how many operations failed since the last line,
//    under which keys (template keys), and the last error's message;
//  - one line when an operation succeeds again, with how long it failed and how many were refused.
// Bound: at most three lines per interval (one first-failure line, one summary, one recovery line)
// whatever the rate of failures and successes, since a new first-failure line needs a full interval
// since the last line. Failures while that is not yet so are counted into the next summary.
//
// Single-threaded; success() is on the hot path of every database call and costs one comparison
// while nothing failed.
/** Distinct keys a summary names; the rest are counted as `others`. */
const MAX_KEYS = 16;
export class RateLimitedLog {
    log;
    subject;
    intervalMs;
    now;
    /** failures seen since the last success */
    failing = false;
    /** the current run of failures had its first-failure line: a recovery line is owed */
    announced = false;
    since = 0;
    total = 0;
    lastLineAt = Number.NEGATIVE_INFINITY;
    lastError = '';
    /** failures not written in any line yet, by key */
    pending = new Map();
    pendingCount = 0;
    timer;
    constructor(log, opts) {
        this.log = log;
        this.subject = opts.subject;
        this.intervalMs = opts.intervalMs;
        this.now = opts.now ?? Date.now;
    }
    /** One operation failed with `err`; `key` names the operation (a template key), `context` is
     *  added to the first-failure line only. */
    failure(err, key, context = {}) {
        const now = this.now();
        if (!this.failing) {
            this.failing = true;
            this.announced = false;
            this.since = now;
            this.total = 0;
        }
        this.total++;
        this.lastError = messageOf(err);
        if (this.intervalMs <= 0) {
            this.log.error({ err, key, ...context }, `${this.subject} error`);
            return;
        }
        if (!this.announced && now - this.lastLineAt >= this.intervalMs) {
            this.flush(); // an earlier run's failures, whose summary is due now anyway
            this.announced = true;
            this.lastLineAt = now;
            const every = this.intervalMs / 1000;
            this.log.error({ err, key, ...context }, `${this.subject} failing: ${this.lastError}; operations are refused until it answers again (further failures are summarised at most every ${every} s)`);
            return;
        }
        this.pendingCount++;
        count(this.pending, key);
        this.schedule();
    }
    /** An operation succeeded: after announced failures, one line says so. */
    success() {
        if (!this.failing)
            return;
        this.failing = false;
        if (!this.announced)
            return; // its failures are in the next summary
        // Only this run's failures can be pending here: any before were flushed when it was announced.
        const now = this.now();
        const keys = this.takePending();
        this.lastLineAt = now;
        const seconds = round((now - this.since) / 1000);
        this.log.warn({ refused: this.total, seconds, ...(keys.count > 0 ? { keys: keys.byKey } : {}) }, `${this.subject} answers again after ${seconds} s; ${this.total} operation${this.total === 1 ? ' was' : 's were'} refused meanwhile`);
    }
    /** Writes what is pending and stops the timer (shutdown). */
    close() {
        this.flush();
    }
    schedule() {
        if (this.timer !== undefined)
            return;
        const wait = Math.max(0, this.lastLineAt + this.intervalMs - this.now());
        this.timer = setTimeout(() => this.flush(), wait);
        this.timer.unref();
    }
    /** The summary line of the failures not written yet, if any. */
    flush() {
        // Pending failures all came after the last line (a pending one implies there was one).
        const span = round((this.now() - this.lastLineAt) / 1000);
        const { count: n, byKey } = this.takePending();
        if (n === 0)
            return;
        this.lastLineAt = this.now();
        const names = Object.entries(byKey)
            .map(([k, v]) => `${k} x${v}`)
            .join(', ');
        this.log.error({ refused: n, keys: byKey, lastError: this.lastError, seconds: span }, `${this.subject}: ${n} more operation${n === 1 ? '' : 's'} refused in the last ${span} s (${names}); last error: ${this.lastError}`);
    }
    takePending() {
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timer = undefined;
        const out = { count: this.pendingCount, byKey: Object.fromEntries(this.pending) };
        this.pending = new Map();
        this.pendingCount = 0;
        return out;
    }
}
function count(map, key) {
    const k = map.has(key) || map.size < MAX_KEYS ? key : 'others';
    map.set(k, (map.get(k) ?? 0) + 1);
}
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}
function round(seconds) {
    return Math.round(seconds * 10) / 10;
}
//# sourceMappingURL=rate-limited-log.js.map