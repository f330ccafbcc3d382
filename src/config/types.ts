// The typed, validated, frozen configuration. `load-config.ts` produces it from tim.config.yaml;
// everything else receives it (or a slice of it) as a parameter, never through a global import.

export type DbClient = 'sqlite' | 'mysql' | 'postgres' | 'oracle';
export type Mode = 'builtin' | 'external';
export type PasswordScheme = 'bcrypt' | 'scrypt' | 'pbkdf2' | 'plain' | 'sql';

/** One SQL template as written: a plain string, or per-client variants with a `default`. */
export type TemplateSource =
  | string
  | { default?: string; sqlite?: string; mysql?: string; postgres?: string; oracle?: string };

/** Where in the YAML file a value came from, for error messages (1-based). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface Config {
  /** client listener, "host:port": WebSocket /tim and POST /tim2 */
  listen: string;
  /** if non-empty, the WebSocket Origin header must equal it */
  origin: string;
  tls?: { cert: string; key: string };
  /** browser pages on the client listener */
  web: {
    /** serve the demo chat at /demo/ (and redirect / to it) */
    demo: boolean;
  };
  admin: {
    listen: string;
    keys: string[];
    accounts: { username: string; password: string }[];
    /** most recipients (after expanding a room) one admin call may address */
    maxRecipients: number;
    /** tim 2.1's Thrift admin service over TCP (docs/admiface.md) */
    admiface: { enabled: boolean; listen: string; tls?: { cert: string; key: string } };
    /** tim's admin WebSocket /tim: ADMAUTH, then ADMSUB online-status events (admin/admin-socket.ts) */
    onlineSocket: boolean;
  };
  /** client logins besides password and one-time token */
  auth: { jwt?: JwtConfig };
  database: {
    client: DbClient;
    /** sqlite: a file path (or ':memory:'); others: a URL or a driver connection object */
    connection: string | Record<string, unknown>;
    pool: { min: number; max: number };
  };
  mode: Mode;
  passwords: PasswordScheme;
  /** log2 of scrypt's N for new builtin password hashes */
  passwordCost: number;
  /** template key -> source; merged over the shipped builtin templates in builtin mode */
  sql: Record<string, TemplateSource>;
  limits: Limits;
  cluster?: { redis: string };
  /** how nodes are derived and checked: a tim deployment's salt, mask seed and node_maxlength */
  nodeIds: NodeIdsConfig;
  presence: {
    /** tim's presence_offline_block: no offline presence when a user's last session ends */
    offlineBlock: boolean;
  };
  /** HTTP callbacks to the application's backend, as tim makes them (core/app-hooks.ts) */
  hooks: {
    /** tim's security.connectauth_url: admits or refuses each AUTH before it is checked */
    connectAuth?: HookTarget;
    /** tim's loginstat.url: {node, active, tid, wsId} on each login and when a user goes offline */
    loginStatus?: HookTarget;
  };
  /** TIMTYPE numbers (type & 0x7f) the server refuses with 4107 */
  disabledApis: number[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** auto: pino-pretty when stdout is a terminal, JSON lines otherwise */
  logFormat: 'auto' | 'json' | 'pretty';
  /** the config file this came from ('' when built in code) */
  file: string;
  /** line:column of each template key under `sql:`, for template error messages */
  sqlPositions: Record<string, SourcePos>;
}

/** auth.jwt: JWTs signed by the deployer's backend, accepted in TimAuth.token (core/jwt-verifier.ts). */
export interface JwtConfig {
  /** HS* shared secret; exactly one of secret and publicKeyFile */
  secret?: string;
  /** absolute path of a PEM public key (RS*, PS*, ES*, EdDSA) */
  publicKeyFile?: string;
  /** accepted algorithms; empty: HS256 with a secret, else chosen from the key's type */
  algorithms: string[];
  issuer?: string;
  audience?: string;
  /** the claim that holds the node (default 'sub') */
  nodeClaim: string;
}

export interface Limits {
  deviceLimit: number;
  deviceTypeLimit: number;
  authCacheSeconds: number;
  maxFrameBytes: number;
  pullMax: number;
  offlineBatch: number;
  pingTimeoutSeconds: number;
  loginTimeoutSeconds: number;
  tokenTtlSeconds: number;
  ackTimeoutSeconds: number;
  /** frames queued to one socket beyond which it is closed as too slow */
  sendQueueMax: number;
  /** unflushed bytes queued to one socket beyond which it is closed as too slow (a lone frame may exceed it) */
  sendQueueBytes: number;
  /** largest frame accepted before login; a larger one closes the socket with 1009 unread */
  preLoginFrameBytes: number;
  /** WebSocket connections to /tim held at once by this process (HTTP 503 beyond) */
  maxConnections: number;
  /** WebSocket connections to /tim from one IP address (HTTP 429 beyond); 0 = no limit */
  maxConnectionsPerIp: number;
  /** a second login inside this window after the previous one gets 4111 instead of kicking (tim's auth_min_unix) */
  kickWindowSeconds: number;
  /** distinct nodes one PRESENCE / BROADPRESENCE toList may name (4104 beyond, nothing sent) */
  presenceTargetsMax: number;
  /** frames per second per connection, on average (token bucket); 0 = no limit */
  requestRate: number;
  /** the token bucket's size: frames a connection may send at once */
  requestBurst: number;
  /** wrong passwords per account within the window before its password logins are locked; 0 = off */
  loginFailuresPerAccount: number;
  /** wrong passwords per client address within the window before it is locked; 0 = off */
  loginFailuresPerIp: number;
  /** the window in which login failures are counted */
  loginFailureWindowSeconds: number;
  /** how long a locked account or address is refused (5105) */
  loginLockoutSeconds: number;
  /** failed AUTHs after which the socket is closed (CloseCode.LOGIN_FAILED); 0 = never */
  loginFailuresPerSocket: number;
  /** password hashes computed at once (store/hash-gate.ts) */
  hashConcurrency: number;
  /** password hashes waiting for a slot; beyond: 5104 */
  hashQueueMax: number;
  /** POST /tim2 requests per minute per client address (HTTP 429 beyond); 0 = off */
  httpRatePerMinute: number;
  /** admin listener requests per minute per address (HTTP 429 beyond; health probes exempt); 0 = off */
  adminRatePerMinute: number;
  /** database failures: first logged at once, then one summary line per this interval (core/rate-limited-log.ts); 0 = every failure */
  dbErrorLogSeconds: number;
}

/** nodeIds: tim's `salt`, `maskseed` (tim 2.x) or `seed` (older tim), `node_maxlength`. */
export interface NodeIdsConfig {
  salt: string;
  /** '' = tim's default mask */
  maskSeed: string;
  /** older tim's integer seed, as decimal text; exclusive with maskSeed */
  seed?: string;
  maxLength: number;
}

export interface HookTarget {
  url: string;
  timeoutMs: number;
}
