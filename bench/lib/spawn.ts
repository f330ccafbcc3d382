// Starting the bench's child processes: each in its own Node process with an IPC channel, its
// output in a log file, and its open-file limit raised to the hard limit first (10,000 idle
// connections need more than the common default of 1024). Node cannot raise its own limit, so the
// child is started through `sh -c 'ulimit -n ...; exec node ...'`.

import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildPeer } from './ipc.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Started {
  peer: ChildPeer;
  port: number;
  log: string;
}

export async function startChild(
  name: string,
  script: string,
  args: string[],
  opts: { logDir: string; nodeFlags?: string[]; waitReady?: boolean },
): Promise<Started> {
  const log = path.join(opts.logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  const node = [process.execPath, '--import', 'tsx', '--expose-gc', ...(opts.nodeFlags ?? []), path.join(REPO, script), ...args];
  const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null || true; exec "$@"', 'sh', ...node], {
    cwd: REPO,
    stdio: ['ignore', fd, fd, 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const peer = new ChildPeer(child, name);
  if (opts.waitReady === false) return { peer, port: 0, log };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s; see ${log}`)), 60_000);
    peer.on('ready', (d) => {
      clearTimeout(timer);
      resolve((d as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} while starting:\n${tail(log)}`));
    });
  });
  return { peer, port, log };
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
