import type { Config, DbClient, SourcePos, TemplateSource } from '../../config/types.js';
import { type CompiledSql } from './compile.js';
import { type TemplateKey } from './template-keys.js';
export interface CompiledTemplate extends CompiledSql {
    key: TemplateKey;
    /** the template text as written (the chosen variant) */
    text: string;
    /** which entry of a per-client map was used; absent for a plain string */
    variant?: DbClient | 'default';
    origin: 'config' | 'builtin';
    /** where the text starts in its file, when known */
    pos?: SourcePos;
}
export interface TemplateSet {
    readonly client: DbClient;
    get(key: TemplateKey): CompiledTemplate | undefined;
    has(key: TemplateKey): boolean;
    /** the configured keys, in the order of docs/templates.md 2.1 */
    keys(): TemplateKey[];
}
/** The parts of Config the template set reads. */
export type TemplateConfig = Pick<Config, 'database' | 'mode' | 'sql' | 'sqlPositions' | 'file'>;
/**
 * Throws one TemplateError listing every problem: unknown keys, unknown parameters, syntax errors,
 * a per-client map without the client's variant or a default, and required keys that are missing.
 * `builtinPositions` locates the shipped templates' text (same shape as config.sqlPositions).
 */
export declare function compileTemplates(config: TemplateConfig, builtin?: Readonly<Record<string, TemplateSource>>, builtinPositions?: Readonly<Record<string, SourcePos>>): TemplateSet;
