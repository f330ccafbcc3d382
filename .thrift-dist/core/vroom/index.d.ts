import type { TimCore } from '../tim-core.js';
import { VroomRegistry } from './vroom-registry.js';
export { VroomRegistry, DEFAULT_VROOM_TIMING, type Vroom, type VroomTiming, type SubscriptionKind } from './vroom-registry.js';
export { fanOut, fanOutLocal, vnodeOf } from './vroom-handlers.js';
/** Creates the core's vroom registry (once) and registers frames 22 and 94. */
export declare function registerVrooms(core: TimCore): VroomRegistry;
/** The core's vroom registry, if registered (the admin API and tests reach it here). */
export declare function vroomsOf(core: TimCore): VroomRegistry | undefined;
