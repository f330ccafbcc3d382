// Cluster-wide operations for the admin layer: online lists, connection lists, presence queries,
// detect, kicks, bans and stats over every node. On a single node they answer from this process
// alone (same code: the registry just has no peers). When Redis or a peer does not answer, they
// answer with what is known and say so with `partial: true` where a list or a sum is returned.
//
// Wiring (src/admin/admin-service.ts): `const cluster = new ClusterService(core)`, then
//   connections/onlineTids -> cluster.sessionPage(q)       (each node lists its own; cluster-sessions.ts)
//   presenceQuery          -> cluster.presence(nodes)      (from the shared registry)
//   detect                 -> cluster.detect(nodes)        (each node pings its own)
//   kick                   -> cluster.kick(node)          (counts every node's sockets)
//   block / unblock/blocks -> cluster.ban(node, until) / cluster.unban(node) / cluster.bans()
//   stats                  -> cluster.stats()              (summed; `byNode` per node)
//   readiness              -> cluster.health()
// Tokens need no change: core.tokens is the cluster's (one-time across nodes) when clustered.

import { localNodeOf } from '../core/local-node.js';
import type { LocalNode } from '../core/peers.js';
import type { TimCore } from '../core/tim-core.js';
import { Cluster, type ClusterHealth } from './cluster.js';
import { dropped } from './dropped.js';
import { afterFor, localPage, parsePage, pingLocal, type LocalPage, type SessionCursor, type SessionInfo } from './cluster-sessions.js';
import { statsSnapshot, sumStats, type StatsSnapshot } from './cluster-stats.js';

/** One logged-in socket somewhere in the cluster. */
export interface ClusterSession {
  /** the cluster node that holds it */
  server: string;
  /** its session id there */
  sid: number;
  node: string;
  termtyp: number;
  authedAt: number;
}

/** One page of the cluster's logged-in sockets (order: cluster-sessions.ts). */
export interface SessionPage {
  items: (SessionInfo & { server: string })[];
  /** sockets matching the filter, over the nodes that answered */
  total: number;
  /** more come after the last item */
  more: boolean;
  /** a node (or Redis) did not answer: its sockets are missing from `items` and `total` */
  partial: boolean;
}

export interface UserPresence {
  online: boolean;
  devices: number;
  termtypes: number[];
  /** cluster nodes holding its sockets */
  servers: string[];
}

export class ClusterService {
  private readonly node: LocalNode;
  private own: Cluster | undefined;

  constructor(private readonly core: TimCore) {
    this.node = localNodeOf(core);
  }

  /** The core's peers when they are the cluster layer's (src/app.ts always passes one); a core
   *  built with the core's own SingleNode gets an in-process Cluster here, answering the same. */
  private get cluster(): Cluster {
    const peers = this.core.peers;
    if (peers instanceof Cluster) return peers;
    if (this.own === undefined) {
      this.own = Cluster.single(this.core.log, peers.nodeId);
      this.own.attach(this.node);
    }
    return this.own;
  }

  /** The cluster as this node sees it: mode, Redis state, registry sync, and the live nodes. */
  async health(): Promise<ClusterHealth & { nodes: string[] }> {
    const h = this.cluster.health();
    const peers = await this.cluster.peers().catch(dropped(this.core.log, 'peer list', []));
    return { ...h, nodes: [h.nodeId, ...peers.map((p) => p.nodeId)] };
  }

  /** Users with at least one socket anywhere, sorted, at most `limit`. */
  async onlineUsers(limit = 10_000): Promise<{ users: string[]; partial: boolean }> {
    const local = [...this.core.registry.nodes()];
    let remote: string[] = [];
    let partial = false;
    try {
      remote = await this.cluster.registry.remoteUsers(limit);
    } catch (err) {
      dropped(this.core.log, 'remote users lookup')(err);
      partial = true;
    }
    return { users: [...new Set([...local, ...remote])].sort().slice(0, limit), partial };
  }

  /** Every logged-in socket of `node` in the cluster, oldest login first. */
  async sessions(node: string): Promise<ClusterSession[]> {
    const self = this.cluster.nodeId;
    const local: ClusterSession[] = this.core.registry
      .sessionsOf(node)
      .filter((s) => !s.closed)
      .map((s) => ({ server: self, sid: s.id, node, termtyp: s.termtyp, authedAt: s.authedAt }));
    const remote = await this.cluster.registry.remoteEntries(node).catch(dropped(this.core.log, 'remote sessions lookup', []));
    return [...local, ...remote.map((e) => ({ server: e.server, sid: e.sid, node, termtyp: e.termtyp, authedAt: e.authedAt }))].sort(
      (a, b) => a.authedAt - b.authedAt || a.sid - b.sid,
    );
  }

