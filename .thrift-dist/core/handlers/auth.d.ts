import type { LoginResult } from '../../store/store.js';
import { type Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
/** Optional verifier for JWT logins (admin issue); returns the node or null. */
export type JwtVerifier = (token: string) => Promise<string | null>;
export declare function handleAuth(core: TimCore, s: Session, frame: Buffer): Promise<void>;
/**
 * A password check of (name, domain) from client address `remote` under core.logins: 'locked'
 * (nothing checked: no query, no hash), else the store's answer, counted as a success or failure.
 * A store error is not counted and rejects as is (5103, or 5104 when hashing is at capacity).
 */
export declare function throttledCheck(core: TimCore, name: string, domain: string | undefined, remote: string, check: () => Promise<LoginResult>): Promise<LoginResult | 'locked'>;
