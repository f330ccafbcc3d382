// The server's one pino logger: the core, the store, the cluster and both fastify instances log
// through it. JSON lines on stdout, or pino-pretty lines when `logFormat` is `pretty` (or `auto`
// and stdout is a terminal). Per-frame lines exist only at debug level.
import { pino } from 'pino';
import pretty from 'pino-pretty';
export function createLogger(level, format = 'json', opts = {}) {
    const options = {
        level,
        base: { service: 'tim' },
        redact: { paths: ['pwd', 'password', '*.pwd', '*.password', 'token', '*.token'], censor: '[redacted]' },
    };
    const isPretty = format === 'pretty' || (format === 'auto' && (opts.tty ?? process.stdout.isTTY === true));
    if (!isPretty)
        return opts.destination ? pino(options, opts.destination) : pino(options);
    // sync: lines are written in order with the process's other output and none is lost at exit.
    const stream = pretty({ sync: true, colorize: opts.destination === undefined && process.stdout.isTTY === true, destination: opts.destination ?? 1, ignore: 'pid,hostname,service' });
    return pino(options, stream);
}
//# sourceMappingURL=logger.js.map