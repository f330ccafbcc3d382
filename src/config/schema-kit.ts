// A small hand-written schema language for the config: each node knows its one-line doc, its
// default, and how to check a plain value (from YAML or from code) into the typed result. Errors go
// through a Cursor, which knows the key path and, when the value came from a file, its line:column.

import { ConfigError } from './config-error.js';

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
export class PositionIndex {
  private readonly byPath = new Map<string, NodePos>();

  set(segs: readonly Seg[], pos: NodePos): void {
    this.byPath.set(segKey(segs), pos);
  }

  get(segs: readonly Seg[]): NodePos | undefined {
    return this.byPath.get(segKey(segs));
  }
}

// Keys may contain dots (`user.auth`), so segments are joined with a character YAML keys never hold.
function segKey(segs: readonly Seg[]): string {
  return segs.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('\u0000');
}

/** `admin.accounts[0].username`; a template key keeps its dots: `sql.user.auth`. */
export function formatPath(segs: readonly Seg[]): string {
  let out = '';
  for (const s of segs) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

export interface CheckContext {
  file: string;
  index: PositionIndex;
  /** directory that relative paths (sqlite file, tls files) are resolved against */
  baseDir: string;
}

export class Cursor {
  constructor(
    readonly ctx: CheckContext,
    readonly segs: readonly Seg[] = [],
  ) {}

  child(seg: Seg): Cursor {
    return new Cursor(this.ctx, [...this.segs, seg]);
  }

  get path(): string {
    return formatPath(this.segs);
  }

  /** This node's position, or for a missing key the key of the closest ancestor present; 0:0 without positions. */
  pos(where: keyof NodePos = 'value'): Pos {
    const own = this.ctx.index.get(this.segs);
    const hit = own?.[where] ?? own?.value ?? own?.key;
    if (hit) return hit;
    for (let n = this.segs.length - 1; n >= 0; n--) {
      const up = this.ctx.index.get(this.segs.slice(0, n));
      const found = up?.key ?? up?.value;
      if (found) return found;
    }
    return { line: 0, col: 0 };
  }

  fail(reason: string, where: keyof NodePos = 'value'): never {
    const { line, col } = this.pos(where);
    throw new ConfigError(reason, { file: this.ctx.file, key: this.path, line, col });
  }
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
export function take<T>(node: Node<T>, raw: unknown, at: Cursor): T | undefined {
  if (raw !== undefined && raw !== null) return node.check(raw, at);
  if (node.optional) return undefined;
  if (node.default !== undefined) return structuredClone(node.default);
  if (node.fields) return node.check({}, at);
  return at.fail(`missing; expected ${node.expects}`, 'key');
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function expected(node: { expects: string }, value: unknown, at: Cursor): never {
  return at.fail(`expected ${node.expects}, got ${show(value)}`);
}

interface StrOptions {
  default?: string;
  optional?: boolean;
  /** refuse '' */
  nonEmpty?: boolean;
  /** further check; returns a reason to refuse, or undefined */
  test?: (s: string) => string | undefined;
  expects?: string;
}

export function str(doc: string, opts: StrOptions = {}): Node<string> {
  const node: Node<string> = {
    doc,
    expects: opts.expects ?? (opts.nonEmpty ? 'a non-empty string' : 'a string'),
    default: opts.default,
    optional: opts.optional,
    check(value, at) {
      if (typeof value !== 'string' || (opts.nonEmpty && value === '')) return expected(node, value, at);
      const problem = opts.test?.(value);
      return problem === undefined ? value : at.fail(`${problem}, got ${show(value)}`);
    },
  };
  return node;
}

interface NumOptions {
  min: number;
  max: number;
  /** allow fractions (timeouts in tests) */
  fractional?: boolean;
  /** `min` itself is refused: "a positive number" */
  minExclusive?: boolean;
}

export function num(doc: string, def: number | undefined, opts: NumOptions): Node<number> {
  const kind = describeKind(opts);
  const node: Node<number> = {
    doc,
    expects: `${kind} (at most ${opts.max})`,
    default: def,
    check(value, at) {
      if (typeof value !== 'number') return at.fail(`expected ${kind}, got ${show(value)}`);
      const ok =
        Number.isFinite(value) &&
        (opts.fractional || Number.isInteger(value)) &&
        (opts.minExclusive ? value > opts.min : value >= opts.min) &&
        value <= opts.max;
      return ok ? value : expected(node, value, at);
    },
  };
  return node;
}

function describeKind({ min, fractional, minExclusive }: NumOptions): string {
  const kind = fractional ? 'number' : 'integer';
  if (min === 0 && minExclusive) return `a positive ${kind}`;
  if (min === 1 && !fractional && !minExclusive) return 'a positive integer';
  if (min === 0) return `a non-negative ${kind}`;
  return `${minExclusive ? 'a number above' : `an ${kind} of at least`} ${min}`;
}

/** true or false (YAML's true/false; no "yes", 1 or "on": a typo must not silently turn a page on or off). */
export function bool(doc: string, def: boolean): Node<boolean> {
  const node: Node<boolean> = {
    doc,
    expects: 'true or false',
    default: def,
    check(value, at) {
      return typeof value === 'boolean' ? value : expected(node, value, at);
    },
  };
  return node;
}

export function oneOf<const V extends string>(doc: string, def: V, values: readonly V[]): Node<V> {
  const node: Node<V> = {
    doc,
    expects: `one of ${values.join(', ')}`,
    default: def,
    check(value, at) {
      return (values as readonly unknown[]).includes(value) ? (value as V) : expected(node, value, at);
    },
  };
  return node;
}

/** A list; `keep` may drop items after checking (e.g. empty keys). The default is []. */
export function list<T>(doc: string, item: Node<T>, keep: (v: T) => boolean = () => true): Node<T[]> {
  const node: Node<T[]> = {
    doc,
    expects: `a list of ${item.expects}`,
    default: [],
    check(value, at) {
      if (!Array.isArray(value)) return expected(node, value, at);
      const out: T[] = [];
      value.forEach((raw, i) => {
        const v = take(item, raw, at.child(i)) as T;
        if (keep(v)) out.push(v);
      });
      return out;
    },
  };
  return node;
}

export type Shape<F> = { [K in keyof F]: F[K] extends Node<infer T> ? T : never };

/**
 * A mapping with a fixed set of keys; any other key is an error at that key's position.
 * `refine` sees the checked fields and may cross-check or reshape them (e.g. "both or neither").
 */
// `NoInfer` on the result: R comes from `refine` or defaults to the fields' shape, never from an
// annotated target, so a field missing from the schema fails to type-check against Config.
export function obj<F extends Record<string, Node<unknown>>, R = Shape<F>>(
  doc: string,
  fields: F,
  opts: { optional?: boolean; refine?: (v: Shape<F>, at: Cursor) => R } = {},
): Node<NoInfer<R>> {
  const node: Node<R> = {
    doc,
    expects: 'a mapping',
    optional: opts.optional,
    fields,
    check(value, at) {
      if (!isPlainObject(value)) return expected(node, value, at);
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(fields, key)) at.child(key).fail(unknownKey(key, Object.keys(fields)), 'key');
      }
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(fields)) {
        const v = take(field, value[key], at.child(key));
        if (v !== undefined) out[key] = v;
      }
      return opts.refine ? opts.refine(out as Shape<F>, at) : (out as R);
    },
  };
  return node;
}

export function unknownKey(key: string, valid: readonly string[], what = 'key'): string {
  const near = valid.find((v) => v.toLowerCase() === key.toLowerCase() || editDistance(v, key) <= 2);
  const hint = near ? `did you mean ${near}? ` : '';
  return `unknown ${what}; ${hint}valid ${what}s: ${valid.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** A node with its own check, for values that no combinator above describes. */
export function custom<T>(doc: string, expects: string, check: Node<T>['check'], opts: Partial<Node<T>> = {}): Node<T> {
  return { doc, expects, check, ...opts };
}
