// The project's server for the bench: buildApp on the database given as argv[2] (JSON of
// config.database, already migrated and seeded by the runner), listening on 127.0.0.1 port 0. Limits are the defaults except: tokens live long
// enough for the login scenario's pre-issued tokens, and a login always takes over an older session
// of the same user (no 10 s window answering 4111) so back-to-back scenarios reuse the users.

import { buildApp } from '../../src/app.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { ready, serveServer } from './child.js';

const database = JSON.parse(process.argv[2] ?? '') as Config['database'];
const config = buildConfig({
  listen: '127.0.0.1:0',
  admin: { listen: '127.0.0.1:0' },
  database,
  logLevel: 'error',
  limits: { tokenTtlSeconds: 3600, kickWindowSeconds: 0 },
});
const app = await buildApp(config);
const { client } = await app.listen();
serveServer(
  () => app.core.registry.connectionCount,
  {
    stats: () => ({ ...app.core.stats }),
  },
  () => app.close(),
);
ready(client.port);
