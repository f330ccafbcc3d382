import type { DbClient } from '../../config/types.js';
import type { Dialect } from './dialect.js';
export declare function dialectFor(client: DbClient | string): Dialect;
