// Best-effort cluster calls (a mark refreshed, a result answered, a notice sent) go on without their
// answer; their failures still leave a trace: one debug line with the cause. The callers' comments
// say why going on is safe (marks expire and are refreshed, an unanswered request times out).

import type { Logger } from '../core/ports.js';

/** A rejection handler that logs `what` failed, at debug with the cause, and yields `value`. */
export function dropped<T = undefined>(log: Logger, what: string, value?: T): (err: unknown) => T {
  return (err: unknown) => {
    log.debug({ err: err instanceof Error ? err.message : String(err) }, `cluster: ${what} failed`);
    return value as T;
  };
}
