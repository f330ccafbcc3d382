// `tim check` (src/tools/check.ts): every configured template run once against the deployer's
// database inside a transaction that is always rolled back, with sample values, reporting per key
// the database's own error or a result-shape problem (docs/templates.md). The Store itself is
// src/store/sql-store.ts; this module only shares its template runner.

import type { Knex } from 'knex';
import type { DbClient } from '../config/types.js';
import type { Dialect } from './dialects/dialect.js';
import { dialectFor } from './dialects/registry.js';
import { StoreError } from './errors.js';
import type { ParamValues } from './sql/bind.js';
import { runTemplate, type TemplateResult } from './sql/run.js';
import { requireAliases } from './sql/results.js';
import { TEMPLATE_KEYS, type TemplateKey } from './sql/template-keys.js';
import type { CompiledTemplate, TemplateSet } from './sql/template-set.js';

export interface TemplateCheck {
  key: TemplateKey;
  ok: boolean;
  /** the database's own error (or a result-shape problem), prefixed with the template's file:line when known */
  error?: string;
}

/** Sample values for `tim check`: plausible, non-destructive, and rolled back anyway. */
export function sampleValues(now = Date.now()): ParamValues {
  return {
    name: 'tim_check',
    pwd: 'tim_check',
    domain: null,
    // Digits, so that schemas keyed by numeric ids take them (casts, BIGINT columns in strict mode).
    node: '1000000001',
    user: '1000000001',
    from: '1000000001',
    to: '1000000002',
    room: '1000000003',
    chat: 'u:tim_check_node,tim_check_peer',
    mid: 1,
    maxMid: Number.MAX_SAFE_INTEGER,
    limit: 1,
    msType: 1,
    odType: 1,
    body: 'tim check',
    data: Buffer.from('tim check'),
    udtype: null,
    udshow: null,
    extend: null,
    stanza: '{}',
    time: now,
    id: 1,
    ids: ['0'],
    mids: [0],
  };
}

/**
 * `tim check`: runs every configured template inside its own transaction, always rolled back, with
 * sampleValues(); reports per key the database's error or a missing result alias. Each key gets its
 * own transaction because a failed statement aborts the whole transaction on PostgreSQL.
 */
export async function checkAllTemplates(knex: Knex, templates: TemplateSet, dialect: Dialect | DbClient = templates.client): Promise<TemplateCheck[]> {
  const d = typeof dialect === 'string' ? dialectFor(dialect) : dialect;
  const values = sampleValues();
  const results: TemplateCheck[] = [];
  for (const key of templates.keys()) {
    const t = templates.get(key)!;
    const where = t.pos && t.pos.line > 0 ? `${t.pos.file ? `${t.pos.file}:` : 'line '}${t.pos.line}: ` : '';
    const trx = await knex.transaction();
    try {
      const res = await runTemplate(trx, d, t, values);
      await checkResultShape(trx, d, t, values, res);
      results.push({ key, ok: true });
    } catch (e) {
      const message = e instanceof StoreError ? e.message.replace(`sql.${key}: `, '') : String(e);
      results.push({ key, ok: false, error: `${where}${message}` });
    } finally {
      await trx.rollback().catch(() => undefined);
    }
  }
  return results;
}

/**
 * What `tim check` adds to requireAliases: a login or token answering with several rows is wrong
 * whatever its rows hold; and where the driver reports no columns for an empty result (SQLite,
 * Oracle), the aliases are read from a probe that outer-joins the SELECT to a one-row table, which
 * yields one row of NULLs under the template's own column names. A probe the database refuses (the
 * template is not a plain SELECT) teaches nothing and is ignored.
 */
async function checkResultShape(trx: Knex.Transaction, d: Dialect, t: CompiledTemplate, values: ParamValues, res: TemplateResult): Promise<void> {
  if ((t.key === 'login' || t.key === 'token') && res.rows.length > 1) {
    throw new StoreError('shape', `sql.${t.key}: returned ${res.rows.length} rows for one login; it must return at most one`, { key: t.key });
  }
  requireAliases(t.key, res);
  if (res.rows.length > 0 || res.columns !== undefined || TEMPLATE_KEYS[t.key].result.kind !== 'rows' || t.lists.size > 0) return;
  const head = `SELECT tim_check.* FROM (SELECT 1 AS tim_probe${d.client === 'oracle' ? ' FROM DUAL' : ''}) tim_probe LEFT JOIN (\n`;
  const tail = '\n) tim_check ON 1 = 1';
  const pieces = [...t.pieces];
  pieces[0] = head + pieces[0];
  pieces[pieces.length - 1] += tail;
  let probed: TemplateResult;
  try {
    probed = await runTemplate(trx, d, { ...t, sql: head + t.sql + tail, pieces }, values);
  } catch {
    return; // not a plain SELECT: the probe cannot tell, and the template itself ran fine
  }
  requireAliases(t.key, probed);
}
