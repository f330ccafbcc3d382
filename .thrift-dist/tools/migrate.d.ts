import type { Config } from '../config/types.js';
export declare function runMigrate(config: Config, print: boolean, out: (line: string) => void): Promise<number>;
