export type Seg = string | number;
export interface Pos {
    line: number;
    col: number;
}
/** Where one node sits in the file: its key, its value, and (for scalars) where the text itself starts. */
export interface NodePos {
    key?: Pos;
    value?: Pos;
    text?: Pos;
}
/** Positions by path segments. Built from the YAML AST; empty for plain objects. */
export declare class PositionIndex {
    private readonly byPath;
    set(segs: readonly Seg[], pos: NodePos): void;
    get(segs: readonly Seg[]): NodePos | undefined;
}
/** `admin.accounts[0].username`; a template key keeps its dots: `sql.user.auth`. */
export declare function formatPath(segs: readonly Seg[]): string;
export interface CheckContext {
    file: string;
    index: PositionIndex;
    /** directory that relative paths (sqlite file, tls files) are resolved against */
    baseDir: string;
}
export declare class Cursor {
    readonly ctx: CheckContext;
    readonly segs: readonly Seg[];
    constructor(ctx: CheckContext, segs?: readonly Seg[]);
    child(seg: Seg): Cursor;
    get path(): string;
    /** This node's position, or for a missing key the key of the closest ancestor present; 0:0 without positions. */
    pos(where?: keyof NodePos): Pos;
    fail(reason: string, where?: keyof NodePos): never;
}
export interface Node<T> {
    /** one line for deployers */
    doc: string;
    /** what the value must be, as in "expected <expects>, got ..." */
    expects: string;
    /** what a missing key (or an empty YAML value) means; with neither default nor optional, the key is required */
    default?: T;
    /** a missing key stays absent */
    optional?: boolean;
    /** the children of a mapping node, for unknown-key checks and docs */
    fields?: Record<string, Node<unknown>>;
    check(value: unknown, at: Cursor): T;
}
/** Check `raw` (undefined or null = missing) against `node`, applying its default. */
export declare function take<T>(node: Node<T>, raw: unknown, at: Cursor): T | undefined;
export declare function show(value: unknown): string;
export declare function isPlainObject(value: unknown): value is Record<string, unknown>;
interface StrOptions {
    default?: string;
    optional?: boolean;
    /** refuse '' */
    nonEmpty?: boolean;
    /** further check; returns a reason to refuse, or undefined */
    test?: (s: string) => string | undefined;
    expects?: string;
}
export declare function str(doc: string, opts?: StrOptions): Node<string>;
interface NumOptions {
    min: number;
    max: number;
    /** allow fractions (timeouts in tests) */
    fractional?: boolean;
    /** `min` itself is refused: "a positive number" */
    minExclusive?: boolean;
}
export declare function num(doc: string, def: number | undefined, opts: NumOptions): Node<number>;
/** true or false (YAML's true/false; no "yes", 1 or "on": a typo must not silently turn a page on or off). */
export declare function bool(doc: string, def: boolean): Node<boolean>;
export declare function oneOf<const V extends string>(doc: string, def: V, values: readonly V[]): Node<V>;
/** A list; `keep` may drop items after checking (e.g. empty keys). The default is []. */
export declare function list<T>(doc: string, item: Node<T>, keep?: (v: T) => boolean): Node<T[]>;
export type Shape<F> = {
    [K in keyof F]: F[K] extends Node<infer T> ? T : never;
};
/**
 * A mapping with a fixed set of keys; any other key is an error at that key's position.
 * `refine` sees the checked fields and may cross-check or reshape them (e.g. "both or neither").
 */
export declare function obj<F extends Record<string, Node<unknown>>, R = Shape<F>>(doc: string, fields: F, opts?: {
    optional?: boolean;
    refine?: (v: Shape<F>, at: Cursor) => R;
}): Node<NoInfer<R>>;
export declare function unknownKey(key: string, valid: readonly string[], what?: string): string;
/** A node with its own check, for values that no combinator above describes. */
export declare function custom<T>(doc: string, expects: string, check: Node<T>['check'], opts?: Partial<Node<T>>): Node<T>;
export {};
