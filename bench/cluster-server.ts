// A server process for the cluster bench (bench/cluster-two-node.ts): buildApp on the database and
// (optionally) the cluster.redis URL given as argv[2] (JSON `{database, redis?}`), listening on
// 127.0.0.1 port 0, with the limits bench/servers/tim-server.ts uses. It answers the same IPC
// requests as the other bench servers (seed, stats, connections, gc). Like tim-server.ts it runs
// the compiled server in dist/ (`npm run bench:cluster` builds it first).

import { buildApp } from '../dist/app.js';
import { buildConfig } from '../dist/config/load-config.js';
import type { Config } from '../dist/config/types.js';
import { ready, serveServer } from './servers/child.js';
import { seed, type SeedSpec } from './servers/seed.js';

const arg = JSON.parse(process.argv[2] ?? '') as { database: Config['database']; redis?: string };
const config = buildConfig({
  listen: '127.0.0.1:0',
  admin: { listen: '127.0.0.1:0' },
  database: arg.database,
  logLevel: 'error',
  // requestRate 0: the load generator's connections send far above a chat client's rate on purpose.
  // hashQueueMax 1000: it logs up to 64 users in at once by password (set-up, not measured).
  limits: { tokenTtlSeconds: 3600, kickWindowSeconds: 0, requestRate: 0, hashQueueMax: 1000 },
  ...(arg.redis !== undefined ? { cluster: { redis: arg.redis } } : {}),
});
const app = await buildApp(config);
const { client } = await app.listen();
serveServer(
  () => app.core.registry.connectionCount,
  {
    seed: (spec: SeedSpec) => seed(app.knex, spec),
    stats: () => ({ ...app.core.stats }),
  },
  () => app.close(),
);
ready(client.port);
