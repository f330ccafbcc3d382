// The two Redis connections a cluster node holds: `cmd` for commands and PUBLISH, `sub` for its
// subscriptions (a subscribed connection cannot run other commands). Both reconnect by themselves
// forever; while a connection is down its commands fail AT ONCE (no offline queue, no resend after
// a reconnect), so callers fall back instead of waiting. `up` is true while both are ready.
//
// Options travel in the `cluster.redis` URL's query, which is removed before ioredis sees it:
//   prefix        key and channel prefix (default "tim:"): clusters sharing one Redis differ here
//   heartbeatMs   how often a node refreshes its liveness key (default 2000)
//   nodeTtlMs     a node silent this long is dead: its sessions stop counting (default 10000,
//                 at least 3 heartbeats)
//   timeoutMs     a command without an answer this long fails (default 2000)
// e.g. redis://10.0.0.5:6379/0?prefix=chat:&nodeTtlMs=6000

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../core/ports.js';
import { dropped } from './dropped.js';
import { RedisOutbox } from './redis-outbox.js';

export interface RedisLinkOptions {
  url: string;
  prefix: string;
  heartbeatMs: number;
  nodeTtlMs: number;
  timeoutMs: number;
}

const NUMERIC = { heartbeatMs: [50, 60_000, 2000], nodeTtlMs: [150, 600_000, 10_000], timeoutMs: [50, 60_000, 2000] } as const;

/** Splits the tim-ts options out of a cluster.redis URL; throws on a bad value. */
export function parseRedisUrl(raw: string): RedisLinkOptions {
  const url = new URL(raw);
  const prefix = url.searchParams.get('prefix') ?? 'tim:';
  url.searchParams.delete('prefix');
  const nums = {} as Record<keyof typeof NUMERIC, number>;
  for (const [key, [min, max, def]] of Object.entries(NUMERIC) as [keyof typeof NUMERIC, readonly [number, number, number]][]) {
    const v = url.searchParams.get(key);
    url.searchParams.delete(key);
    const n = v === null ? def : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cluster.redis: ${key} must be an integer from ${min} to ${max}`);
    nums[key] = n;
  }
  if (nums.nodeTtlMs < 3 * nums.heartbeatMs) throw new Error('cluster.redis: nodeTtlMs must be at least 3 heartbeats (3 x heartbeatMs)');
  return { url: url.toString(), prefix, ...nums };
}

export class RedisLink {
  readonly cmd: Redis;
  readonly sub: Redis;
  private readonly listeners: ((up: boolean) => void)[] = [];
  private wasUp = false;
  private closed = false;
  private box: RedisOutbox | undefined;

  constructor(
    readonly opts: RedisLinkOptions,
    private readonly log: Logger,
    private readonly nodeId: string,
  ) {
    const base: RedisOptions = {
      lazyConnect: true,
      connectTimeout: Math.max(1000, opts.timeoutMs),
      // Reconnect forever, quickly at first: a node must come back by itself.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      enableReadyCheck: true,
    };
    this.cmd = new Redis(opts.url, {
      ...base,
      connectionName: `tim-${nodeId}-cmd`,
      enableOfflineQueue: false,
      commandTimeout: opts.timeoutMs,
      enableAutoPipelining: true,
    });
    // The subscriber queues its (re)subscriptions until connected; ioredis resubscribes after a reconnect.
    this.sub = new Redis(opts.url, { ...base, connectionName: `tim-${nodeId}-sub`, enableOfflineQueue: true, autoResubscribe: true });
    for (const [name, r] of [['cmd', this.cmd], ['sub', this.sub]] as const) {
      r.on('ready', () => this.check());
      r.on('close', () => this.check());
      r.on('end', () => this.check());
      // Without a listener ioredis prints every connection error; one line per state change is enough.
      r.on('error', (err: Error) => this.log.debug({ err: err.message, connection: name }, 'redis connection error'));
    }
  }

  get up(): boolean {
    return !this.closed && this.cmd.status === 'ready' && this.sub.status === 'ready';
  }

  /** This node's bus traffic to other nodes, one queue for the bus and the registry alike (so
   *  their messages keep one order per destination; redis-outbox.ts). */
  get outbox(): RedisOutbox {
    this.box ??= new RedisOutbox(this, this.nodeId, this.log);
    return this.box;
  }

  key(...parts: string[]): string {
    return this.opts.prefix + parts.join(':');
  }

  /** Connects both; resolves when up, or after `waitMs` still down (the node then starts degraded
   *  and keeps reconnecting). */
  async connect(waitMs: number): Promise<boolean> {
    // ioredis reconnects by itself; a first failure is also reported by the 'error' handler above.
    this.cmd.connect().catch(dropped(this.log, 'redis command connection'));
    this.sub.connect().catch(dropped(this.log, 'redis subscriber connection'));
    if (this.up) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(this.up);
      }, waitMs);
      const off = this.onStatus((up) => {
        if (!up) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  /** `fn` runs with the new state on every change; returns an unsubscribe function. */
  onStatus(fn: (up: boolean) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private check(): void {
    const up = this.up;
    if (up === this.wasUp) return;
    this.wasUp = up;
    if (!this.closed) this.log[up ? 'info' : 'warn']({ redis: redact(this.opts.url) }, up ? 'cluster: redis connected' : 'cluster: redis unreachable, cross-node delivery degrades to offline storage');
    for (const fn of [...this.listeners]) fn(up);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([quit(this.cmd), quit(this.sub)]);
  }
}

async function quit(r: Redis): Promise<void> {
  if (r.status === 'ready') {
    await r.quit().catch(() => r.disconnect());
  } else {
    r.disconnect();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
