export interface TokenGrant {
    node: string;
    /** the name and domain the token was issued for, when issued by credentials */
    name?: string;
    domain?: string;
}
export interface TokenStore {
    issue(grant: TokenGrant): Promise<{
        token: string;
        expiresAt: number;
    }>;
    /** Returns the grant and forgets the token, or null when unknown, used or expired. */
    consume(token: string): Promise<TokenGrant | null>;
    close(): Promise<void>;
}
/** A fresh token: the 16 decimal digits of a random integer in [2^52, 2^53), i.e. 52 random bits
 *  from the system CSPRNG. Decimal so that one token is both the string newer tim answers (`n2`)
 *  and the JSON number older tim answered (`t`), which webtim's backend and browser pass on as a
 *  number: below 2^53 it survives JavaScript's doubles exactly, and AUTH's number form maps back
 *  to this text (src/protocol/json-schemas.ts intText). Either form consumes the one entry. */
export declare function newToken(): string;
export declare class MemoryTokenStore implements TokenStore {
    private readonly ttlMs;
    private readonly now;
    private readonly tokens;
    private readonly sweeper;
    constructor(ttlMs: number, now?: () => number);
    issue(grant: TokenGrant): Promise<{
        token: string;
        expiresAt: number;
    }>;
    consume(token: string): Promise<TokenGrant | null>;
    private sweep;
    close(): Promise<void>;
}
