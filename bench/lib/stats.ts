// Latency samples: a bounded typed array (samples beyond the capacity are not kept; counts are
// exact elsewhere), read out as percentiles.

export class Latencies {
  private readonly values: Float64Array;
  private n = 0;

  constructor(capacity = 2_000_000) {
    this.values = new Float64Array(capacity);
  }

  add(ms: number): void {
    if (this.n < this.values.length) this.values[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  /** Percentiles (0..100) of what was kept, in ms; NaN when empty. */
  percentiles(ps: number[]): number[] {
    if (this.n === 0) return ps.map(() => Number.NaN);
    const sorted = this.values.slice(0, this.n).sort();
    return ps.map((p) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))]);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
