// Fastify and the server's one logger: fastify instances get the pino logger itself (so their
// own error lines are the same JSON), without fastify's two lines per request; admin requests get
// one info line each instead (health probes and metrics scrapes at debug: a load balancer probing
// every second would otherwise fill the log).
import { LogController } from 'fastify';
/** Fastify options that log through `log` when it is a full pino-like logger, else not at all. */
export function fastifyLogging(log) {
    const full = typeof log.fatal === 'function';
    return full
        ? { loggerInstance: log, logController: new LogController({ disableRequestLogging: true }) }
        : { logger: false };
}
const QUIET_PATHS = /^\/(healthz|readyz|livez|metrics)(\/|\?|$)/;
/** One line per admin request once answered: method, path, status, milliseconds, remote address. */
export function logAdminRequests(app, log) {
    app.addHook('onResponse', async (req, reply) => {
        const line = {
            method: req.method,
            url: req.url.split('?')[0],
            status: reply.statusCode,
            ms: Math.round(reply.elapsedTime),
            remote: req.ip,
        };
        if (QUIET_PATHS.test(req.url))
            log.debug(line, 'admin request');
        else
            log.info(line, 'admin request');
    });
}
//# sourceMappingURL=request-log.js.map