// A PostgreSQL server that one test owns: its own data directory (initdb), a free port on
// 127.0.0.1, its socket in the same temporary directory. The test may kill it with SIGKILL and
// start it again on the same data (crash recovery), which it must never do to the machine's shared
// server. Run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
//
// Lifecycle: startPrivatePostgres() returns a running server or a one-line reason to skip (no
// binaries); stop() kills every process it started and removes the directory, and is safe to call
// twice or after a failed start. Nothing here touches a process it did not start: kill() signals
// the process group of the postmaster it spawned (its backends are in that group).

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, openSync, closeSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** SIGKILL to the postmaster and its backends; resolves once the postmaster has exited */
  kill(): Promise<void>;
  /** starts the server on the same data again; resolves once it accepts connections */
  start(): Promise<void>;
  /** kills the server if running and removes its directory */
  stop(): Promise<void>;
  /** the server's own log, for failure messages */
  logFile: string;
}

/** The newest PostgreSQL's bin directory holding initdb, postgres and pg_isready, or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (['initdb', 'postgres', 'pg_isready'].every((b) => existsSync(path.join(bin, b)))) return bin;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** uid/gid of the postgres user when running as root; undefined when not root. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined | string> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    return 'running as root and there is no postgres user to run PostgreSQL as';
  }
}

export async function startPrivatePostgres(opts: { readyMs?: number } = {}): Promise<PrivatePostgres | { skip: string }> {
  const bin = postgresBin();
  if (bin === undefined) return { skip: 'no PostgreSQL server binaries (initdb, postgres) under /usr/lib/postgresql/*/bin' };
  const user = await runAs();
  if (typeof user === 'string') return { skip: user };
  const readyMs = opts.readyMs ?? 20_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const own = (p: string): void => {
    if (user) chownSync(p, user.uid, user.gid);
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const port = await freePort();
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    logFile,
    async kill() {
      const c = child;
      if (c?.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
      try {
        process.kill(-c.pid, 'SIGKILL'); // the group: the postmaster and the backends it forked
      } catch {
        c.kill('SIGKILL');
      }
      await exited;
    },
    async start() {
      const out = openSync(logFile, 'a');
      own(logFile);
      try {
        const c = spawn(
          path.join(bin, 'postgres'),
          ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=40'],
          { detached: true, stdio: ['ignore', out, out], ...(user ?? {}) },
        );
        child = c;
        exited = new Promise((resolve) => c.once('exit', () => resolve()));
      } finally {
        closeSync(out);
      }
      const end = Date.now() + readyMs;
      for (;;) {
        const ready = await run(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).then(
          () => true,
          () => false,
        );
        if (ready) return;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > end) {
          throw new Error(`private PostgreSQL did not start on port ${port} within ${readyMs} ms; see ${logFile}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await pg.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    own(dir);
    // fsync and full-page writes off: only an operating-system crash could lose data then, and a
    // SIGKILL of the server is not one; every commit still reaches the kernel before it answers.
    await run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--locale=C'], {
      ...(user ?? {}),
      cwd: dir,
    });
    await pg.start();
    return pg;
  } catch (e) {
    await pg.stop();
    throw e;
  }
}
