// Helpers for the cluster suites: a unique Redis key prefix per run (suites share the machine's
// Redis), a shared database every node sees, node processes built by node-main.ts, and a private
// redis-server that a test may kill and restart without disturbing anyone else.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import WebSocket from 'ws';
import { TimClient } from '../../src/client/tim-client.js';
import type { TimClientOptions } from '../../src/client/client-types.js';
import { provisionDatabase, type ProvisionedDatabase } from '../helpers/databases.js';
import { until, type TestServer } from '../helpers/tim-server.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_REDIS_PORT = 6379;

/** A key prefix no other run uses. */
export function uniquePrefix(): string {
  return `tim-t:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
}

/** cluster.redis for `port` and `prefix`, with short timings so failures are seen quickly. */
export function redisUrl(port: number, prefix: string, extra: Record<string, number> = {}): string {
  const q = new URLSearchParams({ prefix, heartbeatMs: '200', nodeTtlMs: '1500', timeoutMs: '1000' });
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return `redis://127.0.0.1:${port}/0?${q}`;
}

/** Deletes every key under `prefix` (bounded SCAN). */
export async function dropPrefix(port: number, prefix: string): Promise<void> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await r.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } catch {
    // a stopped private server holds nothing worth deleting
  } finally {
    r.disconnect();
  }
}

/**
 * What a cluster suite needs: the machine's Redis (and, with `ownRedis`, a redis-server binary to
 * start private ones) and a database on a server every node process can reach (PostgreSQL, else
 * MariaDB/MySQL). A missing piece skips the suite with the reason, and fails it under CI=true.
 */
export async function clusterPrereqs(opts: { ownRedis?: boolean } = {}): Promise<ProvisionedDatabase | { skip: string }> {
  const missing = (reason: string) => {
    if (process.env.CI === 'true') throw new Error(`cluster suites need ${reason}`);
    return { skip: reason };
  };
  if (!(await ping(SHARED_REDIS_PORT))) return missing(`Redis on 127.0.0.1:${SHARED_REDIS_PORT}`);
  if (opts.ownRedis && !(await hasRedisServer())) return missing('the redis-server binary');
  const pg = await provisionDatabase('postgres');
  if (!('skip' in pg)) return pg;
  const my = await provisionDatabase('mysql');
  return 'skip' in my ? missing(`a shared database (${pg.skip}; ${my.skip})`) : my;
}

function hasRedisServer(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    p.once('error', () => resolve(false));
    p.once('exit', (code) => resolve(code === 0));
  });
}

/** A TCP port free right now on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A config object for one node (what test/helpers/tim-server.ts uses, plus cluster.redis). */
export function nodeConfig(database: object, redis: string, limits: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'] },
    database,
    passwordCost: 10, // cheap hashes: see test/helpers/tim-server.ts
    logLevel: 'silent',
    cluster: { redis },
    limits: { ackTimeoutSeconds: 0.5, loginTimeoutSeconds: 5, kickWindowSeconds: 0, ...limits },
  };
}

export interface NodeProcess {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly adminUrl: string;
  readonly nodeId: string;
  /** settles with the exit code (or signal name) when the process ends */
  readonly exited: Promise<number | string>;
  /** stderr so far, for failure messages */
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit */
  stop(): Promise<number | string>;
}

const NODE_START_MS = 30_000;

