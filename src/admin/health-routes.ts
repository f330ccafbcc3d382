// Liveness and readiness on the admin listener: /healthz answers while the process runs,
// /readyz only while the database answers.

import type { FastifyInstance } from 'fastify';
import type { TimCore } from '../core/tim-core.js';

export function registerHealth(app: FastifyInstance, core: TimCore): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await core.store.ping();
      return { ok: true, database: 'up' };
    } catch (err) {
      return reply.code(503).send({ ok: false, database: 'down', error: (err as Error).message });
    }
  });
}
