// OFFLINEMSG (17): a session asks for its offline messages; the drain itself is the core's
// delivery (core/offline-drain.ts).

import { drainOffline } from '../offline-drain.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';

export function handleOfflineRequest(core: CoreContext, s: Session): void {
  // Not awaited: the drain waits for acks, which arrive as frames of this same session.
  void drainOffline(core, s);
}

