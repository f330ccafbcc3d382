// A server logger whose lines a test reads back: the project's own logger (observability/logger.ts)
// writing JSON into an array, each line parsed. Pass `logger` to startServer's app options.

import type { Logger } from '../../src/core/ports.js';
import type { Config } from '../../src/config/types.js';
import { createLogger } from '../../src/observability/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** pino's numeric levels, as the lines carry them */
export const LEVEL = { DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50 } as const;

export function capturedLogger(level: Config['logLevel']): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger(level, 'json', { destination: { write: (l: string) => void lines.push(JSON.parse(l) as LogLine) } });
  return { logger: logger as unknown as Logger, lines };
}
