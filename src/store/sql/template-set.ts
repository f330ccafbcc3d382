// Compiles the whole template set once at start-up: merges the deployer's `sql:` over the shipped
// builtin templates (builtin mode), picks the variant for the configured client, compiles each
// template for that client and checks it against its key's parameters. Every problem across all
// keys is collected into one TemplateError, so a deployer (and `tim check`) sees them all at once.
//
// Merging is per key: a key under `sql:` replaces the shipped key entirely (all its variants). In
// external mode only `sql:` counts.

import type { Config, DbClient, SourcePos, TemplateSource } from '../../config/types.js';
import { TemplateError, type TemplateProblem } from '../errors.js';
import { compileSql, SqlCompileError, type CompiledSql, type CompileProblem } from './compile.js';
import { ALL_TEMPLATE_KEYS, isTemplateKey, REQUIRED_KEYS, TEMPLATE_KEYS, type TemplateKey } from './template-keys.js';

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

const VARIANTS = ['default', 'sqlite', 'mysql', 'postgres', 'oracle'] as const;

/**
 * Throws one TemplateError listing every problem: unknown keys, unknown parameters, syntax errors,
 * a per-client map without the client's variant or a default, and required keys that are missing.
 * `builtinPositions` locates the shipped templates' text (same shape as config.sqlPositions).
 */
export function compileTemplates(
  config: TemplateConfig,
  builtin?: Readonly<Record<string, TemplateSource>>,
  builtinPositions?: Readonly<Record<string, SourcePos>>,
): TemplateSet {
  const client = config.database.client;
  const problems: TemplateProblem[] = [];
  const compiled = new Map<TemplateKey, CompiledTemplate>();
  const sources = new Map<string, { source: TemplateSource; origin: 'config' | 'builtin' }>();
  if (config.mode === 'builtin' && builtin) {
    for (const [key, source] of Object.entries(builtin)) sources.set(key, { source, origin: 'builtin' });
  }
  for (const [key, source] of Object.entries(config.sql)) sources.set(key, { source, origin: 'config' });

  for (const [key, { source, origin }] of sources) {
    const positions = origin === 'config' ? config.sqlPositions : (builtinPositions ?? {});
    const fileOf = (pos: SourcePos | undefined): string | undefined => pos?.file || (origin === 'config' ? config.file || undefined : undefined);
    const report = (p: Omit<TemplateProblem, 'message' | 'key' | 'file'> & { text: string; pos?: SourcePos }): void => {
      const located = locate(p.pos, p.line, p.col);
      const file = fileOf(p.pos);
      const path = `sql.${key}${p.variant ? `.${p.variant}` : ''}`;
      const where =
        located && file ? `${file}:${located.line}:${located.col}: ` : located ? `line ${located.line}:${located.col}: ` : '';
      const inText = !located && p.line !== undefined ? ` (line ${p.line}:${p.col} of the template)` : '';
      const from = origin === 'builtin' ? ' (builtin)' : '';
      problems.push({
        key,
        variant: p.variant,
        parameter: p.parameter,
        file: located ? file : undefined,
        line: located?.line ?? p.line,
        col: located?.col ?? p.col,
        message: `${where}${path}${from}${inText}: ${p.text}`,
      });
    };

    if (!isTemplateKey(key)) {
      report({ pos: positions[key], text: `unknown template key (known keys: ${ALL_TEMPLATE_KEYS.join(', ')})` });
      continue;
    }
    const picked = pickVariant(source, client);
    if ('error' in picked) {
      report({ pos: positions[key], variant: picked.variant, text: picked.error });
      continue;
    }
    const pos = (picked.variant && positions[`${key}.${picked.variant}`]) || positions[key];
    const spec = TEMPLATE_KEYS[key];
    try {
      const sql = compileSql(picked.text, { client, offered: spec.params, lists: 'lists' in spec ? spec.lists : [] });
      compiled.set(key, { ...sql, key, text: picked.text, variant: picked.variant, origin, pos });
    } catch (e) {
      if (!(e instanceof SqlCompileError)) throw e;
      for (const p of e.problems) {
        report({ pos, variant: picked.variant, parameter: p.parameter, line: p.line, col: p.col, text: describe(p, key) });
      }
    }
  }

  for (const key of REQUIRED_KEYS) {
    if (sources.has(key)) continue;
    problems.push({
      key,
      message: config.mode === 'external' ? `mode: external requires sql.${key}` : `builtin mode: the shipped templates lack sql.${key}`,
    });
  }
  if (problems.length > 0) throw new TemplateError(problems);
  return new CompiledTemplateSet(client, compiled);
}

class CompiledTemplateSet implements TemplateSet {
  constructor(
    readonly client: DbClient,
    private readonly templates: ReadonlyMap<TemplateKey, CompiledTemplate>,
  ) {}
  get(key: TemplateKey): CompiledTemplate | undefined {
    return this.templates.get(key);
  }
  has(key: TemplateKey): boolean {
    return this.templates.has(key);
  }
  keys(): TemplateKey[] {
    return ALL_TEMPLATE_KEYS.filter((k) => this.templates.has(k));
  }
}

function pickVariant(
  source: TemplateSource,
  client: DbClient,
): { text: string; variant?: DbClient | 'default' } | { error: string; variant?: string } {
  if (typeof source === 'string') return { text: source };
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    return { error: `expected SQL text or a map of ${VARIANTS.join(', ')}` };
  }
  for (const name of Object.keys(source)) {
    if (!(VARIANTS as readonly string[]).includes(name)) {
      return { error: `unknown variant '${name}' (use ${VARIANTS.join(', ')})` };
    }
  }
  const variant = source[client] !== undefined ? client : source.default !== undefined ? 'default' : undefined;
  if (variant === undefined) return { error: `no '${client}' variant and no 'default'` };
  const text = source[variant];
  if (typeof text !== 'string') return { error: `expected SQL text`, variant };
  return { text, variant };
}

function describe(p: CompileProblem, key: TemplateKey): string {
  if (p.kind !== 'unknown-parameter' || p.parameter === undefined) return p.message;
  const offered = TEMPLATE_KEYS[key].params;
  const near = offered.find((o) => o.toLowerCase() === p.parameter!.toLowerCase());
  const hint = near ? `; did you mean :${near}?` : '';
  return `${p.message} (${key} offers ${offered.map((o) => `:${o}`).join(', ')})${hint}`;
}

/**
 * A position within the template text, moved into the file: the recorded position is where the
 * text's first character is (for block scalars, the first line of the text), and every line of a
 * block scalar shares its indentation. Positions with line 0 (configs built in code) are unknown.
 */
function locate(pos: SourcePos | undefined, line?: number, col?: number): { line: number; col: number } | undefined {
  if (!pos || pos.line <= 0) return undefined;
  if (line === undefined || col === undefined) return { line: pos.line, col: pos.col };
  return { line: pos.line + line - 1, col: pos.col + col - 1 };
}
