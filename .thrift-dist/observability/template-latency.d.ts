/** Upper bounds (ms, inclusive) of the buckets; one more bucket holds everything slower. */
export declare const LATENCY_BOUNDS_MS: readonly number[];
export interface TemplateLatencyRow {
    key: string;
    calls: number;
    /** runs that failed (database error, bad result shape) */
    errors: number;
    meanMs: number;
    maxMs: number;
    /** estimated from the buckets (linear within a bucket); null before the first run */
    p50Ms: number | null;
    p99Ms: number | null;
    /** counts per bucket of `boundsMs`, plus one last bucket for slower runs */
    buckets: number[];
}
export declare class TemplateLatency {
    private readonly byKey;
    /** One template run: its key, wall time in ms, and whether it succeeded. Never throws. */
    observe(key: string, ms: number, ok: boolean): void;
    /** Every key seen so far, sorted by key. */
    snapshot(): {
        boundsMs: readonly number[];
        keys: TemplateLatencyRow[];
    };
}
/**
 * The q-quantile (0 < q <= 1) of bucket counts laid out as LATENCY_BOUNDS_MS plus one overflow
 * bucket, interpolated linearly inside its bucket; null when the counts are all zero. `maxMs`, when
 * known, caps the estimate and bounds the overflow bucket (else it is taken as twice the last bound).
 */
export declare function quantileMs(buckets: readonly number[], q: number, maxMs?: number): number | null;
