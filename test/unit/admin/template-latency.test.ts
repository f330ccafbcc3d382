// The dashboard's per-template latency histograms (src/observability/template-latency.ts).

import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_MS, quantileMs, TemplateLatency } from '../../../src/observability/template-latency.js';

describe('TemplateLatency', () => {
  it('counts runs and errors per key in fixed buckets, sorted by key', () => {
    const t = new TemplateLatency();
    for (let i = 0; i < 98; i++) t.observe('login', 0.8, true); // bucket (0.5, 1]
    t.observe('login', 30, true); // (16, 32]
    t.observe('login', 9000, false); // overflow
    t.observe('message.save', 2, true); // exactly on a bound: that bucket
    const snap = t.snapshot();
    expect(snap.boundsMs).toEqual(LATENCY_BOUNDS_MS);
    expect(snap.keys.map((k) => k.key)).toEqual(['login', 'message.save']);
    const login = snap.keys[0];
    expect(login).toMatchObject({ calls: 100, errors: 1, maxMs: 9000 });
    expect(login.buckets).toHaveLength(LATENCY_BOUNDS_MS.length + 1);
    expect(login.buckets[LATENCY_BOUNDS_MS.indexOf(1)]).toBe(98);
    expect(login.buckets[LATENCY_BOUNDS_MS.indexOf(32)]).toBe(1);
    expect(login.buckets.at(-1)).toBe(1);
    expect(login.p50Ms).toBeGreaterThan(0.5);
    expect(login.p50Ms).toBeLessThanOrEqual(1);
    expect(login.p99Ms).toBeGreaterThan(16);
    expect(login.p99Ms).toBeLessThanOrEqual(32);
    expect(login.meanMs).toBeCloseTo((98 * 0.8 + 30 + 9000) / 100, 3);
    expect(snap.keys[1].buckets[LATENCY_BOUNDS_MS.indexOf(2)]).toBe(1);
    // a snapshot is a copy: later runs do not change it
    t.observe('login', 1, true);
    expect(login.calls).toBe(100);
  });

  it('quantileMs: null without runs, capped by the max, interpolated in a bucket', () => {
    const empty = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
    expect(quantileMs(empty, 0.5)).toBeNull();
    const one = [...empty];
    one[LATENCY_BOUNDS_MS.indexOf(8)] = 10; // (4, 8]
    expect(quantileMs(one, 0.5)).toBe(6);
    expect(quantileMs(one, 0.5, 5)).toBe(5);
    const over = [...empty];
    over[over.length - 1] = 1;
    expect(quantileMs(over, 0.99, 7000)).toBeGreaterThan(LATENCY_BOUNDS_MS.at(-1)!);
    expect(quantileMs(over, 0.99, 7000)).toBeLessThanOrEqual(7000);
  });
});
