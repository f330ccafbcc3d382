import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
export declare function handleOfflineRequest(core: TimCore, s: Session): void;
export declare function drainOffline(core: TimCore, s: Session): Promise<void>;
/** The top-level `mid` of a stored stanza (0 when there is none), read without parsing it: the
 *  server writes `mid` before any client-given field, and a key inside a string value has its
 *  quotes escaped, so the first `"mid":<digits>` is the message's. */
export declare function stanzaMid(stanza: string): number;
/**
 * Adds `"isOffline":true` to a stored stanza without re-parsing it, so its exact digits (the
 * nanosecond timestamp beyond 2^53) survive. Returns null for text that is not a JSON object.
 */
export declare function markOffline(stanza: string): string | null;
