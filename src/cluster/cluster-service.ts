// Cluster-wide operations for the admin layer: online lists, presence queries, kicks, bans and
// stats over every node. On a single node they answer from this process alone (same code: the
// registry just has no peers). When Redis does not answer, they answer from this node and say so
// with `partial: true` where a list or a sum is returned.
//
// Wiring (src/admin/admin-service.ts): `const cluster = new ClusterService(core)`, then
//   connections/onlineTids -> cluster.sessions(node) / cluster.onlineUsers()
//   presenceQuery          -> cluster.presence(nodes)
//   kick                   -> cluster.kick(node)          (counts every node's sockets)
//   block / unblock/blocks -> cluster.ban(node, until) / cluster.unban(node) / cluster.bans()
//   stats                  -> cluster.stats()              (summed; `byNode` per node)
//   readiness              -> cluster.health()
// Tokens need no change: core.tokens is the cluster's (one-time across nodes) when clustered.

import type { TimCore } from '../core/tim-core.js';
import type { ClusterHealth } from './cluster.js';
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

export interface UserPresence {
  online: boolean;
  devices: number;
  termtypes: number[];
  /** cluster nodes holding its sockets */
  servers: string[];
}

export class ClusterService {
  constructor(private readonly core: TimCore) {}

  private get cluster() {
    return this.core.cluster;
  }

  /** The cluster as this node sees it: mode, Redis state, registry sync, and the live nodes. */
  async health(): Promise<ClusterHealth & { nodes: string[] }> {
    const h = this.cluster.health();
    const peers = await this.cluster.peers().catch(() => []);
    return { ...h, nodes: [h.nodeId, ...peers.map((p) => p.nodeId)] };
  }

  /** Users with at least one socket anywhere, sorted, at most `limit`. */
  async onlineUsers(limit = 10_000): Promise<{ users: string[]; partial: boolean }> {
    const local = [...this.core.registry.nodes()];
    let remote: string[] = [];
    let partial = false;
    try {
      remote = await this.cluster.registry.remoteUsers(limit);
    } catch {
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
    const remote = await this.cluster.registry.remoteEntries(node).catch(() => []);
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

  /** Counters summed over the live nodes (others' as of their last heartbeat). */
  async stats(): Promise<{ nodes: number; total: StatsSnapshot; byNode: { nodeId: string; stats: StatsSnapshot }[]; partial: boolean }> {
    const own = statsSnapshot(this.core);
    let partial = false;
    const peers = await this.cluster.peers().catch(() => {
      partial = true;
      return [];
    });
    const byNode = [{ nodeId: this.cluster.nodeId, stats: own }, ...peers.map((p) => ({ nodeId: p.nodeId, stats: sumStats([p.stats]) }))];
    return { nodes: byNode.length, total: sumStats(byNode.map((b) => b.stats)), byNode, partial };
  }
}
