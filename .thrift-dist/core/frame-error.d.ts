import type { Session } from './session.js';
import type { TimCore } from './tim-core.js';
/** Logs `err` when it is ours (unexpected, database) and answers frame `type` with its code (and,
 *  for 4104, the error's reason: ackInfo in protocol/error-codes.ts). A refused AUTH says no more
 *  than tim's text; its reason is in the server's 'login refused' line (handlers/auth.ts). */
export declare function reportFrameError(core: TimCore, s: Session, type: number, err: unknown): void;
/** A database failure (answered 5103 or 500) into core.dbErrors, under the StoreError's template
 *  key, else `otherwise` (builtin tables have no template key). */
export declare function logDatabaseError(core: TimCore, err: unknown, otherwise: string, context?: Record<string, unknown>): void;
