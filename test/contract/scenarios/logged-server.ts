// A second server on a target's database whose log lines are kept, as pino writes them, so the
// failure scenarios can check what an operator would read (and what must not be there).

import { pino } from 'pino';
import WebSocket from 'ws';
import { buildApp, type TimApp } from '../../../src/app.js';
import { TimClient } from '../../../src/client/tim-client.js';
import { buildConfig } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/types.js';
import type { Logger } from '../../../src/core/ports.js';

export interface LogEntry {
  level: number;
  msg?: string;
  err?: { message?: string; key?: string; kind?: string; stack?: string };
  [field: string]: unknown;
}

export interface LoggedServer {
  app: TimApp;
  /** the raw JSON lines written so far */
  readonly lines: string[];
  entries(): LogEntry[];
  client(): Promise<TimClient>;
  close(): Promise<void>;
}

export async function startLoggedServer(database: Config['database'], overrides: Record<string, unknown>): Promise<LoggedServer> {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const config = buildConfig({
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0' },
    database,
    passwordCost: 10, // cheap hashes: see test/helpers/tim-server.ts
    logLevel: 'info',
    ...overrides,
    // dbErrorLogSeconds 0: every database failure gets its own log line, which these tests read.
    limits: { ackTimeoutSeconds: 0.5, loginTimeoutSeconds: 5, kickWindowSeconds: 0, dbErrorLogSeconds: 0 },
  });
  const app = await buildApp(config, { logger: logger as unknown as Logger });
  const { client } = await app.listen();
  const url = `ws://127.0.0.1:${client.port}/tim`;
  const clients: TimClient[] = [];
  return {
    app,
    lines,
    entries: () => lines.map((l) => JSON.parse(l) as LogEntry),
    async client() {
      const c = new TimClient(url, { WebSocket: WebSocket as never, pingIntervalMs: 0 });
      clients.push(c);
      await c.connect();
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await app.close();
    },
  };
}
