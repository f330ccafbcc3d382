// The project's server for the bench: buildApp on the database given as argv[2] (JSON of
// config.database, already migrated and seeded by the runner), listening on 127.0.0.1 port 0. Limits are the defaults except: tokens live long
// enough for the login scenario's pre-issued tokens, and a login always takes over an older session
// of the same user (no 10 s window answering 4111) so back-to-back scenarios reuse the users.
// argv[3] `no-durable`: durable delivery switched off (see below), for the `-nd` servers.
//
// It runs the compiled server in dist/ (what `npm start` runs; `npm run bench` builds it first), not
// the TypeScript sources through tsx: tsx compiles with esbuild's keepNames, which wraps every
// closure the server creates in a defineProperty call and slowed the persisted path by a third.
// TIM_BENCH_DIST=<dir> runs another compiled copy instead (a before/after comparison of a change:
// copy dist/ somewhere under node_modules/ first, so that its imports resolve).

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as AppModule from '../../dist/app.js';
import type * as ConfigModule from '../../dist/config/load-config.js';
import type { Config } from '../../dist/config/types.js';
import { ready, serveServer } from './child.js';

const dist = process.env.TIM_BENCH_DIST ? pathToFileURL(path.resolve(process.env.TIM_BENCH_DIST)).href : new URL('../../dist', import.meta.url).href;
const { buildApp } = (await import(`${dist}/app.js`)) as typeof AppModule;
const { buildConfig } = (await import(`${dist}/config/load-config.js`)) as typeof ConfigModule;

const database = JSON.parse(process.argv[2] ?? '') as Config['database'];
const durable = process.argv[3] !== 'no-durable';
const config = buildConfig({
  listen: '127.0.0.1:0',
  admin: { listen: '127.0.0.1:0' },
  database,
  logLevel: 'error',
  // requestRate 0: the load generator's connections send far above a chat client's rate on purpose.
  // hashQueueMax 1000: it logs up to 64 users in at once by password (set-up, not measured).
  // httpRatePerMinute 0: the login scenario issues thousands of TOKENs over POST /tim2 from one address.
  limits: { tokenTtlSeconds: 3600, kickWindowSeconds: 0, requestRate: 0, hashQueueMax: 1000, httpRatePerMinute: 0 },
});
const app = await buildApp(config);
if (!durable) {
  // Bench-only switch, to measure what durable delivery costs in the same build and run: the store
  // then saves persisted messages without their offline rows and skips the deletes on acks, and
  // the handlers fall back to storing a copy offline only when its delivery fails (the behaviour
  // without sql.offlinemsg.ack). Set before listening, so no message sees both modes. Not a
  // supported configuration: it is decided by the templates (SqlStore.durableDelivery).
  (app.core.store as { durableDelivery: boolean }).durableDelivery = false;
}
const { client } = await app.listen();
serveServer(
  () => app.core.registry.connectionCount,
  {
    stats: () => ({ ...app.core.stats }),
    /** whether durable delivery is on, so the runner can check the switch took */
    durable: () => app.core.store.durableDelivery,
  },
  () => app.close(),
);
ready(client.port);
