// The one error type of the config layer. Every problem in tim.config.yaml (or in an object given
// to buildConfig) surfaces as a ConfigError naming the file, the key path and line:column, so main.ts
// can print `err.message` and exit without a stack trace.
export class ConfigError extends Error {
    file;
    key;
    line;
    col;
    /** the bare reason, without file, position and key */
    reason;
    constructor(reason, where) {
        super(formatMessage(reason, where));
        this.name = 'ConfigError';
        this.reason = reason;
        this.file = where.file;
        this.key = where.key;
        this.line = where.line;
        this.col = where.col;
    }
}
/** `tim.config.yaml:12:3: limits.pullMax: expected a positive integer, got "abc"`; parts that are unknown are left out. */
function formatMessage(reason, { file, key, line, col }) {
    const at = line > 0 ? `:${line}:${col}` : '';
    const location = file ? file + at : at ? `line ${line}:${col}` : '';
    return [location, key, reason].filter((part) => part !== '').join(': ');
}
//# sourceMappingURL=config-error.js.map