// The load generator process: runs one scenario at a time for the runner (bench/run.ts), which
// starts it with --expose-gc and talks to it over IPC.

import { emit, serve } from '../lib/ipc.js';
import { closeIdle, issueLoginTokens, openIdle, runDirect, runFanout, runLogin, type DirectJob, type FanoutJob, type LoginJob } from './scenarios.js';
import type { Target } from './bench-client.js';

const gc = (globalThis as { gc?: () => void }).gc;

async function settled<T>(run: () => Promise<T>): Promise<T> {
  gc?.();
  try {
    return await run();
  } finally {
    gc?.();
  }
}

serve({
  direct: (job: DirectJob) => settled(() => runDirect(job)),
  fanout: (job: FanoutJob) => settled(() => runFanout(job)),
  login: (job: LoginJob) => settled(() => runLogin(job)),
  loginTokens: (job: LoginJob) => issueLoginTokens(job),
  idleOpen: (job: { target: Target; count: number }) => openIdle(job),
  idleClose: () => settled(() => closeIdle()),
});

emit('ready', { port: 0 });
