import type { Config } from '../config/types.js';
export declare function describeDatabase(config: Config): string;
