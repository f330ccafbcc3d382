// Fastify and the server's one logger: fastify instances get the pino logger itself (so their
// own error lines are the same JSON), without fastify's two lines per request; admin requests get
// one info line each instead (health probes and metrics scrapes at debug: a load balancer probing
// every second would otherwise fill the log).

import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from '../core/ports.js';

/** Fastify options that log through `log` when it is a full pino-like logger, else not at all. */
export function fastifyLogging(log: Logger): Pick<FastifyServerOptions, 'loggerInstance' | 'logger' | 'logController'> {
  const full = typeof (log as { fatal?: unknown }).fatal === 'function';
  return full
    ? { loggerInstance: log as unknown as FastifyServerOptions['loggerInstance'], logController: new LogController({ disableRequestLogging: true }) }
    : { logger: false };
}

const QUIET_PATHS = /^\/(healthz|readyz|livez|metrics)(\/|\?|$)/;

/** One line per admin request once answered: method, path, status, milliseconds, remote address. */
export function logAdminRequests(app: FastifyInstance, log: Logger): void {
  app.addHook('onResponse', async (req, reply) => {
    const line = {
      method: req.method,
      url: req.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      remote: req.ip,
    };
    if (QUIET_PATHS.test(req.url)) log.debug(line, 'admin request');
    else log.info(line, 'admin request');
  });
}
