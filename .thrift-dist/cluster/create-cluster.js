// The one place that picks the cluster engine from the config: no `cluster` -> one node (LocalBus,
// no peers, in-memory tokens and bans); `cluster.redis` -> a Redis-backed node. Everything else in
// the server is the same code either way.
import { randomInt } from 'node:crypto';
import { BanList } from '../core/ban-list.js';
import { MemoryTokenStore } from '../core/tokens.js';
import { randomNode } from '../protocol/node-id.js';
import { Cluster } from './cluster.js';
import { SharedBanList } from './cluster-bans.js';
import { RedisBus } from './redis-bus.js';
import { parseRedisUrl, RedisLink } from './redis-link.js';
import { ID_SLOTS, RedisRegistry } from './redis-registry.js';
import { RedisTokenStore } from './redis-token-store.js';
/** How long start-up waits for Redis before starting degraded (it keeps reconnecting). */
const CONNECT_WAIT_MS = 5000;
export async function createCluster(config, log) {
    const tokenTtlMs = config.limits.tokenTtlSeconds * 1000;
    if (config.cluster === undefined) {
        return { cluster: Cluster.single(log), tokens: new MemoryTokenStore(tokenTtlMs), bans: new BanList(), idNode: 0 };
    }
    const opts = parseRedisUrl(config.cluster.redis);
    const nodeId = randomNode();
    const clog = log.child({ clusterNode: nodeId });
    const link = new RedisLink(opts, clog, nodeId);
    let cluster;
    const registry = new RedisRegistry(link, nodeId, () => cluster?.snapshot() ?? {}, clog);
    const bans = new SharedBanList(link, clog);
    const bus = new RedisBus(nodeId, link, clog);
    cluster = new Cluster(bus, registry, clog, {
        adopt: (user, sid, authedAt, termtyp) => registry.adopt(user, sid, authedAt, termtyp),
        start: async () => {
            bans.start(bus, Math.max(5000, 5 * opts.heartbeatMs));
            await registry.start();
        },
        synced: () => registry.synced,
        applyBan: (user, until) => bans.applyRemote(user, until),
        close: async () => {
            bans.close();
            await registry.close();
            await bus.close();
            await link.close();
        },
    });
    const up = await link.connect(Math.min(CONNECT_WAIT_MS, Math.max(1000, 2 * opts.timeoutMs)));
    let idNode;
    if (up) {
        try {
            idNode = await registry.claimIdSlot();
        }
        catch (err) {
            await link.close();
            throw err;
        }
        clog.info({ prefix: opts.prefix, idSlot: idNode }, 'cluster: joined');
    }
    else {
        idNode = randomInt(ID_SLOTS);
        registry.useIdSlot(idNode);
        clog.warn({ idSlot: idNode }, 'cluster: redis did not answer at start-up; running degraded with a random id slot, and reconnecting');
    }
    return { cluster, tokens: new RedisTokenStore(link, tokenTtlMs, clog), bans, idNode };
}
//# sourceMappingURL=create-cluster.js.map