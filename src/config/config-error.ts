// The one error type of the config layer. Every problem in tim.config.yaml (or in an object given
// to buildConfig) surfaces as a ConfigError naming the file, the key path and line:column, so main.ts
// can print `err.message` and exit without a stack trace.

export interface ConfigErrorWhere {
  /** the config file as the caller named it; '' for buildConfig */
  file: string;
  /** key path like `limits.pullMax`, `admin.accounts[0].username`, `sql.user.auth`; '' when not about a key */
  key: string;
  /** 1-based; 0 when unknown (plain objects have no positions) */
  line: number;
  col: number;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly key: string;
  readonly line: number;
  readonly col: number;
  /** the bare reason, without file, position and key */
  readonly reason: string;

  constructor(reason: string, where: ConfigErrorWhere) {
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
function formatMessage(reason: string, { file, key, line, col }: ConfigErrorWhere): string {
  const at = line > 0 ? `:${line}:${col}` : '';
  const location = file ? file + at : at ? `line ${line}:${col}` : '';
  return [location, key, reason].filter((part) => part !== '').join(': ');
}
