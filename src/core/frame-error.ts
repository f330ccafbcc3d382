// The single place where an error raised while answering a client (a socket frame, a BUSINESS
// operation, POST /tim2) becomes a wire code and a log line when it was not the client's fault:
// reportError maps (core/tim-error.ts errorToCode over protocol/error-codes.ts) and logs; the
// transport then sends errorAckOf(...) its own way. Database failures are logged through the core's
// rate-limited log (rate-limited-log.ts), so an outage writes a few lines, not one per refused frame.

import { ErrorCode, type ErrorCodeValue } from '../protocol/error-codes.js';
import { TimType } from '../protocol/timtype.js';
import { StoreError } from '../store/errors.js';
import type { Session } from './session.js';
import type { CoreContext } from './core-context.js';
import { errorToCode } from './tim-error.js';

/** Logs `err` when it is ours (unexpected, database) and answers frame `type` with its code (and,
 *  for 4104, the error's reason: ackInfo in protocol/error-codes.ts). A refused AUTH says no more
 *  than tim's text; its reason is in the server's 'login refused' line (handlers/auth.ts). */
export function reportFrameError(core: CoreContext, s: Session, type: number, err: unknown): void {
  const { code, reason } = reportError(core, err, `frame ${type}`, { node: s.node, type });
  if (!s.closed) core.errorAck(s, type, code, undefined, type === TimType.AUTH ? undefined : reason);
}

/** Maps `err` to its wire code and logs it when it is ours: unexpected errors as an error line
 *  (core.unexpected, with `context`), database failures into core.dbErrors under the template key
 *  or `where`. The caller answers with errorAckOf(type, code, reason) (protocol/error-codes.ts). */
export function reportError(core: CoreContext, err: unknown, where: string, context: Record<string, unknown>): { code: ErrorCodeValue; reason: string | undefined } {
  const { code, unexpected, reason } = errorToCode(err);
  if (unexpected) core.unexpected(err, context);
  else if (code === ErrorCode.DATABASE) logDatabaseError(core, err, where, context);
  return { code, reason };
}

/** A database failure (answered 5103 or 500) into core.dbErrors, under the StoreError's template
 *  key, else `otherwise` (builtin tables have no template key). */
export function logDatabaseError(core: Pick<CoreContext, 'dbErrors'>, err: unknown, otherwise: string, context: Record<string, unknown> = {}): void {
  const key = err instanceof StoreError && err.key !== undefined ? err.key : otherwise;
  core.dbErrors.failure(err, key, context);
}
