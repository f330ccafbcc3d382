// One single-row INSERT template turned into multi-row statements: `INSERT INTO t (...) VALUES
// (row), (row), ...` with the row's slots repeated, bound in the template's own way. Used by the
// insert batcher (insert-batcher.ts) for message.save and offlinemsg.save.
//
// Only templates of the form `INSERT INTO ... VALUES (...)` with nothing after the row, no list
// parameter and no quote or comment inside the row qualify; `forTemplate` returns undefined for
// anything else (and for Oracle, which has no multi-row VALUES before 23c).

import type { Knex } from 'knex';
import type { Dialect } from './dialects/dialect.js';
import { requireStorable } from './storable-text.js';
import type { ParamValues, ScalarValue } from './sql/bind.js';
import type { RunnableTemplate } from './sql/run.js';

/** Bound parameters per statement: SQLite before 3.32 allowed 999; the others allow 65535. */
const PARAM_BUDGET: Record<string, number> = { sqlite: 900, mysql: 30_000, postgres: 30_000 };
const MAX_ROWS = 256;
/** Multi-row statement shapes kept (one per batch size seen; the oldest is dropped beyond this). */
const MAX_SHAPES = 32;

export interface BoundStatement {
  sql: string;
  bindings: unknown[];
}

export class MultiRowInsert {
  /** rows per statement (bounded by the database's limit on bound parameters) */
  readonly maxRows: number;
  /** every slot is a parameter (no literal SQL piece): the bindings are plain values, so the
   *  statement can run on a raw better-sqlite3 connection */
  readonly plain: boolean;
  /** multi-row statement texts by row count */
  private readonly shapes = new Map<number, string>();

  private constructor(
    readonly single: RunnableTemplate,
    private readonly dialect: Dialect,
    /** pieces[0] up to where the row's '(' starts */
    private readonly head: string,
    private readonly rowStart: string,
  ) {
    this.maxRows = Math.max(1, Math.min(MAX_ROWS, Math.floor((PARAM_BUDGET[dialect.client] ?? 0) / single.slots.length)));
    this.plain = single.slots.every((slot) => 'param' in slot);
  }

  /** The multi-row form of `template`, or undefined when it cannot be built safely (file comment). */
  static forTemplate(dialect: Dialect, template: RunnableTemplate | undefined): MultiRowInsert | undefined {
    if (template === undefined || PARAM_BUDGET[dialect.client] === undefined) return undefined;
    if (template.lists.size > 0 || template.slots.length === 0) return undefined;
    const m = /^(\s*INSERT\s+INTO\s[\s\S]*?\bVALUES\s*)(\([\s\S]*)$/i.exec(template.pieces[0]);
    if (!m) return undefined;
    const row = [m[2], ...template.pieces.slice(1)].join('?');
    if (!isOneParenthesisedRow(row)) return undefined;
    const insert = new MultiRowInsert(template, dialect, m[1], m[2]);
    return insert.maxRows > 1 ? insert : undefined;
  }

  /** `rows` as statements of at most maxRows rows each: the cached text for that many rows, and
   *  the rows' bindings one after another. `checkedWith[i]`, when given, holds values already
   *  found storable (the row of another statement of the same batch, bound before these): a value
   *  of row i equal to its same-named parameter there is not scanned again (bindRow). */
  statements(db: Knex | Knex.Transaction, rows: readonly ParamValues[], checkedWith?: readonly ParamValues[]): BoundStatement[] {
    const out: BoundStatement[] = [];
    for (let i = 0; i < rows.length; i += this.maxRows) {
      const end = Math.min(rows.length, i + this.maxRows);
      const bindings: unknown[] = [];
      for (let j = i; j < end; j++) this.bindRow(db, rows[j], bindings, checkedWith?.[j]);
      out.push({ sql: this.shapeSql(end - i), bindings });
    }
    return out;
  }

  /** Appends one row's bindings in slot order, as bindSql would for the single-row template (with
   *  its StoreError('input') for unstorable text: the batcher then runs each save alone, and only
   *  the save holding it is refused). A value equal (`===`) to the same parameter of `checked`
   *  was found storable when that was bound, and equal text has the same characters: the pending
   *  rows' stanza, the message row's own text, is scanned once per message, not once per row. */
  private bindRow(db: Knex | Knex.Transaction, values: ParamValues, out: unknown[], checked: ParamValues | undefined): void {
    for (const slot of this.single.slots) {
      if ('literal' in slot) {
        out.push(db.raw(slot.literal));
        continue;
      }
      const value = values[slot.param];
      if (value === undefined || Array.isArray(value)) throw new Error(`no single value for parameter :${slot.param}`);
      if (checked === undefined || checked[slot.param] !== value) requireStorable(value, `parameter :${slot.param}`);
      out.push(this.dialect.bindValue(value as ScalarValue));
    }
  }

  /** The knex.raw text for `n` rows: the row repeated, one '?' per slot. */
  private shapeSql(n: number): string {
    let sql = this.shapes.get(n);
    if (sql !== undefined) return sql;
    const { pieces } = this.single;
    const inner = pieces.slice(1, -1);
    const last = pieces[pieces.length - 1];
    const out: string[] = [this.head + this.rowStart];
    for (let r = 0; r < n; r++) out.push(...inner, r < n - 1 ? `${last}, ${this.rowStart}` : last);
    sql = out.join('?');
    if (this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value as number);
    this.shapes.set(n, sql);
    return sql;
  }
}

/** `( ... )` and nothing after it but blanks: the parentheses balance only at the very end, and the
 *  row holds no quote or comment (whose contents could hide a parenthesis). */
function isOneParenthesisedRow(text: string): boolean {
  const t = text.trimEnd();
  if (/['"`]|--|\/\*|#/.test(t)) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0 && i !== t.length - 1) return false;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}
