// buildApp(config): the whole server, built but not listening. main.ts starts it; tests build it
// on port 0. Everything opened here is closed by `close()`, in reverse order.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Config } from './config/types.js';
import { createAccounts } from './business/accounts-service.js';
import { registerBusiness } from './business/register-business.js';
import type { Clock, Logger } from './core/ports.js';
import { systemClock } from './core/ports.js';
import { IdGenerator } from './core/ids.js';
import { TimCore } from './core/tim-core.js';
import { RateLimitedLog } from './core/rate-limited-log.js';
import { createCluster, type ClusterSetup } from './cluster/create-cluster.js';
import { createLogger } from './observability/logger.js';
import { fastifyLogging, logAdminRequests } from './observability/request-log.js';
import { loadBuiltinTemplates } from './store/builtin-templates.js';
import { checkConnection, createKnex } from './store/connect.js';
import { migrateBuiltin } from './store/migrations/migrate.js';
import { HashGate } from './store/hash-gate.js';
import { dummyVerify, setPasswordCost, verifyPassword } from './store/passwords.js';
import { SqlStore } from './store/sql-store.js';
import { compileTemplates } from './store/sql/template-set.js';
import { registerTim2 } from './transport/tim2-http.js';
import { registerDemoPage } from './transport/demo-page.js';
import { registerTimWebSocket } from './transport/tim-websocket.js';
import { registerAdmin } from './admin/admin-plugin.js';
import { createAdmifaceServer, type AdmifaceServer } from './admin/admiface/admiface-server.js';
import { describeDatabase } from './tools/describe.js';
import { createJwtVerifier } from './core/jwt-verifier.js';
import { connectAuthHook, loginStatusHook } from './core/app-hooks.js';
import { NodeIds } from './protocol/node-id.js';
import { Metrics } from './observability/metrics.js';

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** where the built browser pages are (default dist/web of this package; transport/demo-page.ts) */
  webRoot?: string;
}

export interface TimApp {
  readonly config: Config;
  readonly core: TimCore;
  readonly knex: Knex;
  readonly log: Logger;
  /** Starts both listeners; resolves with their bound addresses (port 0 becomes a real port). */
  listen(): Promise<{ client: AddressInfo; admin: AddressInfo }>;
  /** The Admiface listener's address once listening (admin.admiface.enabled), else undefined. */
  admifaceAddress(): AddressInfo | undefined;
  /** Closes sockets, drains deliveries, closes listeners and the database pool. Idempotent. */
  close(): Promise<void>;
}

export async function buildApp(config: Config, opts: AppOptions = {}): Promise<TimApp> {
  const log = opts.logger ?? (createLogger(config.logLevel, config.logFormat) as unknown as Logger);
  const knex = createKnex(config.database);
  let cluster: ClusterSetup | undefined;
  try {
    await checkConnection(knex, config.database);
    if (config.mode === 'builtin') await migrateBuiltin(knex);
    const templates = compileTemplates(config, config.mode === 'builtin' ? loadBuiltinTemplates() : undefined);
    // Builtin accounts always use the builtin hash; external mode uses the deployer's scheme.
    const scheme = config.mode === 'builtin' ? 'scrypt' : config.passwords;
    setPasswordCost(config.passwordCost);
    const metrics = new Metrics();
    // Every password hash of this process (login checks, registrations, password changes) takes a
    // slot of one gate, so guesses cannot fill libuv's thread pool (store/hash-gate.ts).
    const hashes = new HashGate(config.limits.hashConcurrency, config.limits.hashQueueMax);
    // Database failures are logged rate limited; any template that runs again ends the episode.
    const dbErrors = new RateLimitedLog(log, { subject: 'database', intervalMs: config.limits.dbErrorLogSeconds * 1000 });
    const store = new SqlStore(knex, templates, {
      verify: (s, plain, hash) => hashes.run(() => verifyPassword(s, plain, hash)),
      dummyVerify: (s) => hashes.run(() => dummyVerify(s)),
      scheme,
      logger: log,
      onTemplateCall: (key, ms, ok) => {
        metrics.templateCall(key, ms, ok);
        if (ok) dbErrors.success();
      },
    });
    warnWeakerGuarantees(templates, log);
    const jwt =
      config.auth.jwt &&
      createJwtVerifier(config.auth.jwt, {
        onReject: (reason) => log.debug({ reason }, 'JWT login refused'),
        exists: (node) => core.perms.userExists(node), // called at login time, once core exists
      });
    // No `cluster` in the config: one node with an in-process bus; else the Redis-backed one.
    cluster = await createCluster(config, log);
    const nodeIds = new NodeIds(config.nodeIds); // a tim deployment's salt / mask seed / node_maxlength
    const core = new TimCore({
      limits: config.limits,
      mode: config.mode,
      disabledApis: config.disabledApis,
      store,
      tokens: cluster.tokens,
      bans: cluster.bans,
      peers: cluster.cluster,
      ids: new IdGenerator(cluster.idNode),
      logger: log,
      clock: opts.clock ?? systemClock,
      instanceHash: int32Hash(randomUUID()),
      accounts: config.mode === 'builtin' ? createAccounts(knex, hashes, nodeIds) : undefined,
      jwt,
      dbErrors,
      nodeIds,
      presenceOfflineBlock: config.presence.offlineBlock,
      connectAuth: config.hooks.connectAuth && connectAuthHook(config.hooks.connectAuth, log),
    });
    if (config.hooks.loginStatus) core.onlineListeners.add(loginStatusHook(config.hooks.loginStatus, log));
    metrics.attach(core);
    registerBusiness(core, knex);

    const client = createHttpServer(config, log);
    await registerTimWebSocket(client, core, { origin: config.origin, maxFrameBytes: config.limits.maxFrameBytes });
    await registerTim2(client, core, config.limits.maxFrameBytes);
    if (config.web.demo) await registerDemoPage(client, opts.webRoot);
    const admin = Fastify(fastifyLogging(log));
    logAdminRequests(admin, log);
    const adminService = await registerAdmin(admin, { core, config, knex, metrics });
    const admiface = config.admin.admiface.enabled ? createAdmifaceServer(adminService, config) : undefined;
    return new RunningApp(config, core, knex, log, client, admin, admiface);
  } catch (err) {
    await cluster?.cluster.close().catch(() => undefined);
    await knex.destroy().catch(() => undefined);
    throw err;
  }
}

