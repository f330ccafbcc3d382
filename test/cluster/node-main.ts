// One cluster node as its own process, for the failure tests: builds the app from the JSON config
// file named by argv[2], listens (port 0 in the tests' configs), prints ONE line
// `{"client":<port>,"admin":<port>,"nodeId":"<cluster node id>"}` on stdout, and shuts down
// cleanly on SIGTERM (exit 0). SIGKILL is the crash the tests inflict.

import { readFileSync } from 'node:fs';
import { buildApp } from '../../src/app.js';
import { buildConfig } from '../../src/config/load-config.js';

const app = await buildApp(buildConfig(JSON.parse(readFileSync(process.argv[2], 'utf8'))));
const { client, admin } = await app.listen();
process.stdout.write(`${JSON.stringify({ client: client.port, admin: admin.port, nodeId: app.core.cluster.nodeId })}\n`);
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
