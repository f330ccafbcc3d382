import type { Store } from '../store/store.js';
/** Reports a failed delete (the database log of the core, rate limited during an outage). */
export type AckFailureLog = (err: unknown, context: Record<string, unknown>) => void;
export declare class DeliveredAcks {
    private readonly store;
    private readonly logFailure;
    private waiting;
    private running;
    private scheduled;
    /** mids whose delete failed (their rows stay: duplicates later, never losses) */
    failed: number;
    constructor(store: Store, logFailure: AckFailureLog);
    /** A device of `node` acknowledged the live copy of message `mid`. */
    add(node: string, mid: number): void;
    /** Resolves once every ack added so far has been written (or has failed). */
    settle(): Promise<void>;
    private schedule;
    private flush;
}
