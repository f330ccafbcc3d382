import type { Config } from '../config/types.js';
export declare function runCheck(config: Config, out: (line: string) => void): Promise<number>;
