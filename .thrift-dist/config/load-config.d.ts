import { type ConfigBody } from './schema.js';
import type { Config } from './types.js';
export { ConfigError } from './config-error.js';
export { describeConfig } from './describe-config.js';
export { TEMPLATE_KEYS, splitHostPort } from './schema.js';
export type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? {
    [K in keyof T]?: DeepPartial<T[K]>;
} : T;
/** What buildConfig accepts: any subset of the file's keys, as plain data. */
export type ConfigInput = DeepPartial<ConfigBody>;
export declare const DEFAULT_CONFIG_FILE = "tim.config.yaml";
/**
 * `--config PATH` / `--config=PATH` (the last one given wins), else TIM_CONFIG (if non-empty), else
 * `<cwd>/tim.config.yaml`. Relative paths are taken from `cwd`; the result is absolute.
 */
export declare function resolveConfigPath(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string;
export declare function loadConfigFile(file: string, env?: NodeJS.ProcessEnv): Config;
/** `file` names the text in errors and positions; relative paths inside are resolved against its directory. */
export declare function parseConfigText(text: string, file: string, env?: NodeJS.ProcessEnv): Config;
/**
 * The same checks and defaults for a plain object (tests, programmatic use). There are no positions:
 * errors and sqlPositions carry line 0, col 0. Relative paths are resolved against `baseDir` (cwd).
 */
export declare function buildConfig(input?: ConfigInput, opts?: {
    baseDir?: string;
}): Config;
