// Writes docs/configuration.md from the config schema (one row per key with its default and doc),
// so the reference cannot drift from the code: `npx tsx scripts/config-docs.ts`.

import { writeFileSync } from 'node:fs';
import { schemaDocs } from '../src/config/schema.js';

const rows = schemaDocs().map(({ path, doc, default: d }) => {
  const def = d === undefined ? '' : '`' + JSON.stringify(d) + '`';
  return `| \`${path}\` | ${def.replace(/\|/g, '\\|')} | ${doc.replace(/\|/g, '\\|')} |`;
});

const text = `# Configuration reference

\`tim.config.yaml\` (or \`--config PATH\`, or \`$TIM_CONFIG\`). \`\${NAME}\` and \`\${NAME:-default}\` are
replaced from the environment before parsing. Unknown keys and wrong types stop start-up with the
key path and line:column. This table is generated from the schema in \`src/config/schema.ts\` by
\`npx tsx scripts/config-docs.ts\`; a test fails when it is out of date.

The SQL templates under \`sql:\` follow the template contract: keys, parameters and result
aliases are listed in [external-mode.md](external-mode.md) and in \`src/store/sql/template-keys.ts\`;
the builtin ones are in \`sql/builtin/templates.yaml\`.

| key | default | meaning |
|---|---|---|
${rows.join('\n')}
`;

writeFileSync(new URL('../docs/configuration.md', import.meta.url), text);
