import type { Logger } from '../core/ports.js';
import { type TokenGrant, type TokenStore } from '../core/tokens.js';
import type { RedisLink } from './redis-link.js';
export declare class RedisTokenStore implements TokenStore {
    private readonly link;
    private readonly ttlMs;
    private readonly log;
    private readonly now;
    private readonly local;
    constructor(link: RedisLink, ttlMs: number, log: Logger, now?: () => number);
    issue(grant: TokenGrant): Promise<{
        token: string;
        expiresAt: number;
    }>;
    consume(token: string): Promise<TokenGrant | null>;
    close(): Promise<void>;
    private key;
}