  async presence(nodes: readonly string[]): Promise<Record<string, UserPresence>> {
    const lists = await Promise.all(nodes.map((n) => this.sessions(n)));
    const out: Record<string, UserPresence> = {};
    nodes.forEach((n, i) => {
      const l = lists[i];
      out[n] = {
        online: l.length > 0,
        devices: l.length,
        termtypes: [...new Set(l.map((s) => s.termtyp))],
        servers: [...new Set(l.map((s) => s.server))],
      };
    });
    return out;
  }

  /** Closes `node`'s sockets on every cluster node (after TimAck timType 20 when `notify`). */
  kick(node: string, notify = true): Promise<number> {
    return this.cluster.kickEverywhere(node, notify);
  }

  /** Bans `node` cluster-wide until `untilMs`, then kicks it everywhere; resolves with the kicks. */
  ban(node: string, untilMs: number): Promise<number> {
    this.core.bans.ban(node, untilMs); // before the kick, so a reconnect racing it is refused
    return this.kick(node, true);
  }

  unban(node: string): boolean {
    return this.core.bans.unban(node);
  }

  bans(): { node: string; until: number }[] {
    return this.core.bans.list(this.core.clock.nowMs());
  }

  /**
   * The logged-in sockets (of `user` when given) after `cursor`, at most `limit`, in the order of
   * cluster-sessions.ts. Every live node is asked at once for its count and its first `limit`
   * sockets past the cursor; a node that does not answer within the cluster's RPC timeout is left
   * out (`partial`).
   */
  async sessionPage(q: { user?: string; cursor?: SessionCursor; limit: number }): Promise<SessionPage> {
    const self = this.cluster.nodeId;
    let partial = false;
    const peers = await this.cluster.peers().catch(() => {
      partial = true;
      return [];
    });
    const servers = [self, ...peers.map((p) => p.nodeId).filter((n) => n !== self)].sort();
    const pages = await Promise.all(
      servers.map(async (server): Promise<LocalPage | null> => {
        const after = afterFor(server, q.cursor);
        // A node sorting before the cursor only counts toward `total`.
        const part = { user: q.user, after: after ?? 0, limit: after === null ? 0 : q.limit };
        if (server === self) return localPage(this.node, part);
        const a = await this.cluster.ask(server, (rid) => ({ kind: 'sessions', rid, ...part }), this.cluster.rpcTimeoutMs());
        return parsePage(a?.data);
      }),
    );
    const items: SessionPage['items'] = [];
    let total = 0;
    let rest = 0;
    pages.forEach((p, i) => {
      if (p === null) {
        partial = true;
        return;
      }
      total += p.total;
      if (afterFor(servers[i], q.cursor) === null) return;
      rest += p.rest;
      for (const it of p.items) if (items.length < q.limit) items.push({ ...it, server: servers[i] });
    });
    return { items, total, more: rest > items.length, partial };
  }

  /** A server PING on every socket of `nodes` on every node (tim's /timDetect); the sockets pinged
   *  on the nodes that answered. */
  async detect(nodes: readonly string[]): Promise<{ pinged: number; partial: boolean }> {
    let pinged = pingLocal(this.node, nodes);
    if (!this.cluster.distributed) return { pinged, partial: false };
    let partial = false;
    const peers = await this.cluster.peers().catch(() => {
      partial = true;
      return [];
    });
    const counts = await Promise.all(
      peers.map((p) => this.cluster.request(p.nodeId, (rid) => ({ kind: 'detect', rid, users: [...nodes] }), this.cluster.rpcTimeoutMs())),
    );
    for (const c of counts) {
      if (c === null) partial = true;
      else pinged += c;
    }
    return { pinged, partial };
  }

  /** Counters summed over the live nodes (others' as of their last heartbeat). */
  async stats(): Promise<{ nodes: number; total: StatsSnapshot; byNode: { nodeId: string; startedAt: number; stats: StatsSnapshot }[]; partial: boolean }> {
    const own = statsSnapshot(this.node);
    let partial = false;
    const peers = await this.cluster.peers().catch(() => {
      partial = true;
      return [];
    });
    const byNode = [
      { nodeId: this.cluster.nodeId, startedAt: this.core.stats.startedAt, stats: own },
      ...peers.map((p) => ({ nodeId: p.nodeId, startedAt: p.startedAt, stats: sumStats([p.stats]) })),
    ];
    return { nodes: byNode.length, total: sumStats(byNode.map((b) => b.stats)), byNode, partial };
  }
}
