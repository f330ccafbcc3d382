import type { Logger } from './ports.js';
export interface RateLimitedLogOptions {
    /** what fails, as the lines name it: `database` */
    subject: string;
    /** at most one summary line per this many ms; 0 logs every failure at once */
    intervalMs: number;
    /** ms clock (tests); default Date.now */
    now?: () => number;
}
export declare class RateLimitedLog {
    private readonly log;
    private readonly subject;
    private readonly intervalMs;
    private readonly now;
    /** failures seen since the last success */
    private failing;
    /** the current run of failures had its first-failure line: a recovery line is owed */
    private announced;
    private since;
    private total;
    private lastLineAt;
    private lastError;
    /** failures not written in any line yet, by key */
    private pending;
    private pendingCount;
    private timer;
    constructor(log: Logger, opts: RateLimitedLogOptions);
    /** One operation failed with `err`; `key` names the operation (a template key), `context` is
     *  added to the first-failure line only. */
    failure(err: unknown, key: string, context?: Record<string, unknown>): void;
    /** An operation succeeded: after announced failures, one line says so. */
    success(): void;
    /** Writes what is pending and stops the timer (shutdown). */
    close(): void;
    private schedule;
    /** The summary line of the failures not written yet, if any. */
    private flush;
    private takePending;
}
