// The shipped builtin-mode templates, read from sql/builtin/templates.yaml so deployers can read
// exactly what runs. Resolved relative to this module: src/ and dist/ both sit beside sql/.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { TemplateSource } from '../config/types.js';

export const BUILTIN_TEMPLATES_FILE = fileURLToPath(new URL('../../sql/builtin/templates.yaml', import.meta.url));

export function loadBuiltinTemplates(file = BUILTIN_TEMPLATES_FILE): Record<string, TemplateSource> {
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`${file}: expected a mapping of template keys`);
  }
  return doc as Record<string, TemplateSource>;
}
