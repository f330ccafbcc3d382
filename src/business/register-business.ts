// Installs the features beyond the core's own frames on a TimCore: BUSINESS (41) and NODES (42)
// for friends, groups and profiles, virtual rooms (22, 94) and big-data frames (95, 96, 97).
// Called once by buildApp after the core is built, in every mode: what each mode serves is
// decided per request (business-handler.ts, profiles.ts); vrooms and big data touch no database.

import type { Knex } from 'knex';
import { registerBigData } from '../core/handlers/big-data.js';
import type { TimCore } from '../core/tim-core.js';
import { registerVrooms, type VroomRegistry } from '../core/vroom/index.js';
import { TimType } from '../protocol/timtype.js';
import { businessHandler } from './business-handler.js';
import { createContext, type BusinessContext } from './context.js';
import { handleNodes } from './profiles.js';

const contexts = new WeakMap<TimCore, BusinessContext>();

/** The business context registered on `core` (its tables, repositories and per-key lock), so the
 *  admin API's relation writes take the same locks as the clients' requests. */
export function businessContextOf(core: TimCore): BusinessContext | undefined {
  return contexts.get(core);
}

export function registerBusiness(core: TimCore, knex: Knex): { vrooms: VroomRegistry } {
  const ctx = createContext(core, knex);
  contexts.set(core, ctx);
  core.registerExtension(TimType.BUSINESS, businessHandler(ctx));
  core.registerExtension(TimType.NODES, (_core, s, frame) => handleNodes(ctx, s, frame));
  const vrooms = registerVrooms(core);
  registerBigData(core, vrooms);
  return { vrooms };
}
