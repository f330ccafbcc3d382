// The single place where an error raised while handling a client's frame becomes an error ack on
// the wire (and a log line when it was not the client's fault).

import { ErrorCode } from '../protocol/error-codes.js';
import type { Session } from './session.js';
import type { TimCore } from './tim-core.js';
import { errorToCode } from './tim-error.js';

/** Logs `err` when it is ours (unexpected, database) and answers frame `type` with its code. */
export function reportFrameError(core: TimCore, s: Session, type: number, err: unknown): void {
  const { code, unexpected } = errorToCode(err);
  if (unexpected) core.unexpected(err, { node: s.node, type });
  else if (code === ErrorCode.DATABASE) core.log.error({ err, node: s.node, type }, 'database error');
  if (!s.closed) core.errorAck(s, type, code);
}
