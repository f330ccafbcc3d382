// `tim start`: build the app, listen, log where (buildApp's logger: JSON lines, or pretty ones on
// a terminal), wait for SIGINT/SIGTERM, close. Exit code 0 after a clean shutdown.
import { buildApp } from '../app.js';
import { createLogger } from '../observability/logger.js';
export async function runStart(config, signalled, err) {
    const log = createLogger(config.logLevel, config.logFormat);
    const app = await buildApp(config, { logger: log });
    await app.listen(); // logs the listeners, the database and the mode
    const signal = await signalled;
    log.info({ signal }, 'shutting down');
    try {
        await app.close(); // logs 'tim stopped'
        return 0;
    }
    catch (e) {
        err(`tim: shutdown failed: ${e.message}`);
        return 1;
    }
}
//# sourceMappingURL=start-command.js.map