// `${NAME}` / `${NAME:-default}` substitution on the raw config text, before YAML parsing.
//
// Contract:
// - `${NAME}` becomes the variable's value, or '' when it is unset.
// - `${NAME:-default}` becomes the default when NAME is unset OR empty (the shell's `:-`).
// - Anything else is left as written: a `$` not followed by `{`, `${` with a name that is not
//   [A-Za-z_][A-Za-z0-9_]*, PostgreSQL `$tag$` bodies in templates.
// - Line numbers stay those of the file: a default cannot span lines, and a value containing a
//   line break is refused (inside YAML it would be folded or break the structure anyway).
//   Columns after a substitution on the same line shift by the length difference.
// The text is substituted as is, not escaped: a value holding a `"` inside a double-quoted YAML
// string ends that string, and the YAML error then points at that line.
import { ConfigError } from './config-error.js';
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}\r\n]*))?\}/g;
export function substituteEnv(text, env, file = '') {
    return text.replace(REFERENCE, (whole, name, fallback, offset) => {
        const value = env[name];
        const chosen = fallback !== undefined && (value === undefined || value === '') ? fallback : (value ?? '');
        if (/[\r\n]/.test(chosen)) {
            const { line, col } = lineColAt(text, offset);
            throw new ConfigError(`the value of \${${name}} contains a line break, which cannot be substituted into YAML`, {
                file,
                key: whole,
                line,
                col,
            });
        }
        return chosen;
    });
}
function lineColAt(text, offset) {
    const before = text.slice(0, offset);
    const lastBreak = before.lastIndexOf('\n');
    return { line: before.split('\n').length, col: offset - lastBreak };
}
//# sourceMappingURL=env-substitute.js.map