// One-time login tokens (docs/protocol.md decision 4): looked up by the token string alone, usable
// once, valid for limits.tokenTtlSeconds. The cluster issue replaces this in-process store with a
// Redis-backed one behind the same interface.

import { randomBytes } from 'node:crypto';

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

/** A fresh token: the 16 decimal digits of a random integer in [2^52, 2^53), i.e. 52 random bits
 *  from the system CSPRNG. Decimal so that one token is both the string newer tim answers (`n2`)
 *  and the JSON number older tim answered (`t`), which webtim's backend and browser pass on as a
 *  number: below 2^53 it survives JavaScript's doubles exactly, and AUTH's number form maps back
 *  to this text (src/protocol/json-schemas.ts intText). Either form consumes the one entry. */
export function newToken(): string {
  const b = randomBytes(8);
  return String(2 ** 52 + (b.readUInt32BE(0) & 0xfffff) * 2 ** 32 + b.readUInt32BE(4));
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
    let token = newToken();
    while (this.tokens.has(token)) token = newToken();
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
