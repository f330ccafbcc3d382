// The package's version, read from package.json at the package root (two levels above this file,
// both as src/cli/version.ts and as dist/cli/version.js).
import { readFileSync } from 'node:fs';
export function packageVersion() {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
//# sourceMappingURL=version.js.map