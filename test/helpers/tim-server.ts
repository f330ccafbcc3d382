// Starts a real server on port 0 over a real database for end-to-end tests, and gives fresh
// logged-in clients. Builtin-mode fixtures (users, friendships, rooms) are written straight into
// the builtin tables: the features that create them over the wire are tested on their own.

import type { Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type AppOptions, type TimApp } from '../../src/app.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { TimClient } from '../../src/client/tim-client.js';
import { createUser } from '../../src/store/builtin-accounts.js';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { decodeAck, encodeAuth } from '../../src/protocol/json-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimAck, TimAuth, TimMessage, TimNodes, TimStream } from '../../src/protocol/wire-types.js';

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

/** `appOptions` pass through to buildApp (e.g. a logger whose lines the test reads). */
export async function startServer(
  database: Config['database'],
  overrides: Record<string, unknown> = {},
  appOptions: AppOptions = {},
): Promise<TestServer> {
  const config = buildConfig({
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'] },
    database,
    logLevel: 'silent',
    // The cheapest scrypt cost the config allows: password hashing was most of the suite's CPU time.
    // Tests of the hashing itself (hash-gate, passwords) set their own cost.
    passwordCost: 10,
    ...overrides,
    limits: { ackTimeoutSeconds: 0.5, loginTimeoutSeconds: 5, kickWindowSeconds: 0, ...(overrides.limits as object) },
  });
  const app = await buildApp(config, appOptions);
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

/** Where withServer reads the database config in its beforeAll: a describeEachDatabase context
 *  (its `database` exists only from the suite's hooks on), or a function returning the config. */
export type DatabaseSource = { readonly database: Config['database'] } | (() => Config['database']);

/**
 * A server for the enclosing describe: started by a beforeAll registered here (after the hooks
 * registered before the call, so after describeEachDatabase provisions the database), closed by an
 * afterAll. Returns a handle that forwards to the started TestServer; reading it before the
 * beforeAll ran (at collection time) throws. Hooks registered after the call run after the start.
 */
export function withServer(database: DatabaseSource, overrides: Record<string, unknown> = {}, appOptions: AppOptions = {}): TestServer {
  let srv: TestServer | undefined;
  beforeAll(async () => {
    srv = await startServer(typeof database === 'function' ? database() : database.database, overrides, appOptions);
  });
  afterAll(async () => {
    const s = srv;
    srv = undefined;
    await s?.close();
  });
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (srv === undefined) throw new Error(`withServer: the server is started in beforeAll; read .${String(key)} inside hooks and tests`);
      return Reflect.get(srv, key);
    },
  });
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

/** Everything a client receives from now on, by kind (the barrier acks of `sync` excluded). */
export interface Inbox {
  messages: TimMessage[];
  acks: TimAck[];
  nodes: TimNodes[];
  streams: TimStream[];
  bigStrings: { from: string; text: string }[];
  bigBinaries: { from: string; data: Uint8Array }[];
  bigStreams: { vnode: string; data: Uint8Array }[];
  /** forgets what was received so far */
  clear(): void;
}

export function record(c: TimClient): Inbox {
  const box: Inbox = {
    messages: [],
    acks: [],
    nodes: [],
    streams: [],
    bigStrings: [],
    bigBinaries: [],
    bigStreams: [],
    clear() {
      for (const k of ['messages', 'acks', 'nodes', 'streams', 'bigStrings', 'bigBinaries', 'bigStreams'] as const) box[k].length = 0;
    },
  };
  c.on('message', (m) => box.messages.push(m));
  c.on('ack', (a) => {
    if (!(a.ok && a.timType === TimType.AUTH && a.n === undefined)) box.acks.push(a);
  });
  c.on('nodes', (n) => box.nodes.push(n));
  c.on('stream', (s) => box.streams.push(s));
  c.on('bigString', (b) => box.bigStrings.push(b));
  c.on('bigBinary', (b) => box.bigBinaries.push(b));
  c.on('bigBinaryStream', (b) => box.bigStreams.push(b));
  return box;
}

/**
 * Resolves once the server has handled every frame `c` sent before, and everything it wrote to
 * `c` meanwhile has arrived: an AUTH on a logged-in socket is answered in order with a bare ok.
 */
export async function sync(c: TimClient): Promise<void> {
  const done = c.next('ack', (a) => a.ok && a.timType === TimType.AUTH && a.n === undefined);
  c.sendRaw(encodeClientFrame(TimType.AUTH, '{}'));
  await done;
}

/** POST /tim2 with one frame of `type` carrying `auth`; the TimAck of the answer. */
export async function tim2(http: string, type: number, auth: TimAuth): Promise<TimAck> {
  const res = await fetch(`${http}/tim2`, { method: 'POST', body: new Uint8Array(encodeClientFrame(type, encodeAuth(auth))) });
  const body = Buffer.from(await res.arrayBuffer());
  if (body[0] !== TimType.ACK) throw new Error(`POST /tim2 answered ${body.length} bytes, not an ack frame`);
  return decodeAck(body.subarray(1));
}

/** A logged-in user with its client and everything it receives. */
export interface Party {
  name: string;
  node: string;
  c: TimClient;
  box: Inbox;
}

/** Logs `name` in (registering it first when needed) and records what it receives. */
export async function party(srv: TestServer, name: string): Promise<Party> {
  const c = await srv.login(name);
  return { name, node: c.node as string, c, box: record(c) };
}

/**
 * Clears every inbox, lets `actor` send, then waits until the server has handled it and all that it
 * sent to the actor and to each observer has arrived (frames to one socket arrive in order, and a
 * handler's notifications are written before it returns).
 */
export async function act(actor: Party, send: (c: TimClient) => void, ...observers: Party[]): Promise<void> {
  for (const p of [actor, ...observers]) p.box.clear();
  send(actor.c);
  await sync(actor.c);
  for (const o of observers) await sync(o.c);
}

/** Closes the party's client and waits until the server has dropped its session. */
export async function logout(srv: TestServer, p: Party): Promise<void> {
  await p.c.close();
  await until(() => !srv.app.core.registry.isOnline(p.node), 5000, `${p.name} offline`);
}

/** Waits for deliveries in progress (offline storage included), logs `name` in, drains its offline
 *  queue and returns the party with the offline messages in its inbox. */
export async function backOnline(srv: TestServer, name: string): Promise<Party> {
  await srv.app.core.delivery.settle();
  const p = await party(srv, name);
  const end = p.c.next('offlineEnd');
  p.c.offline();
  await end;
  return p;
}

/** What the admin listener answered: the status, the body parsed as JSON (else undefined) and as text. */
export interface AdminReply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/**
 * One real HTTP call to the admin listener. `json` is sent as a JSON body; `body` as is (with the
 * given content type); `auth` is the Authorization header (default: the test server's Bearer key;
 * null sends none).
 */
export async function adminCall(
  srv: TestServer,
  method: string,
  path: string,
  opts: { json?: unknown; body?: string; contentType?: string; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<AdminReply> {
  const headers: Record<string, string> = { ...opts.headers };
  const auth = opts.auth === undefined ? 'Bearer test-admin-key' : opts.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.contentType !== undefined) headers['content-type'] = opts.contentType;
  const res = await fetch(srv.adminUrl + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
