// The single place where an error raised while handling a client's frame becomes an error ack on
// the wire (and a log line when it was not the client's fault). Database failures are logged
// through the core's rate-limited log (rate-limited-log.ts), so an outage writes a few lines, not
// one per refused frame.

import { ErrorCode } from '../protocol/error-codes.js';
import { StoreError } from '../store/errors.js';
import type { Session } from './session.js';
import type { TimCore } from './tim-core.js';
import { errorToCode } from './tim-error.js';

/** Logs `err` when it is ours (unexpected, database) and answers frame `type` with its code. */
export function reportFrameError(core: TimCore, s: Session, type: number, err: unknown): void {
  const { code, unexpected } = errorToCode(err);
  if (unexpected) core.unexpected(err, { node: s.node, type });
  else if (code === ErrorCode.DATABASE) logDatabaseError(core, err, `frame ${type}`, { node: s.node, type });
  if (!s.closed) core.errorAck(s, type, code);
}

/** A database failure (answered 5103 or 500) into core.dbErrors, under the StoreError's template
 *  key, else `otherwise` (builtin tables have no template key). */
export function logDatabaseError(core: TimCore, err: unknown, otherwise: string, context: Record<string, unknown> = {}): void {
  const key = err instanceof StoreError && err.key !== undefined ? err.key : otherwise;
  core.dbErrors.failure(err, key, context);
}
