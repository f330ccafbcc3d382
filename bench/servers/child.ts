// What every benchmarked server process answers besides its own work: a full GC before memory is
// read, its live connection count, and `ready` with its port once it listens.

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
      ...extra,
    },
    onStop,
  );
}

export function ready(port: number): void {
  emit('ready', { port });
}
