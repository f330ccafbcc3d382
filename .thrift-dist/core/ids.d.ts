export declare const MAX_SAFE_ID: number;
export declare class IdGenerator {
    private readonly nodeNumber;
    private readonly now;
    private lastMs;
    private seq;
    /** `nodeNumber` (0..15) distinguishes cluster nodes so two nodes never mint the same id. */
    constructor(nodeNumber?: number, now?: () => number);
    next(): number;
}
/** A client-supplied id is kept when it is a positive safe integer; otherwise the server mints one. */
export declare function isSafeId(v: unknown): v is number;
