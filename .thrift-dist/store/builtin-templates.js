// The shipped builtin-mode templates, read from sql/builtin/templates.yaml so deployers can read
// exactly what runs. Resolved relative to this module: src/ and dist/ both sit beside sql/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
export const BUILTIN_TEMPLATES_FILE = fileURLToPath(new URL('../../sql/builtin/templates.yaml', import.meta.url));
export function loadBuiltinTemplates(file = BUILTIN_TEMPLATES_FILE) {
    const doc = parse(readFileSync(file, 'utf8'));
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        throw new Error(`${file}: expected a mapping of template keys`);
    }
    return doc;
}
//# sourceMappingURL=builtin-templates.js.map