import type { DbClient } from '../../config/types.js';
export type Token = 
/** text copied as is; never contains a parameter or a bare '?' */
{
    kind: 'code';
    text: string;
}
/** `:name` */
 | {
    kind: 'param';
    name: string;
    line: number;
    col: number;
}
/** a string, quoted identifier, comment or dollar body, copied as is (it may contain '?') */
 | {
    kind: 'opaque';
    text: string;
    what: OpaqueKind;
    line: number;
    col: number;
}
/** a '?' in code */
 | {
    kind: 'question';
    line: number;
    col: number;
};
export type OpaqueKind = 'string' | 'identifier' | 'comment' | 'dollar';
/** A template that cannot be tokenized: an unterminated quote, comment or dollar body. */
export declare class SqlSyntaxError extends Error {
    readonly line: number;
    readonly col: number;
    constructor(message: string, line: number, col: number);
}
export declare function tokenize(text: string, client?: DbClient): Token[];