/** Starts test/cluster/node-main.ts with `config` in its own process. */
export async function spawnNode(dir: string, name: string, config: object): Promise<NodeProcess> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/cluster/node-main.ts'), file], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const info = await new Promise<{ client: number; admin: number; nodeId: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${NODE_START_MS} ms: ${err}`)), NODE_START_MS);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)));
      } catch (e) {
        reject(e as Error);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening: ${err}`));
    });
  });
  return {
    proc,
    url: `ws://127.0.0.1:${info.client}/tim`,
    adminUrl: `http://127.0.0.1:${info.admin}`,
    nodeId: info.nodeId,
    exited,
    stderr: () => err,
    kill: (signal) => {
      proc.kill(signal);
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** A connected client (not logged in) to `url`; closed by the caller. */
export async function connectClient(url: string, opts: TimClientOptions = {}): Promise<TimClient> {
  const c = new TimClient(url, { WebSocket: WebSocket as never, pingIntervalMs: 0, ...opts });
  await c.connect();
  return c;
}

export async function loginClient(url: string, name: string, opts: TimClientOptions = {}): Promise<TimClient> {
  const c = await connectClient(url, opts);
  await c.login(name, `secret-${name}`);
  return c;
}

/** GET/POST on a node's admin listener with the test key. */
export async function admin(adminUrl: string, method: string, p: string, json?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: 'Bearer test-admin-key' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(adminUrl + p, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A redis-server of our own on a free port, in a temp dir, that a test may kill and restart. */
export class PrivateRedis {
  private proc: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-redis-'));
    const r = new PrivateRedis(await freePort(), dir);
    await r.restart();
    return r;
  }

  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'];
    this.proc = spawn('redis-server', args, { stdio: 'ignore' });
    await until(() => ping(this.port), 10_000, `private redis on ${this.port} to answer`);
  }

  /** SIGKILL: the server vanishes with its data (no persistence). */
  async kill(): Promise<void> {
    const p = this.proc;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGKILL');
    await gone;
  }

  async close(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Does a Redis answer PING on 127.0.0.1:`port`? */
export async function ping(port: number): Promise<boolean> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'tim-cluster-'));
}

/** What a cluster suite shares: its database, its Redis key prefix, a temp dir, and what to close. */
export interface ClusterFixture {
  /** the shared database (read inside hooks and tests) */
  readonly db: ProvisionedDatabase;
  /** this suite's Redis key prefix (dropped in afterAll) */
  readonly prefix: string;
  /** a temp dir for node configs (spawnNode), made in beforeAll, removed in afterAll */
  readonly dir: string;
  /** closed in afterAll, first */
  readonly clients: TimClient[];
  /** in-process nodes (startServer), closed in afterAll after the clients */
  readonly servers: TestServer[];
  /** node processes (spawnNode), resumed (SIGCONT) and stopped in afterAll after the clients */
  readonly procs: NodeProcess[];
  /** cluster.redis on the machine's Redis under `prefix` */
  redisUrl(extra?: Record<string, number>): string;
  /** runs `fn` in afterAll once nodes and processes are stopped, before the prefix and database go */
  onCleanup(fn: () => unknown): void;
}

/**
 * Registers `describe(title)` for a cluster suite (use with top-level await): checks clusterPrereqs
 * (skipping the suite with the reason, failing under CI=true), and wires one beforeAll (temp dir)
 * and one afterAll that closes clients, in-process nodes and node processes, runs the onCleanup
 * functions, then drops the Redis prefix, the database and the dir, even when a test failed.
 */
export async function describeCluster(title: string, fn: (fx: ClusterFixture) => void, opts: { ownRedis?: boolean } = {}): Promise<void> {
  const provisioned = await clusterPrereqs(opts);
  const skip = 'skip' in provisioned ? provisioned.skip : undefined;
  describe.skipIf(skip !== undefined)(`${title}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const prefix = uniquePrefix();
    const cleanups: (() => unknown)[] = [];
    let dir: string | undefined;
    const fx: ClusterFixture = {
      get db() {
        if ('skip' in provisioned) throw new Error(`no cluster database: ${provisioned.skip}`);
        return provisioned;
      },
      prefix,
      get dir() {
        if (dir === undefined) throw new Error('the fixture dir is made in beforeAll');
        return dir;
      },
      clients: [],
      servers: [],
      procs: [],
      redisUrl: (extra) => redisUrl(SHARED_REDIS_PORT, prefix, extra),
      onCleanup: (cleanup) => void cleanups.push(cleanup),
    };
    beforeAll(async () => {
      dir = await tempDir();
    });
    afterAll(async () => {
      for (const c of fx.clients) c.close();
      await Promise.allSettled(fx.servers.map((n) => n.close()));
      for (const p of fx.procs) p.kill('SIGCONT'); // a stopped (SIGSTOP) process must run to exit
      await Promise.allSettled(fx.procs.map((p) => p.stop()));
      for (const c of cleanups) await c();
      await dropPrefix(SHARED_REDIS_PORT, prefix);
      await fx.db.cleanup();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });
    fn(fx);
  });
}
