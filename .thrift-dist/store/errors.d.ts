export type StoreErrorKind = 
/** the database cannot be reached or refuses the login */
'connect'
/** the database rejected a statement */
 | 'query'
/** a template ran but its result cannot be read: a missing alias, a login with two rows, a mid beyond 2^53-1 */
 | 'shape'
/** refused at once, nothing done: password hashing is at capacity (store/hash-gate.ts); the core answers 5104 */
 | 'busy'
/** refused before anything ran: a value is text no database stores exactly, a NUL or a lone
 *  surrogate (store/storable-text.ts); the client's fault, answered 4104 (admin API: 400) */
 | 'input';
export declare class StoreError extends Error {
    readonly kind: StoreErrorKind;
    /** the template key involved, when there is one */
    readonly key?: string;
    constructor(kind: StoreErrorKind, message: string, options?: {
        key?: string;
        cause?: unknown;
    });
}
/** One problem in one template, located in the config file when the position is known. */
export interface TemplateProblem {
    /** `user.auth`, or the unknown key as written */
    key: string;
    /** the client variant the text came from (`oracle`, `default`), for per-client maps */
    variant?: string;
    parameter?: string;
    file?: string;
    /** 1-based, in the file when known, else within the template text */
    line?: number;
    col?: number;
    /** the full one-line message: `tim.config.yaml:14:5: sql.user.auth: unknown parameter :sender (...)` */
    message: string;
}
/**
 * Every template problem found at start-up, in one error (`tim check` lists all keys). The fields
 * key, parameter, file, line and col repeat those of the first problem for convenience.
 */
export declare class TemplateError extends Error {
    readonly problems: readonly TemplateProblem[];
    readonly key: string;
    readonly parameter?: string;
    readonly file?: string;
    readonly line?: number;
    readonly col?: number;
    constructor(problems: readonly TemplateProblem[]);
}
