// Bounds the password hashing running at once (limits.hashConcurrency, limits.hashQueueMax).
//
// Why: scrypt and PBKDF2 run in libuv's thread pool (4 threads by default, shared with file and
// DNS work) and bcryptjs on the event loop; without a bound, a flood of wrong guesses fills the pool
// and every other login waits behind it (a hostile test measured ~5 ms -> ~1 s). The login
// throttle (core/login-throttle.ts) refuses most guesses before they get here; this gate bounds
// what is left, e.g. guesses spread over many addresses and accounts, or a registration flood.
//
// Contract: at most `concurrency` jobs run at once; up to `queueMax` more wait, first come first
// served; one more is refused at once with StoreError('busy') (the core answers 5104 OVERLOAD)
// without running. So no caller waits longer than about queueMax / concurrency hash times.
import { StoreError } from './errors.js';
export class HashGate {
    concurrency;
    queueMax;
    running = 0;
    waiting = [];
    /** jobs started and refused so far, and the longest queue seen, for tests and diagnostics */
    counts = { started: 0, refused: 0, peakQueued: 0 };
    constructor(concurrency, queueMax) {
        this.concurrency = concurrency;
        this.queueMax = queueMax;
    }
    /** Runs `job` when a slot is free; rejects with StoreError('busy') when the queue is full. */
    async run(job) {
        if (this.running < this.concurrency) {
            this.running++;
        }
        else {
            if (this.waiting.length >= this.queueMax) {
                this.counts.refused++;
                throw new StoreError('busy', 'password hashing is at capacity (limits.hashConcurrency, limits.hashQueueMax)');
            }
            // release() hands its slot straight to the first waiter: `running` stays as it is.
            const queued = new Promise((resolve) => this.waiting.push(resolve));
            this.counts.peakQueued = Math.max(this.counts.peakQueued, this.waiting.length);
            await queued;
        }
        this.counts.started++;
        try {
            return await job();
        }
        finally {
            this.release();
        }
    }
    release() {
        const next = this.waiting.shift();
        if (next !== undefined)
            next();
        else
            this.running--;
    }
}
//# sourceMappingURL=hash-gate.js.map