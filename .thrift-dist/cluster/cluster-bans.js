// Bans shared by the cluster. The authoritative list is the Redis sorted set `P bans` (member: the
// node, score: the end of the ban in ms). Every node keeps a mirror in the BanList core reads, so
// the login check stays a synchronous map lookup: a change is written to Redis, applied to the
// mirror at once, and broadcast to the other nodes (`ban` bus message), which apply it to theirs.
// The mirror is reloaded from Redis when Redis (re)connects and every refresh period, which repairs
// a missed broadcast. Changes made while Redis is unreachable apply here at once and are written
// when it returns. After an outage the mirror is MERGED into Redis before being reloaded (Redis
// may have restarted empty; every node then restores what it knew), so an unban made elsewhere
// during this node's outage can come back: lift it again. A login racing a ban on another node
// may slip through before the broadcast lands; the ban's kick then closes it.
import { BanList } from '../core/ban-list.js';
export class SharedBanList extends BanList {
    link;
    log;
    now;
    /** changes not yet written to Redis: node -> until (0: lifted) */
    pending = new Map();
    timer;
    bus;
    /** Redis was unreachable since the last reload: merge the mirror into it first */
    merge = false;
    constructor(link, log, now = Date.now) {
        super();
        this.link = link;
        this.log = log;
        this.now = now;
        link.onStatus((up) => {
            if (!up)
                this.merge = true;
            else
                void this.reload();
        });
    }
    /** Starts broadcasting changes on `bus` and the periodic reload. */
    start(bus, refreshMs) {
        this.bus = bus;
        this.timer = setInterval(() => void this.reload(), refreshMs);
        this.timer.unref();
        void this.reload();
    }
    ban(node, untilMs) {
        super.ban(node, untilMs);
        this.share(node, untilMs);
    }
    unban(node) {
        const had = super.unban(node);
        this.share(node, 0);
        return had;
    }
    /** A change another node made (bus `ban`). */
    applyRemote(node, untilMs) {
        if (untilMs > 0)
            super.ban(node, untilMs);
        else
            super.unban(node);
    }
    /** Writes pending changes, then makes the mirror equal to Redis. */
    async reload() {
        if (!this.link.up)
            return;
        const key = this.link.key('bans');
        try {
            if (this.merge) {
                this.merge = false;
                for (const b of super.list(this.now()))
                    if (!this.pending.has(b.node))
                        await this.link.cmd.zadd(key, 'GT', b.until, b.node);
            }
            for (const [node, until] of [...this.pending]) {
                if (until > 0)
                    await this.link.cmd.zadd(key, until, node);
                else
                    await this.link.cmd.zrem(key, node);
                if (this.pending.get(node) === until)
                    this.pending.delete(node);
            }
            const t = this.now();
            await this.link.cmd.zremrangebyscore(key, '-inf', String(t));
            const flat = await this.link.cmd.zrange(key, '0', '-1', 'WITHSCORES');
            const shared = new Map();
            for (let i = 0; i + 1 < flat.length; i += 2)
                shared.set(flat[i], Number(flat[i + 1]));
            for (const b of super.list(t))
                if (!shared.has(b.node) && !this.pending.has(b.node))
                    super.unban(b.node);
            for (const [node, until] of shared)
                if (!this.pending.has(node))
                    super.ban(node, until);
        }
        catch (err) {
            this.log.debug({ err: err.message }, 'cluster: ban list reload failed');
        }
    }
    close() {
        if (this.timer)
            clearInterval(this.timer);
    }
    share(node, until) {
        this.pending.set(node, until);
        if (!this.link.up)
            return;
        const key = this.link.key('bans');
        const write = until > 0 ? this.link.cmd.zadd(key, until, node) : this.link.cmd.zrem(key, node);
        write
            .then(() => {
            if (this.pending.get(node) === until)
                this.pending.delete(node);
            return this.bus?.broadcast({ kind: 'ban', user: node, until });
        })
            .catch((err) => this.log.warn({ err: err.message, node }, 'cluster: ban change not shared yet; written when redis answers'));
    }
}
//# sourceMappingURL=cluster-bans.js.map