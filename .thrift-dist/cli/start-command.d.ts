import type { Config } from '../config/types.js';
export declare function runStart(config: Config, signalled: Promise<string>, err: (line: string) => void): Promise<number>;
