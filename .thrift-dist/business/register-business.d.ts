import type { Knex } from 'knex';
import type { TimCore } from '../core/tim-core.js';
import { type VroomRegistry } from '../core/vroom/index.js';
import { type BusinessContext } from './context.js';
/** The business context registered on `core` (its tables, repositories and per-key lock), so the
 *  admin API's relation writes take the same locks as the clients' requests. */
export declare function businessContextOf(core: TimCore): BusinessContext | undefined;
export declare function registerBusiness(core: TimCore, knex: Knex): {
    vrooms: VroomRegistry;
};
