// One-time login tokens (protocol.md decision 4): looked up by the token string alone, usable
// once, valid for limits.tokenTtlSeconds. The cluster issue replaces this in-process store with a
// Redis-backed one behind the same interface.

import { randomNode } from '../protocol/node-id.js';

export interface TokenGrant {
  node: string;
  /** the name and domain the token was issued for, when issued by credentials */
  name?: string;
  domain?: string;
}

export interface TokenStore {
  issue(grant: TokenGrant): Promise<{ token: string; expiresAt: number }>;
  /** Returns the grant and forgets the token, or null when unknown, used or expired. */
  consume(token: string): Promise<TokenGrant | null>;
  close(): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, { grant: TokenGrant; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(ttlMs, 60_000)));
    this.sweeper.unref();
  }

  async issue(grant: TokenGrant) {
    let token = randomNode();
    while (this.tokens.has(token)) token = randomNode();
    const expiresAt = this.now() + this.ttlMs;
    this.tokens.set(token, { grant, expiresAt });
    return { token, expiresAt };
  }

  async consume(token: string) {
    const e = this.tokens.get(token);
    if (e === undefined) return null;
    this.tokens.delete(token);
    return e.expiresAt > this.now() ? e.grant : null;
  }

  private sweep() {
    const t = this.now();
    for (const [k, e] of this.tokens) if (e.expiresAt <= t) this.tokens.delete(k);
  }

  async close() {
    clearInterval(this.sweeper);
    this.tokens.clear();
  }
}
