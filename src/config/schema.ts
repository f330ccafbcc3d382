// The one schema of tim.config.yaml: every key, its default (listed in docs/configuration.md) and a one-line
// doc. `checkConfig` turns a plain value (parsed YAML or an object from code) into a Config, or
// throws a ConfigError at the first problem. Freezing is the loader's job.

import path from 'node:path';
import {
  type CheckContext,
  Cursor,
  bool,
  custom,
  isPlainObject,
  list,
  type Node,
  num,
  obj,
  oneOf,
  show,
  str,
  take,
  unknownKey,
} from './schema-kit.js';
import { ALL_TEMPLATE_KEYS, type TemplateKey } from '../store/sql/template-keys.js';
import { DEFAULT_SALT, NODE_MAX_LENGTH } from '../protocol/node-id.js';
import type { Config, DbClient, HookTarget, JwtConfig, Mode, NodeIdsConfig, PasswordScheme, SourcePos, TemplateSource } from './types.js';

/** The template keys of docs/templates.md 2.1; the one list lives with their parameters in the store. */
export const TEMPLATE_KEYS: readonly TemplateKey[] = ALL_TEMPLATE_KEYS;
export type { TemplateKey };

/** The keys of a per-client template map; the configured client's entry wins over `default`. */
export const TEMPLATE_VARIANTS = ['default', 'sqlite', 'mysql', 'postgres', 'oracle'] as const;
export const DB_CLIENTS = ['sqlite', 'mysql', 'postgres', 'oracle'] as const satisfies readonly DbClient[];
export const MODES = ['builtin', 'external'] as const satisfies readonly Mode[];
export const PASSWORD_SCHEMES = ['bcrypt', 'scrypt', 'pbkdf2', 'plain', 'sql'] as const satisfies readonly PasswordScheme[];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const satisfies readonly Config['logFormat'][];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly Config['logLevel'][];

export const DEFAULT_SQLITE_FILE = './data/tim.db';

/** Config as written by the deployer; `file` and `sqlPositions` are added by the loader. */
export type ConfigBody = Omit<Config, 'file' | 'sqlPositions'>;

// Node's timers hold at most 2^31-1 ms; a longer delay fires at once. Every "...Seconds" setting that
// drives a timer is capped below that.
const MAX_TIMER_SECONDS = 2_147_483;

