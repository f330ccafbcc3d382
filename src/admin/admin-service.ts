// The admin operations over a TimCore, shared by the REST v1 routes and the legacy tim paths.
// Transport-agnostic: plain values in, plain values out, refusals as TimErrors whose code
// http-errors maps to a status.
//
// Scope: everything acts on the whole cluster (cluster/cluster-service.ts, TimCore.forget; on a
// single node that is this process). Answers about the cluster (connection list, detect, stats) add
// fields only when the server is clustered (`cluster.redis`): `server` on each connection, and
// `partial` (a node or Redis did not answer; what is known is returned) plus, for stats, `nodes`
// and `byNode`. A single node's answers keep their shape.

import { ErrorCode } from '../protocol/error-codes.js';
import type { Tid, TimMessage, TimPresence, TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
import type { SentMessage } from '../core/handlers/message.js';
import type { TimCore } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { vroomsOf } from '../core/vroom/index.js';
import { ClusterService } from '../cluster/cluster-service.js';
import type { SessionCursor } from '../cluster/cluster-sessions.js';
import { statsSnapshot, type StatsSnapshot } from '../cluster/cluster-stats.js';
import { checkCount, checkNodes, proxyMessage, sendPresence, startSystemMessage, type SystemSend } from './admin-messages.js';
import type { AdminDirectory } from './builtin-directory.js';
import { AdminRelations } from './admin-relations.js';
import { monitorSnapshot, type MonitorSnapshot } from './admin-monitor.js';
import type { TemplateLatency } from '../observability/template-latency.js';

/** Longest ban: ten years (Node timers are not involved; the BanList compares times). */
export const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface Connection {
  /** the socket's id on its server, increasing with connection order there */
  id: number;
  /** the cluster node holding it (clustered servers only) */
  server?: string;
  node: string;
  domain?: string;
  resource?: string;
  termtyp: number;
  /** login time, ms since the epoch */
  connectedAt: number;
  remote: string;
}

export interface ConnectionList {
  items: Connection[];
  /** give it back as `cursor` for the next page: the last id on a single node, `<server>/<id>` on a cluster */
  nextCursor?: number | string;
  total: number;
  /** clustered servers only: true when a node did not answer (its connections are missing) */
  partial?: boolean;
}

/** Cursor text: `<server>/<id>`, or a bare id (single node only). */
const CURSOR = /^(?:(.+)\/)?(\d{1,15})$/;

export interface AdminServiceOptions {
  maxRecipients: number;
  /** builtin mode's room/profile writes; undefined in external mode */
  directory?: AdminDirectory;
  /** per-template SQL latency for monitor(); absent: monitor() lists no templates */
  templateLatency?: TemplateLatency;
}

export class AdminService {
  readonly maxRecipients: number;
  /** rosters, rooms, history, offline rows, vrooms, permission checks (admin-relations.ts) */
  readonly relations: AdminRelations;
  private readonly cluster: ClusterService;

  constructor(
    readonly core: TimCore,
    private readonly opts: AdminServiceOptions,
  ) {
    this.maxRecipients = opts.maxRecipients;
    this.cluster = new ClusterService(core);
    this.relations = new AdminRelations(core);
  }

  // --- messages ------------------------------------------------------------------------------

  /** See admin-messages.ts; `done` resolves when every delivery ended (up to 3 ack timeouts). */
  systemMessage(req: { to: readonly unknown[]; room?: unknown; message: TimMessage }): Promise<SystemSend> {
    return startSystemMessage(this.core, this.maxRecipients, req);
  }

  proxyMessage(from: unknown, msg: TimMessage, domain?: string): Promise<SentMessage> {
    return proxyMessage(this.core, from, msg, domain);
  }

  presence(to: readonly unknown[], p: TimPresence, from?: unknown): Promise<{ node: string; online: boolean }[]> {
    return sendPresence(this.core, this.maxRecipients, to, p, from);
  }

  // --- tokens and accounts -------------------------------------------------------------------

  /** A one-time login token (limits.tokenTtlSeconds) for an existing node, or for credentials. */
  async issueToken(req: { node: unknown } | { name: string; password: string; domain?: string }): Promise<{ token: string; node: string; expiresAt: number }> {
    if ('node' in req) {
      const node = await this.existingUser(req.node, 'node');
      return { ...(await this.core.tokens.issue({ node })), node };
    }
    const r = await this.core.store.tokenCredentials(req.name, req.password, req.domain || null);
    if (!r.ok) throw new TimError(ErrorCode.NOPASS, 'name and password do not match an account');
    const grant = { node: r.node, name: req.name, ...(req.domain ? { domain: req.domain } : {}) };
    return { ...(await this.core.tokens.issue(grant)), node: r.node };
  }

  async register(name: string, password: string, domain?: string): Promise<string> {
    const node = await this.accounts().register(name, password, domain || null);
    await this.core.forget(node); // a cached "does not exist" must not outlive it
    return node;
  }

  /** A new password; with `old`, it must match first (4112 otherwise). */
  async setPassword(node: unknown, password: string, old?: string): Promise<void> {
    const accounts = this.accounts();
    const n = await this.existingUser(node, 'node');
    if (!(await accounts.setPassword(n, password, old))) throw new TimError(ErrorCode.MODIFYAUTH, old === undefined ? 'the password was refused' : 'the old password does not match');
  }

  /** Legacy /timResetAuth: by login name; builtin nodes derive from (name, domain). */
  setPasswordByName(name: string, password: string, domain?: string): Promise<void> {
    this.accounts();
    return this.setPassword(this.core.nodeIds.user(name, domain || null), password);
  }

  async modifyUser(node: unknown, bean: TimUserBean): Promise<void> {
    const n = checkNodes(this.core, [node], 'node')[0];
    if (!(await this.directory().modifyUser(n, bean))) throw new TimError(ErrorCode.NOEXIST, `user ${n} does not exist`);
  }

  // --- caches --------------------------------------------------------------------------------

  /**
   * The deployer's backend changed relations of `nodes` (users or rooms: friendships, group
   * memberships) in its own tables: forgets the cached permission answers and roster lists of
   * each, on every cluster node. A malformed node refuses the whole call (4104, nothing forgotten).
   */
  async forgetCaches(nodes: readonly unknown[]): Promise<number> {
    const list = nodes.map((n, i) => {
      if (!this.core.perms.isValidNode(n)) throw new TimError(ErrorCode.PARAMS, `nodes[${i}] ${JSON.stringify(n)} is not a valid node`);
      return n;
    });
    if (list.length === 0) throw new TimError(ErrorCode.PARAMS, 'no nodes');
    const unique = [...new Set(list)];
    await this.core.forget(...unique);
    return unique.length;
  }

  // --- sessions and bans ---------------------------------------------------------------------

  /**
   * Logged-in connections of the cluster (optionally one node's), after `cursor`, at most `limit`,
   * ordered by server id then id (cluster/cluster-sessions.ts; on a single node: by id). `total`
   * counts every match, over the nodes that answered.
   */
  async connections(q: { node?: unknown; cursor?: unknown; limit?: number }): Promise<ConnectionList> {
    const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
    const node = q.node === undefined ? undefined : checkNodes(this.core, [q.node], 'node')[0];
    const clustered = this.core.peers.distributed;
    const page = await this.cluster.sessionPage({ user: node, cursor: this.cursorOf(q.cursor), limit });
    const items = page.items.map((s): Connection => ({
      id: s.sid,
      ...(clustered ? { server: s.server } : {}),
      node: s.node,
      ...(s.tid.domain !== undefined ? { domain: s.tid.domain } : {}),
      ...(s.tid.resource !== undefined ? { resource: s.tid.resource } : {}),
      termtyp: s.termtyp,
      connectedAt: s.authedAt,
      remote: s.remote,
    }));
    const last = page.items[page.items.length - 1];
    const next = page.more && last !== undefined ? { nextCursor: clustered ? `${last.server}/${last.sid}` : last.sid } : {};
    return { items, ...next, total: page.total, ...(clustered ? { partial: page.partial } : {}) };
  }

  /** Legacy /timOnline: one Tid per connection of the cluster (docs/admin-api.md section 5), in the order
   *  of connections(); a node that does not answer is left out. */
  async onlineTids(): Promise<Tid[]> {
    const out: Tid[] = [];
    let cursor: SessionCursor | undefined;
    for (;;) {
      const page = await this.cluster.sessionPage({ cursor, limit: MAX_PAGE });
      for (const s of page.items) out.push(s.tid);
      const last = page.items[page.items.length - 1];
      if (!page.more || last === undefined) return out;
      cursor = { server: last.server, sid: last.sid };
    }
  }

  /** Per node: online anywhere in the cluster, how many devices, which termtyps, on which servers. */
  async presenceQuery(nodes: readonly unknown[]): Promise<Record<string, { online: boolean; devices: number; termtypes: number[]; servers: string[] }>> {
    const list = checkNodes(this.core, nodes, 'nodes');
    checkCount(list.length, this.maxRecipients);
    return this.cluster.presence(list);
  }

  /** Sends TimAck{ok:true,timType:20} to every device of `node`, then closes them; the count. */
  async kick(node: unknown): Promise<number> {
    const n = await this.existingUser(node, 'node');
    return this.cluster.kick(n, true);
  }

  /** Bans for `seconds` (logins get 4105 until then) and kicks; returns the end (ms) and the kicks. */
  async block(node: unknown, seconds: number): Promise<{ until: number; connectionsClosed: number }> {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_BAN_SECONDS) {
      throw new TimError(ErrorCode.PARAMS, `seconds must be an integer from 1 to ${MAX_BAN_SECONDS}`);
    }
    const n = await this.existingUser(node, 'node');
    const until = this.core.clock.nowMs() + seconds * 1000;
    return { until, connectionsClosed: await this.cluster.ban(n, until) }; // bans, then kicks
  }

  /** Lifts a ban; false when there was none. */
  unblock(node: unknown): boolean {
    return this.cluster.unban(checkNodes(this.core, [node], 'node')[0]);
  }

  blocks(): { node: string; until: number }[] {
    return this.cluster.bans();
  }

  /** A server PING on every device of `nodes` on every cluster node (tim's /timDetect): dead
   *  sockets fail and close. `pinged` counts the sockets of the nodes that answered. */
  async detect(nodes: readonly unknown[]): Promise<{ pinged: number; partial?: boolean }> {
    const list = checkNodes(this.core, nodes, 'nodes');
    checkCount(list.length, this.maxRecipients);
    const r = await this.cluster.detect(list);
    return this.core.peers.distributed ? r : { pinged: r.pinged };
  }

  // --- rooms ---------------------------------------------------------------------------------

  async createRoom(req: { founder: unknown; topic?: string; gtype?: number; domain?: string }): Promise<string> {
    const directory = this.directory();
    const founder = await this.existingUser(req.founder, 'founder');
    const room = await directory.createRoom({ founder, topic: req.topic, gtype: req.gtype === 1 ? 1 : 2, domain: req.domain || undefined });
    await this.core.forget(room);
    return room;
  }

  /** room.roster of an existing room (both modes). */
  async roomMembers(room: unknown): Promise<string[]> {
    const r = checkNodes(this.core, [room], 'room')[0];
    if (!(await this.core.store.roomExists(r))) throw new TimError(ErrorCode.NOEXIST, `room ${r} does not exist`);
    return this.core.store.roomRoster(r);
  }

  async modifyRoom(room: unknown, bean: TimRoomBean): Promise<void> {
    const r = checkNodes(this.core, [room], 'room')[0];
    if (bean.managers !== undefined) checkNodes(this.core, bean.managers, 'managers');
    if (!(await this.directory().modifyRoom(r, bean))) throw new TimError(ErrorCode.NOEXIST, `room ${r} does not exist`);
  }

  /** A virtual room owned by `owner` (tim's /timVroom rtype 1); 4107 until vrooms are served. */
  async createVroom(owner: unknown): Promise<string> {
    const vrooms = vroomsOf(this.core);
    if (vrooms === undefined) throw new TimError(ErrorCode.INTERFACE, 'virtual rooms are not enabled on this server');
    const founder = await this.existingUser(owner, 'node');
    let node = this.core.nodeIds.random();
    while (vrooms.get(node) !== undefined) node = this.core.nodeIds.random();
    vrooms.create(node, founder);
    // Registers this node as the vroom's home, so pushes from users on other nodes find it.
    await this.core.peers.vrooms.created(node);
    return node;
  }

  // --- stats ---------------------------------------------------------------------------------

  /**
   * The counters: this server's on a single node. On a cluster the counters are the sums over the
   * live nodes (others' as of their last heartbeat, cluster/cluster-stats.ts; a user with devices on
   * two nodes counts once on each in `usersOnline`), `byNode` has each node's, and `bans` (the
   * cluster's list), `startedAt` and `uptimeSeconds` (this server's) are as on one node.
   */
  async stats() {
    const startedAt = this.core.stats.startedAt;
    const tail = { bans: this.core.bans.list(this.core.clock.nowMs()).length, startedAt, uptimeSeconds: uptime(startedAt) };
    if (!this.core.peers.distributed) return { ...counters(statsSnapshot(this.core)), ...tail };
    const c = await this.cluster.stats();
    return {
      ...counters(c.total),
      ...tail,
      nodes: c.nodes,
      byNode: c.byNode.map((b) => ({
        server: b.nodeId,
        ...counters(b.stats),
        ...(b.startedAt > 0 ? { startedAt: b.startedAt, uptimeSeconds: uptime(b.startedAt) } : {}),
      })),
      partial: c.partial,
    };
  }

  /** The dashboard's live view: database, cluster nodes, acks pending, errors, SQL latency (admin-monitor.ts). */
  monitor(): Promise<MonitorSnapshot> {
    return monitorSnapshot(this.core, this.opts.templateLatency);
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A `cursor` query value (a nextCursor) as a position; 4104 when it is not one. */
  private cursorOf(c: unknown): SessionCursor | undefined {
    if (c === undefined || c === '') return undefined;
    const m = CURSOR.exec(String(c));
    const clustered = this.core.peers.distributed;
    if (m === null || (m[1] === undefined && clustered)) {
      throw new TimError(ErrorCode.PARAMS, `cursor must be the nextCursor of a previous page${clustered ? ' (<server>/<id> on a cluster)' : ''}`);
    }
    return { server: m[1] ?? this.core.peers.nodeId, sid: Number(m[2]) };
  }

  private async existingUser(node: unknown, field: string): Promise<string> {
    const n = checkNodes(this.core, [node], field)[0];
    if (!(await this.core.perms.userExists(n))) throw new TimError(ErrorCode.ACCOUNT, `user ${n} does not exist`);
    return n;
  }

  private accounts() {
    const a = this.core.accounts;
    if (a === undefined) throw new TimError(ErrorCode.INTERFACE, 'accounts are managed by your own system in external mode');
    return a;
  }

  private directory(): AdminDirectory {
    if (this.opts.directory === undefined) throw new TimError(ErrorCode.INTERFACE, 'rooms and profiles are managed by your own system in external mode');
    return this.opts.directory;
  }
}

/** The admin names of the counters (`messagesOut` is CoreStats' `delivered`), in the order of the
 *  single-node answer. */
function counters(s: StatsSnapshot) {
  return {
    connections: s.connections,
    usersOnline: s.usersOnline,
    logins: s.logins,
    messagesIn: s.messagesIn,
    messagesPersisted: s.messagesPersisted,
    /** reliable deliveries acknowledged by a device (messages, notices, system messages) */
    messagesOut: s.delivered,
    offlineStored: s.offlineStored,
    offlineDrained: s.offlineDrained,
    acksTimedOut: s.acksTimedOut,
    framesIn: s.framesIn,
    framesOut: s.framesOut,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
  };
}

function uptime(startedAt: number): number {
  return Math.floor((Date.now() - startedAt) / 1000);
}
