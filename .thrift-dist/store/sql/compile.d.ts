import type { DbClient } from '../../config/types.js';
export type Slot = {
    param: string;
} | {
    literal: string;
};
export interface CompiledSql {
    /** knex.raw text: pieces joined by one '?' per slot (list parameters expand at run time) */
    sql: string;
    /** parameter names in order of occurrence, one per parameter slot; a name may repeat */
    params: string[];
    /** the parameters that are lists and expand to `?, ?, ?` */
    lists: Set<string>;
    /** every '?' placeholder of `sql`, in order: a parameter or a literal text for knex to inline */
    slots: Slot[];
    /** `sql` split at the placeholders: pieces.length === slots.length + 1 */
    pieces: string[];
}
export interface CompileOptions {
    /** the target database: decides quoting rules and how a literal '?' is written; absent: PostgreSQL rules */
    client?: DbClient;
    /** names that are list parameters */
    lists?: Iterable<string>;
    /** when given, any other parameter name is a problem */
    offered?: Iterable<string>;
}
export type ProblemKind = 'syntax' | 'unknown-parameter' | 'question-mark' | 'empty';
export interface CompileProblem {
    kind: ProblemKind;
    message: string;
    /** 1-based, within the template text */
    line: number;
    col: number;
    parameter?: string;
}
/** Every problem found in one template (a syntax error stops at the first). */
export declare class SqlCompileError extends Error {
    readonly problems: CompileProblem[];
    constructor(problems: CompileProblem[]);
}
export declare function compileSql(text: string, options?: CompileOptions): CompiledSql;
