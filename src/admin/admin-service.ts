// The admin operations over a TimCore, shared by the REST v1 routes and the legacy tim paths.
// Transport-agnostic: plain values in, plain values out, refusals as TimErrors whose code
// http-errors maps to a status.
//
// Scope: kicks, bans, presence queries and cache invalidations act on the whole cluster
// (cluster/cluster-service.ts, TimCore.forget; on a single node that is this process); the
// connection list, detect and stats are this server's.

import { ErrorCode } from '../protocol/error-codes.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { randomNode, userNode } from '../protocol/node-id.js';
import { TimType } from '../protocol/timtype.js';
import type { Tid, TimMessage, TimPresence, TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
import type { SentMessage } from '../core/handlers/message.js';
import type { TimCore } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { vroomsOf } from '../core/vroom/index.js';
import { ClusterService } from '../cluster/cluster-service.js';
import { checkCount, checkNodes, proxyMessage, sendPresence, startSystemMessage, type SystemSend } from './admin-messages.js';
import type { AdminDirectory } from './builtin-directory.js';

/** Longest ban: ten years (Node timers are not involved; the BanList compares times). */
export const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface Connection {
  /** this server's id of the socket, increasing with connection order (the paging cursor) */
  id: number;
  node: string;
  domain?: string;
  resource?: string;
  termtyp: number;
  /** login time, ms since the epoch */
  connectedAt: number;
  remote: string;
}

export interface AdminServiceOptions {
  maxRecipients: number;
  /** builtin mode's room/profile writes; undefined in external mode */
  directory?: AdminDirectory;
}

const PING = encodeFrame(TimType.PING);

export class AdminService {
  readonly maxRecipients: number;
  private readonly cluster: ClusterService;

  constructor(
    readonly core: TimCore,
    private readonly opts: AdminServiceOptions,
  ) {
    this.maxRecipients = opts.maxRecipients;
    this.cluster = new ClusterService(core);
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
    return this.setPassword(userNode(name, domain || null), password);
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

  /** Logged-in connections, ordered by id, after `cursor`, at most `limit`; optionally one node's. */
  connections(q: { node?: unknown; cursor?: number; limit?: number }): { items: Connection[]; nextCursor?: number; total: number } {
    const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
    const node = q.node === undefined ? undefined : checkNodes(this.core, [q.node], 'node')[0];
    const source = node !== undefined ? this.core.registry.sessionsOf(node) : [...this.core.registry.sessions()];
    const all = source.filter((s) => s.authed && !s.closed).sort((a, b) => a.id - b.id);
    const after = all.filter((s) => s.id > (q.cursor ?? 0));
    const page = after.slice(0, limit);
    const items = page.map((s): Connection => ({
      id: s.id,
      node: s.node,
      ...(s.tid?.domain !== undefined ? { domain: s.tid.domain } : {}),
      ...(s.tid?.resource !== undefined ? { resource: s.tid.resource } : {}),
      termtyp: s.termtyp,
      connectedAt: s.authedAt,
      remote: s.socket.remote,
    }));
    return { items, ...(after.length > limit ? { nextCursor: page[page.length - 1].id } : {}), total: all.length };
  }

  /** Legacy /timOnline: one Tid per connection (tim-admin.md 2.3.12). */
  onlineTids(): Tid[] {
    return [...this.core.registry.sessions()]
      .filter((s) => s.authed && !s.closed)
      .sort((a, b) => a.id - b.id)
      .map((s) => s.tid ?? { node: s.node });
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

  /** A server PING on every device of `nodes` (tim's /timDetect): dead sockets fail and close. */
  detect(nodes: readonly unknown[]): number {
    const list = checkNodes(this.core, nodes, 'nodes');
    checkCount(list.length, this.maxRecipients);
    let n = 0;
    for (const node of list) {
      for (const s of this.core.registry.sessionsOf(node)) {
        this.core.write(s, PING);
        n++;
      }
    }
    return n;
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
    let node = randomNode();
    while (vrooms.get(node) !== undefined) node = randomNode();
    vrooms.create(node, founder);
    // Registers this node as the vroom's home, so pushes from users on other nodes find it.
    await this.core.cluster.vrooms.created(node);
    return node;
  }

  // --- stats ---------------------------------------------------------------------------------

  stats() {
    const { stats, registry } = this.core;
    return {
      connections: registry.connectionCount,
      usersOnline: registry.onlineUserCount,
      logins: stats.logins,
      messagesIn: stats.messagesIn,
      messagesPersisted: stats.messagesPersisted,
      /** reliable deliveries acknowledged by a device (messages, notices, system messages) */
      messagesOut: stats.delivered,
      offlineStored: stats.offlineStored,
      offlineDrained: stats.offlineDrained,
      acksTimedOut: stats.acksTimedOut,
      framesIn: stats.framesIn,
      framesOut: stats.framesOut,
      bytesIn: stats.bytesIn,
      bytesOut: stats.bytesOut,
      bans: this.core.bans.list(this.core.clock.nowMs()).length,
      startedAt: stats.startedAt,
      uptimeSeconds: Math.floor((Date.now() - stats.startedAt) / 1000),
    };
  }

  // --- helpers -------------------------------------------------------------------------------

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
