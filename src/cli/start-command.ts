// `tim start`: build the app, listen, log where (buildApp's logger: JSON lines, or pretty ones on
// a terminal), wait for SIGINT/SIGTERM, close. Exit code 0 after a clean shutdown.

import { buildApp } from '../app.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../core/ports.js';
import { createLogger } from '../observability/logger.js';

export async function runStart(config: Config, signalled: Promise<string>, err: (line: string) => void): Promise<number> {
  const log = createLogger(config.logLevel, config.logFormat) as unknown as Logger;
  const app = await buildApp(config, { logger: log });
  await app.listen(); // logs the listeners, the database and the mode
  const signal = await signalled;
  log.info({ signal }, 'shutting down');
  try {
    await app.close(); // logs 'tim stopped'
    return 0;
  } catch (e) {
    err(`tim: shutdown failed: ${(e as Error).message}`);
    return 1;
  }
}
