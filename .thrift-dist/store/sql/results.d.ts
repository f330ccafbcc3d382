import type { TemplateResult } from './run.js';
import { type TemplateKey } from './template-keys.js';
/** The check rule: some row whose first column is not NULL, 0, false or '0'. */
export declare function allows(res: Pick<TemplateResult, 'rows' | 'columns'>): boolean;
export declare function requireAliases(key: TemplateKey, res: TemplateResult): void;
/** A mid read back: an exact integer in [0, 2^53-1]. */
export declare function toMid(v: unknown, key: string): number;
/** An offline row id, passed back to offlinemsg.del: numbers stay numbers, wider values stay exact text. */
export declare function toId(v: unknown): number | string;
export declare function toText(v: unknown, key: string, alias: string): string;
