// Wiring of virtual rooms into a core: one VroomRegistry per TimCore, its VROOM (22) and STREAM
// (94) handlers registered as core extensions. BIGBINARYSTREAM (97) pushes reach the same registry
// through handlers/big-data.ts.

import { TimType } from '../../protocol/timtype.js';
import type { CoreContext } from '../core-context.js';
import { handleStreamPush, handleVroom } from './vroom-handlers.js';
import { VroomRegistry } from './vroom-registry.js';

export { VroomRegistry, DEFAULT_VROOM_TIMING, type Vroom, type VroomTiming, type SubscriptionKind } from './vroom-registry.js';
export { fanOut, fanOutLocal, pushToVroom, vnodeOf } from './vroom-handlers.js';

const registries = new WeakMap<CoreContext, VroomRegistry>();

/** Creates the core's vroom registry (once) and registers frames 22 and 94. */
export function registerVrooms(core: CoreContext): VroomRegistry {
  const existing = registries.get(core);
  if (existing !== undefined) return existing;
  const vrooms = new VroomRegistry(
    () => core.clock.nowMs(),
    () => core.isClosing,
  );
  registries.set(core, vrooms);
  core.registerExtension(TimType.VROOM, (c, s, frame) => handleVroom(c, vrooms, s, frame));
  core.registerExtension(TimType.STREAM, (c, s, frame) => handleStreamPush(c, vrooms, s, frame));
  return vrooms;
}

/** The core's vroom registry, if registered (the admin API and tests reach it here). */
export function vroomsOf(core: CoreContext): VroomRegistry | undefined {
  return registries.get(core);
}
