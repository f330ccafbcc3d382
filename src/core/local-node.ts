// This node as the Peers implementation sees it (core/peers.ts LocalNode): a narrow view of
// TimCore, so the cluster layer depends on a contract rather than on the whole core.

import { drainOffline } from './offline-drain.js';
import type { LocalNode } from './peers.js';
import type { CoreContext } from './core-context.js';
import { fanOutLocal } from './vroom/vroom-handlers.js';
import { vroomsOf } from './vroom/index.js';

export function localNodeOf(core: CoreContext): LocalNode {
  return {
    limits: core.limits,
    registry: core.registry,
    stats: core.stats,
    get isClosing() {
      return core.isClosing;
    },
    delivery: core.delivery,
    deliveredAcks: core.deliveredAcks,
    sendLocal: (user, frame) => core.sendLocal(user, frame),
    write: (session, frame) => core.write(session, frame),
    kickLocal: (user, notify) => core.kickLocal(user, notify),
    forgetLocal: (nodes) => core.forgetLocal(nodes),
    forgetAllLocal: () => core.forgetAllLocal(),
    drainOffline: (session) => void drainOffline(core, session),
    vrooms: () => vroomsOf(core),
    fanOutVroom: (room, from, body, dtype) => fanOutLocal(core, room, from, body, dtype),
  };
}
