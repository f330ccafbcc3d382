// docs/configuration.md is generated from the schema; this fails when a key is added without
// regenerating it (`npx tsx scripts/config-docs.ts`).

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { schemaDocs } from '../../../src/config/schema.js';

it('documents every config key in docs/configuration.md', () => {
  const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  const missing = schemaDocs()
    .map((d) => d.path)
    .filter((p) => !doc.includes(`| \`${p}\` |`));
  expect(missing).toEqual([]);
});
