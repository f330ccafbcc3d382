// The admin REST v1 calls the dashboard makes (src/admin/rest-routes.ts), each with the key the
// operator signed in with. No operation is implemented here: every action is one REST call.

const PREFIX = 'api/v1/admin';
const KEY_ITEM = 'tim-admin-key';

/** A refused or failed call: the HTTP status and the server's message (REST error shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

export const savedKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const saveKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_ITEM);

export interface Counters {
  connections: number;
  usersOnline: number;
  logins: number;
  messagesIn: number;
  messagesPersisted: number;
  messagesOut: number;
  offlineStored: number;
  offlineDrained: number;
  acksTimedOut: number;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface Stats extends Counters {
  bans: number;
  startedAt: number;
  uptimeSeconds: number;
  nodes?: number;
  partial?: boolean;
}

export interface TemplateRow {
  key: string;
  calls: number;
  errors: number;
  meanMs: number;
  maxMs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  buckets: number[];
}

export interface Monitor {
  server: string;
  at: number;
  database: { status: 'up' | 'down'; pingMs: number; error?: string };
  cluster: {
    mode: 'single' | 'redis';
    redis: 'none' | 'up' | 'down';
    synced: boolean;
    nodes: { server: string; self: boolean; startedAt: number; connections: number; usersOnline: number }[];
  };
  acksPending: number;
  sendQueuedBytes: number;
  errorsByCode: Record<string, number>;
  templates: { boundsMs: number[]; keys: TemplateRow[] };
}

export interface Connection {
  id: number;
  server?: string;
  node: string;
  resource?: string;
  termtyp: number;
  connectedAt: number;
  remote: string;
}

export interface DeliveryResult {
  node: string;
  status: string;
}

export class AdminApi {
  /** called when the key is refused (401/403): the page goes back to the sign-in form */
  onUnauthorized: (message: string) => void = () => undefined;

  constructor(private readonly key: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${PREFIX}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: { ok?: boolean; error?: { code?: number; message?: string; info?: string } } & Record<string, unknown> = {};
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new ApiError(res.status, `HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    if (!res.ok || json.ok === false) {
      const message = json.error?.message ?? json.error?.info ?? `HTTP ${res.status}`;
      if (res.status === 401 || res.status === 403) this.onUnauthorized(message);
      throw new ApiError(res.status, message, json.error?.code);
    }
    return json as T;
  }

  stats = () => this.call<Stats>('GET', '/stats');
  monitor = () => this.call<Monitor>('GET', '/monitor');
  connections = (q: { node?: string; limit?: number } = {}) => {
    const params = new URLSearchParams();
    if (q.node !== undefined) params.set('node', q.node);
    if (q.limit !== undefined) params.set('limit', String(q.limit));
    return this.call<{ items: Connection[]; total: number; nextCursor?: string | number }>('GET', `/connections?${params}`);
  };
  blocks = () => this.call<{ items: { node: string; until: number }[] }>('GET', '/blocks');
  kick = (node: string) => this.call<{ connectionsClosed: number }>('POST', `/users/${encodeURIComponent(node)}/kick`);
  ban = (node: string, seconds: number) => this.call<{ until: number; connectionsClosed: number }>('PUT', `/users/${encodeURIComponent(node)}/block`, { seconds });
  unban = (node: string) => this.call<{ removed: boolean }>('DELETE', `/users/${encodeURIComponent(node)}/block`);
  token = (node: string) => this.call<{ token: string; node: string; expiresAt: number }>('POST', '/tokens', { node });
  systemMessage = (target: { to?: string[]; room?: string }, text: string) =>
    this.call<{ id: number; results: DeliveryResult[] }>('POST', '/messages/system', { to: target.to ?? [], ...(target.room ? { room: target.room } : {}), message: { dataString: text } });
  userRooms = (node: string) => this.call<{ rooms: string[] }>('GET', `/users/${encodeURIComponent(node)}/rooms`);
  friends = (node: string) => this.call<{ friends: string[] }>('GET', `/users/${encodeURIComponent(node)}/friends`);
  roomMembers = (room: string) => this.call<{ room: string; members: string[] }>('GET', `/rooms/${encodeURIComponent(room)}/members`);
}
