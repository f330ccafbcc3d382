// Which text a database can store exactly, and the gate that refuses the rest before any statement
// runs. Two things in a JavaScript string have no faithful form in the databases' text types:
//  - NUL (U+0000): PostgreSQL refuses it (a database error), SQLite and MariaDB store it verbatim,
//    and C-string drivers and tools cut at it;
//  - a lone UTF-16 surrogate (what a JSON "\ud800" escape decodes to): it has no UTF-8 form, so
//    every driver silently stores U+FFFD instead, and what is read back differs from what was sent.
// Both are refused with StoreError('input') (the client gets 4104, the admin API 400) on every
// database alike, and nothing is run. Buffers (dataBinary, bytes) are not text and pass as they are.
//
// Where the gate stands: sql/bind.ts checks every template parameter by name as it is bound (and
// multi-row-insert.ts, its multi-row twin, where a pending row's stanza is checked once, with its
// message row); guardKnex() below checks the bindings of every other statement run through a knex
// instance (the builtin accounts and business tables).

import type { Knex } from 'knex';
import { StoreError } from './errors.js';

/** Any code unit that may make text unstorable: where the search for the first problem starts. */
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** A string's isWellFormed (ES2024, in Node >= 20; not in this project's TypeScript lib): true when
 *  it holds no lone surrogate. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

/** Why `text` cannot be stored exactly (`a NUL character (U+0000) at index 3`), or undefined. */
export function textProblem(text: string): string | undefined {
  // The common case in two native scans: isWellFormed answers at once for a string V8 holds one
  // byte per character (it can hold no surrogate), and the NUL search is a byte search there.
  // Measured on a 287-character ASCII stanza: ~20 ns, against ~180-310 ns for SUSPECT's scan
  // (on a two-byte string both ways scan it: ~340 ns against ~250).
  if ((text as unknown as WellFormedCheck).isWellFormed() && !text.includes('\u0000')) return undefined;
  const found = SUSPECT.exec(text);
  if (found === null) return undefined;
  for (let i = found.index; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return `a NUL character (U+0000) at index ${i}`;
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a pair: one character beyond U+FFFF (emoji, 4-byte UTF-8)
        continue;
      }
    }
    return `a lone UTF-16 surrogate (U+${c.toString(16).toUpperCase()}) at index ${i}`;
  }
  return undefined;
}

/**
 * Throws StoreError('input') naming `what` when `value` is a string the database cannot store
 * exactly (textProblem); anything else (numbers, null, Buffers) passes.
 */
export function requireStorable(value: unknown, what: string): void {
  if (typeof value !== 'string') return;
  const problem = textProblem(value);
  if (problem !== undefined) throw new StoreError('input', `${what} holds ${problem}`);
}

/**
 * Makes every statement run through `knex` (and its transactions) check its bound values first:
 * one holding unstorable text rejects with StoreError('input') and is never sent. knex emits
 * 'query' synchronously just before handing the statement to the driver, on the transaction's
 * client too, and a listener that throws rejects that query's promise
 * (test/unit/store/storable-text.test.ts pins this on each database).
 */
export function guardKnex(knex: Knex): Knex {
  knex.on('query', (query: { bindings?: unknown }) => {
    const bindings = query.bindings;
    if (!Array.isArray(bindings)) return;
    bindings.forEach((value, i) => {
      if (Array.isArray(value)) value.forEach((v, j) => requireStorable(v, `bound value ${i + 1}[${j}]`));
      else requireStorable(value, `bound value ${i + 1}`);
    });
  });
  return knex;
}
