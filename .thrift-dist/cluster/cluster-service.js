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
import { afterFor, localPage, parsePage, pingLocal } from './cluster-sessions.js';
import { statsSnapshot, sumStats } from './cluster-stats.js';
export class ClusterService {
    core;
    constructor(core) {
        this.core = core;
    }
    get cluster() {
        return this.core.cluster;
    }
    /** The cluster as this node sees it: mode, Redis state, registry sync, and the live nodes. */
    async health() {
        const h = this.cluster.health();
        const peers = await this.cluster.peers().catch(() => []);
        return { ...h, nodes: [h.nodeId, ...peers.map((p) => p.nodeId)] };
    }
    /** Users with at least one socket anywhere, sorted, at most `limit`. */
    async onlineUsers(limit = 10_000) {
        const local = [...this.core.registry.nodes()];
        let remote = [];
        let partial = false;
        try {
            remote = await this.cluster.registry.remoteUsers(limit);
        }
        catch {
            partial = true;
        }
        return { users: [...new Set([...local, ...remote])].sort().slice(0, limit), partial };
    }
    /** Every logged-in socket of `node` in the cluster, oldest login first. */
    async sessions(node) {
        const self = this.cluster.nodeId;
        const local = this.core.registry
            .sessionsOf(node)
            .filter((s) => !s.closed)
            .map((s) => ({ server: self, sid: s.id, node, termtyp: s.termtyp, authedAt: s.authedAt }));
        const remote = await this.cluster.registry.remoteEntries(node).catch(() => []);
        return [...local, ...remote.map((e) => ({ server: e.server, sid: e.sid, node, termtyp: e.termtyp, authedAt: e.authedAt }))].sort((a, b) => a.authedAt - b.authedAt || a.sid - b.sid);
    }
    async presence(nodes) {
        const lists = await Promise.all(nodes.map((n) => this.sessions(n)));
        const out = {};
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
    kick(node, notify = true) {
        return this.cluster.kickEverywhere(node, notify);
    }
    /** Bans `node` cluster-wide until `untilMs`, then kicks it everywhere; resolves with the kicks. */
    ban(node, untilMs) {
        this.core.bans.ban(node, untilMs); // before the kick, so a reconnect racing it is refused
        return this.kick(node, true);
    }
    unban(node) {
        return this.core.bans.unban(node);
    }
    bans() {
        return this.core.bans.list(this.core.clock.nowMs());
    }
    /**
     * The logged-in sockets (of `user` when given) after `cursor`, at most `limit`, in the order of
     * cluster-sessions.ts. Every live node is asked at once for its count and its first `limit`
     * sockets past the cursor; a node that does not answer within the cluster's RPC timeout is left
     * out (`partial`).
     */
    async sessionPage(q) {
        const self = this.cluster.nodeId;
        let partial = false;
        const peers = await this.cluster.peers().catch(() => {
            partial = true;
            return [];
        });
        const servers = [self, ...peers.map((p) => p.nodeId).filter((n) => n !== self)].sort();
        const pages = await Promise.all(servers.map(async (server) => {
            const after = afterFor(server, q.cursor);
            // A node sorting before the cursor only counts toward `total`.
            const part = { user: q.user, after: after ?? 0, limit: after === null ? 0 : q.limit };
            if (server === self)
                return localPage(this.core, part);
            const a = await this.cluster.ask(server, (rid) => ({ kind: 'sessions', rid, ...part }), this.cluster.rpcTimeoutMs());
            return parsePage(a?.data);
        }));
        const items = [];
        let total = 0;
        let rest = 0;
        pages.forEach((p, i) => {
            if (p === null) {
                partial = true;
                return;
            }
            total += p.total;
            if (afterFor(servers[i], q.cursor) === null)
                return;
            rest += p.rest;
            for (const it of p.items)
                if (items.length < q.limit)
                    items.push({ ...it, server: servers[i] });
        });
        return { items, total, more: rest > items.length, partial };
    }
    /** A server PING on every socket of `nodes` on every node (tim's /timDetect); the sockets pinged
     *  on the nodes that answered. */
    async detect(nodes) {
        let pinged = pingLocal(this.core, nodes);
        if (!this.cluster.distributed)
            return { pinged, partial: false };
        let partial = false;
        const peers = await this.cluster.peers().catch(() => {
            partial = true;
            return [];
        });
        const counts = await Promise.all(peers.map((p) => this.cluster.request(p.nodeId, (rid) => ({ kind: 'detect', rid, users: [...nodes] }), this.cluster.rpcTimeoutMs())));
        for (const c of counts) {
            if (c === null)
                partial = true;
            else
                pinged += c;
        }
        return { pinged, partial };
    }
    /** Counters summed over the live nodes (others' as of their last heartbeat). */
    async stats() {
        const own = statsSnapshot(this.core);
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
//# sourceMappingURL=cluster-service.js.map