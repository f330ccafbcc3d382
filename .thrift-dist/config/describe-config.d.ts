import type { Config } from './types.js';
export declare function describeConfig(config: Config): string[];