class RunningApp implements TimApp {
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: Config,
    readonly core: TimCore,
    readonly knex: Knex,
    readonly log: Logger,
    private readonly client: FastifyInstance,
    private readonly admin: FastifyInstance,
    private readonly admiface?: AdmifaceServer,
  ) {}

  private admifaceAt: AddressInfo | undefined;

  admifaceAddress(): AddressInfo | undefined {
    return this.admifaceAt;
  }

  async listen() {
    const client = await listenOn(this.client, this.config.listen);
    const admin = await listenOn(this.admin, this.config.admin.listen);
    this.admifaceAt = await this.admiface?.listen();
    const scheme = this.config.tls ? 's' : '';
    this.log.info(
      { client: `ws${scheme}://${hostPort(client)}/tim`, http: `http${scheme}://${hostPort(client)}/tim2`, admin: `http://${hostPort(admin)}` },
      'tim listening',
    );
    this.log.info({ database: describeDatabase(this.config), mode: this.config.mode, cluster: this.config.cluster ? 'redis' : 'single' }, 'database');
    return { client, admin };
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose() {
    await this.admiface?.close();
    await this.core.close();
    await this.client.close();
    await this.admin.close();
    await this.core.store.close();
    await this.knex.destroy();
    this.log.info('tim stopped');
  }
}

/** `host:port` of a bound address, IPv6 in brackets. */
function hostPort(a: AddressInfo): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** The client listener, with TLS when `tls` is configured. */
function createHttpServer(config: Config, log: Logger): FastifyInstance {
  const base = { ...fastifyLogging(log), bodyLimit: config.limits.maxFrameBytes };
  if (config.tls === undefined) return Fastify(base);
  const https = { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) };
  return Fastify({ ...base, https }) as unknown as FastifyInstance;
}

async function listenOn(app: FastifyInstance, hostPort: string): Promise<AddressInfo> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = Number(hostPort.slice(i + 1));
  await app.listen({ host, port });
  return app.server.address() as AddressInfo;
}

/** FNV-1a 32 of a string as a signed int32 (tim's `t` in the login ack). */
function int32Hash(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** External mode without the durable-delivery keys runs with weaker guarantees: say so at start. */
function warnWeakerGuarantees(templates: { has(key: 'offlinemsg.ack' | 'offlinemsg.purge'): boolean }, log: Logger): void {
  if (!templates.has('offlinemsg.ack')) {
    log.warn(
      { key: 'sql.offlinemsg.ack' },
      'durable delivery is off: without sql.offlinemsg.ack a persisted message is stored offline only after its delivery failed, so a crash in between loses it (docs/reliability.md)',
    );
  }
  if (!templates.has('offlinemsg.purge')) {
    log.warn({ key: 'sql.offlinemsg.purge' }, 'without sql.offlinemsg.purge a revoked or burnt message stays in the offline store of recipients who have not fetched it yet');
  }
}
