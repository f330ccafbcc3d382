import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Database-backed suites create their own database or schema per file, so files may run in parallel.
// Most of a file's time is spent waiting on databases, child processes and timers, so even on two
// cores two files at once run the suite in about two thirds of the time (vitest's default would be
// one worker there).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
