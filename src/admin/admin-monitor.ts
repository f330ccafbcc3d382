// The admin dashboard's live view of the server (GET /api/v1/admin/monitor, rest-routes.ts): what
// GET /stats does not carry. Read-only and cheap enough to poll every second: one database ping
// (bounded by PING_TIMEOUT_MS), one read of the cluster's live nodes, and a walk over this process's
// sessions for the acks they wait for.
//
// Scope: `database`, `acksPending`, `errorsByCode` and `templates` are this server's (the process
// asked); `cluster` lists every live node of the cluster.

import type { TimCore } from '../core/tim-core.js';
import type { TemplateLatency, TemplateLatencyRow } from '../observability/template-latency.js';
import { LATENCY_BOUNDS_MS } from '../observability/template-latency.js';

/** A ping slower than this reports the database as down (the dashboard must not hang on it). */
export const PING_TIMEOUT_MS = 2000;

export interface MonitorSnapshot {
  /** this server's cluster node id */
  server: string;
  /** ms since the epoch, when the snapshot was taken */
  at: number;
  database: { status: 'up' | 'down'; pingMs: number; error?: string };
  cluster: {
    mode: 'single' | 'redis';
    /** 'none' on a single node */
    redis: 'none' | 'up' | 'down';
    /** this node's sockets are in the shared registry */
    synced: boolean;
    /** live nodes, this one first; peers as of their last heartbeat */
    nodes: { server: string; self: boolean; startedAt: number; connections: number; usersOnline: number }[];
  };
  /** reliable frames sent to this server's sockets and not yet acknowledged */
  acksPending: number;
  /** bytes written to this server's sockets and not yet flushed */
  sendQueuedBytes: number;
  slowConsumersClosed: number;
  framesDropped: number;
  /** error acks sent to clients since start, by tim code */
  errorsByCode: Record<string, number>;
  /** per template key, since start (template-latency.ts); empty without the metrics hook */
  templates: { boundsMs: readonly number[]; keys: TemplateLatencyRow[] };
}

const int = { type: 'integer', minimum: 0 } as const;
const ms = { type: 'number', minimum: 0 } as const;
const orNull = { type: ['number', 'null'] } as const;

/** The answer of GET /monitor, for the OpenAPI document. */
export const monitorSchema: Record<string, unknown> = {
  type: 'object',
  required: ['ok', 'server', 'at', 'database', 'cluster', 'acksPending', 'errorsByCode', 'templates'],
  properties: {
    ok: { const: true },
    server: { type: 'string', description: "this server's cluster node id" },
    at: { ...int, description: 'when the snapshot was taken, ms since the epoch' },
    database: {
      type: 'object',
      properties: { status: { enum: ['up', 'down'] }, pingMs: ms, error: { type: 'string' } },
      description: `this server's database; down when a ping fails or takes over ${PING_TIMEOUT_MS} ms`,
    },
    cluster: {
      type: 'object',
      properties: {
        mode: { enum: ['single', 'redis'] },
        redis: { enum: ['none', 'up', 'down'] },
        synced: { type: 'boolean', description: "this node's sockets are in the shared registry" },
        nodes: {
          type: 'array',
          description: 'live nodes, this one first; the others as of their last heartbeat',
          items: { type: 'object', properties: { server: { type: 'string' }, self: { type: 'boolean' }, startedAt: int, connections: int, usersOnline: int } },
        },
      },
    },
    acksPending: { ...int, description: "reliable frames sent to this server's sockets and not yet acknowledged" },
    sendQueuedBytes: int,
    slowConsumersClosed: int,
    framesDropped: int,
    errorsByCode: { type: 'object', additionalProperties: int, description: 'error acks sent since start, by tim code' },
    templates: {
      type: 'object',
      properties: {
        boundsMs: { type: 'array', items: ms, description: 'upper bounds of the histogram buckets; one more bucket holds slower runs' },
        keys: {
          type: 'array',
          items: {
            type: 'object',
            properties: { key: { type: 'string' }, calls: int, errors: int, meanMs: ms, maxMs: ms, p50Ms: orNull, p99Ms: orNull, buckets: { type: 'array', items: int } },
          },
        },
      },
    },
  },
};

export async function monitorSnapshot(core: TimCore, latency: TemplateLatency | undefined): Promise<MonitorSnapshot> {
  const [database, peers] = await Promise.all([pingDatabase(core), core.peers.peers().catch(() => undefined)]);
  const h = core.peers.health();
  let acksPending = 0;
  for (const s of core.registry.sessions()) acksPending += s.pendingAckCount;
  const s = core.stats;
  return {
    server: h.nodeId,
    at: Date.now(),
    database,
    cluster: {
      mode: h.mode,
      redis: h.mode === 'single' ? 'none' : h.up && peers !== undefined ? 'up' : 'down',
      synced: h.synced,
      nodes: [
        { server: h.nodeId, self: true, startedAt: s.startedAt, connections: core.registry.connectionCount, usersOnline: core.registry.onlineUserCount },
        ...(peers ?? [])
          .filter((p) => p.nodeId !== h.nodeId)
          .map((p) => ({ server: p.nodeId, self: false, startedAt: p.startedAt, connections: num(p.stats.connections), usersOnline: num(p.stats.usersOnline) })),
      ],
    },
    acksPending,
    sendQueuedBytes: s.sendQueuedBytes,
    slowConsumersClosed: s.slowConsumersClosed,
    framesDropped: s.framesDropped,
    errorsByCode: Object.fromEntries([...s.errorsByCode].sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n])),
    templates: latency?.snapshot() ?? { boundsMs: LATENCY_BOUNDS_MS, keys: [] },
  };
}

async function pingDatabase(core: TimCore): Promise<MonitorSnapshot['database']> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      core.store.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to a ping within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', pingMs: elapsed(start) };
  } catch (err) {
    return { status: 'down', pingMs: elapsed(start), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (start: number): number => Math.round((performance.now() - start) * 1000) / 1000;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
