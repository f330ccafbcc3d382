import type { JwtConfig } from '../config/types.js';
import type { JwtVerifier } from './handlers/auth.js';
export interface JwtVerifierOptions {
    /** hears why a token was refused (debug logging) */
    onReject?(reason: string): void;
    /** whether the node names an account (the core's cached user.exist) */
    exists?(node: string): boolean | Promise<boolean>;
}
/**
 * Builds the verifier; throws (at start-up) when the key file cannot be read or parsed, or no
 * default algorithm fits its type.
 */
export declare function createJwtVerifier(cfg: JwtConfig, opts?: JwtVerifierOptions): JwtVerifier;
