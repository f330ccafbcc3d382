// One-time login tokens shared by the cluster (docs/protocol.md decision 4): `P tok:<token>` holds the
// grant as JSON with a PX expiry; consume() is GETDEL, so of two nodes racing for one token exactly
// one gets the grant. While Redis is unreachable, tokens are issued into and consumed from this
// node's memory instead (a degraded mode: such a token works on this node only); consume() always
// looks in memory first, so those stay usable after Redis returns.

import type { Logger } from '../core/ports.js';
import { MemoryTokenStore, newToken, type TokenGrant, type TokenStore } from '../core/tokens.js';
import type { RedisLink } from './redis-link.js';

const ISSUE_TRIES = 5;

export class RedisTokenStore implements TokenStore {
  private readonly local: MemoryTokenStore;

  constructor(
    private readonly link: RedisLink,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new MemoryTokenStore(ttlMs, now);
  }

  async issue(grant: TokenGrant): Promise<{ token: string; expiresAt: number }> {
    if (this.link.up) {
      try {
        for (let i = 0; i < ISSUE_TRIES; i++) {
          const token = newToken();
          const expiresAt = this.now() + this.ttlMs;
          const ok = await this.link.cmd.set(this.key(token), JSON.stringify(grant), 'PX', this.ttlMs, 'NX');
          if (ok !== null) return { token, expiresAt };
        }
        throw new Error('no free token after several tries');
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'cluster: token not stored in redis; it works on this node only');
      }
    }
    return this.local.issue(grant);
  }

  async consume(token: string): Promise<TokenGrant | null> {
    const mine = await this.local.consume(token);
    if (mine !== null || !this.link.up) return mine;
    try {
      const raw = await this.link.cmd.getdel(this.key(token));
      return raw === null ? null : (JSON.parse(raw) as TokenGrant);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cluster: token lookup failed');
      return null;
    }
  }

  async close(): Promise<void> {
    await this.local.close();
  }

  private key(token: string): string {
    return this.link.key('tok', token);
  }
}
