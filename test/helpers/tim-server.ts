// Starts a real server on port 0 over a real database for end-to-end tests, and gives fresh
// logged-in clients. Builtin-mode fixtures (users, friendships, rooms) are written straight into
// the builtin tables: the features that create them over the wire are tested on their own.

import type { Knex } from 'knex';
import WebSocket from 'ws';
import { buildApp, type TimApp } from '../../src/app.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { TimClient } from '../../src/client/tim-client.js';
import { createUser } from '../../src/store/builtin-accounts.js';

export interface TestServer {
  app: TimApp;
  url: string;
  http: string;
  adminUrl: string;
  knex: Knex;
  /** a connected, not yet logged-in client; closed by close() */
  client(opts?: ConstructorParameters<typeof TimClient>[1]): Promise<TimClient>;
  /** registers `name` (builtin mode) and returns its node */
  user(name: string, pwd?: string): Promise<string>;
  /** a connected client logged in as `name` (registered first when needed) */
  login(name: string, opts?: ConstructorParameters<typeof TimClient>[1] & { pwd?: string }): Promise<TimClient>;
  close(): Promise<void>;
}

export async function startServer(database: Config['database'], overrides: Record<string, unknown> = {}): Promise<TestServer> {
  const config = buildConfig({
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'] },
    database,
    logLevel: 'silent',
    ...overrides,
    limits: { ackTimeoutSeconds: 0.5, loginTimeoutSeconds: 5, kickWindowSeconds: 0, ...(overrides.limits as object) },
  });
  const app = await buildApp(config);
  const { client, admin } = await app.listen();
  const url = `ws://127.0.0.1:${client.port}/tim`;
  const clients: TimClient[] = [];
  const users = new Map<string, string>();
  const server: TestServer = {
    app,
    url,
    http: `http://127.0.0.1:${client.port}`,
    adminUrl: `http://127.0.0.1:${admin.port}`,
    knex: app.knex,
    async client(opts) {
      const c = new TimClient(url, { WebSocket: WebSocket as never, pingIntervalMs: 0, ...opts });
      clients.push(c);
      await c.connect();
      return c;
    },
    async user(name, pwd = 'secret-' + name) {
      const known = users.get(name);
      if (known) return known;
      const { node } = await createUser(app.knex, { name, pwd, domain: null });
      users.set(name, node);
      return node;
    },
    async login(name, opts = {}) {
      const { pwd = 'secret-' + name, ...rest } = opts;
      await server.user(name, pwd);
      const c = await server.client(rest);
      await c.login(name, pwd);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await app.close();
    },
  };
  return server;
}

/** Builtin fixture: a mutual friendship, as ADDROSTER from both sides leaves it. */
export async function befriend(knex: Knex, a: string, b: string): Promise<void> {
  const now = Date.now();
  await knex('tim_relation').insert([
    { owner: a, peer: b, wants: 1, blocks: 0, updated_at: now },
    { owner: b, peer: a, wants: 1, blocks: 0, updated_at: now },
  ]);
}

/** Builtin fixture: an alive open room with `founder` and `members`. */
export async function makeRoom(knex: Knex, room: string, founder: string, members: string[]): Promise<void> {
  const now = Date.now();
  await knex('tim_room').insert({ node: room, founder, gtype: 2, status: 1, profile: null, created_at: now });
  await knex('tim_room_member').insert([
    { room, node: founder, state: 2, role: 2, created_at: now },
    ...members.map((node) => ({ room, node, state: 2, role: 0, created_at: now })),
  ]);
}

/** Polls `cond` until it holds (no fixed sleeps); fails after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
