// The config loader's public face: find the file, read it, substitute ${ENV}, parse YAML with
// positions, check it against the one schema (schema.ts) and deep-freeze the result. Every failure
// is a ConfigError; nothing here logs or exits (main.ts decides).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { substituteEnv } from './env-substitute.js';
import { checkConfig } from './schema.js';
import { PositionIndex } from './schema-kit.js';
import { parseYaml } from './yaml-source.js';
export { ConfigError } from './config-error.js';
export { describeConfig } from './describe-config.js';
export { TEMPLATE_KEYS, splitHostPort } from './schema.js';
export const DEFAULT_CONFIG_FILE = 'tim.config.yaml';
/**
 * `--config PATH` / `--config=PATH` (the last one given wins), else TIM_CONFIG (if non-empty), else
 * `<cwd>/tim.config.yaml`. Relative paths are taken from `cwd`; the result is absolute.
 */
export function resolveConfigPath(argv, env, cwd) {
    let fromArgs;
    argv.forEach((arg, i) => {
        if (arg === '--config')
            fromArgs = argv[i + 1] ?? '';
        else if (arg.startsWith('--config='))
            fromArgs = arg.slice('--config='.length);
    });
    if (fromArgs === '' || fromArgs?.startsWith('--')) {
        throw new ConfigError('--config needs a file path', { file: '', key: '', line: 0, col: 0 });
    }
    return path.resolve(cwd, fromArgs ?? (env.TIM_CONFIG || DEFAULT_CONFIG_FILE));
}
export function loadConfigFile(file, env = process.env) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        const reason = code === 'ENOENT' ? 'config file not found' : `cannot read the config file (${err.message})`;
        throw new ConfigError(reason, { file, key: '', line: 0, col: 0 });
    }
    return parseConfigText(text, file, env);
}
/** `file` names the text in errors and positions; relative paths inside are resolved against its directory. */
export function parseConfigText(text, file, env = process.env) {
    const { value, index } = parseYaml(substituteEnv(text, env, file), file);
    return deepFreeze(checkConfig(value, { file, index, baseDir: path.dirname(path.resolve(file)) }));
}
/**
 * The same checks and defaults for a plain object (tests, programmatic use). There are no positions:
 * errors and sqlPositions carry line 0, col 0. Relative paths are resolved against `baseDir` (cwd).
 */
export function buildConfig(input = {}, opts = {}) {
    const ctx = { file: '', index: new PositionIndex(), baseDir: opts.baseDir ?? process.cwd() };
    return deepFreeze(checkConfig(input, ctx));
}
// The checked config is a tree of fresh plain objects, so a plain recursive freeze is enough.
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null) {
        Object.freeze(value);
        for (const child of Object.values(value))
            deepFreeze(child);
    }
    return value;
}
//# sourceMappingURL=load-config.js.map