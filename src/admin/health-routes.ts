// Liveness and readiness on the admin listener: /healthz answers while the process runs,
// /readyz only while the database answers. Its `cluster` field is "single" (no cluster), "up", or
// "down" (Redis unreachable: still ready, as local delivery and offline storage work; cross-node
// delivery degrades to the offline store until Redis answers again).

import type { FastifyInstance } from 'fastify';
import type { TimCore } from '../core/tim-core.js';

/** Paths exempt from limits.adminRatePerMinute (admin-plugin.ts says why). */
export const HEALTH_PATHS: readonly string[] = ['/healthz', '/readyz'];

export function registerHealth(app: FastifyInstance, core: TimCore): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const c = core.peers.health();
    const cluster = c.mode === 'single' ? 'single' : c.up ? 'up' : 'down';
    try {
      await core.store.ping();
      return { ok: true, database: 'up', cluster };
    } catch (err) {
      return reply.code(503).send({ ok: false, database: 'down', cluster, error: (err as Error).message });
    }
  });
}
