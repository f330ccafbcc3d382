import type { Logger } from './ports.js';
export interface ConnectionLogOptions {
    /** lines per one-second window before counting starts (0: only summaries) */
    perSecond: number;
    /** ms clock (tests); default Date.now */
    now?: () => number;
}
export declare class ConnectionLog {
    private readonly log;
    private readonly perSecond;
    private readonly now;
    private windowStart;
    private lines;
    private unloggedOpened;
    private unloggedClosed;
    private timer;
    constructor(log: Logger, opts: ConnectionLogOptions);
    opened(fields: Record<string, unknown>): void;
    closed(fields: Record<string, unknown>): void;
    /** Writes the pending summary (if any) and stops the timer. */
    close(): void;
    /** May this event have its own line? Starts a new window (after summarising the last) when due. */
    private take;
    private flush;
}
