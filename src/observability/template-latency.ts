// Per-template SQL latency for the admin dashboard (GET /api/v1/admin/monitor): a small fixed
// histogram per template key, fed by SqlStore's onTemplateCall hook next to the Prometheus one.
//
// Contract: observe() costs a Map lookup, a short loop over fixed bounds and counter bumps; it
// allocates only the first time a key is seen (the keys are the configured templates, a bounded
// set). Counts are since the process started; a reader wanting a recent window (the dashboard)
// subtracts two snapshots' buckets and applies quantileMs() to the difference.
// This module has no Node imports: the dashboard's browser code uses quantileMs() too.

/** Upper bounds (ms, inclusive) of the buckets; one more bucket holds everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

class KeyLatency {
  readonly buckets = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  calls = 0;
  errors = 0;
  totalMs = 0;
  maxMs = 0;
}

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

export class TemplateLatency {
  private readonly byKey = new Map<string, KeyLatency>();

  /** One template run: its key, wall time in ms, and whether it succeeded. Never throws. */
  observe(key: string, ms: number, ok: boolean): void {
    let k = this.byKey.get(key);
    if (k === undefined) {
      k = new KeyLatency();
      this.byKey.set(key, k);
    }
    let i = 0;
    while (i < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[i]) i++;
    k.buckets[i]++;
    k.calls++;
    if (!ok) k.errors++;
    k.totalMs += ms;
    if (ms > k.maxMs) k.maxMs = ms;
  }

  /** Every key seen so far, sorted by key. */
  snapshot(): { boundsMs: readonly number[]; keys: TemplateLatencyRow[] } {
    const keys = [...this.byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, k]) => ({
        key,
        calls: k.calls,
        errors: k.errors,
        meanMs: round(k.totalMs / k.calls),
        maxMs: round(k.maxMs),
        p50Ms: quantileMs(k.buckets, 0.5, k.maxMs),
        p99Ms: quantileMs(k.buckets, 0.99, k.maxMs),
        buckets: [...k.buckets],
      }));
    return { boundsMs: LATENCY_BOUNDS_MS, keys };
  }
}

/**
 * The q-quantile (0 < q <= 1) of bucket counts laid out as LATENCY_BOUNDS_MS plus one overflow
 * bucket, interpolated linearly inside its bucket; null when the counts are all zero. `maxMs`, when
 * known, caps the estimate and bounds the overflow bucket (else it is taken as twice the last bound).
 */
export function quantileMs(buckets: readonly number[], q: number, maxMs?: number): number | null {
  let total = 0;
  for (const n of buckets) total += n;
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i];
    if (n <= 0 || seen + n < rank) {
      seen += n;
      continue;
    }
    const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
    const last = LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
    const upper = i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i] : Math.max(maxMs ?? 2 * last, last);
    const v = lower + ((upper - lower) * (rank - seen)) / n;
    return round(maxMs === undefined ? v : Math.min(v, maxMs));
  }
  return round(maxMs ?? LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
