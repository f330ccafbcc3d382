// What every benchmarked server process answers besides its own work: a full GC before memory is
// read, its live connection count, and `ready` with its port once it listens.

import { writeHeapSnapshot } from 'node:v8';
import { emit, serve, type Handler } from '../lib/ipc.js';

const gc = (globalThis as { gc?: () => void }).gc;

export function serveServer(
  connections: () => number,
  extra: Record<string, Handler>,
  onStop: () => Promise<void>,
): void {
  serve(
    {
      async gc() {
        if (!gc) throw new Error('start the server with --expose-gc');
        for (let i = 0; i < 3; i++) {
          gc();
          await new Promise((r) => setTimeout(r, 50));
        }
        return process.memoryUsage();
      },
      connections: () => connections(),
      /** a heap snapshot for analysing what a connection costs (bench/.scratch tools) */
      snapshot: (args: { file: string }) => writeHeapSnapshot(args.file),
      /** the monotonic clock V8's profiles use, in µs */
      clock: () => Number(process.hrtime.bigint() / 1000n),
      ...extra,
    },
    onStop,
  );
}

export function ready(port: number): void {
  emit('ready', { port });
}
