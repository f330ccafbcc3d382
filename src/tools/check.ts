// `tim check` (docs/templates.md 2.3): load the config, connect, compile every template and run each
// inside a rolled-back transaction with sample values; one line per key; non-zero when any failed.

import type { Config } from '../config/types.js';
import { loadBuiltinTemplates } from '../store/builtin-templates.js';
import { checkConnection, createKnex } from '../store/connect.js';
import { migrateBuiltin } from '../store/migrations/migrate.js';
import { checkAllTemplates } from '../store/template-check.js';
import { compileTemplates } from '../store/sql/template-set.js';
import { describeDatabase } from './describe.js';

export async function runCheck(config: Config, out: (line: string) => void): Promise<number> {
  out(`config: ${config.file || '(built in)'}`);
  out(`database: ${describeDatabase(config)}, ${config.mode} mode`);
  const knex = createKnex(config.database);
  try {
    await checkConnection(knex, config.database);
    out('connect: ok');
    if (config.mode === 'builtin') await migrateBuiltin(knex);
    let templates;
    try {
      templates = compileTemplates(config, config.mode === 'builtin' ? loadBuiltinTemplates() : undefined);
    } catch (e) {
      out(`compile: FAILED\n${(e as Error).message}`);
      return 1;
    }
    const results = await checkAllTemplates(knex, templates, config.database.client);
    let failed = 0;
    for (const r of results) {
      if (r.ok) out(`${r.key}: ok`);
      else {
        failed++;
        out(`${r.key}: FAILED ${r.error ?? ''}`);
      }
    }
    out(failed === 0 ? `all ${results.length} templates ok` : `${failed} of ${results.length} templates failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}
