// pino options for the server. Logs are JSON lines on stdout; per-frame logs exist only at debug.

import { pino, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/types.js';

export function createLogger(level: Config['logLevel']): PinoLogger {
  return pino({
    level,
    base: { service: 'tim' },
    redact: { paths: ['pwd', 'password', '*.pwd', '*.password', 'token', '*.token'], censor: '[redacted]' },
  });
}
