import { type CheckContext, type Node } from './schema-kit.js';
import { type TemplateKey } from '../store/sql/template-keys.js';
import type { Config } from './types.js';
/** The template keys of docs/templates.md 2.1; the one list lives with their parameters in the store. */
export declare const TEMPLATE_KEYS: readonly TemplateKey[];
export type { TemplateKey };
/** The keys of a per-client template map; the configured client's entry wins over `default`. */
export declare const TEMPLATE_VARIANTS: readonly ['default', 'sqlite', 'mysql', 'postgres', 'oracle'];
export declare const DB_CLIENTS: readonly ["sqlite", "mysql", "postgres", "oracle"];
export declare const MODES: readonly ["builtin", "external"];
export declare const PASSWORD_SCHEMES: readonly ["bcrypt", "scrypt", "pbkdf2", "plain", "sql"];
export declare const LOG_FORMATS: readonly ["auto", "json", "pretty"];
export declare const LOG_LEVELS: readonly ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
export declare const DEFAULT_SQLITE_FILE = "./data/tim.db";
/** Config as written by the deployer; `file` and `sqlPositions` are added by the loader. */
export type ConfigBody = Omit<Config, 'file' | 'sqlPositions'>;
/** "host:port", IPv6 hosts in brackets ("[::]:20003"); undefined when malformed or the port is out of range. */
export declare function splitHostPort(listen: string): {
    host: string;
    port: number;
} | undefined;
export declare const JWT_ALGORITHMS: readonly ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export declare const CONFIG_SCHEMA: Node<ConfigBody>;
/** Check a parsed value against the schema; positions (if any) come from `ctx.index`. */
export declare function checkConfig(raw: unknown, ctx: CheckContext): Config;
/** One row per setting (path, doc, default) for `tim check` and documentation. */
export declare function schemaDocs(node?: Node<unknown>, prefix?: string): {
    path: string;
    doc: string;
    default?: unknown;
}[];
