export declare class HashGate {
    readonly concurrency: number;
    readonly queueMax: number;
    private running;
    private readonly waiting;
    /** jobs started and refused so far, and the longest queue seen, for tests and diagnostics */
    readonly counts: {
        started: number;
        refused: number;
        peakQueued: number;
    };
    constructor(concurrency: number, queueMax: number);
    /** Runs `job` when a slot is free; rejects with StoreError('busy') when the queue is full. */
    run<T>(job: () => Promise<T>): Promise<T>;
    private release;
}
