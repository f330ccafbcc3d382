import { describe, expect, it, vi } from 'vitest';
import { coarseNow } from '../../../src/core/coarse-clock.js';

describe('coarseNow', () => {
  it('is never ahead of Date.now() and follows it', async () => {
    const first = coarseNow();
    expect(first).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - first).toBeLessThan(1000);
    await vi.waitFor(() => expect(coarseNow()).toBeGreaterThan(first), { timeout: 2000, interval: 5 });
    expect(coarseNow()).toBeLessThanOrEqual(Date.now());
  });
});
