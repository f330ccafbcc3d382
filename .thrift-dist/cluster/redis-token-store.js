// One-time login tokens shared by the cluster (docs/protocol.md decision 4): `P tok:<token>` holds the
// grant as JSON with a PX expiry; consume() is GETDEL, so of two nodes racing for one token exactly
// one gets the grant. While Redis is unreachable, tokens are issued into and consumed from this
// node's memory instead (a degraded mode: such a token works on this node only); consume() always
// looks in memory first, so those stay usable after Redis returns.
import { MemoryTokenStore, newToken } from '../core/tokens.js';
const ISSUE_TRIES = 5;
export class RedisTokenStore {
    link;
    ttlMs;
    log;
    now;
    local;
    constructor(link, ttlMs, log, now = Date.now) {
        this.link = link;
        this.ttlMs = ttlMs;
        this.log = log;
        this.now = now;
        this.local = new MemoryTokenStore(ttlMs, now);
    }
    async issue(grant) {
        if (this.link.up) {
            try {
                for (let i = 0; i < ISSUE_TRIES; i++) {
                    const token = newToken();
                    const expiresAt = this.now() + this.ttlMs;
                    const ok = await this.link.cmd.set(this.key(token), JSON.stringify(grant), 'PX', this.ttlMs, 'NX');
                    if (ok !== null)
                        return { token, expiresAt };
                }
                throw new Error('no free token after several tries');
            }
            catch (err) {
                this.log.warn({ err: err.message }, 'cluster: token not stored in redis; it works on this node only');
            }
        }
        return this.local.issue(grant);
    }
    async consume(token) {
        const mine = await this.local.consume(token);
        if (mine !== null || !this.link.up)
            return mine;
        try {
            const raw = await this.link.cmd.getdel(this.key(token));
            return raw === null ? null : JSON.parse(raw);
        }
        catch (err) {
            this.log.warn({ err: err.message }, 'cluster: token lookup failed');
            return null;
        }
    }
    async close() {
        await this.local.close();
    }
    key(token) {
        return this.link.key('tok', token);
    }
}
//# sourceMappingURL=redis-token-store.js.map