/** "host:port", IPv6 hosts in brackets ("[::]:20003"); undefined when malformed or the port is out of range. */
export function splitHostPort(listen: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(listen);
  if (!m || Number(m[3]) > 65535) return undefined;
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

const hostPortProblem = (s: string): string | undefined =>
  splitHostPort(s) ? undefined : 'expected "host:port" with a port from 0 to 65535 (IPv6 as "[::]:20003")';

function hostPort(doc: string, def: string): Node<string> {
  return str(doc, { default: def, expects: '"host:port"', test: hostPortProblem });
}

// The Origin header is exactly scheme://host[:port]; a trailing slash or a path could never match.
const originProblem = (s: string): string | undefined =>
  s === '' || /^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(s)
    ? undefined
    : 'expected an origin like "https://chat.example.com" (no path, no trailing slash) or ""';

const redisProblem = (s: string): string | undefined =>
  URL.canParse(s) && /^rediss?:$/.test(new URL(s).protocol) ? undefined : 'expected a redis:// or rediss:// URL';

const limits = obj('server limits', {
  deviceLimit: num('sessions per account, cluster-wide', 1, { min: 1, max: 10_000 }),
  deviceTypeLimit: num('sessions per account with the same termtyp', 1, { min: 1, max: 10_000 }),
  authCacheSeconds: num('how long a positive user.auth / room.auth answer and a roster / room.roster list are reused; 0 = no cache', 300, {
    min: 0,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
  maxFrameBytes: num('largest frame accepted from a client, in bytes', 8_388_608, { min: 1024, max: 1 << 30 }),
  pullMax: num('largest history page', 100, { min: 1, max: 10_000 }),
  offlineBatch: num('offline messages sent per batch', 10, { min: 1, max: 10_000 }),
  pingTimeoutSeconds: num('a connection silent this long is closed', 600, {
    min: 0,
    minExclusive: true,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
  loginTimeoutSeconds: num('a connection must authenticate within this time', 5, {
    min: 0,
    minExclusive: true,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
  tokenTtlSeconds: num('lifetime of a token issued over /tim2 or the admin API', 60, { min: 1, max: MAX_TIMER_SECONDS }),
  ackTimeoutSeconds: num('reliable frames: wait this long for the ack, resend twice, then store offline', 10, {
    min: 0,
    minExclusive: true,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
  sendQueueMax: num('frames queued to one socket beyond which it is closed as too slow', 1024, { min: 1, max: 1_000_000 }),
  sendQueueBytes: num('unflushed bytes queued to one socket beyond which it is closed as too slow (4001); a lone frame may exceed it, so keep it at least 2 x maxFrameBytes', 16_777_216, {
    min: 65_536,
    max: 1 << 30,
  }),
  preLoginFrameBytes: num('largest frame accepted before login, in bytes; a larger one closes the socket with 1009 before its payload is read', 65_536, {
    min: 1024,
    max: 1 << 30,
  }),
  maxConnections: num('WebSocket connections to /tim this process holds at once; more are refused with HTTP 503', 100_000, { min: 1, max: 10_000_000 }),
  maxConnectionsPerIp: num('WebSocket connections to /tim from one IP address at once; more are refused with HTTP 429; 0 = no limit', 1000, {
    min: 0,
    max: 10_000_000,
  }),
  kickWindowSeconds: num('a second login within this time of the previous one is refused (4111) instead of kicking; 0 = always kick', 10, {
    min: 0,
    max: MAX_TIMER_SECONDS,
  }),
  presenceTargetsMax: num('distinct nodes one PRESENCE / BROADPRESENCE toList may name; a longer list is refused (4104) and nothing is sent', 100, {
    min: 1,
    max: 100_000,
  }),
  requestRate: num('frames per second one connection may send on average (token bucket); over it: 5104 once, then close (4007); 0 = no limit', 200, {
    min: 0,
    max: 1_000_000,
  }),
  requestBurst: num('frames one connection may send at once above requestRate (the token bucket size)', 400, { min: 1, max: 1_000_000 }),
  loginFailuresPerAccount: num('wrong passwords for one account (name + domain) within loginFailureWindowSeconds that lock its password logins (5105) for loginLockoutSeconds, except from addresses it logged in from before; 0 = no limit', 5, {
    min: 0,
    max: 1_000_000,
  }),
  loginFailuresPerIp: num('wrong passwords from one client address (IPv6: its /64) within loginFailureWindowSeconds that lock its password logins (5105) for loginLockoutSeconds; 0 = no limit (set 0 behind a proxy that hides client addresses)', 20, {
    min: 0,
    max: 1_000_000,
  }),
  loginFailureWindowSeconds: num('the window in which login failures are counted', 60, { min: 0, minExclusive: true, max: MAX_TIMER_SECONDS, fractional: true }),
  loginLockoutSeconds: num('how long a locked account or address is refused; refused attempts do not extend it', 60, {
    min: 0,
    minExclusive: true,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
  loginFailuresPerSocket: num('failed AUTHs after which the socket is closed (4008) once the error ack is sent; 0 = never (tim leaves it open)', 3, {
    min: 0,
    max: 1_000_000,
  }),
  hashConcurrency: num('password hashes (login checks, registrations, password changes) computed at once; keep it below UV_THREADPOOL_SIZE (4)', 2, {
    min: 1,
    max: 1024,
  }),
  hashQueueMax: num('password hashes waiting for a slot; one more is refused at once with 5104 (the longest wait is about hashQueueMax / hashConcurrency hash times)', 32, {
    min: 0,
    max: 100_000,
  }),
  httpRatePerMinute: num('POST /tim2 requests per minute from one client address; more get HTTP 429; 0 = no limit', 600, { min: 0, max: 10_000_000 }),
  adminRatePerMinute: num('admin listener requests per minute from one address (/healthz and /readyz exempt); more get HTTP 429; 0 = no limit', 6000, {
    min: 0,
    max: 10_000_000,
  }),
  dbErrorLogSeconds: num('database failures: the first is logged at once, then at most one summary line (count and template keys) per this many seconds, and one line when it answers again; 0 = a line per failure', 10, {
    min: 0,
    max: MAX_TIMER_SECONDS,
    fractional: true,
  }),
});

// Relative file paths mean "next to the config file", not "wherever the server was started".
const localFile = (file: string, at: Cursor): string => path.resolve(at.ctx.baseDir, file);

/** A listener's TLS files: both or neither, relative paths next to the config file. */
const tlsFiles = (listener: string) =>
  obj(
    `TLS for the ${listener}; both files or neither (relative paths are next to the config file)`,
    {
      cert: str('PEM certificate chain file', { optional: true, nonEmpty: true }),
      key: str('PEM private key file', { optional: true, nonEmpty: true }),
    },
    {
      optional: true,
      refine: ({ cert, key }, at): { cert: string; key: string } | undefined => {
        if (cert === undefined && key === undefined) return undefined;
        if (cert === undefined) return at.child('cert').fail('missing; tls needs both cert and key, or neither', 'key');
        if (key === undefined) return at.child('key').fail('missing; tls needs both cert and key, or neither', 'key');
        return { cert: localFile(cert, at), key: localFile(key, at) };
      },
    },
  );

const tls = tlsFiles('client listener');

const account = obj('one account for the legacy tim admin paths', {
  username: str('sent as the username header', { nonEmpty: true }),
  password: str('sent as the password header; an account whose password is empty is ignored', { default: '' }),
});

const admiface = obj('tim 2.1\'s Thrift admin service (Admiface) over TCP, for backends written against tim (docs/admiface.md)', {
  enabled: bool('serve Admiface; callers authenticate with an admin.accounts entry', false),
  listen: hostPort('Admiface listener, "host:port"; keep it private', '127.0.0.1:20005'),
  tls: tlsFiles('Admiface listener'),
});

const admin = obj('admin listener: REST API, metrics, dashboard', {
  listen: hostPort('admin listener, "host:port"; keep it private', '127.0.0.1:20004'),
  keys: list(
    'Bearer keys for /api/v1/admin/*; empty strings are dropped, so an unset ${TIM_ADMIN_KEY} means no key',
    str('one Bearer key', { default: '' }),
    (k) => k !== '',
  ),
  accounts: list('accounts for the legacy tim paths (/timMessage, ...)', account, (a) => a.password !== ''),
  maxRecipients: num('most recipients (a room counts its members) one admin call may address', 10_000, { min: 1, max: 1_000_000 }),
  admiface,
  onlineSocket: bool("tim's admin WebSocket /tim on this listener: ADMAUTH with an admin.accounts entry, then ADMSUB online/offline events (docs/migrating-from-tim.md)", true),
});

export const JWT_ALGORITHMS = [
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
] as const;
// HS* secrets shorter than the hash output make brute force cheap (RFC 7518 3.2).
const JWT_SECRET_MIN = 32;

const jwt = obj(
  'JWT logins: a client sends a JWT its backend signed in TimAuth.token; absent: no JWT logins',
  {
    secret: str(`HS* shared secret, at least ${JWT_SECRET_MIN} characters; or publicKeyFile`, { optional: true, nonEmpty: true }),
    publicKeyFile: str('PEM public key file for RS*/PS*/ES*/EdDSA, next to the config file; or secret', { optional: true, nonEmpty: true }),
    algorithms: list('accepted algorithms; empty: HS256 with a secret, else the key type\'s usual one', oneOf('a JWS algorithm', 'HS256', JWT_ALGORITHMS)),
    issuer: str('if set, the iss claim must equal it', { optional: true, nonEmpty: true }),
    audience: str('if set, the aud claim must contain it', { optional: true, nonEmpty: true }),
    nodeClaim: str('the claim that holds the node to log in as', { default: 'sub', nonEmpty: true }),
  },
  {
    optional: true,
    refine: (j, at): JwtConfig => {
      if ((j.secret === undefined) === (j.publicKeyFile === undefined)) {
        return at.child('secret').fail('auth.jwt needs exactly one of secret and publicKeyFile', 'key');
      }
      if (j.secret !== undefined && j.secret.length < JWT_SECRET_MIN) {
        return at.child('secret').fail(`must be at least ${JWT_SECRET_MIN} characters`);
      }
      // Algorithm confusion: a secret must only verify HS*, a public key never HS*.
      const bad = j.algorithms.findIndex((a) => a.startsWith('HS') !== (j.secret !== undefined));
      if (bad >= 0) {
        return at.child('algorithms').child(bad).fail(j.secret !== undefined ? 'a secret verifies only HS* algorithms' : 'a public key cannot verify HS* algorithms');
      }
      const publicKeyFile = j.publicKeyFile === undefined ? undefined : localFile(j.publicKeyFile, at);
      return { ...j, ...(publicKeyFile !== undefined ? { publicKeyFile } : {}) };
    },
  },
);

const database = obj(
  'the database',
  {
    client: oneOf('driver; mysql also serves MariaDB', 'sqlite', DB_CLIENTS),
    connection: custom<unknown>(
      `sqlite: a file path next to the config file, or ":memory:" (default ${DEFAULT_SQLITE_FILE}); others: a URL or a driver connection mapping (required)`,
      'a file path, a URL or a mapping',
      (v) => v,
      { optional: true },
    ),
    pool: obj(
      'connection pool',
      {
        min: num('connections kept open', 0, { min: 0, max: 1000 }),
        max: num('connections at most', 10, { min: 1, max: 1000 }),
      },
      {
        refine: (pool, at) => (pool.min <= pool.max ? pool : at.child('min').fail(`must not exceed pool.max (${pool.max})`)),
      },
    ),
  },
  {
    refine: (db, at): Config['database'] => ({
      ...db,
      connection: checkConnection(db.client, db.connection, at.child('connection')),
    }),
  },
);

function checkConnection(client: DbClient, raw: unknown, at: Cursor): string | Record<string, unknown> {
  if (client === 'sqlite') {
    const file = raw ?? DEFAULT_SQLITE_FILE;
    if (typeof file !== 'string' || file === '') return at.fail(`expected a file path or ":memory:" for sqlite, got ${show(file)}`);
    return file === ':memory:' ? file : localFile(file, at);
  }
  if (raw === undefined) return at.fail(`missing; client ${client} needs a URL or a driver connection mapping`, 'key');
  if (typeof raw === 'string' && raw !== '') return raw;
  if (isPlainObject(raw)) return copyPlain(raw, at) as Record<string, unknown>;
  return at.fail(`expected a URL or a driver connection mapping for ${client}, got ${show(raw)}`);
}

// The mapping is handed to the driver as is, but copied: freezing must not reach the caller's object.
function copyPlain(value: unknown, at: Cursor): unknown {
  if (Array.isArray(value)) return value.map((v, i) => copyPlain(v, at.child(i)));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyPlain(v, at.child(k))]));
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  return at.fail(`expected plain data (strings, numbers, booleans, lists, mappings), got ${typeof value}`);
}

const sql = custom<Record<string, TemplateSource>>(
  'SQL templates by key (docs/templates.md); in builtin mode they override the shipped ones',
  'a mapping of template keys to SQL',
  (value, at) => {
    if (!isPlainObject(value)) return at.fail(`expected a mapping of template keys to SQL, got ${show(value)}`);
    const out: Record<string, TemplateSource> = {};
    for (const [key, source] of Object.entries(value)) {
      const here = at.child(key);
      if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) here.fail(unknownKey(key, TEMPLATE_KEYS, 'template key'), 'key');
      out[key] = checkTemplate(source, here);
    }
    return out;
  },
  { default: {} },
);

function checkTemplate(source: unknown, at: Cursor): TemplateSource {
  const variants = TEMPLATE_VARIANTS.join(', ');
  if (typeof source === 'string') return sqlText(source, at);
  if (!isPlainObject(source)) return at.fail(`expected SQL text or a mapping of ${variants}, got ${show(source)}`);
  const entries = Object.entries(source);
  if (entries.length === 0) return at.fail(`expected SQL text or a mapping of ${variants}, got an empty mapping`);
  const out: Record<string, string> = {};
  for (const [variant, text] of entries) {
    const here = at.child(variant);
    if (!(TEMPLATE_VARIANTS as readonly string[]).includes(variant)) here.fail(unknownKey(variant, TEMPLATE_VARIANTS, 'variant'), 'key');
    out[variant] = sqlText(text, here);
  }
  return out;
}

function sqlText(text: unknown, at: Cursor): string {
  return typeof text === 'string' && text.trim() !== '' ? text : at.fail(`expected SQL text, got ${show(text)}`);
}

// A tim deployment's node derivation (docs/migrating-from-tim.md "Node ids"). Bounded lengths: the
// values are hashed on every registration and check, and come from a config file, not a client.
const nodeIds = obj(
  "how nodes are derived and checked; a tim deployment's values keep its existing ids valid (tim node-ids checks them)",
  {
    salt: str("tim's salt: hashed with each account's name and domain into its node; tim's default unless the deployment set one", {
      default: DEFAULT_SALT,
      nonEmpty: true,
      test: (v) => (v.length > 1024 ? 'at most 1024 characters' : undefined),
    }),
    maskSeed: str("tim's maskseed (tim 2.x): any text, masks every node's check byte; \"\" = tim's default mask", {
      default: '',
      test: (v) => (v.length > 1024 ? 'at most 1024 characters' : undefined),
    }),
    seed: custom<string>(
      "older tim's integer seed (its config key seed, before maskseed); exclusive with maskSeed",
      'an integer from 1 to 9223372036854775807 (quote it beyond 2^53)',
      (v, at) => {
        const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
        if (text === undefined || !/^[1-9][0-9]{0,18}$/.test(text) || BigInt(text) > 2n ** 63n - 1n) {
          return at.fail(`expected an integer from 1 to 9223372036854775807 (quote it beyond 2^53), got ${show(v)}`);
        }
        return text;
      },
      { optional: true },
    ),
    maxLength: num("tim's node_maxlength: longest node accepted, in characters (the builtin tables hold 64)", NODE_MAX_LENGTH, {
      min: 1,
      max: NODE_MAX_LENGTH,
    }),
  },
  {
    refine: (n, at): NodeIdsConfig => {
      if (n.seed !== undefined && n.maskSeed !== '') return at.child('seed').fail('set seed (older tim) or maskSeed (tim 2.x), not both', 'key');
      return n.seed === undefined ? { salt: n.salt, maskSeed: n.maskSeed, maxLength: n.maxLength } : (n as NodeIdsConfig);
    },
  },
);

const httpUrlProblem = (s: string): string | undefined =>
  URL.canParse(s) && /^https?:$/.test(new URL(s).protocol) ? undefined : 'expected an http:// or https:// URL';

function hookTarget(doc: string): Node<HookTarget | undefined> {
  return obj(
    doc,
    {
      url: str('the URL POSTed to', { expects: 'an http(s) URL', test: httpUrlProblem }),
      timeoutMs: num('how long one call may take, in milliseconds', 3000, { min: 50, max: 60_000 }),
    },
    { optional: true },
  ) as Node<HookTarget | undefined>;
}

const hooks = obj("HTTP callbacks to the application's backend, as tim makes them (docs/migrating-from-tim.md)", {
  connectAuth: hookTarget(
    "tim's connectauth_url: each AUTH frame's TimAuth is POSTed as JSON first; a 2xx answer starting with byte 0x01 (or the text 1) admits it; any other answer, an error or the timeout refuses it (4105, socket closed)",
  ),
  loginStatus: hookTarget(
    "tim's loginstat.url (webtim's /loginstat): {node, active, tid, wsId} POSTed as JSON on each login (active true) and when a user's last session closes (false); failures are logged and not retried",
  ),
});

export const CONFIG_SCHEMA: Node<ConfigBody> = obj('tim-ts server configuration', {
  listen: hostPort('client listener, "host:port": WebSocket /tim and HTTP POST /tim2', '0.0.0.0:20003'),
  origin: str('if set, the WebSocket Origin header must equal it; if empty, any or none', { default: '', test: originProblem }),
  tls,
  web: obj('browser pages on the client listener', {
    demo: bool('the demo chat at /demo/ (built into dist/web/demo by npm run build); / redirects to it; false: neither is served', true),
  }),
  admin,
  auth: obj('client logins besides password and one-time token', { jwt }),
  database,
  mode: oneOf('builtin: own tables and friend/group features; external: your schema through the sql: templates', 'builtin', MODES),
  passwords: oneOf("external mode: how login's password_hash is checked (sql: the template checks it)", 'bcrypt', PASSWORD_SCHEMES),
  passwordCost: num(
    'builtin mode: scrypt cost of new password hashes as log2 N (15: 32 MiB and about 90 ms a hash on a server core); each stored hash is checked at its own cost, so changing it never locks anyone out; lower it only for tests or very small machines',
    15,
    { min: 10, max: 20 },
  ),
  sql,
  limits,
  cluster: obj(
    'absent: one node; present: nodes share sessions and messages over Redis',
    { redis: str('Redis URL; optional query settings: prefix (key prefix), heartbeatMs (2000), nodeTtlMs (10000), timeoutMs', { expects: 'a redis:// URL', test: redisProblem }) },
    { optional: true },
  ),
  nodeIds,
  presence: obj('presence', {
    offlineBlock: bool("tim's presence_offline_block: true = no offline presence to friends when a user's last session closes", false),
  }),
  hooks,
  disabledApis: list('TIMTYPE numbers (type & 0x7f) refused with 4107', num('a TIMTYPE number', undefined, { min: 0, max: 127 })),
  logLevel: oneOf('pino log level', 'info', LOG_LEVELS),
  logFormat: oneOf('auto: pretty lines when stdout is a terminal, JSON lines otherwise; json; pretty', 'auto', LOG_FORMATS),
});

/** Check a parsed value against the schema; positions (if any) come from `ctx.index`. */
export function checkConfig(raw: unknown, ctx: CheckContext): Config {
  const root = new Cursor(ctx);
  const body = take(CONFIG_SCHEMA, raw, root) as ConfigBody;
  return { ...body, file: ctx.file, sqlPositions: sqlPositionsOf(body.sql, root.child('sql')) };
}

/**
 * Where each template's text starts: `user.auth`, and for a per-client map also `room.auth.oracle`.
 * Line N of the text (0-based) is on file line `line + N` for literal (`|`) and single-line values.
 */
function sqlPositionsOf(templates: Record<string, TemplateSource>, at: Cursor): Record<string, SourcePos> {
  const out: Record<string, SourcePos> = {};
  const record = (name: string, cursor: Cursor): void => {
    out[name] = { file: at.ctx.file, ...cursor.pos('text') };
  };
  for (const [key, source] of Object.entries(templates)) {
    record(key, at.child(key));
    if (typeof source !== 'string') for (const variant of Object.keys(source)) record(`${key}.${variant}`, at.child(key).child(variant));
  }
  return out;
}

/** One row per setting (path, doc, default) for `tim check` and documentation. */
export function schemaDocs(node: Node<unknown> = CONFIG_SCHEMA, prefix = ''): { path: string; doc: string; default?: unknown }[] {
  return Object.entries(node.fields ?? {}).flatMap(([key, field]) => {
    const here = prefix ? `${prefix}.${key}` : key;
    return [{ path: here, doc: field.doc, default: field.default }, ...schemaDocs(field, here)];
  });
}
